import Foundation
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@testable import QuireBundle

@Suite("Bundle verification")
struct BundleVerifierTests {
    @Test("a freshly written bag verifies, sealed, with every payload file counted")
    func freshBagVerifies() throws {
        let temp = try TemporaryDirectory()
        let bag = temp.file("b")
        let manifest = try SampleBundle.write(to: bag, count: 5)
        let summary = try BundleVerifier.verify(directory: bag, name: "b", isArchive: true)
        #expect(summary.items == 5)
        #expect(summary.payloadFiles == 4)
        #expect(summary.journalEvents == 0)
        #expect(summary.isSealed)
        #expect(summary.bundleID == manifest.bundleID)
        #expect(
            try FileSystem.regularFiles(under: bag) == [
                "annotations/journal.jsonl", "bag-info.txt", "bagit.txt", "data/instructions.md", "data/items.idx",
                "data/items.jsonl", "data/queue.json", "manifest-sha256.txt", "tagmanifest-sha256.txt",
            ])
    }

    @Test(
        "flipping any byte of a bag file is caught",
        arguments: [
            "data/items.jsonl", "data/queue.json", "data/items.idx", "data/instructions.md", "bag-info.txt",
            "manifest-sha256.txt", "bagit.txt",
        ])
    func flippedByteIsCaught(file: String) throws {
        let temp = try TemporaryDirectory()
        let bag = temp.file("b")
        try SampleBundle.write(to: bag, count: 3)
        var bytes = try FileSystem.readFile(FileSystem.join(bag, file))
        var rng = SplitMix64(seed: UInt64(file.utf8.count))
        let position = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[position] ^= 0x20
        try FileSystem.writeAtomically(bytes, to: FileSystem.join(bag, file))
        #expect(throws: BundleError.self) { try BundleVerifier.verify(directory: bag, name: "b", isArchive: true) }
    }

    @Test("an item line counts as checked only with the same id and exactly the same bytes")
    func verifiedItemsMatchBytes() {
        let items = VerifiedItems()
        let line = Array(#"{"id":"x","trace":{}}"#.utf8)
        func contains(_ bytes: [UInt8], _ id: String) -> Bool {
            bytes.withUnsafeBytes { items.contains($0, id: id) }
        }
        #expect(!contains(line, "x"))
        items.insert(line[...], id: "x")
        #expect(contains(line, "x"))
        #expect(!contains(line, "y"))
        var changed = line
        changed[changed.count - 2] = UInt8(ascii: " ")
        #expect(!contains(changed, "x"))
        #expect(!contains(Array(line.dropLast()), "x"))
    }

    @Test("an item changed after packing is named with both checksums")
    func changedItemNamed() throws {
        let temp = try TemporaryDirectory()
        let bag = temp.file("b")
        try SampleBundle.write(to: bag, count: 2)
        let path = FileSystem.join(bag, "data/items.jsonl")
        let before = try FileSystem.readText(path)
        let after = before.replacing("autogen", with: "AUTOGEN")
        try FileSystem.writeAtomically(after, to: path)
        #expect(
            throws: BundleError.checksumMismatch(
                bundle: "b", file: "data/items.jsonl", expected: SHA256.hex(of: before), actual: SHA256.hex(of: after))
        ) {
            try BundleVerifier.verify(directory: bag, name: "b", isArchive: true)
        }
    }

    @Test("an extra file and a missing file are refused by name")
    func extraAndMissingFiles() throws {
        let temp = try TemporaryDirectory()
        let bag = temp.file("b")
        try SampleBundle.write(to: bag, count: 1)
        try FileSystem.writeAtomically("x", to: FileSystem.join(bag, "data/extra.txt"))
        #expect(throws: BundleError.unlistedFile(bundle: "b", file: "data/extra.txt")) {
            try BundleVerifier.verify(directory: bag, name: "b", isArchive: true)
        }
        try FileSystem.removeTree(FileSystem.join(bag, "data/extra.txt"))
        try FileSystem.removeTree(FileSystem.join(bag, "data/instructions.md"))
        #expect(
            throws: BundleError.listedFileMissing(
                bundle: "b", manifest: "manifest-sha256.txt", file: "data/instructions.md")
        ) {
            try BundleVerifier.verify(directory: bag, name: "b", isArchive: true)
        }
    }

    @Test("items are read by position and by id through the index")
    func itemsByIndex() throws {
        let temp = try TemporaryDirectory()
        let bag = temp.file("b")
        try SampleBundle.write(to: bag, count: 4)
        let bundle = try AnnotationBundle(directory: bag)
        let traces = try SampleBundle.traces(count: 4)
        #expect(bundle.index.ids == traces.map(\.id))
        #expect(try bundle.item(at: 3).trace == traces[3])
        #expect(try bundle.item(id: traces[1].id).trace == traces[1])
        #expect(throws: BundleError.unknownItem(bundle: bag, item: "nope")) { try bundle.item(id: "nope") }
    }
}

@Suite("Journal chain")
struct JournalChainTests {
    func event(_ seq: Int, prev: String) -> JournalEvent {
        JournalEvent(
            seq: seq, at: Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(seq)), reviewer: "ana", item: "i1",
            kind: .scoreSet, payload: ["name": .string("correctness"), "value": .int(seq % 5 + 1)], prev: prev)
    }

    func journal(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var prev = JournalChain.genesis(bundleID: "B")
        for seq in 1...count {
            let line = JournalChain.line(for: event(seq, prev: prev))
            bytes += line + [0x0A]
            prev = JournalChain.hash(ofLine: line)
        }
        return bytes
    }

    @Test("a well-formed journal reads back every event")
    func readsBack() throws {
        let contents = try JournalChain.read(journal(5), genesis: JournalChain.genesis(bundleID: "B"), bundle: "b")
        #expect(contents.events.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(contents.tornBytes == 0)
        #expect(contents.nextSeq == 6)
    }

    @Test("a torn last line is dropped and measured, not trusted")
    func tornTail() throws {
        let whole = journal(3)
        let torn = whole + Array(#"{"seq":4,"at":"2023"#.utf8)
        let contents = try JournalChain.read(torn, genesis: JournalChain.genesis(bundleID: "B"), bundle: "b")
        #expect(contents.events.count == 3)
        #expect(contents.validLength == whole.count)
        #expect(contents.tornBytes == 19)
    }

    @Test("removing a middle line breaks the chain at the line after it")
    func removedLine() throws {
        let lines = journal(4).split(separator: 0x0A).map(Array.init)
        let tampered = (lines[0] + [0x0A]) + (lines[2] + [0x0A]) + (lines[3] + [0x0A])
        #expect(throws: BundleError.brokenJournal(bundle: "b", line: 2, reason: "seq is 3, expected 2")) {
            try JournalChain.read(tampered, genesis: JournalChain.genesis(bundleID: "B"), bundle: "b")
        }
    }

    /// Events with every kind of text a reviewer can type: quotes, backslashes, line breaks, control
    /// characters, non-ASCII, emoji, right-to-left text.
    func randomEvents(_ count: Int, seed: UInt64) -> [JournalEvent] {
        var generator = SeededGenerator(seed: seed)
        let pieces = [
            "a", "ok", #"say "hi""#, #"C:\path"#, "line\nbreak", "tab\there", "\u{01}", "é", "日本語", "🙂",
            "\u{202E}rtl", "e\u{301}", "", " ", "</script>", "{}",
        ]
        func text() -> String {
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                pieces[Int.random(in: pieces.indices, using: &generator)]
            }
            .joined()
        }
        var prev = JournalChain.genesis(bundleID: "B")
        return (1...count).map { seq in
            var payload: JSONObject = ["name": .string(text())]
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: payload["value"] = .int(Int.random(in: -5...5, using: &generator))
            case 1: payload["value"] = .double(Double(Int.random(in: 0...100, using: &generator)) / 8)
            case 2: payload["value"] = .string(text())
            default: payload["value"] = .array([.bool(true), .null, .object(["k": .string(text())])])
            }
            if Bool.random(using: &generator) { payload["comment"] = .string(text()) }
            let event = JournalEvent(
                seq: seq, at: Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(seq)), reviewer: text() + "r",
                item: "i" + text(),
                kind: JournalEvent.Kind.allCases[
                    Int.random(in: 0..<JournalEvent.Kind.allCases.count, using: &generator)],
                payload: payload,
                prev: prev)
            prev = JournalChain.hash(ofLine: JournalChain.line(for: event))
            return event
        }
    }

    @Test("any event reads back as written, and its line is the JSON writer's bytes", arguments: [1, 2, 3] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        let events = randomEvents(300, seed: seed)
        var bytes: [UInt8] = []
        for event in events {
            let line = JournalChain.line(for: event)
            #expect(line == JSONWriter().bytes(event.json))
            // Lines whose fixed members need no escape take the fast reader, which must read the same event.
            let plain = [event.reviewer, event.item].allSatisfy { text in
                !text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
            }
            if plain { #expect(CanonicalLine.event(line[...]) == event) }
            bytes += line + [0x0A]
        }
        let contents = try JournalChain.read(bytes, genesis: JournalChain.genesis(bundleID: "B"), bundle: "b")
        #expect(contents.events == events)
    }

    @Test("on lines near its edges, the fast reader reads what the full reader reads, or leaves the line to it")
    func fastReaderAgreesWithFullReader() throws {
        let genesis = JournalChain.genesis(bundleID: "B")
        func line(payload: String, prev: [UInt8] = Array(genesis.utf8)) -> [UInt8] {
            Array(
                #"{"seq":1,"at":"2025-11-23T12:00:00.000Z","reviewer":"ana","item":"i1","type":"comment","payload":"#
                    .utf8)
                + Array(payload.utf8) + Array(#","prev":""#.utf8) + prev + Array(#""}"#.utf8)
        }
        func nested(_ depth: Int) -> String {
            #"{"text":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        }
        var prevWithQuote = Array(genesis.utf8)
        prevWithQuote.replaceSubrange(10..<12, with: Array(#"""#.utf8))
        var prevInvalid = Array(genesis.utf8)
        prevInvalid[5] = 0xFF
        let lines =
            [254, 255, 256].map { line(payload: nested($0)) } + [
                line(payload: #"{"text":"hi"}"#), line(payload: #"{"text":"hi"}"#, prev: prevWithQuote),
                line(payload: #"{"text":"hi"}"#, prev: prevInvalid), line(payload: #"{"text":"hi"} "#),
                line(payload: "null"),
            ]
        var fastReads = 0
        for bytes in lines {
            let full = try? JournalEvent(json: JSONParser.parse(bytes))
            if let fast = CanonicalLine.event(bytes[...]) {
                fastReads += 1
                #expect(fast == full, "\(String(decoding: bytes.suffix(80), as: UTF8.self))")
                #expect(JournalChain.line(for: fast) == bytes)
            }
        }
        // The payload nested one level under the limit and the plain one; a payload followed by a space means
        // the same but is not the writer's bytes, so it is left to the full reader.
        #expect(fastReads == 2)
    }

    @Test(
        "a line that means the same but is not written as Quire writes it is refused",
        arguments: [
            (#"{"seq":1,"#, #"{"seq": 1,"#), (#""reviewer":"ana""#, #""reviewer":"\u0061na""#),
            (#""correctness""#, #""correctness" "#), (#"{"seq":1,"#, #"{"seq":1.0,"#),
            (#""type":"score.set","#, #""type":"score.set" ,"#),
        ])
    func nonCanonical(original: String, replacement: String) throws {
        let line = String(decoding: journal(1).dropLast(), as: UTF8.self)
        #expect(line.contains(original))
        let tampered = Array(line.replacingOccurrences(of: original, with: replacement).utf8) + [0x0A]
        #expect(
            throws: BundleError.brokenJournal(
                bundle: "b", line: 1, reason: "line is not in canonical form (edited by hand?)")
        ) {
            try JournalChain.read(tampered, genesis: JournalChain.genesis(bundleID: "B"), bundle: "b")
        }
    }

    @Test("an event without a reviewer or an item is refused by name")
    func emptyFields() throws {
        for (field, event) in [
            (
                "reviewer",
                JournalEvent(
                    seq: 1, at: Timestamp(secondsSinceEpoch: 0), reviewer: "", item: "i1", kind: .itemComplete,
                    payload: [:], prev: JournalChain.genesis(bundleID: "B"))
            ),
            (
                "item",
                JournalEvent(
                    seq: 1, at: Timestamp(secondsSinceEpoch: 0), reviewer: "ana", item: "", kind: .itemComplete,
                    payload: [:], prev: JournalChain.genesis(bundleID: "B"))
            ),
        ] {
            #expect(throws: BundleError.brokenJournal(bundle: "b", line: 1, reason: "\(field): must not be empty")) {
                try JournalChain.read(
                    JournalChain.line(for: event) + [0x0A], genesis: JournalChain.genesis(bundleID: "B"), bundle: "b")
            }
        }
    }

    @Test("a journal moved to another bundle breaks at line 1")
    func wrongGenesis() throws {
        #expect(
            throws: BundleError.brokenJournal(
                bundle: "b", line: 1,
                reason: "hash chain broken: prev does not match the previous line (edited, removed or reordered)")
        ) {
            try JournalChain.read(journal(2), genesis: JournalChain.genesis(bundleID: "other"), bundle: "b")
        }
    }
}
