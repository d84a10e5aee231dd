import QuireAgreement
public import QuireModel

extension MergeResult {
    /// The format of `merge.json`, for readers that check it.
    public static let format = "quire-merge/1"

    /// `merge.json`: what was merged and how, in the key order of `docs/dataset.md` (plus `format` and `seed`).
    public var manifestJSON: JSONValue {
        .object([
            "format": .string(Self.format),
            "packId": .string(packID),
            "queue": .string(queue),
            "policy": .string(policy.description),
            "tolerance": tolerance.map(JSONValue.double) ?? .null,
            "seed": .number(JSONNumber(literal: String(seed))),
            "bundles": .array(bundles.map(\.json)),
            "items": .int(itemLines.count),
            "generatedAt": .string(generatedAt.canonicalText),
            "scores": .array(scoreConfigs.map(\.json)),
        ])
    }

    /// `agreement.json`: `{"scores": {NAME: {level, …the keys of quire agree --json}}}`, keys sorted.
    public var agreementJSON: JSONValue {
        .object(["scores": .object(JSONObject(agreement.map { ($0.name, $0.report.jsonValue) }))])
    }

    /// The files of the output directory except the report and the adjudication bundle, by name.
    /// - Returns: `merge.json`, `items.jsonl`, `scores.jsonl`, `consensus.jsonl`, `agreement.json`.
    public func dataFiles() -> [(name: String, bytes: [UInt8])] {
        MergeDataFile.allCases.map { ($0.rawValue, bytes(of: $0)) }
    }

    /// The bytes of one data file.
    /// - Parameter file: which.
    /// - Returns: its content.
    func bytes(of file: MergeDataFile) -> [UInt8] {
        let writer = JSONWriter()
        switch file {
        case .manifest:
            return IndentedJSON.bytes(manifestJSON)
        case .items:
            var items: [UInt8] = []
            items.reserveCapacity(itemLines.reduce(0) { $0 + $1.count + 1 })
            for line in itemLines {
                items.append(contentsOf: line)
                items.append(0x0A)
            }
            return items
        case .scores:
            return Self.lines(count: scores.count, bytesPerLine: 160) { index, out in
                scores[index].write(into: &out, with: writer)
            }
        case .consensus:
            return Self.lines(count: consensus.count, bytesPerLine: 100) { index, out in
                consensus[index].write(into: &out, with: writer)
            }
        case .agreement:
            return IndentedJSON.bytes(agreementJSON, sortsKeys: true)
        }
    }
}

extension MergeResult {
    /// JSON Lines: one line per row, each written by `write`.
    private static func lines(
        count: Int, bytesPerLine: Int, _ write: (Int, inout [UInt8]) -> Void
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * bytesPerLine)
        for index in 0..<count {
            write(index, &out)
            out.append(0x0A)
        }
        return out
    }
}

/// The output files a merge writes besides the report and the adjudication bundle, in `dataFiles()` order.
enum MergeDataFile: String, CaseIterable, Sendable {
    case manifest = "merge.json"
    case items = "items.jsonl"
    case scores = "scores.jsonl"
    case consensus = "consensus.jsonl"
    case agreement = "agreement.json"
}
