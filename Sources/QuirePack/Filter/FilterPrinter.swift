import QuireModel

/// Prints a filter tree in its normal form.
///
/// Lowercase keywords, double-quoted strings, single spaces, parentheses only where precedence needs them.
/// Parsing the output gives the same tree back.
enum FilterPrinter {
    static func print(_ node: FilterNode) -> String {
        print(node, atLeast: 1)
    }

    private static func print(_ node: FilterNode, atLeast precedence: Int) -> String {
        let text: String
        switch node {
        case .or(let left, let right):
            text = print(left, atLeast: 1) + " or " + print(right, atLeast: 2)
        case .and(let left, let right):
            text = print(left, atLeast: 2) + " and " + print(right, atLeast: 3)
        case .not(let inner):
            text = "not " + print(inner, atLeast: 3)
        case .compare(let left, let op, let right):
            text = operand(left) + " " + op.rawValue + " " + operand(right)
        case .matches(let left, let pattern):
            text = operand(left) + " matches " + string(pattern)
        case .exists(let field):
            text = spelling(of: field) + " exists"
        }
        return node.precedence < precedence ? "(" + text + ")" : text
    }

    static func operand(_ operand: FilterOperand) -> String {
        switch operand {
        case .field(let field): spelling(of: field)
        case .literal(let literal): self.literal(literal)
        case .list(let elements): "[" + elements.map(literal).joined(separator: ", ") + "]"
        }
    }

    /// How a field is written: `latency_ms`, `metadata.channel`, `score."user feedback"`.
    static func spelling(of field: FilterField) -> String {
        switch field {
        case .metadata(let keys):
            return "metadata." + keys.map(segment).joined(separator: ".")
        case .score(let name):
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts.allSatisfy(isBare) { return "score." + parts.joined(separator: ".") }
            return "score." + string(name)
        default:
            return FilterField.plainNames.first { $0.1 == field }?.0 ?? ""
        }
    }

    private static func isBare(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { FilterLexer.isSegmentCharacter($0) }
    }

    private static func segment(_ text: String) -> String {
        isBare(text) ? text : string(text)
    }

    static func literal(_ literal: FilterLiteral) -> String {
        switch literal {
        case .string(let text): string(text)
        case .number(let value): number(value)
        case .bool(let value): value ? "true" : "false"
        case .date(let nanoseconds, let isDateOnly): date(nanoseconds: nanoseconds, isDateOnly: isDateOnly)
        }
    }

    /// Integers without a fraction; other numbers in Swift's shortest round-tripping form (`0.1`, `1e-05`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func date(nanoseconds: Int64, isDateOnly: Bool) -> String {
        let canonical = Timestamp(nanosecondsSinceEpoch: nanoseconds).canonicalText
        if isDateOnly { return String(canonical.prefix(10)) }
        let fraction = nanoseconds - Timestamp(nanosecondsSinceEpoch: nanoseconds).seconds * 1_000_000_000
        if fraction % 1_000_000 == 0 { return canonical }
        let digits = String(fraction)
        return String(canonical.prefix(19)) + "." + String(repeating: "0", count: 9 - digits.count) + digits + "Z"
    }

    /// A double-quoted string with `\"`, `\\`, `\n`, `\r`, `\t` and `\u{…}` for other control characters.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
