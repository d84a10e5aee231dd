public import QuireModel

extension ReviewState {
    /// Applies one event.
    ///
    /// Events are assumed valid (the writer and verify check them); a payload member of the wrong type is
    /// read as absent rather than trusted, so replay never traps on a hand-made journal.
    /// - Parameter event: the next event of the journal.
    public mutating func apply(_ event: JournalEvent) {
        let before = items[event.item] ?? Item()
        var item = before
        let payload = event.payload
        var inverse: JSONObject? = JSONObject()
        var inverseKind = event.kind

        switch event.kind {
        case .scoreSet:
            guard let name = payload["name"]?.stringValue else {
                inverse = nil
                break
            }
            inverse = Self.restoring(score: name, from: before, kind: &inverseKind)
            item.scores[name] = Score(
                value: payload["value"] ?? .null, comment: payload["comment"]?.stringValue, at: event.at,
                seq: event.seq)
        case .scoreClear:
            guard let name = payload["name"]?.stringValue else {
                inverse = nil
                break
            }
            inverse = Self.restoring(score: name, from: before, kind: &inverseKind)
            item.scores[name] = nil
        case .comment:
            let text = payload["text"]?.stringValue ?? ""
            inverse = ["text": .string(before.comment ?? "")]
            item.comment = text.isEmpty ? nil : text
        case .span:
            if let removed = payload["remove"]?.intValue {
                guard let index = item.spans.firstIndex(where: { $0.id == removed }) else {
                    inverse = nil
                    break
                }
                let span = item.spans.remove(at: index)
                inverse = [
                    "id": .int(span.id), "messageIndex": .int(span.messageIndex), "start": .int(span.start),
                    "end": .int(span.end), "note": .string(span.note),
                ]
            } else {
                let id = payload["id"]?.intValue ?? event.seq
                let span = Span(
                    id: id, messageIndex: payload["messageIndex"]?.intValue ?? 0,
                    start: payload["start"]?.intValue ?? 0,
                    end: payload["end"]?.intValue ?? 0, note: payload["note"]?.stringValue ?? "", at: event.at)
                item.spans.removeAll { $0.id == id }
                item.spans.append(span)
                item.spans.sort { $0.id < $1.id }
                inverse = ["remove": .int(id)]
            }
        case .itemComplete, .itemReopen, .itemSkip:
            switch before.status {
            case .open: inverseKind = .itemReopen
            case .completed: inverseKind = .itemComplete
            case .skipped: inverseKind = .itemSkip
            }
            item.status =
                switch event.kind {
                case .itemComplete: .completed
                case .itemSkip: .skipped
                default: .open
                }
        case .itemFlag:
            var restore: JSONObject = ["flagged": .bool(before.isFlagged)]
            if let reason = before.flagReason { restore["reason"] = .string(reason) }
            inverse = restore
            item.isFlagged = payload["flagged"]?.boolValue ?? true
            let reason = payload["reason"]?.stringValue ?? ""
            item.flagReason = item.isFlagged && !reason.isEmpty ? reason : nil
        case .itemTag:
            guard let tag = payload["tag"]?.stringValue else {
                inverse = nil
                break
            }
            let wasPresent = before.tags.contains(tag)
            inverse = wasPresent ? ["tag": .string(tag)] : ["tag": .string(tag), "removed": .bool(true)]
            item.tags.removeAll { $0 == tag }
            if payload["removed"]?.boolValue != true {
                item.tags.append(tag)
                item.tags.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }
        case .datasetAdd:
            inverse = ["added": .bool(before.isInDataset)]
            item.isInDataset = payload["added"]?.boolValue ?? true
        }

        item.firstEventAt = item.firstEventAt ?? event.at
        item.lastEventAt = event.at
        item.eventCount += 1
        count(before, as: -1)
        count(item, as: 1)
        items[event.item] = item

        if let undone = payload["undoes"]?.intValue {
            if let index = undoStack.lastIndex(where: { $0.seq == undone }) { undoStack.remove(at: index) }
        } else if let inverse {
            undoStack.append(
                UndoEntry(seq: event.seq, inverse: EventDraft(item: event.item, kind: inverseKind, payload: inverse)))
        }
        reviewer = reviewer ?? event.reviewer
        eventCount += 1
        lastSeq = event.seq
        firstEventAt = firstEventAt ?? event.at
        lastEventAt = event.at
    }

    /// The payload that puts a score back as it was: `score.set` with the old value, or `score.clear`.
    private static func restoring(score name: String, from item: Item, kind: inout JournalEvent.Kind) -> JSONObject {
        guard let previous = item.scores[name] else {
            kind = .scoreClear
            return ["name": .string(name)]
        }
        kind = .scoreSet
        var payload: JSONObject = ["name": .string(name), "value": previous.value]
        if let comment = previous.comment { payload["comment"] = .string(comment) }
        return payload
    }

    private mutating func count(_ item: Item, as delta: Int) {
        if item.status == .completed { counts.completed += delta }
        if item.status == .skipped { counts.skipped += delta }
        if item.isFlagged { counts.flagged += delta }
        if item.isInDataset { counts.inDataset += delta }
    }
}
