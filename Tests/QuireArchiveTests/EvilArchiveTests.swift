import QuireArchive
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// One case of `shared/tools/gen_evil_archives.py` and the refusal it must meet.
struct EvilCase: Sendable, CustomTestStringConvertible {
    var file: String
    /// ``ErrorTag/of(_:)`` of the expected error: the rule for an entry refusal, else the error's case.
    var expected: String

    var testDescription: String { "\(file) → \(expected)" }

    init(_ file: String, _ expected: String) {
        self.file = file
        self.expected = expected
    }

    /// Every case the generator writes (its `--list`), with the refusal each must produce.
    static let all: [EvilCase] = [
        EvilCase("tar-path-traversal.tar", "refused:parentComponent"),
        EvilCase("targz-path-traversal-short.tar.gz", "refused:parentComponent"),
        EvilCase("tar-absolute-path.tar", "refused:absolutePath"),
        EvilCase("zip-path-traversal.zip", "refused:parentComponent"),
        EvilCase("zip-absolute-path.zip", "refused:absolutePath"),
        // Raw name `C:\Windows\…`: the backslash rule fires before the drive-letter one.
        EvilCase("zip-windows-absolute.zip", "refused:backslash"),
        EvilCase("zip-backslash-traversal.zip", "refused:backslash"),
        EvilCase("tar-backslash-name.tar", "refused:backslash"),
        EvilCase("targz-symlink-outside.tar.gz", "refused:symlink"),
        EvilCase("tar-symlink-then-write.tar", "refused:symlink"),
        EvilCase("tar-symlink-relative-escape.tar", "refused:symlink"),
        EvilCase("tar-hardlink-outside.tar", "refused:hardlink"),
        EvilCase("tar-hardlink-inside.tar", "refused:hardlink"),
        // The symlink type is only in the central directory's external attributes.
        EvilCase("zip-symlink-outside.zip", "refused:symlink"),
        EvilCase("tar-char-device.tar", "refused:device"),
        EvilCase("tar-block-device.tar", "refused:device"),
        EvilCase("tar-fifo.tar", "refused:fifo"),
        EvilCase("targz-setuid.tar.gz", "refused:specialPermissions"),
        EvilCase("tar-setgid-sticky.tar", "refused:specialPermissions"),
        EvilCase("tar-duplicate-entry.tar", "refused:duplicateName"),
        EvilCase("zip-duplicate-entry.zip", "refused:duplicateName"),
        EvilCase("targz-case-collision.tar.gz", "refused:nameCollision"),
        EvilCase("tar-nfc-collision.tar", "refused:nameCollision"),
        // libarchive cuts the pax path at the NUL; the stream scanner sees the whole record.
        EvilCase("tar-nul-in-name.tar", "refused:controlCharacter"),
        EvilCase("tar-control-chars.tar", "refused:controlCharacter"),
        EvilCase("tar-long-name.tar", "refused:nameTooLong"),
        EvilCase("targz-deep-nesting.tar.gz", "refused:tooDeep"),
        // Refused from the header's declared 2.5 GiB before a byte is inflated.
        EvilCase("targz-bomb-2_5GiB.tar.gz", "refused:fileTooLarge"),
        EvilCase("tar-huge-declared-size.tar", "refused:fileTooLarge"),
        EvilCase("tar-gnu-sparse-1TiB.tar", "refused:sparse"),
        EvilCase("targz-200k-entries.tar.gz", "refused:tooManyEntries"),
        EvilCase("zip-overlapping-bomb.zip", "inconsistentZip"),
        EvilCase("zip-declared-size-mismatch.zip", "inconsistentZip"),
        EvilCase("targz-truncated.tar.gz", "truncated"),
        EvilCase("tar-truncated-mid-entry.tar", "truncated"),
        EvilCase("targz-corrupt-deflate.tar.gz", "corrupt"),
        // libarchive never checks the gzip trailer; zlib does, once the stream is drained.
        EvilCase("targz-bad-crc.tar.gz", "corrupt"),
        EvilCase("wrong-magic-png.quire", "unsupportedFormat"),
        EvilCase("wrong-magic-elf.tar.gz", "unsupportedFormat"),
        EvilCase("empty.quire", "unsupportedFormat"),
        EvilCase("gzip-of-text.tar.gz", "unsupportedFormat"),
        EvilCase("zip-central-local-mismatch.zip", "inconsistentZip"),
        EvilCase("tarzst-path-traversal.tar.zst", "refused:parentComponent"),
        EvilCase("tarzst-symlink-outside.tar.zst", "refused:symlink"),
        EvilCase("tarzst-truncated.tar.zst", "truncated"),
    ]

    /// Budgets small enough that a test never writes more than a few MB before a budget stops it.
    static let limits = ArchiveLimits(maxEntries: 1_000, maxFileBytes: 16 << 20, maxTotalBytes: 64 << 20)
}

/// The hostile-archive corpus from `shared/tools/gen_evil_archives.py`, each case generated fresh at test time.
@Suite("hostile archives from gen_evil_archives.py")
struct EvilArchiveTests {
    static let generator = FileSystem.join(FixturePaths.shared, "tools/gen_evil_archives.py")

    /// The generator writes its `.tar.zst` cases only when `import zstandard` works; this directory holds a
    /// stand-in that compresses with the `zstd` tool, so those cases are never skipped.
    static let zstandardShim = FileSystem.join(FixturePaths.fixtures(of: "QuireArchiveTests"), "python")

    @Test("every hostile archive is refused with its own error and leaves nothing behind", arguments: EvilCase.all)
    func hostileArchiveIsRefused(_ evil: EvilCase) throws {
        let scene = try ExtractionScene()
        let cases = scene.directory.file("cases")
        let sentinel = scene.directory.file("sentinel")
        try FileSystem.createDirectory(sentinel)
        try ExternalTool.succeed(
            ["python3", Self.generator, "--out", cases, "--sentinel", sentinel, "--only", evil.file],
            environment: ["PYTHONPATH": Self.zstandardShim])
        let listing = try FileSystem.readText(FileSystem.join(cases, "cases.json"))
        try #require(listing.contains("\"file\": \"\(evil.file)\""), "the generator skipped \(evil.file)")

        let error = scene.refusal(of: FileSystem.join(cases, evil.file), limits: EvilCase.limits)

        #expect(ErrorTag.of(error) == evil.expected, "\(evil.file): \(error.map { "\($0)" } ?? "accepted")")
        #expect((error as? ArchiveError)?.fault == .data)
        #expect(try FileSystem.contentsOfDirectory(sentinel).isEmpty, "\(evil.file) wrote into the sentinel")
        #expect(!FileSystem.exists(scene.destination))
        #expect(try scene.workContents().isEmpty, "\(evil.file) left residue beside the destination")
    }

    @Test("the table covers exactly the generator's cases")
    func tableCoversTheGenerator() throws {
        let listing = try ExternalTool.succeed(["python3", Self.generator, "--list"])
        let generated = listing.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(generated) == Set(EvilCase.all.map(\.file)))
        #expect(generated.count == EvilCase.all.count)
    }

    @Test("the decompression bomb is refused from its header under the default budgets too")
    func bombIsRefusedUnderDefaultLimits() throws {
        let scene = try ExtractionScene()
        let cases = scene.directory.file("cases")
        try ExternalTool.succeed(
            [
                "python3", Self.generator, "--out", cases, "--sentinel", scene.directory.file("sentinel"),
                "--only", "tar-huge-declared-size.tar",
            ])
        let archive = FileSystem.join(cases, "tar-huge-declared-size.tar")
        #expect(
            scene.refusal(of: archive) as? ArchiveError
                == .refusedEntry(path: archive, entry: "bundle/data/huge.bin", rule: .fileTooLarge(limit: 4 << 30)))
    }
}
