import Foundation
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Seal")
struct SealTests {
    /// A fixed session: every score kind, a change of mind, a cleared score, an undo and marks that are not scores.
    private func annotate(_ fixture: JournalFixture) throws {
        let writer = try fixture.writer()
        let ids = fixture.ids
        try writer.append(Draft.set(ids[3], "correctness", .int(2)))
        try writer.append(Draft.set(ids[0], "correctness", .int(3), comment: "partly right"))
        try writer.append(Draft.set(ids[0], "tone", .string("neutral")))
        try writer.append(Draft.set(ids[0], "hallucination", .bool(false)))
        try writer.append(Draft.set(ids[0], "notes", .string("cites \"the policy\"\nwithout a link")))
        try writer.append(Draft.set(ids[0], "expected_output", .string("Your refund was issued on 3 March.")))
        try writer.append(Draft.set(ids[0], "correctness", .int(4)))
        try writer.append(EventDraft(item: ids[0], kind: .itemComplete))
        try writer.append(Draft.set(ids[1], "tone", .string("bad")))
        try writer.append(Draft.clear(ids[1], "tone"))
        try writer.append(Draft.set(ids[1], "hallucination", .bool(true), comment: "invented order id"))
        try writer.append(EventDraft(item: ids[1], kind: .itemFlag, payload: ["reason": .string("PII")]))
        try writer.append(Draft.set(ids[2], "correctness", .int(1)))
        try writer.undo()
        _ = try writer.seal()
    }

    @Test("seal writes one line per current score in bundle and queue order, matching the golden file")
    func sealGolden() throws {
        let fixture = try JournalFixture()
        try annotate(fixture)
        let actual = try FileSystem.readFile(FileSystem.join(fixture.directory, BundleLayout.scores))
        let golden = FixturePaths.fixtures(of: "QuireBundleTests") + "/seal-scores.jsonl"
        if ProcessInfo.isUpdatingGoldens { try FileSystem.writeAtomically(actual, to: golden) }
        #expect(String(decoding: actual, as: UTF8.self) == (try FileSystem.readText(golden)))
    }

    @Test("a sealed bundle verifies as sealed, and the same journal always seals to the same bytes")
    func sealThenVerify() throws {
        let one = try JournalFixture()
        let two = try JournalFixture()
        try annotate(one)
        try annotate(two)
        let summary = try BundleVerifier.verify(directory: one.directory, name: "b", isArchive: true)
        #expect(summary.isSealed)
        #expect(summary.journalEvents == 14)
        #expect(summary.warnings == [])
        for file in [BundleLayout.scores, BundleLayout.journal, BundleLayout.tagManifest] {
            #expect(
                try FileSystem.readFile(FileSystem.join(one.directory, file))
                    == FileSystem.readFile(FileSystem.join(two.directory, file)), "\(file)")
        }
    }

    @Test("seal reports what it wrote")
    func sealSummary() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        try writer.append(Draft.set(fixture.ids[0], "correctness", .int(3)))
        try writer.append(Draft.set(fixture.ids[0], "tone", .string("good")))
        try writer.append(EventDraft(item: fixture.ids[0], kind: .itemComplete))
        #expect(try writer.seal() == SealSummary(scores: 2, events: 3, completed: 1, items: 5))
    }

    @Test("scores.jsonl that disagrees with the journal fails verify even with a recomputed tag manifest")
    func forgedScoresCaught() throws {
        let fixture = try JournalFixture()
        try annotate(fixture)
        let path = FileSystem.join(fixture.directory, BundleLayout.scores)
        let forged = try FileSystem.readText(path).replacing("\"value\":4", with: "\"value\":5")
        try FileSystem.writeAtomically(forged, to: path)
        try TagManifest.rewrite(directory: fixture.directory)
        #expect(
            throws: BundleError.invalidContent(
                bundle: "b", file: "annotations/scores.jsonl", line: 1,
                reason: "does not match the replay of the journal")
        ) {
            try BundleVerifier.verify(directory: fixture.directory, name: "b", isArchive: true)
        }
    }

    @Test("work after a seal leaves the directory valid but unsealed")
    func workAfterSeal() throws {
        let fixture = try JournalFixture()
        try annotate(fixture)
        let writer = try fixture.writer(clock: SteppingClock(start: 1_764_000_000))
        try writer.append(Draft.set(fixture.ids[4], "correctness", .int(5)))
        let summary = try BundleVerifier.verify(directory: fixture.directory, name: "b", isArchive: false)
        #expect(!summary.isSealed)
        #expect(summary.warnings == ["work not sealed yet (annotations/journal.jsonl changed since the last seal)"])
        #expect(throws: BundleError.self) {
            try BundleVerifier.verify(directory: fixture.directory, name: "b", isArchive: true)
        }
    }

    @Test(
        "scores.jsonl equals an independent model of the journal: last set wins, clear removes",
        arguments: 0..<10 as Range<UInt64>)
    func scoresMatchModel(seed: UInt64) throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        var rng = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let item = fixture.ids[Int.random(in: 0..<fixture.ids.count, using: &rng)]
            if Int.random(in: 0..<6, using: &rng) == 0 {
                try writer.append(Draft.clear(item, "correctness"))
            } else if Int.random(in: 0..<8, using: &rng) == 0, !writer.state.undoStack.isEmpty {
                try writer.undo()
            } else {
                try writer.append(Draft.set(item, "correctness", .int(Int.random(in: 1...5, using: &rng))))
            }
        }
        _ = try writer.seal()

        // The model reads the journal lines itself: undo events are plain sets and clears to it.
        var model: [String: JSONValue] = [:]
        for event in try fixture.bundle().readJournal().events {
            switch event.kind {
            case .scoreSet: model[event.item] = event.payload["value"]
            case .scoreClear: model[event.item] = nil
            default: break
            }
        }
        let lines = try FileSystem.readText(FileSystem.join(fixture.directory, BundleLayout.scores))
            .split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(lines.count == model.count)
        for line in lines {
            let item = try #require(line["item"]?.stringValue)
            #expect(line["value"] == model[item])
            #expect(line["name"] == .string("correctness"))
            #expect(line["dataType"] == .string("NUMERIC"))
            #expect(line["reviewer"] == .string("ana"))
        }
        let order = lines.compactMap { $0["item"]?.stringValue }.compactMap { fixture.ids.firstIndex(of: $0) }
        #expect(order == order.sorted())
    }
}

extension ProcessInfo {
    /// Whether golden files are rewritten instead of compared (`QUIRE_UPDATE_GOLDENS=1`).
    static var isUpdatingGoldens: Bool { processInfo.environment["QUIRE_UPDATE_GOLDENS"] == "1" }
}
