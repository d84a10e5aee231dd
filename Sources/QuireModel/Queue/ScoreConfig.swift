/// What reviewers score and how: one control in the page, one column in the dataset (DESIGN.md §1).
///
/// The rules match Langfuse's score configs, so scores export to Langfuse without rework.
public struct ScoreConfig: Sendable, Equatable {
    /// The kind of value a score takes.
    public enum Kind: String, Sendable, CaseIterable {
        /// A number, optionally bounded and stepped.
        case numeric
        /// One label out of a list, each with a numeric value.
        case categorical
        /// True or false (Langfuse: categories True=1, False=0).
        case boolean
        /// Free text.
        case text
        /// The reviewer's corrected output (Braintrust's "expected").
        case correction

        /// Langfuse's data type for the kind (`NUMERIC`, `CATEGORICAL`, `BOOLEAN`, `TEXT`).
        public var dataType: String {
            switch self {
            case .numeric: "NUMERIC"
            case .categorical: "CATEGORICAL"
            case .boolean: "BOOLEAN"
            case .text, .correction: "TEXT"
            }
        }
    }

    /// What a score is attached to.
    public enum Target: String, Sendable, CaseIterable {
        /// The whole trace.
        case trace
        /// One observation.
        case observation
        /// The session the trace belongs to.
        case session
    }

    /// The measurement level agreement uses for a score.
    public enum Level: String, Sendable, CaseIterable {
        /// Unordered categories.
        case nominal
        /// Ordered categories.
        case ordinal
        /// Differences meaningful.
        case interval
        /// Ratios meaningful, true zero.
        case ratio
    }

    /// One option of a categorical score.
    public struct Category: Sendable, Equatable {
        /// The label shown and exported.
        public var label: String
        /// The numeric value Langfuse stores.
        public var value: Double

        /// Creates a category.
        /// - Parameters:
        ///   - label: the label.
        ///   - value: its numeric value.
        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// The name; 1–35 characters of letters, digits and `_ .()-`.
    public var name: String
    /// The kind of value.
    public var kind: Kind
    /// Guidance for reviewers.
    public var description: String?
    /// The smallest allowed numeric value.
    public var minimum: Double?
    /// The largest allowed numeric value.
    public var maximum: Double?
    /// The step between numeric values (1 for a 1–5 scale).
    public var step: Double?
    /// The options of a categorical or boolean score.
    public var categories: [Category]
    /// The longest allowed text.
    public var maximumLength: Int?
    /// What the score is attached to.
    public var target: Target
    /// Overrides the agreement level (numeric: ordinal or ratio instead of interval).
    public var level: Level?
    /// Whether categorical options are ordered (agreement then uses the ordinal level).
    public var isOrdered: Bool
    /// A stable id derived at pack time, exported as Langfuse's `configId`.
    public var id: String?

    /// Creates a config; boolean configs get Langfuse's True=1/False=0 categories.
    /// - Parameters:
    ///   - name: the name.
    ///   - kind: the kind.
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
        self.description = nil
        self.minimum = nil
        self.maximum = nil
        self.step = nil
        self.categories = kind == .boolean ? Self.booleanCategories : []
        self.maximumLength = nil
        self.target = .trace
        self.level = nil
        self.isOrdered = false
        self.id = nil
    }

    /// Langfuse's fixed boolean categories.
    public static let booleanCategories = [Category(label: "True", value: 1), Category(label: "False", value: 0)]

    /// The level agreement statistics use (DESIGN.md §5): numeric → interval unless set; categorical → nominal
    /// unless ordered; boolean → nominal; text has none.
    public var agreementLevel: Level? {
        switch kind {
        case .numeric: level ?? .interval
        case .categorical: level ?? (isOrdered ? .ordinal : .nominal)
        case .boolean: .nominal
        case .text, .correction: nil
        }
    }
}
