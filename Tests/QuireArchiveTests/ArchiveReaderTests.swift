import QuireArchive
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bag-like tree written to disk, to be archived by other tools and read back.
struct SampleTree {
    static let files: [(String, [UInt8])] = [
        ("bundle/bagit.txt", Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)),
        ("bundle/bag-info.txt", Array("Quire-Queue: sample\n".utf8)),
        ("bundle/data/items.jsonl", Array(String(repeating: "{\"id\":\"item\",\"trace\":{}}\n", count: 500).utf8)),
        ("bundle/data/ünïcode.md", Array("# Ünïcode\n".utf8)),
        ("bundle/data/" + String(repeating: "x", count: 150) + ".txt", Array("long name\n".utf8)),
        ("bundle/annotations/journal.jsonl", []),
    ]

    /// Writes the tree under `root` and returns `root`.
    @discardableResult
    static func write(under root: String) throws -> String {
        for (name, bytes) in files {
            let path = FileSystem.join(root, name)
            try FileSystem.createDirectory(FileSystem.parent(of: path))
            try FileSystem.writeAtomically(bytes, to: path)
        }
        return root
    }

    /// Checks that `root` holds exactly the tree's files, byte for byte.
    static func matches(_ root: String) throws -> Bool {
        let found = try FileSystem.regularFiles(under: root)
        guard Set(found) == Set(files.map(\.0)) else { return false }
        return try files.allSatisfy { name, bytes in try FileSystem.readFile(FileSystem.join(root, name)) == bytes }
    }
}

@Suite("archive reader")
struct ArchiveReaderTests {
    @Test("a bag written by the writer extracts to identical files with ordinary permissions")
    func writerRoundTrip() throws {
        let scene = try ExtractionScene()
        let archive = scene.directory.file("b.quire")
        try ArchiveWriter.writeDeterministicTarGz(
            entries: SampleTree.files.map { ArchiveEntry.file($0.0, bytes: $0.1) }, to: archive)
        let contents = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(try SampleTree.matches(scene.destination))
        #expect(contents.format == .tar)
        #expect(contents.compression == .gzip)
        #expect(contents.entries.filter { !$0.isDirectory }.count == SampleTree.files.count)
        #expect(try scene.workContents() == ["bundle"])
        var info = stat()
        #expect(lstat(FileSystem.join(scene.destination, "bundle/bagit.txt"), &info) == 0)
        #expect(info.st_mode & 0o7111 == 0)
    }

    @Test("a zip made by Python's zipfile is accepted")
    func pythonZipIsAccepted() throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        let archive = scene.directory.file("b.zip")
        try ExternalTool.python(
            """
            import os, sys, zipfile
            root, out = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                for dirpath, dirs, files in sorted(os.walk(root)):
                    for name in sorted(dirs) + sorted(files):
                        z.write(os.path.join(dirpath, name), os.path.relpath(os.path.join(dirpath, name), root))
            """, [tree, archive])
        let contents = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(try SampleTree.matches(scene.destination))
        #expect(contents.format == .zip)
    }

    @Test("a zip streamed with data descriptors is accepted")
    func zipWithDataDescriptorsIsAccepted() throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        let archive = scene.directory.file("streamed.zip")
        // zipfile writes data descriptors (flag bit 3) when its output cannot seek.
        try ExternalTool.python(
            """
            import io, os, sys, zipfile
            class Unseekable(io.RawIOBase):
                def __init__(self, f): self.f = f
                def writable(self): return True
                def write(self, b): return self.f.write(b)
            root, out = sys.argv[1], sys.argv[2]
            with open(out, "wb") as f, zipfile.ZipFile(Unseekable(f), "w", zipfile.ZIP_DEFLATED) as z:
                for dirpath, dirs, files in sorted(os.walk(root)):
                    for name in sorted(files):
                        path = os.path.join(dirpath, name)
                        with open(path, "rb") as src, z.open(os.path.relpath(path, root), "w") as dst:
                            dst.write(src.read())
            """, [tree, archive])
        _ = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(try SampleTree.matches(scene.destination))
    }

    @Test("zip64 records, in a local header and in the end of the central directory, are read")
    func zip64IsAccepted() throws {
        let scene = try ExtractionScene()
        let small = scene.directory.file("z64.zip")
        let many = scene.directory.file("many.zip")
        // force_zip64 puts zip64 sizes in the local header; more than 65,535 entries need the zip64 end record.
        try ExternalTool.python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                with z.open("bundle/a.txt", "w", force_zip64=True) as f:
                    f.write(b"hello\\n" * 100)
                z.writestr("bundle/b.txt", b"x")
            with zipfile.ZipFile(sys.argv[2], "w") as z:
                for i in range(66000):
                    z.writestr("m/%06d" % i, b"")
            """, [small, many])
        let contents = try ArchiveReader().extract(small, to: scene.destination)
        #expect(contents.entries.map(\.size) == [600, 1])
        let listing = try ArchiveReader(limits: ArchiveLimits(maxEntries: 70_000)).entries(of: many)
        #expect(listing.entries.count == 66_000)
        #expect(listing.entries.last?.name == "m/065999")
    }

    @Test("a pax global header, as git archive writes, is accepted")
    func paxGlobalHeaderIsAccepted() throws {
        let scene = try ExtractionScene()
        let archive = scene.directory.file("global.tar")
        try ExternalTool.python(
            """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT, pax_headers={"comment": "c0ffee"}) as t:
                info = tarfile.TarInfo("bundle/ünïcode.txt")
                info.size = 3
                t.addfile(info, io.BytesIO(b"abc"))
            """, [archive])
        let contents = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(contents.entries.map(\.name) == ["bundle/ünïcode.txt"])
        #expect(try FileSystem.readText(FileSystem.join(scene.destination, "bundle/ünïcode.txt")) == "abc")
    }

    @Test("a .tar.zst made by Python's tarfile and the zstd tool is accepted")
    func tarZstIsAccepted() throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        let tar = scene.directory.file("b.tar")
        try ExternalTool.python(
            "import sys, tarfile\nwith tarfile.open(sys.argv[2], 'w') as t: t.add(sys.argv[1] + '/bundle', 'bundle')",
            [tree, tar])
        try ExternalTool.succeed(["zstd", "-q", tar, "-o", tar + ".zst"])
        let contents = try ArchiveReader().extract(tar + ".zst", to: scene.destination)
        #expect(try SampleTree.matches(scene.destination))
        #expect(contents.compression == .zstd)
    }

    @Test("GNU tar archives in gnu and pax formats are accepted", arguments: ["gnu", "pax", "ustar"])
    func gnuTarIsAccepted(format: String) throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        let archive = scene.directory.file("b.tar.gz")
        let files = format == "ustar" ? SampleTree.files.filter { $0.0.utf8.count < 100 } : SampleTree.files
        try ExternalTool.succeed(
            ["tar", "--format=\(format)", "-czf", archive, "-C", tree] + files.map(\.0))
        let contents = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(contents.entries.map(\.name) == files.map(\.0))
    }

    @Test("an archive of ./ made by tar -C dir . is accepted")
    func dotRootedTarIsAccepted() throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        let archive = scene.directory.file("dot.tar")
        try ExternalTool.succeed(["tar", "-cf", archive, "-C", tree, "."])
        _ = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(try SampleTree.matches(scene.destination))
    }

    @Test("a plain directory is returned as is, without extraction")
    func plainDirectoryIsReadInPlace() throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        let opened = try ArchiveReader().open(tree, extractingTo: scene.destination)
        #expect(opened.directory == tree)
        #expect(!opened.wasExtracted)
        #expect(opened.contents.format == .directory)
        #expect(
            Set(opened.contents.entries.filter { !$0.isDirectory }.map(\.name)) == Set(SampleTree.files.map(\.0)))
        #expect(try scene.workContents().isEmpty)
    }

    @Test("a directory holding a symlink is refused")
    func directoryWithSymlinkIsRefused() throws {
        let scene = try ExtractionScene()
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        #expect(symlink("/etc", FileSystem.join(tree, "bundle/data/link")) == 0)
        #expect(throws: ArchiveError.refusedEntry(path: tree, entry: "bundle/data/link", rule: .symlink)) {
            try ArchiveReader().open(tree, extractingTo: scene.destination)
        }
    }

    @Test("an archive opened through open(_:extractingTo:) is extracted")
    func archiveIsExtractedByOpen() throws {
        let scene = try ExtractionScene()
        let archive = scene.directory.file("b.quire")
        try ArchiveWriter.writeDeterministicTarGz(
            entries: SampleTree.files.map { ArchiveEntry.file($0.0, bytes: $0.1) }, to: archive)
        let opened = try ArchiveReader().open(archive, extractingTo: scene.destination)
        #expect(opened.directory == scene.destination)
        #expect(opened.wasExtracted)
        #expect(try SampleTree.matches(scene.destination))
    }

    @Test("an existing destination is refused and left untouched")
    func existingDestinationIsRefused() throws {
        let scene = try ExtractionScene()
        let archive = scene.directory.file("b.quire")
        try ArchiveWriter.writeDeterministicTarGz(entries: [.file("a.txt", bytes: [1])], to: archive)
        try FileSystem.createDirectory(scene.destination)
        try FileSystem.writeAtomically([9], to: FileSystem.join(scene.destination, "keep"))
        #expect(throws: ArchiveError.destinationExists(path: scene.destination)) {
            try ArchiveReader().extract(archive, to: scene.destination)
        }
        #expect(try FileSystem.contentsOfDirectory(scene.destination) == ["keep"])
        #expect(try scene.workContents() == ["bundle"])
    }

    @Test("entries(of:) lists names and sizes without writing anything")
    func listingReportsNamesAndSizes() throws {
        let scene = try ExtractionScene()
        let archive = scene.directory.file("b.quire")
        try ArchiveWriter.writeDeterministicTarGz(
            entries: [.file("b/x.txt", bytes: Array("abc".utf8)), .directory("b/empty")], to: archive)
        let contents = try ArchiveReader().entries(of: archive)
        #expect(
            contents.entries == [
                ArchiveEntryInfo(name: "b", isDirectory: true, size: 0),
                ArchiveEntryInfo(name: "b/empty", isDirectory: true, size: 0),
                ArchiveEntryInfo(name: "b/x.txt", isDirectory: false, size: 3),
            ])
        #expect(try scene.workContents().isEmpty)
    }

    @Test("one file's bytes can be read from an archive or a directory; a missing one is named")
    func oneFileCanBeRead() throws {
        let scene = try ExtractionScene()
        let archive = scene.directory.file("b.quire")
        try ArchiveWriter.writeDeterministicTarGz(
            entries: SampleTree.files.map { ArchiveEntry.file($0.0, bytes: $0.1) }, to: archive)
        let tree = try SampleTree.write(under: scene.directory.file("tree"))
        for input in [archive, tree] {
            #expect(
                try ArchiveReader().contents(ofFile: "bundle/bag-info.txt", in: input)
                    == Array("Quire-Queue: sample\n".utf8))
            #expect(throws: ArchiveError.entryNotFound(path: input, entry: "bundle/none.txt")) {
                try ArchiveReader().contents(ofFile: "bundle/none.txt", in: input)
            }
        }
    }

    @Test("a tar gzip'd in several members is accepted")
    func multiMemberGzipIsAccepted() throws {
        let scene = try ExtractionScene()
        var tar = TarBuilder()
        tar.file("a.txt", Array("first\n".utf8))
        tar.file("b.txt", Array("second\n".utf8))
        tar.end()
        let half = tar.bytes.count / 2
        let first = try gzip(Array(tar.bytes[..<half]), in: scene)
        let second = try gzip(Array(tar.bytes[half...]), in: scene)
        let archive = try scene.write(first + second, as: "multi.tar.gz")
        let contents = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(contents.entries.map(\.name) == ["a.txt", "b.txt"])
    }

    @Test("bytes after the gzip stream are refused")
    func bytesAfterGzipAreRefused() throws {
        let scene = try ExtractionScene()
        var tar = TarBuilder()
        tar.file("a.txt")
        tar.end()
        let archive = try scene.write(try gzip(tar.bytes, in: scene) + Array("garbage".utf8), as: "t.tar.gz")
        #expect(ErrorTag.of(scene.refusal(of: archive)) == "trailingData")
        #expect(try scene.workContents().isEmpty)
    }

    @Test("an entry hidden after the tar end-of-archive marker is refused")
    func entryAfterEndMarkerIsRefused() throws {
        let scene = try ExtractionScene()
        var tar = TarBuilder()
        tar.file("a.txt")
        tar.header(Array("hidden.txt".utf8))
        let hidden = tar.bytes.suffix(512)
        tar = TarBuilder()
        tar.file("a.txt")
        tar.raw([UInt8](repeating: 0, count: 512))
        tar.raw(Array(hidden))
        tar.end()
        let archive = try scene.write(tar.bytes, as: "hidden.tar")
        #expect(
            scene.refusal(of: archive) as? ArchiveError
                == .trailingData(path: archive, detail: "non-zero bytes after the tar end-of-archive marker"))
        #expect(try scene.workContents().isEmpty)
    }

    @Test("a tar without its end-of-archive marker is refused as truncated")
    func tarWithoutEndMarkerIsTruncated() throws {
        let scene = try ExtractionScene()
        var tar = TarBuilder()
        tar.file("a.txt")
        let archive = try scene.write(tar.bytes, as: "cut.tar")
        #expect(
            scene.refusal(of: archive) as? ArchiveError
                == .truncated(path: archive, detail: "the tar stream ends without its end-of-archive marker"))
    }

    @Test("a GNU long name with a NUL inside is refused")
    func gnuLongNameWithNulIsRefused() throws {
        let scene = try ExtractionScene()
        var tar = TarBuilder()
        tar.gnuLongName(Array("data/evil".utf8) + [0] + Array("/../../x".utf8))
        tar.file("placeholder")
        tar.end()
        let archive = try scene.write(tar.bytes, as: "nul.tar")
        #expect(
            scene.refusal(of: archive) as? ArchiveError
                == .refusedEntry(path: archive, entry: "data/evil\u{0}/../../x", rule: .controlCharacter))
    }

    @Test("an archive with no entries is refused as empty")
    func emptyArchiveIsRefused() throws {
        let scene = try ExtractionScene()
        var tar = TarBuilder()
        tar.end()
        let archive = try scene.write(tar.bytes, as: "empty.tar")
        #expect(scene.refusal(of: archive) as? ArchiveError == .empty(path: archive))
    }

    @Test("a zip inside gzip and a tar gzip'd twice are refused")
    func nestedCompressionIsRefused() throws {
        let scene = try ExtractionScene()
        var zip = ZipBuilder()
        zip.add("a.txt")
        let zipped = try scene.write(try gzip(zip.build(), in: scene), as: "z.zip.gz")
        #expect(
            scene.refusal(of: zipped) as? ArchiveError
                == .unsupportedFormat(path: zipped, detail: "a zip inside a compressed stream"))
        var tar = TarBuilder()
        tar.file("a.txt")
        tar.end()
        let twice = try scene.write(try gzip(try gzip(tar.bytes, in: scene), in: scene), as: "t.tar.gz.gz")
        #expect(ErrorTag.of(scene.refusal(of: twice)) == "unsupportedFormat")
    }

    @Test("content that is neither tar nor zip is refused, whatever its name")
    func unrecognisedContentIsRefused() throws {
        let scene = try ExtractionScene()
        let archive = try scene.write(Array("just some text, not an archive\n".utf8), as: "looks-like.quire")
        #expect(
            scene.refusal(of: archive) as? ArchiveError
                == .unsupportedFormat(path: archive, detail: "not a tar or zip archive"))
        #expect(
            ArchiveError.unsupportedFormat(path: "x.quire", detail: "not a tar or zip archive").description
                == "x.quire: unsupported format: not a tar or zip archive")
    }

    @Test("a FIFO given as the archive is refused without opening it")
    func fifoInputIsRefused() throws {
        let scene = try ExtractionScene()
        let fifo = scene.directory.file("pipe.quire")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(
            scene.refusal(of: fifo) as? ArchiveError
                == .unsupportedFormat(path: fifo, detail: "neither a regular file nor a directory"))
    }

    @Test("an error is one line that names the archive, the entry and the rule, with control characters escaped")
    func errorDescriptionIsOneEscapedLine() {
        #expect(
            ArchiveError.refusedEntry(path: "bundle.quire", entry: "../x", rule: .parentComponent).description
                == "bundle.quire: refused entry '../x': path escapes the bundle (..)")
        let hostile = ArchiveError.refusedEntry(path: "b.quire", entry: "a\u{1B}[2J\nb", rule: .controlCharacter)
        #expect(hostile.description == "b.quire: refused entry 'a\\x1b[2J\\nb': the name holds a control character")
        #expect(ArchiveError.destinationExists(path: "x").fault == .usage)
        #expect(ArchiveError.writeFailed(path: "x", detail: "y").fault == .system)
    }

    private func gzip(_ bytes: [UInt8], in scene: ExtractionScene) throws -> [UInt8] {
        let path = scene.directory.file("gzip-input-\(bytes.count)-\(SHA256.hex(of: bytes).prefix(8))")
        try FileSystem.writeAtomically(bytes, to: path)
        try ExternalTool.succeed(["gzip", "-n", "-f", path])
        let compressed = try FileSystem.readFile(path + ".gz")
        try FileSystem.removeTree(path + ".gz")
        return compressed
    }
}
