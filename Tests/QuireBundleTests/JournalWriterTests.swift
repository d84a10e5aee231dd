import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Journal writer")
struct JournalWriterTests {
    @Test("appended events carry seq, clock time, reviewer and the previous line's hash")
    func appendFillsChainFields() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        let first = try writer.append(Draft.set(fixture.ids[0], "correctness", .int(4)))
        let second = try writer.append(Draft.set(fixture.ids[1], "tone", .string("good")))
        let bundleID = try fixture.bundle().manifest.bundleID
        #expect(first.seq == 1)
        #expect(second.seq == 2)
        #expect(first.at.text == "2025-11-23T12:13:20.000Z")
        #expect(second.at.text == "2025-11-23T12:13:21.000Z")
        #expect(first.reviewer == "ana")
        #expect(first.prev == JournalChain.genesis(bundleID: bundleID))
        #expect(second.prev == JournalChain.hash(ofLine: JournalChain.line(for: first)))
        let expected = JournalChain.line(for: first) + [0x0A] + JournalChain.line(for: second) + [0x0A]
        #expect(try fixture.journalBytes() == expected)
    }

    @Test("every append is on disk when it returns, one complete line each")
    func appendIsDurableLineByLine() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        for value in 1...5 {
            let event = try writer.append(Draft.set(fixture.ids[0], "correctness", .int(value)))
            let bytes = try fixture.journalBytes()
            #expect(bytes.last == 0x0A)
            #expect(bytes.count { $0 == 0x0A } == value)
            let contents = try JournalChain.read(
                bytes, genesis: JournalChain.genesis(bundleID: try fixture.bundle().manifest.bundleID), bundle: "b")
            #expect(contents.events.last == event)
        }
    }

    @Test("a value is stored in canonical form: 4.0 and 4 are the same bytes")
    func numbersAreCanonical() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        let event = try writer.append(
            Draft.set(fixture.ids[0], "correctness", .number(JSONNumber(literal: "4.0")), comment: ""))
        #expect(event.payload == ["name": .string("correctness"), "value": .int(4)])
        let boolean = try writer.append(Draft.set(fixture.ids[0], "hallucination", .bool(true)))
        #expect(boolean.payload["value"] == .int(1))
    }

    @Test("a torn last line is cut off on open with a warning, and the next save continues the chain")
    func tornTailIsTruncated() throws {
        let fixture = try JournalFixture()
        do {
            let writer = try fixture.writer()
            try writer.append(Draft.set(fixture.ids[0], "correctness", .int(2)))
            try writer.append(Draft.set(fixture.ids[1], "correctness", .int(3)))
        }
        let whole = try fixture.journalBytes()
        let torn = whole + Array(#"{"seq":3,"at":"2025-11-2"#.utf8)
        try FileSystem.writeAtomically(torn, to: fixture.journalPath)

        let diagnostics = CollectedDiagnostics()
        let writer = try fixture.writer(clock: SteppingClock(start: 1_763_900_100), diagnostics: diagnostics)
        #expect(
            diagnostics.all.map(\.description) == [
                "\(fixture.journalPath):3: warning: dropped an incomplete last line (24 bytes) left by an "
                    + "interrupted save; every acknowledged save is kept"
            ])
        #expect(try fixture.journalBytes() == whole)
        let next = try writer.append(Draft.set(fixture.ids[2], "correctness", .int(5)))
        #expect(next.seq == 3)
        #expect(writer.state.item(fixture.ids[0]).scores["correctness"]?.value == .int(2))
        let summary = try BundleVerifier.verify(directory: fixture.directory, name: "b", isArchive: false)
        #expect(summary.journalEvents == 3)
        #expect(summary.warnings == ["work not sealed yet (annotations/journal.jsonl changed since the last seal)"])
    }

    @Test("a second writer on the same bundle is refused while the first holds the lock, then admitted")
    func secondWriterIsLockedOut() throws {
        let fixture = try JournalFixture()
        var first: JournalWriter? = try fixture.writer()
        #expect(first?.reviewer == "ana")
        #expect(
            throws: BundleError.locked(bundle: "b", lockFile: FileSystem.join(fixture.directory, ".lock"))
        ) {
            _ = try fixture.writer()
        }
        first = nil
        let second = try fixture.writer()
        #expect(try second.append(Draft.set(fixture.ids[0], "correctness", .int(1))).seq == 1)
    }

    @Test("the lock error tells the user what to do")
    func lockMessage() {
        #expect(
            BundleError.locked(bundle: "b.quire", lockFile: "b.quire.d/.lock").description
                == "b.quire: another annotator is working on this bundle (lock held on b.quire.d/.lock); "
                + "close it first, or work on a copy")
    }

    @Test("a journal with an edited line cannot be opened for writing")
    func tamperedJournalRefused() throws {
        let fixture = try JournalFixture()
        do {
            let writer = try fixture.writer()
            try writer.append(Draft.set(fixture.ids[0], "correctness", .int(2)))
            try writer.append(Draft.set(fixture.ids[0], "correctness", .int(3)))
        }
        let text = try FileSystem.readText(fixture.journalPath).replacing("\"value\":2", with: "\"value\":5")
        try FileSystem.writeAtomically(text, to: fixture.journalPath)
        #expect(
            throws: BundleError.brokenJournal(
                bundle: "b", line: 2,
                reason: "hash chain broken: prev does not match the previous line (edited, removed or reordered)")
        ) {
            _ = try fixture.writer()
        }
    }

    @Test("the reviewer must be the bundle's; an open bundle takes a name once and keeps it")
    func reviewerRules() throws {
        let assigned = try JournalFixture()
        #expect(throws: JournalError.reviewerMismatch(bundle: "b", given: "ben", expected: "ana")) {
            _ = try assigned.writer(reviewer: "ben")
        }
        #expect(try assigned.writer(reviewer: "ana").reviewer == "ana")

        let open = try JournalFixture(reviewer: nil)
        do {
            let anonymous = try open.writer()
            #expect(anonymous.reviewer == nil)
            #expect(throws: JournalError.reviewerRequired(bundle: "b")) {
                try anonymous.append(Draft.set(open.ids[0], "correctness", .int(3)))
            }
        }
        #expect(throws: JournalError.invalidReviewerName("zoe smith")) { _ = try open.writer(reviewer: "zoe smith") }
        do {
            let zoe = try open.writer(reviewer: "zoe")
            #expect(try zoe.append(Draft.set(open.ids[0], "correctness", .int(3))).reviewer == "zoe")
        }
        #expect(try open.writer().reviewer == "zoe")
        #expect(throws: JournalError.reviewerMismatch(bundle: "b", given: "yan", expected: "zoe")) {
            _ = try open.writer(reviewer: "yan")
        }
    }

    @Test("reviewer errors read as one line each")
    func reviewerMessages() {
        #expect(
            JournalError.reviewerRequired(bundle: "b").description
                == "b: this is an open bundle; name yourself with --reviewer NAME (recorded with every score)")
        #expect(
            JournalError.reviewerMismatch(bundle: "b", given: "ben", expected: "ana").description
                == "b: this bundle is reviewed by \"ana\", not \"ben\"")
        #expect(
            JournalError.invalidReviewerName("a b").description
                == "reviewer name \"a b\" must be 1–64 characters of letters, digits and ._-")
        #expect(JournalError.reviewerRequired(bundle: "b").fault == .usage)
        #expect(JournalError.unknownScore(bundle: "b", name: "x", allowed: []).fault == .data)
    }
}
