public import QuireBundle
public import QuireModel

/// One served bundle: owns the journal writer, its sequence and its undo stack (STYLE.md §2.6).
///
/// HTTP handlers parse a request, `await` one method, and render what it returns. Every append and its
/// `fsync` happen inside the actor, so saves are serialised and a method returns only once its event is
/// durable. Reads (`item`, `rows`) share the actor with writes; each costs one `pread` and a parse.
public actor AnnotationSession {
    private let writer: JournalWriter
    private let bundle: AnnotationBundle
    private let archive: String?
    private var summaries: [Int: RowSummary] = [:]
    /// The number of items in the bundle.
    public nonisolated let itemCount: Int

    /// Opens a bundle for annotation: takes its lock and reads its journal.
    /// - Parameters:
    ///   - bundle: the opened bag directory (`B.d/` for an archive).
    ///   - archive: the archive that *Finish* writes back to, or nil for a directory bundle.
    ///   - reviewer: who is working (required for an open bundle without events).
    ///   - clock: the time recorded in events.
    ///   - diagnostics: receives the torn-tail warning.
    /// - Throws: ``BundleError/locked(bundle:lockFile:)``, ``JournalError``, ``BundleError``, `FileError`.
    public init(
        bundle: AnnotationBundle, archive: String?, reviewer: String?, clock: @escaping @Sendable () -> Timestamp,
        diagnostics: any DiagnosticSink
    ) throws {
        self.bundle = bundle
        self.archive = archive
        itemCount = bundle.itemCount
        writer = try JournalWriter(bundle: bundle, reviewer: reviewer, clock: clock, diagnostics: diagnostics)
    }

    /// The reviewer events are recorded for, or nil for an open bundle nobody has named themself in.
    public var reviewer: String? { writer.reviewer }

    /// The current review state.
    public var state: ReviewState { writer.state }

    /// The queue, its instructions and progress, for the page's header.
    /// - Returns: the JSON document of `GET /api/queue`.
    /// - Throws: `FileError` when the instructions cannot be read.
    public func queue() throws -> JSONValue {
        let manifest = bundle.manifest
        return .object([
            "bundle": .string(bundle.name),
            "name": .string(manifest.name),
            "description": .optionalString(manifest.description),
            "reviewer": .optionalString(writer.reviewer),
            "blind": .bool(isBlind),
            "adjudication": .bool(manifest.isAdjudication),
            "unit": .string(manifest.unit),
            "scores": .array(manifest.scores.map(\.json)),
            "instructions": .string(try bundle.instructions()),
            "archive": .optionalString(archive),
            "progress": progress,
        ])
    }

    /// Records one event after validating it, durably.
    /// - Parameter draft: what the reviewer did.
    /// - Returns: the acknowledgement: the event's `seq` and `at`, the item's new state and the progress.
    /// - Throws: a validation error naming what is allowed; `FileError` when the save failed.
    public func record(_ draft: EventDraft) throws -> JSONValue {
        acknowledgement(for: try writer.append(draft))
    }

    /// Undoes the last change by appending its compensating event.
    /// - Returns: the acknowledgement, with `undone` naming the event undone.
    /// - Throws: ``JournalError/nothingToUndo(bundle:)``; `FileError`.
    public func undo() throws -> JSONValue {
        acknowledgement(for: try writer.undo())
    }

    /// Seals the bundle (*Finish* in the page): `scores.jsonl`, the tag manifest, and the archive if any.
    /// - Returns: what was written.
    /// - Throws: `FileError`.
    public func finish() throws -> JSONValue {
        let summary = try writer.seal()
        return .object([
            "scores": .int(summary.scores), "events": .int(summary.events), "completed": .int(summary.completed),
            "items": .int(summary.items), "sealed": .string(archive ?? bundle.name),
        ])
    }

    /// One item with its review state, as the page shows it; hidden scores are left out in blind mode.
    /// - Parameter position: 0-based position in the bundle.
    /// - Returns: the JSON document of `GET /api/items/:index`.
    /// - Throws: `BundleError` when the item cannot be read.
    public func item(at position: Int) throws -> JSONValue {
        var item = try bundle.item(at: position)
        if isBlind {
            // Blind mode (DESIGN.md §4): neither EVAL scores nor other humans' scores reach the page, and the
            // trace's own scores are all one or the other (or API feedback the lead chose to hide with them).
            item.trace.scores = []
            item.evalScores = []
        }
        if !bundle.manifest.isAdjudication { item.reviews = [] }
        var members: [(String, JSONValue)] = [
            ("position", .int(position)), ("total", .int(bundle.itemCount)), ("id", .string(item.id)),
            ("item", item.json), ("review", Self.json(writer.state.item(item.id))),
            ("progress", progress),
        ]
        members.append(("canUndo", .bool(!writer.state.undoStack.isEmpty)))
        return .object(JSONObject(members))
    }

    /// A page of the table view.
    /// - Parameters:
    ///   - offset: rows to skip among the matching items.
    ///   - limit: rows to return (at most 500).
    ///   - status: `all`, `open`, `completed`, `skipped` or `flagged`.
    ///   - query: a case-insensitive substring of the item id, or empty.
    /// - Returns: the JSON document of `GET /api/items`.
    /// - Throws: `BundleError` when a row's item cannot be read.
    /// - Complexity: O(n) in the bundle's items for a filter, O(limit) otherwise.
    public func rows(offset: Int, limit: Int, status: String, query: String) throws -> JSONValue {
        let state = writer.state
        let ids = bundle.index.ids
        let needle = query.lowercased()
        func matches(_ position: Int) -> Bool {
            let id = ids[position]
            if !needle.isEmpty, !id.lowercased().contains(needle) { return false }
            switch status {
            case "open": return state.status(of: id) == .open
            case "completed": return state.status(of: id) == .completed
            case "skipped": return state.status(of: id) == .skipped
            case "flagged": return state.items[id]?.isFlagged == true
            default: return true
            }
        }
        let limit = min(max(limit, 1), 500)
        var page: [Int] = []
        var total = 0
        if status == "all" && needle.isEmpty {
            total = ids.count
            page = Array(min(offset, total)..<min(offset + limit, total))
        } else {
            for position in ids.indices where matches(position) {
                if total >= offset && page.count < limit { page.append(position) }
                total += 1
            }
        }
        var rows: [JSONValue] = []
        for position in page {
            let id = ids[position]
            let review = state.item(id)
            let summary = try rowSummary(at: position)
            rows.append(
                .object([
                    "position": .int(position), "id": .string(id), "status": .string(review.status.rawValue),
                    "flagged": .bool(review.isFlagged), "scored": .int(review.scores.count),
                    "tags": .array(review.tags.map(JSONValue.string)), "title": .string(summary.title),
                    "classifiers": .array(summary.classifiers.map(JSONValue.string)),
                ]))
        }
        return .object([
            "offset": .int(offset), "limit": .int(limit), "total": .int(total), "rows": .array(rows),
            "progress": progress,
        ])
    }

    private var isBlind: Bool { bundle.manifest.isBlind && !bundle.manifest.isAdjudication }

    private var progress: JSONValue {
        let counts = writer.state.counts
        let total = bundle.itemCount
        return .object([
            "total": .int(total), "completed": .int(counts.completed), "skipped": .int(counts.skipped),
            "open": .int(total - counts.completed - counts.skipped), "flagged": .int(counts.flagged),
            "dataset": .int(counts.inDataset), "lastSeq": .int(writer.state.lastSeq),
        ])
    }

    private func acknowledgement(for event: JournalEvent) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("seq", .int(event.seq)), ("at", .string(event.at.text)), ("item", .string(event.item)),
            ("position", bundle.index.position(of: event.item).map(JSONValue.int) ?? .null),
            ("type", .string(event.kind.rawValue)), ("review", Self.json(writer.state.item(event.item))),
            ("progress", progress), ("canUndo", .bool(!writer.state.undoStack.isEmpty)),
        ]
        if let undone = event.payload["undoes"] { members.append(("undone", undone)) }
        return .object(JSONObject(members))
    }

    /// A row's title (the trace name and the start of its first user message) and its classifier names, read
    /// from the raw line once and kept: paging back and forth through the table costs no further parse.
    private func rowSummary(at position: Int) throws -> RowSummary {
        if let cached = summaries[position] { return cached }
        let item = try JSONParser.parse(try bundle.itemLine(at: position))
        let trace = item["trace"]
        var parts: [String] = []
        if let name = trace?["name"]?.stringValue, !name.isEmpty { parts.append(name) }
        if let text = Self.firstUserText(trace?["input"]) { parts.append(text) }
        let summary = RowSummary(
            title: String(parts.joined(separator: " — ").prefix(160)),
            classifiers: item["flags"]?.arrayValue?.compactMap { $0["classifier"]?.stringValue } ?? [])
        if summaries.count >= 20_000 { summaries.removeAll(keepingCapacity: true) }
        summaries[position] = summary
        return summary
    }

    private static func firstUserText(_ input: JSONValue?) -> String? {
        switch input {
        case .string(let text): return text
        case .array(let messages):
            for message in messages where message["role"]?.stringValue == "user" {
                if let text = message["content"]?.stringValue { return text }
                if let parts = message["content"]?.arrayValue {
                    return parts.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
                }
            }
            return nil
        default: return nil
        }
    }

    static func json(_ item: ReviewState.Item) -> JSONValue {
        var scores: [(String, JSONValue)] = []
        for name in item.scores.keys.sorted() {
            guard let score = item.scores[name] else { continue }
            scores.append(
                (
                    name,
                    .object([
                        "value": score.value, "comment": .optionalString(score.comment), "at": .string(score.at.text),
                    ])
                ))
        }
        return .object([
            "status": .string(item.status.rawValue),
            "flagged": .bool(item.isFlagged),
            "flagReason": .optionalString(item.flagReason),
            "tags": .array(item.tags.map(JSONValue.string)),
            "comment": .optionalString(item.comment),
            "dataset": .bool(item.isInDataset),
            "scores": .object(JSONObject(scores)),
            "spans": .array(
                item.spans.map {
                    .object([
                        "id": .int($0.id), "messageIndex": .int($0.messageIndex), "start": .int($0.start),
                        "end": .int($0.end), "note": .string($0.note),
                    ])
                }),
            "firstEventAt": .optionalString(item.firstEventAt?.text),
            "lastEventAt": .optionalString(item.lastEventAt?.text),
        ])
    }
}

private struct RowSummary {
    var title: String
    var classifiers: [String]
}
