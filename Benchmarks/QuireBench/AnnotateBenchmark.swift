import Foundation
import QuireAnnotate
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The annotator on a 100k-item bundle (DESIGN.md §7): opening it, the save round trip over real HTTP with
/// its fsync, and fetching any item; against the built `quire annotate` running as its own process.
///
/// The bundle is written once with `BagWriter` from `gen_traces.py` output into `bench-out/annotate-100k/`
/// and reused by later runs.
enum AnnotateBenchmark {
    static let generated = 104_000
    static let wanted = 100_000
    static let saves = 1_000
    static let fetches = 300

    static func run() throws {
        let output = FileSystem.join(FileManager.default.currentDirectoryPath, "bench-out")
        let bundle = try prepareBundle(in: output)
        let items = try AnnotationBundle(directory: bundle).itemCount
        print("annotate: \(items)-item bundle at \(bundle)")
        try inProcess(bundle, items: items)
        try overHTTP(bundle, items: items)
    }

    /// Writes the bundle unless it is there already.
    private static func prepareBundle(in output: String) throws -> String {
        let bundle = FileSystem.join(output, "annotate-100k")
        if FileSystem.isRegularFile(FileSystem.join(bundle, BundleLayout.tagManifest)) {
            try FileSystem.writeAtomically("", to: FileSystem.join(bundle, BundleLayout.journal))
            try? FileSystem.removeTree(FileSystem.join(bundle, BundleLayout.scores))
            try TagManifest.rewrite(directory: bundle)
            return bundle
        }
        try FileSystem.createDirectory(output)
        let traces = FileSystem.join(output, "annotate-100k.jsonl")
        let started = ContinuousClock.now
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        generator.arguments = [
            FileSystem.join(sharedDirectory, "tools/gen_traces.py"), "--count", String(generated), "--seed", "7",
            "--avg-kb", "2", "--out", traces,
        ]
        generator.standardError = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else { throw BenchError(description: "gen_traces.py failed") }

        var manifest = QueueManifest(
            packID: String(repeating: "b", count: 32),
            bundleID: BundleIdentity.bundleID(packID: String(repeating: "b", count: 32), reviewer: "bench"),
            name: "bench-100k", reviewer: "bench", packTime: Timestamp(secondsSinceEpoch: 1_763_856_000),
            scores: SampleBundle.scoreConfigs)
        manifest.reviewers = ["bench"]
        let writer = try BagWriter(
            directory: bundle, manifest: manifest, instructions: "# Bench\n\nScore each answer.\n",
            sourceSHA256: String(repeating: "0", count: 64))
        // gen_traces.py injects faults (repeated ids, broken lines) for pack to report; a bundle holds neither.
        let reader = LineReader(source: try FileInput(path: traces))
        var seen = Set<String>()
        while seen.count < wanted,
            let trace = try reader.next({ _, bytes in try? Trace(json: JSONParser.parse(Array(bytes))) })
        {
            guard let trace, seen.insert(trace.id).inserted else { continue }
            try writer.append(
                BundleItem(id: trace.id, target: .init(traceID: trace.id, sessionID: trace.sessionID), trace: trace))
        }
        _ = try writer.finish()
        try FileSystem.removeTree(traces)
        print("  wrote the bundle in \(milliseconds(ContinuousClock.now - started))")
        return bundle
    }

    /// Opening and reading in this process: the library's share of the numbers.
    private static func inProcess(_ bundle: String, items: Int) throws {
        var opens: [Duration] = []
        var indexes: [Duration] = []
        var jumps: [Duration] = []
        for _ in 0..<7 {
            let start = ContinuousClock.now
            let opened = try AnnotationBundle(directory: bundle)
            indexes.append(ContinuousClock.now - start)
            let writer = try JournalWriter(
                bundle: opened, reviewer: nil, clock: { Timestamp(secondsSinceEpoch: 0) },
                diagnostics: IgnoringDiagnostics())
            opens.append(ContinuousClock.now - start)
            let jump = ContinuousClock.now
            _ = try opened.item(at: items - 1)
            jumps.append(ContinuousClock.now - jump)
            _ = writer.state
        }
        print(
            "  in process: open median \(milliseconds(median(opens))) (bag-info, queue and index "
                + "\(milliseconds(median(indexes))); lock and journal the rest), "
                + "last item read + parse median \(milliseconds(median(jumps)))")
    }

    /// The built server in its own process, driven over loopback HTTP with keep-alive.
    private static func overHTTP(_ bundle: String, items: Int) throws {
        let quire = try QuireBinary.path()
        let server = Process()
        let pipe = Pipe()
        server.executableURL = URL(fileURLWithPath: quire)
        server.arguments = ["annotate", bundle, "--no-open", "--port", "0"]
        server.standardOutput = pipe
        server.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var line: [UInt8] = []
        let handle = pipe.fileHandleForReading
        while line.last != 0x0A {
            let byte = handle.readData(ofLength: 1)
            guard let first = byte.first else { throw BenchError(description: "annotate printed no URL") }
            line.append(first)
        }
        let startup = ContinuousClock.now - started
        let url = String(decoding: line.dropLast(), as: UTF8.self)
        guard let portText = url.split(separator: ":").last?.split(separator: "/").first, let port = UInt16(portText),
            let token = url.split(separator: "=").last
        else { throw BenchError(description: "bad URL \(url)") }
        let client = try LoopbackHTTPClient(port: port)
        let host = ("Host", "127.0.0.1:\(port)")
        let signIn = try client.sendBlocking("GET", "/?token=\(token)", headers: [host])
        guard let cookie = signIn.header("Set-Cookie")?.split(separator: ";").first.map(String.init) else {
            throw BenchError(description: "no cookie: \(signIn)")
        }
        let get = [host, ("Cookie", cookie)]
        let post =
            get + [("Origin", "http://127.0.0.1:\(port)"), ("X-Quire", "1"), ("Content-Type", "application/json")]
        let first = try client.sendBlocking("GET", "/api/items/\(items - 1)", headers: get)
        let firstItem = ContinuousClock.now - started
        guard first.status == 200 else { throw BenchError(description: "item fetch: \(first)") }
        print(
            "  quire annotate: URL printed \(milliseconds(startup)) after spawn, last item served "
                + "\(milliseconds(firstItem)) after spawn, RSS \(residentMegabytes(of: server.processIdentifier)) MB")

        var rng = SplitMix64(seed: 11)
        var fetchTimes: [Duration] = []
        for _ in 0..<fetches {
            let position = Int.random(in: 0..<items, using: &rng)
            let start = ContinuousClock.now
            let response = try client.sendBlocking("GET", "/api/items/\(position)", headers: get)
            fetchTimes.append(ContinuousClock.now - start)
            guard response.status == 200 else { throw BenchError(description: "fetch: \(response)") }
        }
        report("GET /api/items/N (fetch + parse + render JSON, over HTTP)", fetchTimes)

        var saveTimes: [Duration] = []
        let ids = try AnnotationBundle(directory: bundle).index.ids
        for index in 0..<saves {
            let body = JSONValue.object([
                "item": .string(ids[Int.random(in: 0..<items, using: &rng)]), "type": .string("score.set"),
                "payload": .object(["name": .string("correctness"), "value": .int(index % 5 + 1)]),
            ])
            let start = ContinuousClock.now
            let response = try client.sendBlocking("POST", "/api/events", headers: post, body: JSONWriter().bytes(body))
            saveTimes.append(ContinuousClock.now - start)
            guard response.status == 200 else { throw BenchError(description: "save: \(response)") }
        }
        report("POST /api/events (validate + write + fsync + answer, over HTTP)", saveTimes)

        var pageTimes: [Duration] = []
        for target in ["/api/items?offset=\(items - 50)&limit=50", "/api/items?status=open&offset=50000&limit=50"] {
            for _ in 0..<20 {
                let start = ContinuousClock.now
                let response = try client.sendBlocking("GET", target, headers: get)
                pageTimes.append(ContinuousClock.now - start)
                guard response.status == 200 else { throw BenchError(description: "table: \(response)") }
            }
        }
        report("GET /api/items table pages (plain and status-filtered)", pageTimes)
        print("  server RSS after the run: \(residentMegabytes(of: server.processIdentifier)) MB")
    }

    private static func report(_ what: String, _ times: [Duration]) {
        let sorted = times.sorted()
        let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        print(
            "  \(what): n=\(times.count) p50 \(milliseconds(sorted[sorted.count / 2])) p99 \(milliseconds(p99)) "
                + "max \(milliseconds(sorted[sorted.count - 1]))")
    }

    private static func median(_ times: [Duration]) -> Duration { times.sorted()[times.count / 2] }

    private static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", value)
    }

    /// `VmHWM` (peak resident set) of a process, from `/proc`.
    private static func residentMegabytes(of pid: Int32) -> String {
        guard let status = try? FileSystem.readText("/proc/\(pid)/status") else { return "?" }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return String(format: "%.1f (peak)", Double(kilobytes) / 1024)
        }
        return "?"
    }

    private static var sharedDirectory: String {
        FileSystem.join(FileSystem.parent(of: FixturePaths.repositoryRoot), "shared")
    }
}
