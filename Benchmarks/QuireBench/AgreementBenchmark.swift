import Foundation
import QuireAgreement
import QuireIO
import QuireModel

/// Krippendorff's α at the four levels on 10k and 100k items × 5 reviewers with 20% missing, beside the
/// `krippendorff` Python package on the same data (DESIGN.md §7: ≥ 5× faster, equal to 1e-9).
///
/// The Python side runs `Benchmarks/scripts/krippendorff_bench.py` with the interpreter at
/// `QUIRE_BENCH_PYTHON`, else `.venv-bench/bin/python` (a venv with `krippendorff==0.9.0`); without
/// one, only the Swift times are printed.
enum AgreementBenchmark {
    static let reviewers = 5
    static let missing = 0.2
    static let scale: [Double] = [1, 2, 3, 4, 5, 6, 7]
    static let repeats = 5

    static func run() throws {
        print("agreement: Krippendorff's α, \(reviewers) reviewers, \(Int(missing * 100))% missing, 7-point scale")
        var previous: [MeasurementLevel: Duration] = [:]
        for items in [10_000, 100_000] {
            let matrix = data(items: items, seed: 20_240_611)
            let buildStart = ContinuousClock.now
            let table = try RatingTable(numbers: ratings(matrix))
            let buildTime = ContinuousClock.now - buildStart
            print("\n\(items) items: table built from \(items * reviewers) rows in \(milliseconds(buildTime))")

            let python = try pythonAlphas(matrix)
            var rows = [["level", "quire", "krippendorff", "speed-up", "|Δα|", "α"]]
            var times: [MeasurementLevel: Duration] = [:]
            for level in MeasurementLevel.allCases {
                var alpha: Double?
                var best = Duration.seconds(3600)
                for _ in 0..<repeats {
                    let start = ContinuousClock.now
                    alpha = table.krippendorffAlpha(level: level).value
                    best = min(best, ContinuousClock.now - start)
                }
                times[level] = best
                var row = [level.rawValue, milliseconds(best), "—", "—", "—", alpha.map { "\($0)" } ?? "null"]
                if let reference = python?[level.rawValue] {
                    row[2] = milliseconds(.seconds(reference.seconds))
                    row[3] = String(format: "%.1f×", reference.seconds / seconds(best))
                    let difference = abs((alpha ?? .nan) - reference.alpha)
                    row[4] = String(format: "%.1e", difference) + (difference <= 1e-9 ? " ok" : " DIFFERENT")
                }
                rows.append(row)
            }
            print(columns(rows).joined(separator: "\n"))
            if !previous.isEmpty {
                let growth = MeasurementLevel.allCases.map { level in
                    "\(level.rawValue) \(String(format: "%.1f×", seconds(times[level] ?? .zero) / seconds(previous[level] ?? .zero)))"
                }
                print("growth from 10k to 100k items (linear is 10×): \(growth.joined(separator: ", "))")
            }
            previous = times

            for statistics in [[AgreementStatistic.krippendorffAlpha], [.fleissKappa]] {
                var generator = SeededGenerator(seed: 1)
                let start = ContinuousClock.now
                let intervals = table.bootstrapIntervals(
                    of: statistics, level: .interval, resamples: 1000, using: &generator)
                let elapsed = ContinuousClock.now - start
                let names = statistics.map(\.rawValue).joined(separator: " + ")
                let bounds = statistics.map { statistic in
                    intervals[statistic]?.value.map { String(format: "[%.4f, %.4f]", $0.lower, $0.upper) } ?? "none"
                }
                print(
                    "bootstrap 95% CI of \(names) (interval), 1000 resamples: \(bounds.joined(separator: " "))"
                        + " in \(milliseconds(elapsed))"
                )
            }
        }
    }

    /// Items × reviewers: each item has a true value; a reviewer gives it with probability 0.6, else a
    /// neighbour within two points, and leaves 20% of cells empty.
    static func data(items: Int, seed: UInt64) -> [[Double?]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<items).map { _ in
            let truth = Int.random(in: 0..<scale.count, using: &generator)
            return (0..<reviewers).map { _ -> Double? in
                if Double.random(in: 0..<1, using: &generator) < missing { return nil }
                if Double.random(in: 0..<1, using: &generator) < 0.6 { return scale[truth] }
                let shifted = truth + [-2, -1, 1, 2][Int.random(in: 0..<4, using: &generator)]
                return scale[min(max(shifted, 0), scale.count - 1)]
            }
        }
    }

    static func ratings(_ matrix: [[Double?]]) -> [Rating<Double>] {
        var rows: [Rating<Double>] = []
        rows.reserveCapacity(matrix.count * reviewers)
        for (item, values) in matrix.enumerated() {
            let name = "item-\(item)"
            for (reviewer, value) in values.enumerated() {
                rows.append(Rating(item: name, reviewer: "r\(reviewer)", value: value))
            }
        }
        return rows
    }

    /// α and the best time per level from the Python package, or nil when no interpreter is set up.
    static func pythonAlphas(_ matrix: [[Double?]]) throws -> [String: (alpha: Double, seconds: Double)]? {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["QUIRE_BENCH_PYTHON"] ?? ".venv-bench/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("krippendorff package: skipped (no \(python); set QUIRE_BENCH_PYTHON)")
            return nil
        }
        let script = FileSystem.join(
            FileSystem.parent(of: FileSystem.parent(of: #filePath)), "scripts/krippendorff_bench.py")
        let directory = try FileSystem.makeTemporaryDirectory(in: FileSystem.temporaryDirectory, prefix: "quire-bench-")
        defer { try? FileSystem.removeTree(directory) }
        let matrixPath = FileSystem.join(directory, "matrix.csv")
        var text = ""
        for reviewer in 0..<reviewers {
            text += matrix.map { $0[reviewer].map { String(Int($0)) } ?? "nan" }.joined(separator: ",") + "\n"
        }
        try FileSystem.writeAtomically(text, to: matrixPath)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, matrixPath, "--repeat", "3"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: bytes) as? [String: Any],
            let levels = object["levels"] as? [String: [String: Double]]
        else {
            print("krippendorff package: failed (status \(process.terminationStatus))")
            return nil
        }
        return levels.compactMapValues { entry in
            guard let alpha = entry["alpha"], let seconds = entry["seconds"] else { return nil }
            return (alpha, seconds)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.2f ms", seconds(duration) * 1000)
    }

    static func columns(_ rows: [[String]]) -> [String] {
        var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }
            .joined().trimmingCharacters(in: .whitespaces)
        }
    }
}
