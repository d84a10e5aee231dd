public import QuireModel

/// A parsed, type-checked filter expression (docs/filter.md), such as
/// `environment == "production" and "support" in tags and latency_ms > 2000`.
///
/// Parse once, then make a ``FilterEvaluator`` per task and call it per trace: nothing is re-parsed.
/// Two expressions are equal when their syntax trees are, whatever the spacing or quoting of the source.
public struct FilterExpression: Sendable, Hashable, CustomStringConvertible {
    let root: FilterNode
    /// The expression as written.
    public let source: String

    init(root: FilterNode, source: String) {
        self.root = root
        self.source = source
    }

    /// Parses and checks an expression.
    /// - Parameter text: the expression.
    /// - Returns: the expression.
    /// - Throws: ``FilterSyntaxError`` with the line and column inside `text`.
    public static func parse(_ text: String) throws -> FilterExpression {
        try checked(text)
    }

    /// ``parse(_:)`` with its error type, for callers inside the module.
    static func checked(_ text: String) throws(FilterSyntaxError) -> FilterExpression {
        var parser = try FilterParser(text)
        return FilterExpression(root: try parser.parse(), source: text)
    }

    /// Equal when the syntax trees are equal.
    public static func == (lhs: FilterExpression, rhs: FilterExpression) -> Bool { lhs.root == rhs.root }

    /// Hashes the syntax tree.
    public func hash(into hasher: inout Hasher) { hasher.combine(root) }

    /// The normal form: lowercase keywords, double-quoted strings, parentheses only where needed.
    ///
    /// Parsing it gives an equal expression; it is what `queue check` shows and what provenance records.
    public var description: String { FilterPrinter.print(root) }

    /// The fields the expression reads, as written in filters (`latency_ms`, `metadata.channel`), sorted.
    public var fieldNames: [String] {
        var fields: [FilterField] = []
        root.collectFields(into: &fields)
        return Set(fields.map(FilterPrinter.spelling)).sorted()
    }

    /// Whether every field read sits at the top level of a native line (`id`, `name`, `environment`, `userId`,
    /// `sessionId`, `release`, `version`, `tags`, `metadata.*`, `timestamp`), so
    /// ``FilterEvaluator/matches(topLevel:)`` can decide without building a ``Trace``.
    public var readsTopLevelOnly: Bool {
        var fields: [FilterField] = []
        root.collectFields(into: &fields)
        return fields.allSatisfy(\.isTopLevel)
    }

    /// An evaluator for this expression, with its regular expressions compiled.
    /// - Returns: the evaluator; make one per task, since compiled regexes cannot be shared across tasks.
    public func makeEvaluator() -> FilterEvaluator {
        FilterEvaluator(expression: self)
    }
}

/// Evaluates one ``FilterExpression`` against traces, many times.
///
/// Not `Sendable`: Swift's `Regex` is not, so each task makes its own evaluator with
/// ``FilterExpression/makeEvaluator()``. Regular expressions are compiled once, when the evaluator is made.
public struct FilterEvaluator {
    /// The expression evaluated.
    public let expression: FilterExpression
    private let root: CompiledFilter
    /// Whether ``matches(topLevel:)`` can decide; see ``FilterExpression/readsTopLevelOnly``.
    public let canEvaluateTopLevel: Bool

    init(expression: FilterExpression) {
        self.expression = expression
        self.root = CompiledFilter(expression.root)
        self.canEvaluateTopLevel = expression.readsTopLevelOnly
    }

    /// Whether a trace passes the filter.
    /// - Parameter trace: the trace.
    /// - Returns: true when it passes.
    /// - Complexity: O(size of the expression × observations and scores of the fields it reads).
    public func matches(_ trace: Trace) -> Bool {
        root.evaluate(TraceFilterSubject(trace: trace))
    }

    /// Whether a native line passes, read from its parsed top-level object without building a ``Trace``.
    ///
    /// Gives the same answer as ``matches(_:)`` on the trace the line holds.
    /// - Parameter object: the line's top-level JSON object.
    /// - Returns: the answer, or nil when the expression reads fields beyond the top level
    ///   (``canEvaluateTopLevel`` is false), so the caller must build the trace.
    public func matches(topLevel object: JSONObject) -> Bool? {
        guard canEvaluateTopLevel else { return nil }
        return root.evaluate(ObjectFilterSubject(object: object))
    }
}

/// The tree with literals turned into run-time values and patterns compiled.
private indirect enum CompiledFilter {
    enum Operand {
        case field(FilterField)
        case constant(FilterValue)
    }

    case or(CompiledFilter, CompiledFilter)
    case and(CompiledFilter, CompiledFilter)
    case not(CompiledFilter)
    case compare(Operand, FilterOperator, Operand)
    case matches(FilterField, Regex<AnyRegexOutput>)
    case exists(FilterField)
    /// Only for a pattern that compiled at parse time and not now, which cannot happen; it matches nothing.
    case never

    init(_ node: FilterNode) {
        func operand(_ operand: FilterOperand) -> Operand {
            switch operand {
            case .field(let field): .field(field)
            case .literal(let literal): .constant(FilterValue(literal))
            case .list(let elements): .constant(.list(elements.map(FilterValue.init)))
            }
        }
        switch node {
        case .or(let left, let right): self = .or(CompiledFilter(left), CompiledFilter(right))
        case .and(let left, let right): self = .and(CompiledFilter(left), CompiledFilter(right))
        case .not(let inner): self = .not(CompiledFilter(inner))
        case .compare(let left, let op, let right): self = .compare(operand(left), op, operand(right))
        case .exists(let field): self = .exists(field)
        case .matches(let left, let pattern):
            guard case .field(let field) = left, let regex = try? FilterPattern.compile(pattern) else {
                self = .never
                return
            }
            self = .matches(field, regex)
        }
    }

    func evaluate(_ subject: some FilterSubject) -> Bool {
        switch self {
        case .or(let left, let right):
            return left.evaluate(subject) || right.evaluate(subject)
        case .and(let left, let right):
            return left.evaluate(subject) && right.evaluate(subject)
        case .not(let inner):
            return !inner.evaluate(subject)
        case .exists(let field):
            return subject.value(of: field) != nil
        case .never:
            return false
        case .matches(let field, let regex):
            guard let value = subject.value(of: field) else { return false }
            return Self.search(regex, in: value)
        case .compare(let leftOperand, let op, let rightOperand):
            // A missing side makes every comparison false, so `!=` (the negation of `==`) is true.
            guard let left = Self.value(leftOperand, subject), let right = Self.value(rightOperand, subject) else {
                return op == .notEqual
            }
            switch op {
            case .equal: return FilterValue.equal(left, right)
            case .notEqual: return !FilterValue.equal(left, right)
            case .less, .lessOrEqual, .greater, .greaterOrEqual: return FilterValue.satisfies(left, op, right)
            case .in: return FilterValue.contains(right, left)
            case .contains: return FilterValue.contains(left, right)
            }
        }
    }

    private static func value(_ operand: Operand, _ subject: some FilterSubject) -> FilterValue? {
        switch operand {
        case .field(let field): subject.value(of: field)
        case .constant(let value): value
        }
    }

    private static func search(_ regex: Regex<AnyRegexOutput>, in value: FilterValue) -> Bool {
        switch value {
        case .string(let text): FilterPattern.search(regex, in: text)
        case .list(let elements): elements.contains { search(regex, in: $0) }
        default: false
        }
    }
}
