import QuireBundle
public import QuireModel

/// One line of `DIR/scores.jsonl`: one human's score, a reviewer's or an adjudicator's (DESIGN.md §5).
public struct MergedScore: Sendable, Equatable {
    /// The item id.
    public var item: String
    /// The score's name.
    public var name: String
    /// Langfuse's data type: `NUMERIC`, `CATEGORICAL`, `BOOLEAN` or `TEXT` (corrections are `TEXT`).
    public var dataType: String
    /// Number for numeric and boolean (1/0), label for categorical, text for text and corrections.
    public var value: JSONValue
    /// Who scored.
    public var reviewer: String
    /// When the value was last set.
    public var at: Timestamp
    /// The comment on the score.
    public var comment: String?
    /// Whether this is a lead's decision from an adjudication bundle (written as `"adjudication": true`).
    public var isAdjudication: Bool

    /// The line's JSON: `item, name, dataType, value, reviewer, at, comment`, then `adjudication: true` on
    /// adjudications only.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("item", .string(item)), ("name", .string(name)), ("dataType", .string(dataType)), ("value", value),
            ("reviewer", .string(reviewer)), ("at", .string(at.canonicalText)), ("comment", .optionalString(comment)),
        ]
        if isAdjudication { members.append(("adjudication", .bool(true))) }
        return .object(JSONObject(members))
    }

    /// Appends the line's JSON (the bytes of ``json``) without building the object: `scores.jsonl` has one
    /// line per answer, hundreds of thousands in a large merge.
    func write(into out: inout [UInt8], with writer: JSONWriter) {
        Seal.writeScoreMembers(
            item: item, name: name, dataType: dataType, value: value, reviewer: reviewer,
            at: Self.canonicalText(of: at), comment: comment, into: &out, with: writer)
        if isAdjudication { out.append(contentsOf: #","adjudication":true"#.utf8) }
        out.append(UInt8(ascii: "}"))
    }
}

extension MergedScore {
    /// `at.canonicalText`, taken from the text as read when that is already canonical (as the journal writer
    /// spells every instant): formatting an instant costs more than the rest of a line.
    static func canonicalText(of at: Timestamp) -> String {
        let isCanonical =
            at.text.utf8.withContiguousStorageIfAvailable { bytes in
                // `YYYY-MM-DDTHH:MM:SS.mmmZ`: digits except at the separators.
                guard bytes.count == 24 else { return false }
                for index in 0..<24 {
                    let byte = bytes[index]
                    let expected = canonicalSeparators[index]
                    if expected == 0 {
                        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
                    } else if byte != expected {
                        return false
                    }
                }
                // A leap second (:60) reads as the next minute, so its canonical spelling differs.
                return bytes[17] <= UInt8(ascii: "5")
            } ?? false
        return isCanonical ? at.text : at.canonicalText
    }

    /// The separator at each position of a canonical instant, 0 where a digit goes.
    private static let canonicalSeparators: [UInt8] = Array("0000-00-00T00:00:00.000Z".utf8).map {
        $0 == UInt8(ascii: "0") ? 0 : $0
    }
}

/// How an item × score was reconciled.
public enum ConsensusStatus: String, Sendable, Equatable, CaseIterable {
    /// The reviewers' answers reconcile under the policy.
    case agreed
    /// They do not; the value is null.
    case conflict
    /// A lead decided in an adjudication bundle.
    case adjudicated
}

/// One line of `DIR/consensus.jsonl`.
public struct ConsensusRow: Sendable, Equatable {
    /// The item id.
    public var item: String
    /// The score's name.
    public var name: String
    /// The reconciled value; null for a conflict.
    public var value: JSONValue
    /// How it was reconciled.
    public var status: ConsensusStatus
    /// How many people scored it, adjudicators included.
    public var count: Int
    /// Why it is a conflict, such as `tie 1–1` or `spread 2 > tolerance 1`; nil otherwise.
    ///
    /// Shown in the report; not written to `consensus.jsonl`.
    public var reason: String?

    /// The line's JSON: `item, name, value, status, n`.
    public var json: JSONValue {
        .object([
            "item": .string(item), "name": .string(name), "value": value, "status": .string(status.rawValue),
            "n": .int(count),
        ])
    }

    /// Appends the line's JSON (the bytes of ``json``) without building the object.
    func write(into out: inout [UInt8], with writer: JSONWriter) {
        out.append(contentsOf: #"{"item":"#.utf8)
        JSONWriter.writeString(item, into: &out)
        out.append(contentsOf: #","name":"#.utf8)
        JSONWriter.writeString(name, into: &out)
        out.append(contentsOf: #","value":"#.utf8)
        writer.write(value, into: &out)
        out.append(contentsOf: #","status":"#.utf8)
        JSONWriter.writeString(status.rawValue, into: &out)
        out.append(contentsOf: #","n":"#.utf8)
        out.append(contentsOf: String(count).utf8)
        out.append(UInt8(ascii: "}"))
    }
}
