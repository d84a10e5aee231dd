import QuireArchive
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// Hands out a file's bytes one at a time, to exercise every refill path of the decoders.
private final class OneByteSource: ByteSource {
    let name: String
    private let bytes: [UInt8]
    private var offset = 0

    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < bytes.count, !buffer.isEmpty else { return 0 }
        buffer[0] = bytes[offset]
        offset += 1
        return 1
    }
}

@Suite("decompressing input")
struct DecompressingInputTests {
    static let text = Array(String(repeating: "{\"id\":\"t-1\",\"name\":\"chat\"}\n", count: 2_000).utf8)

    /// Reads a source to its end in small chunks.
    private func readAll(_ source: some ByteSource) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return out }
            out += chunk[0..<count]
        }
    }

    private func compressed(_ bytes: [UInt8], with tool: [String], in directory: TemporaryDirectory) throws -> String {
        let plain = directory.file("input-\(tool[0])")
        try FileSystem.writeAtomically(bytes, to: plain)
        try ExternalTool.succeed(tool + [plain])
        return plain + (tool[0] == "gzip" ? ".gz" : ".zst")
    }

    @Test("gzip, zstd and plain files read back as the original bytes", arguments: ["gzip", "zstd", "plain"])
    func formatsReadBack(_ format: String) throws {
        let directory = try TemporaryDirectory()
        let path: String
        switch format {
        // Without -n, gzip stores the file name and time: optional header fields the decoder must skip.
        case "gzip": path = try compressed(Self.text, with: ["gzip"], in: directory)
        case "zstd": path = try compressed(Self.text, with: ["zstd", "-q", "--rm"], in: directory)
        default:
            path = directory.file("plain.jsonl")
            try FileSystem.writeAtomically(Self.text, to: path)
        }
        let input = try DecompressingInput(path: path)
        #expect(input.compression == StreamCompression(rawValue: format == "plain" ? "none" : format))
        #expect(input.name == path)
        #expect(try readAll(input) == Self.text)
    }

    @Test("an empty plain file reads as nothing")
    func emptyFileIsEmpty() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically([], to: directory.file("empty"))
        let input = try DecompressingInput(path: directory.file("empty"))
        #expect(input.compression == StreamCompression.none)
        #expect(try readAll(input).isEmpty)
    }

    @Test("a truncated gzip stream fails with an error naming the file")
    func truncatedGzipFails() throws {
        let directory = try TemporaryDirectory()
        let gz = try FileSystem.readFile(try compressed(Self.text, with: ["gzip", "-n"], in: directory))
        let cut = directory.file("cut.jsonl.gz")
        try FileSystem.writeAtomically(Array(gz.prefix(gz.count / 2)), to: cut)
        let input = try DecompressingInput(path: cut)
        #expect(throws: ArchiveError.truncated(path: cut, detail: "the gzip stream ends inside a member")) {
            try readAll(input)
        }
    }

    @Test("a gzip stream whose CRC-32 is wrong fails at its end")
    func badCRCFails() throws {
        let directory = try TemporaryDirectory()
        var gz = try FileSystem.readFile(try compressed(Self.text, with: ["gzip", "-n"], in: directory))
        gz[gz.count - 8] ^= 0xFF
        let path = directory.file("bad.gz")
        try FileSystem.writeAtomically(gz, to: path)
        #expect(throws: ArchiveError.corrupt(path: path, detail: "gzip CRC-32 mismatch: the data is damaged")) {
            try readAll(DecompressingInput(path: path))
        }
    }

    @Test("bytes after the last gzip member are refused")
    func trailingGarbageFails() throws {
        let directory = try TemporaryDirectory()
        let gz = try FileSystem.readFile(try compressed(Self.text, with: ["gzip", "-n"], in: directory))
        let path = directory.file("padded.gz")
        try FileSystem.writeAtomically(gz + [0, 0, 0, 0], to: path)
        #expect(throws: ArchiveError.trailingData(path: path, detail: "bytes after the last gzip member")) {
            try readAll(DecompressingInput(path: path))
        }
    }

    @Test("several gzip members read as their concatenation, even one byte at a time")
    func multiMemberGzipConcatenates() throws {
        let directory = try TemporaryDirectory()
        let first = try FileSystem.readFile(
            try compressed(Array(Self.text.prefix(1_000)), with: ["gzip", "-n"], in: directory))
        let second = try FileSystem.readFile(
            try compressed(Array(Self.text.dropFirst(1_000)), with: ["gzip", "-n", "-f"], in: directory))
        let input = try DecompressingInput(source: OneByteSource(name: "-", bytes: first + second))
        #expect(input.compression == .gzip)
        #expect(input.name == "-")
        #expect(try readAll(input) == Self.text)
    }

    @Test("a truncated zstd stream fails as truncated")
    func truncatedZstdFails() throws {
        let directory = try TemporaryDirectory()
        let zst = try FileSystem.readFile(try compressed(Self.text, with: ["zstd", "-q", "--rm"], in: directory))
        let path = directory.file("cut.zst")
        try FileSystem.writeAtomically(Array(zst.prefix(zst.count / 2)), to: path)
        #expect(throws: ArchiveError.truncated(path: path, detail: "Truncated zstd input")) {
            try readAll(DecompressingInput(path: path))
        }
    }

    @Test("xz input is refused by name rather than passed through as text")
    func xzIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.jsonl.xz")
        try FileSystem.writeAtomically([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04], to: path)
        #expect(
            throws: ArchiveError.unsupportedFormat(path: path, detail: "xz compression (only gzip and zstd are read)")
        ) {
            try DecompressingInput(path: path)
        }
    }

    @Test(
        "tens of MB of gzip'd and zstd'd JSONL stream through LineReader with every line counted",
        arguments: [["gzip", "-n", "-1"], ["zstd", "-q", "-1", "--rm"]])
    func largeInputStreamsThroughLineReader(_ tool: [String]) throws {
        let directory = try TemporaryDirectory()
        var generator = SplitMix64(seed: 42)
        var plain: [UInt8] = []
        plain.reserveCapacity(24 << 20)
        var lines = 0
        while plain.count < 24 << 20 {
            let value = generator.next()
            plain += Array("{\"id\":\"t-\(lines)\",\"latency_ms\":\(value % 10_000),\"tag\":\"\(value)\"}\n".utf8)
            lines += 1
        }
        let path = try compressed(plain, with: tool, in: directory)
        let reader = LineReader(source: try DecompressingInput(path: path), chunkSize: 1 << 16)
        var counted = 0
        var digest = SHA256()
        while let length = try reader.next({ line, bytes -> Int in
            digest.update(bytes)
            digest.update([0x0A])
            return line.length
        }) {
            counted += 1
            #expect(length > 0)
        }
        #expect(counted == lines)
        #expect(digest.finalizeHex() == SHA256.hex(of: plain))
    }
}
