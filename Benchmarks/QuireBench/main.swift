// `QuireBench NAME…` runs the named benchmarks, or all of them without a name. Add a benchmark by
// adding its entry here; each prints its own results to standard output.
let benchmarks: [(name: String, run: () async throws -> Void)] = [
    ("agreement", AgreementBenchmark.run),
    ("annotate", AnnotateBenchmark.run),
    ("import", ImportBenchmark.run),
    ("pack", PackBenchmark.run),
    ("merge", MergeBenchmark.run),
]

let requested = Array(CommandLine.arguments.dropFirst())
let unknown = requested.filter { name in !benchmarks.contains { $0.name == name } }
if !unknown.isEmpty {
    print(
        "unknown benchmark: \(unknown.joined(separator: ", ")); known: \(benchmarks.map(\.name).joined(separator: ", "))"
    )
} else {
    for benchmark in benchmarks where requested.isEmpty || requested.contains(benchmark.name) {
        do {
            try await benchmark.run()
        } catch {
            print("\(benchmark.name): failed: \(error)")
        }
    }
}
