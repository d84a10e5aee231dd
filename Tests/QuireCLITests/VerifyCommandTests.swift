import QuireBundle
import QuireIO
import QuireTestSupport
import Testing

@Suite("quire verify")
struct VerifyCommandTests {
    @Test("every hostile archive from gen_evil_archives.py exits 65 with a message and writes nothing anywhere")
    func hostileArchivesRefused() throws {
        let temp = try TemporaryDirectory()
        let cases = temp.file("cases")
        let sentinel = temp.file("sentinel")
        try FileSystem.createDirectory(sentinel)
        let shim = FixturePaths.fixtures(of: "QuireArchiveTests") + "/python"
        let generated = try ProcessRunner.run(
            "/usr/bin/env",
            ["python3", FixturePaths.shared + "/tools/gen_evil_archives.py", "--out", cases, "--sentinel", sentinel],
            environment: ["PYTHONPATH": shim])
        #expect(generated.status == 0, "\(generated.standardError)")
        let files = try FileSystem.contentsOfDirectory(cases).filter { $0 != "cases.json" }
        #expect(files.count >= 45)
        for file in files {
            let work = temp.file("work-\(file)")
            let scratch = temp.file("tmp-\(file)")
            try FileSystem.createDirectory(work)
            try FileSystem.createDirectory(scratch)
            let result = try QuireBinary.run(
                ["verify", FileSystem.join(cases, file)], in: work, environment: ["TMPDIR": scratch])
            #expect(result.status == 65, "\(file): \(result)")
            #expect(result.standardError.hasPrefix("quire: error: "), "\(file): \(result.standardError)")
            #expect(try FileSystem.contentsOfDirectory(work).isEmpty, "\(file) left files in the working directory")
            #expect(try FileSystem.contentsOfDirectory(scratch).isEmpty, "\(file) left files in TMPDIR")
            #expect(try FileSystem.contentsOfDirectory(sentinel).isEmpty, "\(file) wrote into the sentinel")
        }
    }

    @Test("a packed bundle verifies with exit 0; a tampered copy exits 65 naming the changed file")
    func goodAndTampered() throws {
        let temp = try TemporaryDirectory()
        try SampleBundle.write(to: temp.file("bag"), count: 3)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("b.quire"))
        let good = try QuireBinary.run(["verify", temp.file("b.quire")])
        #expect(good.status == 0)
        #expect(good.standardOutput.hasPrefix("ok  \(temp.file("b.quire"))  (reviewer ana, 3 items"))

        let queue = temp.file("bag/data/queue.json")
        try FileSystem.writeAtomically(
            try FileSystem.readText(queue).replacing("sample-queue", with: "other-queue"), to: queue)
        try BundleArchiver.archive(directory: temp.file("bag"), to: temp.file("t.quire"))
        let tampered = try QuireBinary.run(["verify", temp.file("t.quire")])
        #expect(tampered.status == 65)
        #expect(tampered.standardError.contains("data/queue.json was modified"))
    }
}
