import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// What a reviewer sees of an item, without times and counters: what undo must restore.
private struct Visible: Equatable {
    var status: ReviewState.Status
    var flagged: Bool
    var reason: String?
    var tags: [String]
    var scores: [String: String]
    var comment: String?
    var spans: [String]
    var dataset: Bool

    init(_ item: ReviewState.Item) {
        status = item.status
        flagged = item.isFlagged
        reason = item.flagReason
        tags = item.tags
        scores = item.scores.mapValues { "\($0.value.jsonText)|\($0.comment ?? "-")" }
        comment = item.comment
        spans = item.spans.map { "\($0.id):\($0.messageIndex):\($0.start)-\($0.end):\($0.note)" }
        dataset = item.isInDataset
    }
}

/// Random valid drafts over the sample bundle's score configs.
private struct DraftGenerator {
    var rng: SplitMix64
    let ids: [String]

    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &rng)] }

    mutating func next(state: ReviewState) -> EventDraft {
        let item = pick(ids)
        switch Int.random(in: 0..<12, using: &rng) {
        case 0, 1, 2:
            let name = pick(["correctness", "tone", "hallucination", "notes", "expected_output"])
            let value: JSONValue =
                switch name {
                case "correctness": .int(Int.random(in: 1...5, using: &rng))
                case "tone": .string(pick(["good", "neutral", "bad"]))
                case "hallucination": .bool(Bool.random(using: &rng))
                default: .string(pick(["", "ok", "needs a source", "Ünïcode ✓"]))
                }
            return Draft.set(item, name, value, comment: Bool.random(using: &rng) ? pick(["a", "b"]) : nil)
        case 3: return Draft.clear(item, pick(["correctness", "tone", "notes"]))
        case 4: return EventDraft(item: item, kind: .comment, payload: ["text": .string(pick(["", "x", "y"]))])
        case 5:
            if let span = state.item(item).spans.first, Bool.random(using: &rng) {
                return EventDraft(item: item, kind: .span, payload: ["remove": .int(span.id)])
            }
            let start = Int.random(in: 0..<50, using: &rng)
            return EventDraft(
                item: item, kind: .span,
                payload: [
                    "messageIndex": .int(Int.random(in: 0..<4, using: &rng)), "start": .int(start),
                    "end": .int(start + Int.random(in: 1..<20, using: &rng)), "note": .string(pick(["n1", "n2"])),
                ])
        case 6: return EventDraft(item: item, kind: pick([.itemComplete, .itemSkip, .itemReopen]))
        case 7:
            return EventDraft(
                item: item, kind: .itemFlag,
                payload: ["flagged": .bool(Bool.random(using: &rng)), "reason": .string(pick(["", "PII"]))])
        case 8:
            return EventDraft(
                item: item, kind: .itemTag,
                payload: ["tag": .string(pick(["t1", "t2", "t3"])), "removed": .bool(Bool.random(using: &rng))])
        case 9: return EventDraft(item: item, kind: .datasetAdd, payload: ["added": .bool(Bool.random(using: &rng))])
        default: return EventDraft(item: item, kind: .itemComplete)
        }
    }
}

@Suite("Undo")
struct UndoTests {
    @Test("undo walks back score changes one at a time by appending, then says there is nothing left")
    func undoScores() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        let item = fixture.ids[0]
        try writer.append(Draft.set(item, "correctness", .int(3), comment: "close"))
        try writer.append(Draft.set(item, "correctness", .int(5)))
        let first = try writer.undo()
        #expect(first.kind == .scoreSet)
        #expect(
            first.payload == [
                "name": .string("correctness"), "value": .int(3), "comment": .string("close"), "undoes": .int(2),
            ])
        #expect(writer.state.item(item).scores["correctness"]?.value == .int(3))
        let second = try writer.undo()
        #expect(second.kind == .scoreClear)
        #expect(second.payload == ["name": .string("correctness"), "undoes": .int(1)])
        #expect(writer.state.item(item).scores.isEmpty)
        #expect(throws: JournalError.nothingToUndo(bundle: "b")) { try writer.undo() }
        #expect(try fixture.journalBytes().count { $0 == 0x0A } == 4)
    }

    @Test("undo of complete restores the status the item had before, skipped included")
    func undoStatus() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        let item = fixture.ids[2]
        try writer.append(EventDraft(item: item, kind: .itemSkip))
        try writer.append(EventDraft(item: item, kind: .itemComplete))
        #expect(try writer.undo().kind == .itemSkip)
        #expect(writer.state.status(of: item) == .skipped)
        #expect(try writer.undo().kind == .itemReopen)
        #expect(writer.state.status(of: item) == .open)
    }

    @Test("undo survives a restart: the stack is part of the replayed state")
    func undoAfterReopen() throws {
        let fixture = try JournalFixture()
        do {
            let writer = try fixture.writer()
            try writer.append(Draft.set(fixture.ids[0], "tone", .string("bad")))
            try writer.append(Draft.set(fixture.ids[0], "tone", .string("good")))
        }
        let writer = try fixture.writer(clock: SteppingClock(start: 1_763_990_000))
        try writer.undo()
        #expect(writer.state.item(fixture.ids[0]).scores["tone"]?.value == .string("bad"))
    }

    @Test(
        "random edits replay to the writer's state, and undoing everything restores every item",
        arguments: 0..<20 as Range<UInt64>)
    func randomEditsUndoToNothing(seed: UInt64) throws {
        let fixture = try JournalFixture(count: 4)
        let writer = try fixture.writer()
        var generator = DraftGenerator(rng: SplitMix64(seed: seed), ids: fixture.ids)
        for _ in 0..<60 {
            if !writer.state.undoStack.isEmpty, Int.random(in: 0..<5, using: &generator.rng) == 0 {
                try writer.undo()
            } else {
                try writer.append(generator.next(state: writer.state))
            }
        }
        let bundle = try fixture.bundle()
        let onDisk = try bundle.readJournal()
        #expect(ReviewState.replay(onDisk.events) == writer.state)

        while !writer.state.undoStack.isEmpty { try writer.undo() }
        for id in fixture.ids {
            #expect(Visible(writer.state.item(id)) == Visible(ReviewState.Item()), "item \(id)")
        }
        #expect(writer.state.counts == ReviewState.Counts())
        let summary = try BundleVerifier.verify(directory: fixture.directory, name: "b", isArchive: false)
        #expect(summary.journalEvents == writer.state.eventCount)
    }
}
