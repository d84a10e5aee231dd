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
        let writer = JSONWriter()
        var scoreLines: [UInt8] = []
        scoreLines.reserveCapacity(scores.count * 160)
        for score in scores {
            score.write(into: &scoreLines, with: writer)
            scoreLines.append(0x0A)
        }
        var consensusLines: [UInt8] = []
        consensusLines.reserveCapacity(consensus.count * 100)
        for row in consensus {
            row.write(into: &consensusLines, with: writer)
            consensusLines.append(0x0A)
        }
        var items: [UInt8] = []
        items.reserveCapacity(itemLines.reduce(0) { $0 + $1.count + 1 })
        for line in itemLines {
            items.append(contentsOf: line)
            items.append(0x0A)
        }
        return [
            ("merge.json", IndentedJSON.bytes(manifestJSON)),
            ("items.jsonl", items),
            ("scores.jsonl", scoreLines),
            ("consensus.jsonl", consensusLines),
            ("agreement.json", IndentedJSON.bytes(agreementJSON, sortsKeys: true)),
        ]
    }
}
