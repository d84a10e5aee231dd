/// One line of a bundle's `data/items.jsonl`: what a reviewer scores (DESIGN.md §3).
public struct BundleItem: Sendable, Equatable {
    /// What the item's scores attach to.
    public struct Target: Sendable, Equatable {
        /// The trace scored (for a session, its newest trace).
        public var traceID: String
        /// The observation scored, for observation units.
        public var observationID: String?
        /// The session, for session units.
        public var sessionID: String?

        /// Creates a target.
        /// - Parameters:
        ///   - traceID: the trace.
        ///   - observationID: the observation, if any.
        ///   - sessionID: the session, if any.
        public init(traceID: String, observationID: String? = nil, sessionID: String? = nil) {
            self.traceID = traceID
            self.observationID = observationID
            self.sessionID = sessionID
        }
    }

    /// Why a classifier routed the trace to a human, shown beside it.
    public struct Flag: Sendable, Equatable {
        /// The classifier's name (`tool-call-errors`, `command:./judge.sh`).
        public var classifier: String
        /// Why it flagged the trace.
        public var reason: String
        /// A snippet of at most 160 characters showing the problem.
        public var evidence: String

        /// Creates a flag.
        /// - Parameters:
        ///   - classifier: the classifier's name.
        ///   - reason: why it flagged.
        ///   - evidence: a short snippet.
        public init(classifier: String, reason: String, evidence: String) {
            self.classifier = classifier
            self.reason = reason
            self.evidence = evidence
        }
    }

    /// Another reviewer's answer, shown in adjudication bundles (which are never blind).
    public struct Review: Sendable, Equatable {
        /// Who answered.
        public var reviewer: String
        /// The score's name.
        public var name: String
        /// The stored value.
        public var value: JSONValue
        /// Their comment.
        public var comment: String?

        /// Creates a review.
        /// - Parameters:
        ///   - reviewer: who answered.
        ///   - name: the score.
        ///   - value: the value.
        ///   - comment: their comment.
        public init(reviewer: String, name: String, value: JSONValue, comment: String?) {
            self.reviewer = reviewer
            self.name = name
            self.value = value
            self.comment = comment
        }
    }

    /// The id `quire score --item` takes: the trace id, session id, or `traceId/observationId`.
    public var id: String
    /// What the scores attach to.
    public var target: Target
    /// The trace shown.
    public var trace: Trace
    /// Classifier flags.
    public var flags: [Flag]
    /// Existing EVAL scores (hidden in blind mode).
    public var evalScores: [TraceScore]
    /// Other reviewers' answers, in adjudication bundles only.
    public var reviews: [Review]

    /// Creates an item.
    /// - Parameters:
    ///   - id: the item id.
    ///   - target: what scores attach to.
    ///   - trace: the trace.
    ///   - flags: classifier flags.
    ///   - evalScores: existing EVAL scores.
    ///   - reviews: other reviewers' answers (adjudication).
    public init(
        id: String, target: Target, trace: Trace, flags: [Flag] = [], evalScores: [TraceScore] = [],
        reviews: [Review] = []
    ) {
        self.id = id
        self.target = target
        self.trace = trace
        self.flags = flags
        self.evalScores = evalScores
        self.reviews = reviews
    }

    /// The item as one JSON line's value.
    public var json: JSONValue {
        var target: [(String, JSONValue)] = [("traceId", .string(self.target.traceID))]
        if let observationID = self.target.observationID { target.append(("observationId", .string(observationID))) }
        if let sessionID = self.target.sessionID { target.append(("sessionId", .string(sessionID))) }
        var members: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("target", .object(JSONObject(target))),
            ("trace", trace.json),
            (
                "flags",
                .array(
                    flags.map {
                        .object([
                            "classifier": .string($0.classifier), "reason": .string($0.reason),
                            "evidence": .string($0.evidence),
                        ])
                    })
            ),
            ("evalScores", .array(evalScores.map(\.json))),
        ]
        if !reviews.isEmpty {
            members.append(
                (
                    "reviews",
                    .array(
                        reviews.map {
                            .object([
                                "reviewer": .string($0.reviewer), "name": .string($0.name), "value": $0.value,
                                "comment": .optionalString($0.comment),
                            ])
                        })
                ))
        }
        return .object(JSONObject(members))
    }

    /// Reads an item from its JSON line.
    /// - Parameter json: the value.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        id = try reader.requiredString("id")
        let target = try JSONFieldReader(reader.object("target"), path: "target")
        self.target = Target(
            traceID: try target.requiredString("traceId"),
            observationID: try target.optionalString("observationId"),
            sessionID: try target.optionalString("sessionId"))
        guard let traceValue = reader.object["trace"] else { throw FieldError(field: "trace", reason: "missing") }
        do {
            trace = try Trace(json: traceValue)
        } catch {
            throw FieldError(field: "trace." + error.field, reason: error.reason)
        }
        var flags: [Flag] = []
        for (index, element) in try reader.array("flags").enumerated() {
            let flag = try JSONFieldReader(element, path: "flags[\(index)]")
            flags.append(
                Flag(
                    classifier: try flag.requiredString("classifier"), reason: try flag.optionalString("reason") ?? "",
                    evidence: try flag.optionalString("evidence") ?? ""))
        }
        self.flags = flags
        var evalScores: [TraceScore] = []
        for (index, element) in try reader.array("evalScores").enumerated() {
            evalScores.append(try TraceScore(json: element, path: "evalScores[\(index)]"))
        }
        self.evalScores = evalScores
        var reviews: [Review] = []
        for (index, element) in try reader.array("reviews").enumerated() {
            let review = try JSONFieldReader(element, path: "reviews[\(index)]")
            reviews.append(
                Review(
                    reviewer: try review.requiredString("reviewer"), name: try review.requiredString("name"),
                    value: review.object["value"] ?? .null, comment: try review.optionalString("comment")))
        }
        self.reviews = reviews
    }
}
