import QuireArchive
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Bundle archives")
struct BundleArchiveTests {
    @Test("a bag archived twice gives byte-identical files, and the archive verifies")
    func deterministicArchive() throws {
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag1"), count: 6)
        try SampleBundle.write(to: temp.file("bag2"), count: 6)
        try BundleArchiver.archive(directory: temp.file("bag1"), to: temp.file("one.quire"))
        try BundleArchiver.archive(directory: temp.file("bag2"), to: temp.file("two.quire"))
        #expect(try FileSystem.readFile(temp.file("one.quire")) == FileSystem.readFile(temp.file("two.quire")))
        let opened = try BundleWorkspace.openForReading(temp.file("one.quire"))
        #expect(opened.isArchive)
        let summary = try BundleVerifier.verify(directory: opened.directory, name: "one.quire", isArchive: true)
        #expect(summary.items == 6)
    }

    @Test("reading an archive leaves no extracted files behind")
    func readingCleansUp() throws {
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag"), count: 2)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("b.quire"))
        var directory = ""
        do {
            let opened = try BundleWorkspace.openForReading(temp.file("b.quire"))
            directory = opened.directory
            #expect(FileSystem.isDirectory(directory))
        }
        #expect(!FileSystem.exists(directory))
    }

    @Test("opening an archive for work extracts it once into B.d and reuses it")
    func workingDirectoryReused() throws {
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag"), count: 2)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("b.quire"))
        let first = try BundleWorkspace.openForWork(temp.file("b.quire"))
        #expect(first == WorkingBundle(directory: temp.file("b.quire.d"), archive: temp.file("b.quire")))
        try FileSystem.writeAtomically("marker", to: temp.file("b.quire.d/annotations/marker"))
        let second = try BundleWorkspace.openForWork(temp.file("b.quire"))
        #expect(second == first)
        #expect(try FileSystem.readText(temp.file("b.quire.d/annotations/marker")) == "marker")
    }

    @Test("a changed byte inside an archived item is refused as a modified file")
    func tamperedArchive() throws {
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag"), count: 3)
        let items = temp.file("bag/data/items.jsonl")
        try FileSystem.writeAtomically(try FileSystem.readText(items).replacing("Hello", with: "Jello"), to: items)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("b.quire"))
        let opened = try BundleWorkspace.openForReading(temp.file("b.quire"))
        #expect(throws: BundleError.self) {
            try BundleVerifier.verify(directory: opened.directory, name: "b.quire", isArchive: true)
        }
    }

    @Test("a flipped byte in the compressed archive is refused before any bag check")
    func corruptArchive() throws {
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag"), count: 3)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("b.quire"))
        var bytes = try FileSystem.readFile(temp.file("b.quire"))
        bytes[bytes.count / 2] ^= 0x01
        try FileSystem.writeAtomically(bytes, to: temp.file("b.quire"))
        #expect(throws: ArchiveError.self) { try BundleWorkspace.openForReading(temp.file("b.quire")) }
    }

    @Test("bagit.py validates an archived bundle extracted by tar")
    func bagitValidates() throws {
        let python = try #require(PythonTools.python(withModule: "bagit"), "run `make venv` to install bagit")
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag"), count: 4)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("b.quire"))
        try FileSystem.createDirectory(temp.file("x"))
        let untar = try ProcessRunner.run("/usr/bin/tar", ["-xzf", temp.file("b.quire"), "-C", temp.file("x")])
        #expect(untar.status == 0)
        let result = try ProcessRunner.run(
            python, ["-c", "import bagit,sys; bagit.Bag(sys.argv[1]).validate(); print('valid')", temp.file("x")])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "valid\n")
    }
}
