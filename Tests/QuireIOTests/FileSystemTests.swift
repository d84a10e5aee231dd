import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "digests match the FIPS 180-2 test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hex(of: input) == digest)
    }

    @Test("feeding in chunks gives the one-shot digest")
    func chunked() {
        var rng = SplitMix64(seed: 7)
        let bytes = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var digest = SHA256()
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int.random(in: 1...5000, using: &rng))
            digest.update(bytes[start..<end])
            start = end
        }
        #expect(digest.finalizeHex() == SHA256.hex(of: bytes))
    }
}

@Suite("Files")
struct FileSystemTests {
    @Test("an atomic write replaces the file whole and leaves no temp file")
    func atomicWrite() throws {
        let temp = try TemporaryDirectory()
        let path = temp.file("out.txt")
        try FileSystem.writeAtomically("first", to: path)
        try FileSystem.writeAtomically("second version", to: path)
        #expect(try FileSystem.readText(path) == "second version")
        #expect(try FileSystem.contentsOfDirectory(temp.path) == ["out.txt"])
    }

    @Test("an atomic write into a missing directory fails naming the path and leaves nothing")
    func atomicWriteFails() throws {
        let temp = try TemporaryDirectory()
        let path = temp.file("missing/out.txt")
        #expect(throws: FileError.self) { try FileSystem.writeAtomically("x", to: path) }
        #expect(try FileSystem.contentsOfDirectory(temp.path).isEmpty)
    }

    @Test("a whole-file read returns exactly the bytes, at any size", arguments: [0, 1, 4095, 4096, 65_537, 300_001])
    func readWhole(size: Int) throws {
        let temp = try TemporaryDirectory()
        let path = temp.file("bytes.bin")
        var rng = SplitMix64(seed: UInt64(size))
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try FileSystem.writeAtomically(bytes, to: path)
        #expect(try FileSystem.readFile(path) == bytes)
    }

    @Test("a file whose size fstat does not know (procfs) is read to its end")
    func readUnsizedFile() throws {
        let status = try FileSystem.readText("/proc/self/status")
        #expect(status.hasPrefix("Name:"))
        #expect(status.contains("\nPid:"))
        #expect(status.hasSuffix("\n"))
    }

    @Test("path helpers split and join as the shell does")
    func paths() {
        #expect(FileSystem.parent(of: "/a/b/c.txt") == "/a/b")
        #expect(FileSystem.parent(of: "c.txt") == ".")
        #expect(FileSystem.parent(of: "/c") == "/")
        #expect(FileSystem.lastComponent(of: "/a/b/") == "b")
        #expect(FileSystem.join("a/", "b") == "a/b")
        #expect(FileSystem.join("a", "/abs") == "/abs")
    }

    @Test("a directory listing is sorted by bytes and a tree walk names kinds")
    func listing() throws {
        let temp = try TemporaryDirectory()
        try FileSystem.createDirectory(temp.file("d/e"))
        for name in ["b", "a", "B", "d/e/z"] { try FileSystem.writeAtomically(name, to: temp.file(name)) }
        #expect(try FileSystem.contentsOfDirectory(temp.path) == ["B", "a", "b", "d"])
        #expect(try FileSystem.regularFiles(under: temp.path) == ["B", "a", "b", "d/e/z"])
        #expect(
            try FileSystem.allEntries(under: temp.path).map(\.kind) == [
                .regular, .regular, .regular, .directory, .directory, .regular,
            ])
    }

    @Test("an exclusive lock is refused to a second descriptor")
    func exclusiveLock() throws {
        let temp = try TemporaryDirectory()
        let first = try FileDescriptor.openForAppending(temp.file(".lock"))
        let second = try FileDescriptor.openForAppending(temp.file(".lock"))
        #expect(try first.tryLockExclusive())
        #expect(try second.tryLockExclusive() == false)
    }
}

@Suite("Line reader")
struct LineReaderTests {
    final class ChunkedSource: ByteSource {
        let name = "chunks"
        private var bytes: [UInt8]
        private var position = 0
        private let chunk: Int

        init(_ bytes: [UInt8], chunk: Int) {
            self.bytes = bytes
            self.chunk = chunk
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(chunk, buffer.count, bytes.count - position)
            for offset in 0..<count { buffer[offset] = bytes[position + offset] }
            position += count
            return count
        }
    }

    func lines(_ text: String, chunk: Int, budget: Int = 1 << 20) throws -> [(LineReader.Line, String)] {
        let reader = LineReader(
            source: ChunkedSource(Array(text.utf8), chunk: chunk), maximumLineLength: budget, chunkSize: 8)
        var result: [(LineReader.Line, String)] = []
        while let line = try reader.next({ line, bytes in (line, String(decoding: bytes, as: UTF8.self)) }) {
            result.append(line)
        }
        return result
    }

    @Test("lines, numbers and offsets come out whatever the read size", arguments: [1, 2, 3, 7, 64])
    func splitsLines(chunk: Int) throws {
        let result = try lines("ab\r\n\nlonger line here\nlast", chunk: chunk)
        #expect(result.map(\.1) == ["ab", "", "longer line here", "last"])
        #expect(result.map(\.0.number) == [1, 2, 3, 4])
        #expect(result.map(\.0.offset) == [0, 4, 5, 22])
    }

    @Test("a line over the budget is reported as oversized and skipped, the next line still read")
    func oversized() throws {
        let long = String(repeating: "x", count: 100)
        let result = try lines("ok\n\(long)\nafter\n", chunk: 5, budget: 16)
        #expect(result.map(\.1) == ["ok", "", "after"])
        #expect(result.map(\.0.isOversized) == [false, true, false])
        #expect(result[1].0.length == 100)
        #expect(result[2].0.number == 3)
    }
}
