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
        let bytes = Array(at.text.utf8)
        guard bytes.count == 24 else { return at.canonicalText }
        let separators: [(Int, UInt8)] = [
            (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")), (10, UInt8(ascii: "T")), (13, UInt8(ascii: ":")),
            (16, UInt8(ascii: ":")), (19, UInt8(ascii: ".")), (23, UInt8(ascii: "Z")),
        ]
        for (index, byte) in separators where bytes[index] != byte { return at.canonicalText }
        for index in 0..<23 where !separators.contains(where: { $0.0 == index }) {
            guard bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return at.canonicalText }
        }
        // A leap second (:60) reads as the next minute, so its canonical spelling differs.
        guard bytes[17] <= UInt8(ascii: "5") else { return at.canonicalText }
        return at.text
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
