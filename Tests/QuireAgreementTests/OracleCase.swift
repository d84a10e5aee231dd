import Foundation
import QuireAgreement
import QuireModel
import QuireTestSupport
import Testing

/// One case of a vectors directory written by `shared/oracles` (`gen_vectors.py`, `make_edge_cases.py`).
struct OracleCase: Sendable, CustomTestStringConvertible {
    var directory: String
    var file: String
    var level: MeasurementLevel
    var arguments: [String]
    var expected: JSONObject

    var testDescription: String { "\(directory)/\(file) (\(level.rawValue))" }

    /// The `--score` argument, if any.
    var score: String? {
        guard let flag = arguments.firstIndex(of: "--score"), flag + 1 < arguments.count else { return nil }
        return arguments[flag + 1]
    }

    /// The expected exit status for an error case, or nil for a case with expected values.
    var expectedExit: Int? { expected["exit"]?.intValue }

    var path: String { FixturePaths.fixtures(of: "QuireAgreementTests") + "/\(directory)/\(file)" }

    func bytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// What `quire agree FILE --level L [--score S] --json` computes, through the library alone.
    func report() throws -> AgreementReport {
        let csv = try RatingCSV(parsing: try bytes(), path: file)
        let table = try RatingTable(parsing: try csv.ratings(score: score), level: level)
        return AgreementReport(table: table, level: level)
    }

    /// Every case of a directory's `expected.jsonl`.
    static func all(in directory: String) -> [OracleCase] {
        let root = FixturePaths.fixtures(of: "QuireAgreementTests") + "/\(directory)"
        guard let data = FileManager.default.contents(atPath: root + "/expected.jsonl") else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard let value = try? JSONValue(parsing: String(line)),
                let file = value["file"]?.stringValue,
                let level = value["level"]?.stringValue.flatMap(MeasurementLevel.init(rawValue:)),
                let expected = value["expected"]?.objectValue
            else { return nil }
            let arguments = value["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return OracleCase(directory: directory, file: file, level: level, arguments: arguments, expected: expected)
        }
    }
}

/// The exit status `QuireMain` gives a fault (DESIGN.md §6), restated so this target needs no CLI.
func exitStatus(for fault: Fault) -> Int {
    switch fault {
    case .usage: 64
    case .data: 65
    case .system: 1
    }
}

/// Differences between two JSON values, numbers compared to an absolute tolerance and null only equal
/// to null; empty when they match.
func differences(_ actual: JSONValue?, _ expected: JSONValue, at path: String, tolerance: Double) -> [String] {
    switch (actual, expected) {
    case (.some(.null), .null):
        return []
    case (.some(.number(let got)), .number(let want)):
        return abs(got.double - want.double) <= tolerance ? [] : ["\(path): \(got) ≠ \(want)"]
    case (.some(.string(let got)), .string(let want)):
        return got == want ? [] : ["\(path): \(got) ≠ \(want)"]
    case (.some(.object(let got)), .object(let want)):
        var found: [String] = []
        if Set(got.keys) != Set(want.keys) { found.append("\(path): keys \(got.keys) ≠ \(want.keys)") }
        for member in want {
            found += differences(got[member.key], member.value, at: "\(path).\(member.key)", tolerance: tolerance)
        }
        return found
    default:
        return ["\(path): \(actual.map(\.jsonText) ?? "missing") ≠ \(expected.jsonText)"]
    }
}

/// Quire's source location; Swift Testing has a type of the same name.
typealias SourceLocation = QuireModel.SourceLocation
