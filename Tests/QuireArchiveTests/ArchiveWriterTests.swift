import Foundation
import QuireArchive
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("deterministic archive writer")
struct ArchiveWriterTests {
    /// A small bag: tag files, a payload with a non-ASCII name and a name too long for ustar, an empty directory.
    static let bagEntries: [ArchiveEntry] = [
        .file("bundle/data/items.jsonl", bytes: Array("{\"id\":\"item-0001\"}\n{\"id\":\"item-0002\"}\n".utf8)),
        .file("bundle/bagit.txt", bytes: Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)),
        .file("bundle/bag-info.txt", bytes: Array("Payload-Oxum: 38.1\nQuire-Queue: golden\n".utf8)),
        .file("bundle/data/ünïcode notes.md", bytes: Array("# Notes\n".utf8)),
        .file("bundle/data/" + String(repeating: "long-name-", count: 12) + ".txt", bytes: Array("long\n".utf8)),
        .file("bundle/data/empty.txt", bytes: []),
        .directory("bundle/annotations"),
    ]

    /// The golden archive's SHA-256; `QUIRE_UPDATE_GOLDENS=1` rewrites the fixture, never this constant.
    static let goldenSHA256 = "c79ef67e3c419b812aa739908379df8f4814b5b579682f9da4ea25dbdf688a15"

    static var goldenPath: String {
        FileSystem.join(FixturePaths.fixtures(of: "QuireArchiveTests"), "golden-bundle.quire")
    }

    @Test("the same entries written twice give byte-identical archives")
    func writingTwiceGivesIdenticalBytes() throws {
        let directory = try TemporaryDirectory()
        try ArchiveWriter.writeDeterministicTarGz(entries: Self.bagEntries, to: directory.file("one.quire"))
        try ArchiveWriter.writeDeterministicTarGz(entries: Self.bagEntries.reversed(), to: directory.file("two.quire"))
        let one = try FileSystem.readFile(directory.file("one.quire"))
        #expect(one == (try FileSystem.readFile(directory.file("two.quire"))))
        #expect(one.count > 100)
    }

    @Test("the archive matches the golden file byte for byte and its pinned SHA-256")
    func archiveMatchesGolden() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("golden.quire")
        try ArchiveWriter.writeDeterministicTarGz(entries: Self.bagEntries, to: path)
        let bytes = try FileSystem.readFile(path)
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDENS"] == "1" {
            try FileSystem.writeAtomically(bytes, to: Self.goldenPath)
        }
        #expect(bytes == (try FileSystem.readFile(Self.goldenPath)))
        #expect(SHA256.hex(of: bytes) == Self.goldenSHA256)
    }

    @Test("the gzip header carries no timestamp")
    func gzipHeaderHasZeroMTime() throws {
        let directory = try TemporaryDirectory()
        try ArchiveWriter.writeDeterministicTarGz(entries: Self.bagEntries, to: directory.file("b.quire"))
        let bytes = try FileSystem.readFile(directory.file("b.quire"))
        #expect(Array(bytes.prefix(4)) == [0x1F, 0x8B, 0x08, 0x00])
        #expect(Array(bytes[4..<8]) == [0, 0, 0, 0])
    }

    @Test("tar lists every entry owned by root/root at the epoch with modes 0644 and 0755, parents first")
    func tarListsDeterministicMetadata() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("b.quire")
        try ArchiveWriter.writeDeterministicTarGz(entries: Self.bagEntries, to: path)
        let listing = try ExternalTool.succeed(["tar", "-tvzf", path], environment: ["TZ": "UTC"])
        let lines = listing.split(separator: "\n").map(String.init)
        let names = lines.compactMap { $0.components(separatedBy: "1970-01-01 00:00 ").last }
        #expect(
            names == [
                "bundle/", "bundle/annotations/", "bundle/bag-info.txt", "bundle/bagit.txt", "bundle/data/",
                "bundle/data/empty.txt", "bundle/data/items.jsonl",
                "bundle/data/" + String(repeating: "long-name-", count: 12) + ".txt", "bundle/data/ünïcode notes.md",
            ])
        for line in lines {
            #expect(line.contains(" root/root "), "\(line)")
            #expect(line.contains(" 1970-01-01 00:00 "), "\(line)")
            #expect(line.hasPrefix(line.hasSuffix("/") ? "drwxr-xr-x " : "-rw-r--r-- "), "\(line)")
        }
    }

    @Test("tar -xzf extracts the same bytes and recreates empty directories")
    func tarExtractsTheSameBytes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("b.quire")
        let out = directory.file("out")
        try FileSystem.createDirectory(out)
        try ArchiveWriter.writeDeterministicTarGz(entries: Self.bagEntries, to: path)
        try ExternalTool.succeed(["tar", "-xzf", path, "-C", out])
        for entry in Self.bagEntries {
            guard case .bytes(let bytes) = entry.content else { continue }
            #expect(try FileSystem.readFile(FileSystem.join(out, entry.path)) == bytes, "\(entry.path)")
        }
        #expect(FileSystem.isDirectory(FileSystem.join(out, "bundle/annotations")))
    }

    @Test("a file streamed from disk gives the same archive as the same bytes from memory")
    func streamedFileMatchesBytes() throws {
        let directory = try TemporaryDirectory()
        var generator = SplitMix64(seed: 7)
        var content = [UInt8]()
        content.reserveCapacity(3 << 20)
        while content.count < 3 << 20 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { content.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        let source = directory.file("items.jsonl")
        try FileSystem.writeAtomically(content, to: source)
        try ArchiveWriter.writeDeterministicTarGz(
            entries: [.file("bundle/data/items.jsonl", contentsOf: source)], to: directory.file("streamed.quire"))
        try ArchiveWriter.writeDeterministicTarGz(
            entries: [.file("bundle/data/items.jsonl", bytes: content)], to: directory.file("memory.quire"))
        #expect(
            try FileSystem.readFile(directory.file("streamed.quire"))
                == FileSystem.readFile(directory.file("memory.quire")))
        let bytes = try ArchiveReader().contents(
            ofFile: "bundle/data/items.jsonl", in: directory.file("streamed.quire"))
        #expect(bytes == content)
    }

    @Test("a name the reader would refuse is refused, and no archive or temp file is left")
    func badNameIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("bad.quire")
        #expect(throws: ArchiveError.refusedEntry(path: path, entry: "bundle/../x", rule: .parentComponent)) {
            try ArchiveWriter.writeDeterministicTarGz(entries: [.file("bundle/../x", bytes: [])], to: path)
        }
        #expect(try FileSystem.contentsOfDirectory(directory.path).isEmpty)
    }

    @Test("paths with a leading ./ or a trailing / are stored in their normal form")
    func pathsAreNormalised() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("n.quire")
        try ArchiveWriter.writeDeterministicTarGz(
            entries: [.file("./b/x.txt", bytes: [1]), .directory("b/empty/"), .directory(".")], to: path)
        #expect(try ArchiveReader().entries(of: path).entries.map(\.name) == ["b", "b/empty", "b/x.txt"])
    }

    @Test("two entries at one path are refused")
    func duplicatePathIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("dup.quire")
        #expect(throws: ArchiveError.refusedEntry(path: path, entry: "a/b.txt", rule: .duplicateName)) {
            try ArchiveWriter.writeDeterministicTarGz(
                entries: [.file("a/b.txt", bytes: [1]), .file("a/b.txt", bytes: [2])], to: path)
        }
        #expect(try FileSystem.contentsOfDirectory(directory.path).isEmpty)
    }

    @Test("a writer dropped before finish removes its temp file and leaves the target as it was")
    func abandonedWriterLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("target.quire")
        try FileSystem.writeAtomically(Array("previous\n".utf8), to: path)
        do {
            var writer = try ArchiveWriter(creatingAt: path)
            try writer.appendFile("a.txt", bytes: Array("new\n".utf8))
        }
        #expect(try FileSystem.contentsOfDirectory(directory.path) == ["target.quire"])
        #expect(try FileSystem.readText(path) == "previous\n")
    }

    @Test("entries go in the caller's order with the low-level writer")
    func lowLevelWriterKeepsCallerOrder() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ordered.tar.gz")
        var writer = try ArchiveWriter(creatingAt: path)
        try writer.appendFile("z.txt", bytes: Array("z\n".utf8))
        try writer.appendDirectory("a")
        try writer.appendFile("a/b.txt", bytes: Array("b\n".utf8))
        try writer.finish()
        let contents = try ArchiveReader().entries(of: path)
        #expect(contents.entries.map(\.name) == ["z.txt", "a", "a/b.txt"])
        #expect(contents.format == .tar)
        #expect(contents.compression == .gzip)
    }
}
