import QuireArchive
import QuireIO
import QuireTestSupport
import Testing

/// One tiny hostile archive per refusal rule, built byte by byte in the test.
struct PolicyCase: Sendable, CustomTestStringConvertible {
    var label: String
    var archive: [UInt8]
    var fileName = "case.tar"
    var limits = ArchiveLimits.default
    var entry: String
    var rule: EntryRule

    var testDescription: String { label }

    static func tar(_ build: (inout TarBuilder) -> Void) -> [UInt8] {
        var builder = TarBuilder()
        build(&builder)
        builder.end()
        return builder.bytes
    }

    static func zip(_ build: (inout ZipBuilder) -> Void) -> [UInt8] {
        var builder = ZipBuilder()
        build(&builder)
        return builder.build()
    }

    static let all: [PolicyCase] = [
        PolicyCase(
            label: "a name that is not UTF-8",
            archive: tar { $0.file([0x62, 0x61, 0x64, 0xFF, 0x2E, 0x74, 0x78, 0x74], Array("x\n".utf8)) },
            entry: "bad\u{FFFD}.txt", rule: .invalidUTF8),
        PolicyCase(
            label: "an empty name", archive: zip { $0.add("") }, fileName: "case.zip", entry: "", rule: .emptyName),
        PolicyCase(
            label: "an escape sequence in a name", archive: tar { $0.file("data/a\u{1B}[2J.txt") },
            entry: "data/a\u{1B}[2J.txt", rule: .controlCharacter),
        PolicyCase(
            label: "a backslash in a name", archive: tar { $0.file("data\\..\\..\\x.txt") },
            entry: "data\\..\\..\\x.txt", rule: .backslash),
        PolicyCase(
            label: "an absolute path", archive: tar { $0.file("/tmp/quire-absolute.txt") },
            entry: "/tmp/quire-absolute.txt", rule: .absolutePath),
        PolicyCase(
            label: "a Windows drive letter", archive: zip { $0.add("C:/Windows/x.txt") }, fileName: "case.zip",
            entry: "C:/Windows/x.txt", rule: .absolutePath),
        PolicyCase(
            label: "a .. component", archive: tar { $0.file("data/../../x.txt") }, entry: "data/../../x.txt",
            rule: .parentComponent),
        PolicyCase(
            label: "a . component", archive: tar { $0.file("data/./x.txt") }, entry: "data/./x.txt",
            rule: .dotOrEmptyComponent),
        PolicyCase(
            label: "an empty component", archive: tar { $0.file("data//x.txt") }, entry: "data//x.txt",
            rule: .dotOrEmptyComponent),
        PolicyCase(
            label: "a component longer than NAME_MAX",
            archive: tar {
                $0.pax([("path", Array(("data/" + String(repeating: "n", count: 256)).utf8))])
                $0.file("placeholder")
            },
            entry: "data/" + String(repeating: "n", count: 256), rule: .nameTooLong(limit: 255)),
        PolicyCase(
            label: "a path longer than the budget", archive: tar { $0.file("data/abcdefghijklmnopqrstuvwxyz.txt") },
            limits: ArchiveLimits(maxPathBytes: 20), entry: "data/abcdefghijklmnopqrstuvwxyz.txt",
            rule: .nameTooLong(limit: 20)),
        PolicyCase(
            label: "nesting deeper than the budget", archive: tar { $0.file("a/b/c/d.txt") },
            limits: ArchiveLimits(maxDepth: 3), entry: "a/b/c/d.txt", rule: .tooDeep(limit: 3)),
        PolicyCase(
            label: "a symbolic link",
            archive: tar {
                $0.header(Array("data/link".utf8), typeflag: "2", mode: 0o777, linkname: Array("/etc".utf8))
            },
            entry: "data/link", rule: .symlink),
        PolicyCase(
            label: "a hard link",
            archive: tar {
                $0.file("data/x.txt")
                $0.header(Array("data/y.txt".utf8), typeflag: "1", linkname: Array("data/x.txt".utf8))
            },
            entry: "data/y.txt", rule: .hardlink),
        PolicyCase(
            label: "a character device",
            archive: tar { $0.header(Array("data/null".utf8), typeflag: "3", mode: 0o666, devmajor: 1, devminor: 3) },
            entry: "data/null", rule: .device),
        PolicyCase(
            label: "a block device",
            archive: tar { $0.header(Array("data/sda".utf8), typeflag: "4", mode: 0o660, devmajor: 8) },
            entry: "data/sda", rule: .device),
        PolicyCase(
            label: "a FIFO", archive: tar { $0.header(Array("data/pipe".utf8), typeflag: "6") }, entry: "data/pipe",
            rule: .fifo),
        PolicyCase(
            label: "a socket", archive: zip { $0.add("data/socket", mode: 0o140644) }, fileName: "case.zip",
            entry: "data/socket", rule: .socket),
        PolicyCase(
            label: "an unknown entry type", archive: zip { $0.add("data/whiteout", mode: 0o160644) },
            fileName: "case.zip", entry: "data/whiteout", rule: .unsupportedType),
        PolicyCase(
            label: "a setuid file", archive: tar { $0.file("data/run.sh", Array("#!/bin/sh\n".utf8), mode: 0o4755) },
            entry: "data/run.sh", rule: .specialPermissions(mode: 0o4755)),
        PolicyCase(
            label: "a setgid sticky directory", archive: tar { $0.directory("data/shared/", mode: 0o3777) },
            entry: "data/shared/", rule: .specialPermissions(mode: 0o3777)),
        PolicyCase(
            label: "a sparse file", archive: tar { $0.gnuSparse("data/sparse.bin", realSize: 4096) },
            entry: "data/sparse.bin", rule: .sparse),
        PolicyCase(
            label: "an encrypted zip entry",
            archive: zip {
                $0.add("data/secret.txt")
                $0.entries[0].flags = 1
            },
            fileName: "case.zip", entry: "data/secret.txt", rule: .encrypted),
        PolicyCase(
            label: "a zip compression method other than stored and deflate",
            archive: zip {
                $0.add("data/x.bz2")
                $0.entries[0].method = 12
            },
            fileName: "case.zip", entry: "data/x.bz2", rule: .unsupportedCompression(method: 12)),
        PolicyCase(
            label: "the same name twice",
            archive: tar {
                $0.file("data/x.txt")
                $0.file("data/x.txt", Array("other\n".utf8))
            },
            entry: "data/x.txt", rule: .duplicateName),
        PolicyCase(
            label: "a file named like a directory other entries imply",
            archive: tar {
                $0.file("data/x/y.txt")
                $0.file("data/x")
            },
            entry: "data/x", rule: .duplicateName),
        PolicyCase(
            label: "names equal after case folding",
            archive: tar {
                $0.file("data/Items.jsonl")
                $0.file("data/items.jsonl")
            },
            entry: "data/items.jsonl", rule: .nameCollision(with: "data/Items.jsonl")),
        PolicyCase(
            label: "names equal after Unicode NFC",
            archive: tar {
                $0.file("data/caf\u{E9}.json")
                $0.file("data/cafe\u{301}.json")
            },
            entry: "data/cafe\u{301}.json", rule: .nameCollision(with: "data/caf\u{E9}.json")),
        PolicyCase(
            label: "directories equal after case folding",
            archive: tar {
                $0.file("Data/x.txt")
                $0.file("data/y.txt")
            },
            entry: "data/y.txt", rule: .nameCollision(with: "Data")),
        PolicyCase(
            label: "a path through a regular file",
            archive: tar {
                $0.file("data")
                $0.file("data/x.txt")
            },
            entry: "data/x.txt", rule: .parentIsFile(parent: "data")),
        PolicyCase(
            label: "more entries than the budget",
            archive: tar {
                $0.file("a.txt")
                $0.file("b.txt")
                $0.file("c.txt")
            },
            limits: ArchiveLimits(maxEntries: 2), entry: "c.txt", rule: .tooManyEntries(limit: 2)),
        PolicyCase(
            label: "a declared size over the per-file budget",
            archive: tar { $0.file("big.bin", [UInt8](repeating: 0, count: 11)) },
            limits: ArchiveLimits(maxFileBytes: 10), entry: "big.bin", rule: .fileTooLarge(limit: 10)),
        PolicyCase(
            label: "files together over the total budget",
            archive: tar {
                $0.file("a.bin", [UInt8](repeating: 0, count: 10))
                $0.file("b.bin", [UInt8](repeating: 0, count: 10))
            },
            limits: ArchiveLimits(maxTotalBytes: 15), entry: "b.bin", rule: .totalTooLarge(limit: 15)),
        PolicyCase(
            label: "more content than the declared size",
            archive: zip {
                $0.add("data/x.txt", Array("hello!".utf8))
                $0.entries[0].method = 8
                $0.entries[0].usesDataDescriptor = true
                $0.entries[0].declaredSize = 5
            },
            fileName: "case.zip", entry: "data/x.txt", rule: .sizeMismatch(declared: 5, actual: 6)),
    ]
}

@Suite("entry policy: one refusal per rule")
struct EntryPolicyTests {
    @Test("each rule refuses its archive, names the entry, and leaves nothing behind", arguments: PolicyCase.all)
    func eachRuleRefusesItsArchive(_ policyCase: PolicyCase) throws {
        let scene = try ExtractionScene()
        let archive = try scene.write(policyCase.archive, as: policyCase.fileName)
        let error = scene.refusal(of: archive, limits: policyCase.limits)
        #expect(
            error as? ArchiveError
                == .refusedEntry(path: archive, entry: policyCase.entry, rule: policyCase.rule))
        #expect(try scene.workContents().isEmpty)
    }

    @Test("every rule has a case in the table")
    func everyRuleHasACase() {
        #expect(Set(PolicyCase.all.map { ErrorTag.rule($0.rule) }) == Set(ErrorTag.allRules))
    }

    @Test("a leading ./, the root entry and directories listed after their files are accepted")
    func ordinaryNameFormsAreAccepted() throws {
        let scene = try ExtractionScene()
        let archive = try scene.write(
            PolicyCase.tar {
                $0.directory("./")
                $0.file("./data/x.txt", Array("one\n".utf8))
                $0.directory("./data/")
                $0.file("données/ünïcode.txt", Array("two\n".utf8))
            }, as: "ok.tar")
        let contents = try ArchiveReader().extract(archive, to: scene.destination)
        #expect(
            contents.entries == [
                ArchiveEntryInfo(name: "data/x.txt", isDirectory: false, size: 4),
                ArchiveEntryInfo(name: "data", isDirectory: true, size: 0),
                ArchiveEntryInfo(name: "données/ünïcode.txt", isDirectory: false, size: 4),
            ])
        #expect(try FileSystem.readText(FileSystem.join(scene.destination, "données/ünïcode.txt")) == "two\n")
    }
}
