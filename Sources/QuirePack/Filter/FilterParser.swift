/// Recursive descent over filter tokens, precedence `or` < `and` < `not` < comparison (docs/filter.md "Grammar").
///
/// Types are checked here wherever both sides are known, so `latency_ms > "slow"` fails at parse time with a
/// column instead of silently matching nothing over a gigabyte of traces.
struct FilterParser {
    /// Deeper nesting is refused so hostile input cannot exhaust the stack.
    static let maximumDepth = 64

    static let levelNames = ["DEBUG", "DEFAULT", "WARNING", "ERROR"]

    private let lexer: FilterLexer
    private let tokens: [FilterToken]
    private var position = 0
    private var depth = 0

    init(_ expression: String) throws(FilterSyntaxError) {
        var lexer = FilterLexer(expression)
        tokens = try lexer.tokenize()
        self.lexer = lexer
    }

    private var current: FilterToken { tokens[position] }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func error(_ reason: String, at offset: Int) -> FilterSyntaxError {
        lexer.error(reason, at: offset)
    }

    private func quoted(_ token: FilterToken) -> String { "'\(lexer.text(of: token))'" }

    private var isAtEnd: Bool {
        if case .end = current.kind { return true }
        return false
    }

    private func isKeyword(_ keyword: FilterKeyword) -> Bool {
        current.kind == .keyword(keyword)
    }

    private func isSymbol(_ symbol: String) -> Bool {
        current.kind == .symbol(symbol)
    }

    mutating func parse() throws(FilterSyntaxError) -> FilterNode {
        if isAtEnd { throw error("the filter is empty", at: 0) }
        let node = try parseOr()
        if !isAtEnd {
            if isSymbol(")") { throw error("unexpected ')' without a matching '('", at: current.offset) }
            throw error("expected 'and' or 'or', found \(quoted(current))", at: current.offset)
        }
        return node
    }

    private mutating func enter(at offset: Int) throws(FilterSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("the filter is nested more than \(Self.maximumDepth) levels deep", at: offset)
        }
    }

    private mutating func parseOr() throws(FilterSyntaxError) -> FilterNode {
        var node = try parseAnd()
        while isKeyword(.or) {
            let operatorToken = current
            advance()
            try requireCondition(after: operatorToken)
            node = .or(node, try parseAnd())
        }
        return node
    }

    private mutating func parseAnd() throws(FilterSyntaxError) -> FilterNode {
        var node = try parseNot()
        while isKeyword(.and) {
            let operatorToken = current
            advance()
            try requireCondition(after: operatorToken)
            node = .and(node, try parseNot())
        }
        return node
    }

    /// At the end of the input, points at the keyword left dangling rather than past the end.
    private func requireCondition(after keyword: FilterToken) throws(FilterSyntaxError) {
        if isAtEnd { throw error("expected a condition after \(quoted(keyword))", at: keyword.offset) }
    }

    private mutating func parseNot() throws(FilterSyntaxError) -> FilterNode {
        guard isKeyword(.not) else { return try parsePrimary() }
        let notToken = current
        try enter(at: notToken.offset)
        defer { depth -= 1 }
        advance()
        try requireCondition(after: notToken)
        return .not(try parseNot())
    }

    private mutating func parsePrimary() throws(FilterSyntaxError) -> FilterNode {
        guard isSymbol("(") else { return try parseComparison() }
        let open = current
        try enter(at: open.offset)
        defer { depth -= 1 }
        advance()
        if isAtEnd { throw error("expected a condition after '('", at: open.offset) }
        if isSymbol(")") { throw error("empty parentheses", at: open.offset) }
        let node = try parseOr()
        guard isSymbol(")") else {
            if isAtEnd {
                throw error("expected ')' to close this '('", at: open.offset)
            }
            throw error("expected ')' or 'and' or 'or', found \(quoted(current))", at: current.offset)
        }
        advance()
        return node
    }

    // MARK: Comparisons

    /// An operand as parsed, with where it was and whether it was the keyword `null`.
    private struct ParsedOperand {
        var operand: FilterOperand?
        var token: FilterToken
        var isNull: Bool { operand == nil }
    }

    private mutating func parseComparison() throws(FilterSyntaxError) -> FilterNode {
        let leftToken = current
        let left = try parseOperand(context: nil)
        if case .list = left.operand {
            throw error("a list can only follow 'in'", at: leftToken.offset)
        }
        let operatorToken = current
        var isNegated = false
        if isKeyword(.not) {
            advance()
            guard isKeyword(.in) || isKeyword(.contains) || isKeyword(.matches) || isKeyword(.exists) else {
                if isAtEnd {
                    throw error(
                        "expected 'in', 'contains', 'matches' or 'exists' after 'not'", at: operatorToken.offset)
                }
                throw error(
                    "expected 'in', 'contains', 'matches' or 'exists' after 'not', found \(quoted(current))",
                    at: current.offset)
            }
            isNegated = true
        }
        let node = try parseOperation(left: left, leftToken: leftToken)
        return isNegated ? .not(node) : node
    }

    private mutating func parseOperation(
        left: ParsedOperand, leftToken: FilterToken
    ) throws(FilterSyntaxError) -> FilterNode {
        let operatorToken = current
        switch operatorToken.kind {
        case .keyword(.exists):
            advance()
            guard case .field(let field)? = left.operand else {
                throw error("'exists' needs a field on the left", at: leftToken.offset)
            }
            return .exists(field)
        case .keyword(.matches):
            advance()
            return try parseMatches(left: left, leftToken: leftToken, operatorToken: operatorToken)
        case .keyword(.in), .keyword(.contains):
            advance()
            let op: FilterOperator = operatorToken.kind == .keyword(.in) ? .in : .contains
            let right = try parseOperand(context: (operatorToken, leftToken))
            return try checkedContainment(left: left, op: op, right: right)
        case .symbol(let symbol):
            guard let op = FilterOperator(rawValue: symbol) else { break }
            advance()
            let right = try parseOperand(context: (operatorToken, leftToken))
            if case .list = right.operand {
                throw error("a list can only follow 'in'", at: right.token.offset)
            }
            return try checkedComparison(left: left, op: op, operatorToken: operatorToken, right: right)
        case .end:
            throw error("expected an operator after \(quoted(leftToken))", at: leftToken.offset)
        default:
            break
        }
        throw error(
            "expected an operator after \(quoted(leftToken)), found \(quoted(operatorToken))", at: operatorToken.offset)
    }

    /// Reads a field, a literal, `null` or a list.
    ///
    /// `context` names the operator before it, for messages.
    private mutating func parseOperand(
        context: (operatorToken: FilterToken, leftToken: FilterToken)?
    ) throws(FilterSyntaxError) -> ParsedOperand {
        let token = current
        switch token.kind {
        case .path(let segments):
            advance()
            return ParsedOperand(operand: .field(try field(from: segments, token: token)), token: token)
        case .string(let text):
            advance()
            return ParsedOperand(operand: .literal(.string(text)), token: token)
        case .number(let value):
            advance()
            return ParsedOperand(operand: .literal(.number(value)), token: token)
        case .date(let nanoseconds, let isDateOnly):
            advance()
            return ParsedOperand(
                operand: .literal(.date(nanoseconds: nanoseconds, isDateOnly: isDateOnly)), token: token)
        case .keyword(.true), .keyword(.false):
            advance()
            return ParsedOperand(operand: .literal(.bool(token.kind == .keyword(.true))), token: token)
        case .keyword(.null):
            advance()
            return ParsedOperand(operand: nil, token: token)
        case .symbol("["):
            return ParsedOperand(operand: .list(try parseList()), token: token)
        case .end:
            if let context {
                throw error("expected a value after \(quoted(context.operatorToken))", at: context.leftToken.offset)
            }
            throw error("expected a field or a value", at: token.offset)
        default:
            if let context {
                throw error(
                    "expected a value after \(quoted(context.operatorToken)), found \(quoted(token))",
                    at: token.offset)
            }
            throw error("expected a field or a value, found \(quoted(token))", at: token.offset)
        }
    }

    private mutating func parseList() throws(FilterSyntaxError) -> [FilterLiteral] {
        let open = current
        advance()
        var elements: [FilterLiteral] = []
        if isSymbol("]") {
            advance()
            return elements
        }
        while true {
            let token = current
            switch token.kind {
            case .string(let text): elements.append(.string(text))
            case .number(let value): elements.append(.number(value))
            case .date(let nanoseconds, let isDateOnly):
                elements.append(.date(nanoseconds: nanoseconds, isDateOnly: isDateOnly))
            case .keyword(.true), .keyword(.false): elements.append(.bool(token.kind == .keyword(.true)))
            case .end: throw error("expected ']' to close this '['", at: open.offset)
            case .keyword(.null): throw error("a list cannot hold null", at: token.offset)
            case .path: throw error("a list holds literal values only, not fields", at: token.offset)
            default: throw error("expected a value in the list, found \(quoted(token))", at: token.offset)
            }
            advance()
            if isSymbol(",") {
                advance()
                continue
            }
            if isSymbol("]") {
                advance()
                return elements
            }
            if isAtEnd { throw error("expected ']' to close this '['", at: open.offset) }
            throw error("expected ',' or ']' in the list, found \(quoted(current))", at: current.offset)
        }
    }

    private func field(from segments: [FilterPathSegment], token: FilterToken) throws(FilterSyntaxError) -> FilterField
    {
        let head = segments[0].text
        let rest = segments.dropFirst()
        switch head {
        case "metadata":
            guard !rest.isEmpty else {
                throw error("'metadata' needs a key, as in metadata.channel", at: token.offset)
            }
            if let empty = rest.first(where: { $0.text.isEmpty }) {
                throw error("a metadata key cannot be empty", at: empty.offset)
            }
            return .metadata(rest.map(\.text))
        case "score":
            guard !rest.isEmpty else {
                throw error("'score' needs a score name, as in score.helpfulness", at: token.offset)
            }
            let name = rest.map(\.text).joined(separator: ".")
            if rest.contains(where: { $0.text.isEmpty }) {
                throw error("a score name cannot be empty", at: rest[rest.startIndex].offset)
            }
            return .score(name)
        default:
            guard let field = FilterField.plainNames.first(where: { $0.0 == head })?.1 else {
                throw error(
                    "unknown field '\(head)'" + NameSuggestion.hint(for: head, among: FilterField.allSpellings),
                    at: token.offset)
            }
            if let extra = rest.first {
                throw error("field '\(head)' has no subfields", at: extra.offset)
            }
            return field
        }
    }

    // MARK: Type checks

    private func describe(_ operand: FilterOperand) -> String {
        switch operand {
        case .field(let field):
            let name = FilterPrinter.spelling(of: field)
            switch field.kind {
            case .string: return "string field '\(name)'"
            case .number: return "number field '\(name)'"
            case .instant: return "date field '\(name)'"
            case .level: return "level field '\(name)'"
            case .stringList: return "list field '\(name)'"
            case .bool, .dynamic: return "field '\(name)'"
            }
        case .literal(let literal): return literal.kind.article
        case .list: return "a list"
        }
    }

    private func kind(of operand: FilterOperand) -> FilterValueKind {
        switch operand {
        case .field(let field): field.kind
        case .literal(let literal): literal.kind
        case .list: .dynamic
        }
    }

    /// Turns a string literal compared with a date or level field into that kind, or refuses it.
    private func coerced(
        _ literal: FilterLiteral, toward kind: FilterValueKind, at offset: Int
    ) throws(FilterSyntaxError) -> FilterLiteral {
        guard case .string(let text) = literal else { return literal }
        switch kind {
        case .instant:
            guard let (nanoseconds, isDateOnly) = FilterLexer.parseDate(text) else {
                throw error(
                    "\"\(text)\" is not a date; write YYYY-MM-DD or an RFC 3339 timestamp such as 2025-03-01T10:00:00Z",
                    at: offset)
            }
            return .date(nanoseconds: nanoseconds, isDateOnly: isDateOnly)
        case .level:
            let upper = text.uppercased()
            guard Self.levelNames.contains(upper) else {
                throw error(
                    "unknown level \"\(text)\"; expected one of " + Self.levelNames.joined(separator: ", "), at: offset)
            }
            return .string(upper)
        default:
            return literal
        }
    }

    private func coerced(_ parsed: ParsedOperand, toward other: FilterOperand) throws(FilterSyntaxError)
        -> FilterOperand?
    {
        guard case .literal(let literal)? = parsed.operand else { return parsed.operand }
        return .literal(try coerced(literal, toward: kind(of: other).elementKind, at: parsed.token.offset))
    }

    private static func areComparable(_ left: FilterValueKind, _ right: FilterValueKind) -> Bool {
        if left == .dynamic || right == .dynamic { return true }
        let (a, b) = (left.elementKind, right.elementKind)
        if a == b { return true }
        switch (a, b) {
        case (.level, .string), (.string, .level): return true
        default: return false
        }
    }

    private func checkedComparison(
        left: ParsedOperand, op: FilterOperator, operatorToken: FilterToken, right: ParsedOperand
    ) throws(FilterSyntaxError) -> FilterNode {
        if left.isNull || right.isNull {
            let nullToken = left.isNull ? left.token : right.token
            guard op == .equal || op == .notEqual else {
                throw error("null can only be compared with == or !=", at: nullToken.offset)
            }
            guard case .field(let field)? = left.isNull ? right.operand : left.operand else {
                throw error("null can only be compared with a field", at: nullToken.offset)
            }
            // A field equals null exactly when it has no value (docs/filter.md "Missing values").
            return op == .equal ? .not(.exists(field)) : .exists(field)
        }
        guard let leftOperand = left.operand, let rightOperand = right.operand else {
            throw error("null can only be compared with a field", at: left.token.offset)
        }
        guard leftOperand.field != nil || rightOperand.field != nil else {
            throw error("a comparison needs a field on one side", at: left.token.offset)
        }
        let newLeft = try coerced(left, toward: rightOperand) ?? leftOperand
        let newRight = try coerced(right, toward: leftOperand) ?? rightOperand
        let (leftKind, rightKind) = (kind(of: newLeft), kind(of: newRight))
        let blamed = newRight.field == nil ? right.token : (newLeft.field == nil ? left.token : right.token)
        guard Self.areComparable(leftKind, rightKind) else {
            throw error("cannot compare \(describe(newLeft)) with \(describe(newRight))", at: blamed.offset)
        }
        if op.isOrdering && (leftKind == .bool || rightKind == .bool) {
            let boolToken = leftKind == .bool ? left.token : right.token
            throw error("booleans cannot be ordered; use == or !=", at: boolToken.offset)
        }
        return .compare(newLeft, op, newRight)
    }

    /// `x in y` is `y contains x`; both need a string or list container and a fitting element.
    private func checkedContainment(
        left: ParsedOperand, op: FilterOperator, right: ParsedOperand
    ) throws(FilterSyntaxError) -> FilterNode {
        let (containerParsed, elementParsed) = op == .in ? (right, left) : (left, right)
        guard let container = containerParsed.operand, let element = elementParsed.operand else {
            let nullToken = left.isNull ? left.token : right.token
            throw error("null cannot be looked for or in; use 'exists'", at: nullToken.offset)
        }
        if case .list = element {
            throw error("a list can only follow 'in'", at: elementParsed.token.offset)
        }
        guard container.field != nil || element.field != nil else {
            throw error("a comparison needs a field on one side", at: left.token.offset)
        }
        if case .list(let elements) = container {
            var checked: [FilterLiteral] = []
            let elementKind = kind(of: element)
            for literal in elements {
                let converted = try coerced(literal, toward: elementKind.elementKind, at: containerParsed.token.offset)
                guard Self.areComparable(elementKind, converted.kind) else {
                    throw error(
                        "cannot look for \(describe(element)) in a list holding \(converted.kind.article)",
                        at: containerParsed.token.offset)
                }
                checked.append(converted)
            }
            return .compare(element, .in, .list(checked))
        }
        let containerKind = kind(of: container)
        guard containerKind == .string || containerKind == .stringList || containerKind == .dynamic else {
            let place = op == .in ? "on the right of 'in'" : "on the left of 'contains'"
            throw error(
                "\(describe(container)) cannot hold values; \(place) put a string, a list or a list field",
                at: containerParsed.token.offset)
        }
        let elementKind = kind(of: element)
        if containerKind != .dynamic, elementKind != .dynamic, elementKind.elementKind != .string {
            throw error(
                "cannot look for \(describe(element)) in \(describe(container))", at: elementParsed.token.offset)
        }
        return op == .in ? .compare(element, .in, container) : .compare(container, .contains, element)
    }

    private mutating func parseMatches(
        left: ParsedOperand, leftToken: FilterToken, operatorToken: FilterToken
    ) throws(FilterSyntaxError) -> FilterNode {
        guard case .field(let field)? = left.operand else {
            throw error("'matches' needs a field on the left", at: leftToken.offset)
        }
        switch field.kind {
        case .string, .stringList, .dynamic: break
        default:
            throw error("'matches' needs a text field, not \(describe(.field(field)))", at: leftToken.offset)
        }
        let patternToken = current
        guard case .string(let pattern) = patternToken.kind else {
            if isAtEnd {
                throw error("expected a value after 'matches'", at: leftToken.offset)
            }
            throw error(
                "'matches' needs a regular expression in quotes, found \(quoted(patternToken))",
                at: patternToken.offset)
        }
        advance()
        do {
            _ = try FilterPattern.compile(pattern)
        } catch {
            throw self.error("invalid regular expression: \(error)", at: patternToken.offset)
        }
        if let offset = FilterPattern.nestedRepetition(in: pattern) {
            throw error(
                "the regular expression repeats a group that itself repeats (at pattern character \(offset + 1)), "
                    + "which can take exponential time; bound the inner repetition, e.g. {1,50}",
                at: patternToken.offset)
        }
        return .matches(left.operand ?? .field(field), pattern: pattern)
    }
}
