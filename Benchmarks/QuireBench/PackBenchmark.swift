import Foundation
import QuireIO

#if canImport(Glibc)
    import Glibc
#endif

/// `quire pack` with a filter and 10% sampling over ≥ 1 GB of native JSONL, beside `jq -c 'select(…)'` with
/// the same filter on the same file in the same run (DESIGN.md §7: ≥ 2× jq's throughput, peak RSS < 150 MB).
///
/// The input comes from `shared/tools/gen_traces.py` (250,000 traces, ~1.09 GB) and is cached in
/// `QUIRE_BENCH_DATA` (default `bench-out/`). Both tools run as child processes of this one, so their peak
/// RSS is read from `getrusage(RUSAGE_CHILDREN)` after each finishes, quire first.
enum PackBenchmark {
    static let filter = #"environment == "production" and "support" in tags"#
    static let jqFilter = #"select(.environment == "production" and ((.tags // []) | index("support")))"#

    static func run() throws {
        let directory = ProcessInfo.processInfo.environment["QUIRE_BENCH_DATA"] ?? "bench-out"
        try FileSystem.createDirectory(directory)
        let traces = FileSystem.join(directory, "traces-250k.jsonl")
        if !FileSystem.exists(traces) {
            print("pack: generating 250,000 traces into \(traces) (about 80 s)…")
            let generator = FileSystem.join(BenchPaths.shared, "tools/gen_traces.py")
            try BenchPaths.run(
                "/usr/bin/env", ["python3", generator, "--count", "250000", "--seed", "7", "--out", traces])
        }
        let size = try FileSystem.size(of: traces)
        let queue = FileSystem.join(directory, "pack-bench.yaml")
        try FileSystem.writeAtomically(
            """
            name: pack-bench
            instructions: "Score the answer."
            sources: [{ path: \(FileSystem.lastComponent(of: traces)) }]
            filter: '\(filter)'
            sample: { percent: 10, key: bench }
            scores: [{ name: correctness, type: numeric, min: 1, max: 5, step: 1 }]
            reviewers: [ana, ben]
            overlap: 1

            """, to: queue)
        let quire = BenchPaths.sibling("quire")
        let out = FileSystem.join(directory, "pack-out")
        try FileSystem.removeTree(out)

        print("pack: \(String(format: "%.2f", Double(size) / 1e9)) GB of native JSONL, filter `\(filter)`, 10% sample")
        let quireStart = ContinuousClock.now
        try BenchPaths.run(quire, ["pack", queue, "--out", out, "--time", "2026-11-23T00:00:00Z", "--json"])
        let quireTime = ContinuousClock.now - quireStart
        let quireRSS = BenchPaths.peakChildRSS()

        let jqStart = ContinuousClock.now
        try BenchPaths.run("/usr/bin/jq", ["-c", jqFilter, traces], discardingOutput: true)
        let jqTime = ContinuousClock.now - jqStart

        let quireSeconds = BenchPaths.seconds(quireTime)
        let jqSeconds = BenchPaths.seconds(jqTime)
        print(
            BenchPaths.columns([
                ["tool", "time", "throughput", "peak RSS"],
                [
                    "quire pack", String(format: "%.2f s", quireSeconds),
                    String(format: "%.0f MB/s", Double(size) / 1e6 / quireSeconds),
                    String(format: "%.0f MB", Double(quireRSS) / 1e6),
                ],
                [
                    "jq -c 'select(…)'", String(format: "%.2f s", jqSeconds),
                    String(format: "%.0f MB/s", Double(size) / 1e6 / jqSeconds), "—",
                ],
            ]).joined(separator: "\n"))
        let ratio = jqSeconds / quireSeconds
        print(
            String(
                format: "ratio: quire is %.1f× jq's throughput (target ≥ 2×): %@; peak RSS %@ 150 MB", ratio,
                ratio >= 2 ? "met" : "NOT MET", quireRSS < 150_000_000 ? "<" : "NOT <"))
    }
}

/// Paths, child processes and formatting shared by the benchmarks.
enum BenchPaths {
    /// `../shared` beside the repository (the benchmark runs from the repository root).
    static var shared: String {
        ProcessInfo.processInfo.environment["QUIRE_SHARED"] ?? "../shared"
    }

    /// An executable built beside this benchmark (`.build/release/quire`).
    static func sibling(_ name: String) -> String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return FileSystem.join(FileSystem.parent(of: me), name)
    }

    /// Runs a program to completion; its standard output is dropped when asked, else inherited.
    static func run(_ executable: String, _ arguments: [String], discardingOutput: Bool = false) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if discardingOutput { process.standardOutput = FileHandle.nullDevice }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError(
                description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }

    /// The largest peak RSS of any finished child, in bytes.
    static func peakChildRSS() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func columns(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset] + 2, withPad: " ", startingAt: 0) }
                .joined().trimmingCharacters(in: .whitespaces)
        }
    }
}

/// A benchmark step that failed.
struct BenchError: Error, CustomStringConvertible {
    var description: String
}
