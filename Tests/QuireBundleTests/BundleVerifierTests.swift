import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

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
