/// Regular expressions for `matches`: compiled with Swift's `Regex`, screened for runaway backtracking.
///
/// Swift's regex engine backtracks, so a pattern such as `(a+)+b` takes time exponential in the input
/// length. Two guards keep a filter over a large trace file from hanging: patterns that repeat a group which
/// itself repeats without bound are refused at parse time, and only the first ``maximumSubjectLength``
/// characters of a value are searched.
enum FilterPattern {
    /// How many characters of a value `matches` searches.
    static let maximumSubjectLength = 10_000

    /// Compiles a pattern.
    /// - Returns: the regex.
    /// - Throws: the engine's error for an invalid pattern.
    static func compile(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        try Regex(pattern)
    }

    /// Whether the value matches anywhere (an unanchored search, as `grep` does).
    static func search(_ regex: Regex<AnyRegexOutput>, in text: String) -> Bool {
        if text.utf8.count <= maximumSubjectLength { return text.contains(regex) }
        return text.prefix(maximumSubjectLength).contains(regex)
    }

    /// The scalar offset in the pattern of a group with an unbounded repetition inside that is itself repeated
    /// without bound (`(a+)+`, `(?:\w*\s)*`), the shape behind catastrophic backtracking; nil when there is none.
    static func nestedRepetition(in pattern: String) -> Int? {
        let scalars = Array(pattern.unicodeScalars)
        // One entry per open group: where it opened and whether it holds an unbounded repetition.
        var groups: [(offset: Int, hasUnbounded: Bool)] = [(0, false)]
        var index = 0
        func unboundedQuantifier(at position: Int) -> Bool {
            guard position < scalars.count else { return false }
            switch scalars[position] {
            case "*", "+": return true
            case "{":
                var cursor = position + 1
                while cursor < scalars.count, scalars[cursor] != "}" {
                    if scalars[cursor] == "," {
                        return cursor + 1 < scalars.count && scalars[cursor + 1] == "}"
                    }
                    cursor += 1
                }
                return false
            default: return false
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                let letter = index + 1 < scalars.count ? scalars[index + 1] : " "
                index += 2
                // `\p{…}`, `\x{…}`, `\u{…}`, `\k<…>` and the like carry a bracketed argument.
                if "pPxuNkg".unicodeScalars.contains(letter), index < scalars.count,
                    scalars[index] == "{" || scalars[index] == "<"
                {
                    let close: Unicode.Scalar = scalars[index] == "{" ? "}" : ">"
                    while index < scalars.count, scalars[index] != close { index += 1 }
                    index += 1
                }
                if unboundedQuantifier(at: index) { groups[groups.count - 1].hasUnbounded = true }
                continue
            case "[":
                index = endOfClass(scalars, from: index)
                if unboundedQuantifier(at: index) { groups[groups.count - 1].hasUnbounded = true }
                continue
            case "(":
                groups.append((index, false))
            case ")":
                guard groups.count > 1, let group = groups.popLast() else { break }
                let repeated = unboundedQuantifier(at: index + 1)
                if repeated && group.hasUnbounded { return group.offset }
                if repeated || group.hasUnbounded { groups[groups.count - 1].hasUnbounded = true }
            default:
                if unboundedQuantifier(at: index + 1), scalar != "*", scalar != "+", scalar != "?", scalar != "}" {
                    groups[groups.count - 1].hasUnbounded = true
                }
            }
            index += 1
        }
        return nil
    }

    /// The offset just past a character class that starts at `start` (nested classes and escapes allowed).
    private static func endOfClass(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < scalars.count {
            switch scalars[index] {
            case "\\":
                index += 2
                continue
            case "[":
                depth += 1
            case "]":
                // A `]` right after the opening `[` (or `[^`) is a literal.
                let previous = scalars[index - 1]
                let isFirst = previous == "[" || (previous == "^" && index >= 2 && scalars[index - 2] == "[")
                if !isFirst {
                    depth -= 1
                    if depth == 0 { return index + 1 }
                }
            default:
                break
            }
            index += 1
        }
        return index
    }
}
