import Foundation
import QuireIO
import QuireImport
import QuireModel

/// Import throughput (DESIGN.md §7: filter + sample 1 GB of native JSONL at ≥ 2× `jq -c 'select(…)'`, peak
/// RSS < 150 MB): the native reader at each level (lines, JSON, traces), the pack-style fast path (parse
/// every line, filter on top-level fields, sample by SHA-256, build traces only for kept lines) beside `jq`,
/// and each format's importer on inputs made by repeating the real samples with fresh ids.
///
/// Input: `gen_traces.py` output, generated once into `bench-out/import/` (`QUIRE_BENCH_IMPORT_COUNT`
/// traces, default 25,000 ≈ 108 MB; 250,000 gives ≈ 1.09 GB), or the file named by `QUIRE_BENCH_TRACES`.
enum ImportBenchmark {
    static let repeats = 3

    /// The native passes, then each importer; with `QUIRE_BENCH_IMPORT_ONLY=native` the native passes only, so
    /// `/usr/bin/time -v` shows their own peak RSS.
    static func run() throws {
        let directory = try runNative()
        if ProcessInfo.processInfo.environment["QUIRE_BENCH_IMPORT_ONLY"] == "native" { return }
        try runImporters(directory: directory)
    }

    /// The native passes: reader levels, the pack-style fast path and `jq`.
    @discardableResult
    static func runNative() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let repository = FileSystem.parent(of: FileSystem.parent(of: FileSystem.parent(of: #filePath)))
        let shared = FileSystem.join(FileSystem.parent(of: repository), "shared")
        let directory = FileSystem.join(repository, "bench-out/import")
        try FileSystem.createDirectory(directory)
        let count = Int(environment["QUIRE_BENCH_IMPORT_COUNT"] ?? "") ?? 25_000
        let path = environment["QUIRE_BENCH_TRACES"] ?? FileSystem.join(directory, "traces-\(count).jsonl")
        if !FileSystem.exists(path) {
            print("import: generating \(count) traces with gen_traces.py …")
            try BenchPaths.run(
                "/usr/bin/env",
                [
                    "python3", FileSystem.join(shared, "tools/gen_traces.py"), "--count", "\(count)", "--seed", "7",
                    "--out", path,
                ])
        }
        let size = try FileSystem.size(of: path)
        print("import: native JSONL \(megabytes(size)) MB (\(path))")

        try measure("lines only (LineReader)", bytes: size) {
            let lines = LineReader(source: try FileInput(path: path))
            var count = 0
            while try lines.next({ _, _ in true }) != nil { count += 1 }
            return "\(count) lines"
        }
        try measure("JSONParser per line", bytes: size) {
            let reader = NativeTraceReader(source: try FileInput(path: path))
            var count = 0
            while try reader.nextValue() != nil { count += 1 }
            return "\(count) values"
        }
        try measure("JSONParser + Trace(json:)", bytes: size) {
            let reader = NativeTraceReader(source: try FileInput(path: path))
            var count = 0
            while try reader.next() != nil { count += 1 }
            return "\(count) traces"
        }
        try measure("TraceSources (auto, normalised)", bytes: size) {
            var count = 0
            try TraceSources.read(paths: [path]) { _ in count += 1 }
            return "\(count) traces"
        }
        let fastPath = try measure("filter + sample fast path", bytes: size) {
            let reader = NativeTraceReader(source: try FileInput(path: path))
            var kept = 0
            var matched = 0
            while let line = try reader.nextValue() {
                guard case .string("production")? = line.value["environment"],
                    case .array(let tags)? = line.value["tags"], tags.contains(.string("support"))
                else { continue }
                matched += 1
                guard case .string(let id)? = line.value["id"], sampled(id, key: "bench", percent: 10) else {
                    continue
                }
                if try reader.trace(from: line) != nil { kept += 1 }
            }
            return "\(matched) matched, \(kept) kept"
        }
        var nativeUsage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &nativeUsage)
        print("  peak RSS after the native passes: \(nativeUsage.ru_maxrss / 1024) MB")
        if let jq = try? measure(
            "jq -c 'select(.environment==\"production\" and (.tags|index(\"support\")))'", bytes: size, repeats: 1,
            {
                try BenchPaths.run(
                    "/usr/bin/env",
                    ["jq", "-c", #"select(.environment=="production" and (.tags|index("support")))"#, path],
                    discardingOutput: true)
                return ""
            })
        {
            print(String(format: "  fast path vs jq: %.1f×", jq / fastPath))
        }

        return directory
    }

    /// Each format's importer on inputs made by repeating a real sample with fresh ids.
    static func runImporters(directory: String) throws {
        let repository = FileSystem.parent(of: FileSystem.parent(of: FileSystem.parent(of: #filePath)))
        print("\nimporters on repeated real samples:")
        let samples = FileSystem.join(repository, "Tests/QuireImportTests/Fixtures/traces")
        let inputs: [(String, String, (String, Int) -> String)] = [
            ("langfuse", "langfuse/pydantic-ai-tools-2025-12-04.json", { text, index in text }),
            ("otlp", "otlp-genai/captured-openai-v2-support-agent.otlp.json", freshTraceIDs),
            ("openinference", "openinference/captured-openinference-openai-support-agent.otlp.json", freshTraceIDs),
            ("braintrust", "braintrust/langgraph-v1.log-payloads.json", freshSpanIDs),
        ]
        for (format, sample, vary) in inputs {
            let source = try FileSystem.readText(FileSystem.join(samples, sample))
            let compact = try JSONParser.parse(source).jsonText
            let copies = format == "langfuse" ? 5_000 : 10_000
            let file = FileSystem.join(directory, "\(format)-\(copies).jsonl")
            if !FileSystem.exists(file) {
                var lines = ""
                lines.reserveCapacity(compact.utf8.count * copies)
                for index in 0..<copies { lines += vary(compact, index) + "\n" }
                try FileSystem.writeAtomically(lines, to: file)
            }
            let bytes = try FileSystem.size(of: file)
            try measure("\(format) (\(megabytes(bytes)) MB)", bytes: bytes) {
                var count = 0
                try TraceSources.read(paths: [file], format: .forced(TraceFormat(rawValue: format) ?? .native)) { _ in
                    count += 1
                }
                return "\(count) traces"
            }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("\nimport: peak RSS including the grouping importers (whole inputs held) \(usage.ru_maxrss / 1024) MB")
    }

    /// Keeps a trace when the first 8 hex digits of SHA-256(`key:traceId`), mod 10000, are below percent × 100
    /// (DESIGN.md §2).
    static func sampled(_ id: String, key: String, percent: Int) -> Bool {
        let hex = SHA256.hex(of: "\(key):\(id)")
        guard let prefix = UInt64(hex.prefix(8), radix: 16) else { return false }
        return prefix % 10_000 < UInt64(percent * 100)
    }

    /// Each copy of an OTLP sample gets its own trace ids (the first 8 hex digits replaced by the copy number).
    static func freshTraceIDs(_ text: String, _ index: Int) -> String {
        var result = text
        for id in ["5c93783e", "27ed0696", "2f7fe84a", "84a1608a", "cb399474"] {
            result = result.replacingOccurrences(of: "\"\(id)", with: "\"" + String(format: "%08x", index))
        }
        return result
    }

    /// Each copy of a Braintrust sample gets its own placeholder span ids.
    static func freshSpanIDs(_ text: String, _ index: Int) -> String {
        text.replacingOccurrences(of: "<span:", with: "<span:\(index)-")
    }

    @discardableResult
    static func measure(
        _ label: String, bytes: Int, repeats: Int = ImportBenchmark.repeats, _ body: () throws -> String
    ) throws -> Double {
        var best = Double.infinity
        var note = ""
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            note = try body()
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let rate = Double(bytes) / best / 1e6
        print(
            "  " + label.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%8.1f MB/s  %7.3f s  %@", rate, best, note))
        return best
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }
}
