import QuireModel

/// The rules every new event must pass before it is written: the same for the page and `quire score`, since
/// both go through ``JournalWriter/append(_:)``.
///
/// Returns the payload in canonical form (numbers as `4`, not `4.0`; members in a fixed order), so the same
/// answer is the same bytes in the journal whichever client sent it.
enum EventValidation {
    /// The longest comment, note or flag reason, in characters: a paragraph, not a document.
    static let maximumNoteLength = 10_000
    /// The longest tag, in characters.
    static let maximumTagLength = 64

    static func validated(_ draft: EventDraft, bundle: AnnotationBundle, state: ReviewState) throws -> EventDraft {
        guard bundle.index.position(of: draft.item) != nil else {
            throw BundleError.unknownItem(bundle: bundle.name, item: draft.item)
        }
        let payload = PayloadReader(draft: draft, bundle: bundle.name)
        var canonical = JSONObject()
        switch draft.kind {
        case .scoreSet:
            try payload.allowOnly(["name", "value", "comment"])
            let config = try scoreConfig(payload, bundle: bundle)
            guard let raw = draft.payload["value"] else { throw payload.fail("value: missing") }
            canonical["name"] = .string(config.name)
            canonical["value"] = canonicalNumber(try config.validated(raw))
            if let comment = try payload.text("comment", required: false), !comment.isEmpty {
                canonical["comment"] = .string(comment)
            }
        case .scoreClear:
            try payload.allowOnly(["name"])
            canonical["name"] = .string(try scoreConfig(payload, bundle: bundle).name)
        case .comment:
            try payload.allowOnly(["text"])
            canonical["text"] = .string(try payload.text("text", required: true) ?? "")
        case .span:
            if draft.payload["remove"] != nil {
                try payload.allowOnly(["remove"])
                let id = try payload.integer("remove", minimum: 1)
                guard state.item(draft.item).spans.contains(where: { $0.id == id }) else {
                    throw payload.fail("remove: no span \(id) on this item")
                }
                canonical["remove"] = .int(id)
            } else {
                try payload.allowOnly(["messageIndex", "start", "end", "note"])
                let messageIndex = try payload.integer("messageIndex", minimum: 0)
                let start = try payload.integer("start", minimum: 0)
                let end = try payload.integer("end", minimum: start + 1)
                canonical["messageIndex"] = .int(messageIndex)
                canonical["start"] = .int(start)
                canonical["end"] = .int(end)
                canonical["note"] = .string(try payload.text("note", required: false) ?? "")
            }
        case .itemComplete, .itemReopen, .itemSkip:
            try payload.allowOnly([])
        case .itemFlag:
            try payload.allowOnly(["flagged", "reason"])
            let flagged = try payload.boolean("flagged", default: true)
            canonical["flagged"] = .bool(flagged)
            if flagged, let reason = try payload.text("reason", required: false), !reason.isEmpty {
                canonical["reason"] = .string(reason)
            }
        case .itemTag:
            try payload.allowOnly(["tag", "removed"])
            guard let tag = try payload.text("tag", required: true, maximum: maximumTagLength), !tag.isEmpty,
                !tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw payload.fail("tag: must be 1–\(maximumTagLength) characters without control characters")
            }
            canonical["tag"] = .string(tag)
            if try payload.boolean("removed", default: false) { canonical["removed"] = .bool(true) }
        case .datasetAdd:
            try payload.allowOnly(["added"])
            canonical["added"] = .bool(try payload.boolean("added", default: true))
        }
        return EventDraft(item: draft.item, kind: draft.kind, payload: canonical)
    }

    private static func scoreConfig(_ payload: PayloadReader, bundle: AnnotationBundle) throws -> ScoreConfig {
        guard let name = try payload.text("name", required: true), !name.isEmpty else {
            throw payload.fail("name: missing")
        }
        guard let config = bundle.manifest.score(named: name) else {
            throw JournalError.unknownScore(
                bundle: bundle.name, name: name, allowed: bundle.manifest.scores.map(\.name))
        }
        return config
    }

    /// Whole numbers as integers, so `4`, `4.0` and `4e0` are one answer, written one way.
    private static func canonicalNumber(_ value: JSONValue) -> JSONValue {
        guard case .number(let number) = value, let canonical = JSONNumber(number.double) else { return value }
        return .number(canonical)
    }
}

/// Reads a draft's payload members, naming the member in every refusal.
private struct PayloadReader {
    let draft: EventDraft
    let bundle: String

    func fail(_ reason: String) -> JournalError {
        .invalidPayload(bundle: bundle, item: draft.item, type: draft.kind.rawValue, reason: reason)
    }

    func allowOnly(_ keys: Set<String>) throws {
        for key in draft.payload.keys where !keys.contains(key) {
            let expected = keys.isEmpty ? "no members" : keys.sorted().joined(separator: ", ")
            throw fail("unexpected member \"\(key)\" (expected \(expected))")
        }
    }

    func text(
        _ key: String, required: Bool, maximum: Int = EventValidation.maximumNoteLength
    ) throws -> String? {
        guard let value = draft.payload[key], !value.isNull else {
            if required { throw fail("\(key): missing") }
            return nil
        }
        guard case .string(let text) = value else { throw fail("\(key): expected a string, found \(value.typeName)") }
        guard text.count <= maximum else {
            throw fail("\(key): \(text.count) characters is longer than \(maximum)")
        }
        return text
    }

    func integer(_ key: String, minimum: Int) throws -> Int {
        guard let value = draft.payload[key] else { throw fail("\(key): missing") }
        guard let number = value.intValue else { throw fail("\(key): expected an integer, found \(value.jsonText)") }
        guard number >= minimum else { throw fail("\(key): must be at least \(minimum), found \(number)") }
        return number
    }

    func boolean(_ key: String, default fallback: Bool) throws -> Bool {
        guard let value = draft.payload[key], !value.isNull else { return fallback }
        guard case .bool(let bool) = value else {
            throw fail("\(key): expected true or false, found \(value.jsonText)")
        }
        return bool
    }
}
