import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@testable import QuirePack

@Suite("Filter parser and printer")
struct FilterParserTests {
    @Test(
        "the normal form lowercases keywords, double-quotes strings and keeps only needed parentheses",
        arguments: [
            (
                #"environment=="production"   AND "support" IN tags"#,
                #"environment == "production" and "support" in tags"#
            ),
            (#"NOT (id == 'x' OR id == "y")"#, #"not (id == "x" or id == "y")"#),
            (#"(id == "a" and id == "b") or id == "c""#, #"id == "a" and id == "b" or id == "c""#),
            (#"id == "a" and (id == "b" or id == "c")"#, #"id == "a" and (id == "b" or id == "c")"#),
            (#"id == "a" and (id == "b" and id == "c")"#, #"id == "a" and (id == "b" and id == "c")"#),
            (#"(id == "a" and id == "b") and id == "c""#, #"id == "a" and id == "b" and id == "c""#),
            (#"not not (name exists)"#, "not not name exists"),
            ("name == null", "not name exists"),
            ("null == name", "not name exists"),
            ("name != null", "name exists"),
            (#""x" not in tags"#, #"not "x" in tags"#),
            (#"name not contains "a""#, #"not name contains "a""#),
            (#"name not matches "a""#, #"not name matches "a""#),
            ("name not exists", "not name exists"),
            (#"level == "error""#, #"level == "ERROR""#),
            (#"level in ["warning", 'Error']"#, #"level in ["WARNING", "ERROR"]"#),
            (#"timestamp > "2025-03-01""#, "timestamp > 2025-03-01"),
            ("timestamp > 2025-03-01T10:00:00+02:00", "timestamp > 2025-03-01T08:00:00.000Z"),
            ("timestamp > 2025-03-01T10:00:00.123456789Z", "timestamp > 2025-03-01T10:00:00.123456789Z"),
            ("latency_ms > 2e3", "latency_ms > 2000"),
            ("cost < 0.00001", "cost < 1e-05"),
            ("cost > 1.50", "cost > 1.5"),
            ("-5 < latency_ms", "-5 < latency_ms"),
            (#"metadata."a b".c == 'it\'s'"#, #"metadata."a b".c == "it's""#),
            ("metadata.gen-ai.0 exists", "metadata.gen-ai.0 exists"),
            (#"score."Tone (v2)" > 0"#, #"score."Tone (v2)" > 0"#),
            ("score.a.b > 0", "score.a.b > 0"),
            (#"score."a.b" > 0"#, "score.a.b > 0"),
            (#"name == "tab\there\u{1}""#, #"name == "tab\there\u{1}""#),
            (#"name matches '\d+'"#, #"name matches "\\d+""#),
            (#"name == "\u00e9\uD83D\uDE00""#, #"name == "é😀""#),
            ("metadata.flag == TRUE", "metadata.flag == true"),
            ("id in []", "id in []"),
        ])
    func normalForm(source: String, normal: String) throws {
        let expression = try FilterExpression.parse(source)
        #expect(expression.description == normal)
        #expect(expression.source == source)
        #expect(try FilterExpression.parse(normal) == expression)
    }

    @Test("and and or associate to the left; not binds tighter than and, and looser than a comparison")
    func precedenceTrees() throws {
        let a = FilterNode.exists(.id)
        let b = FilterNode.exists(.name)
        let c = FilterNode.exists(.tags)
        #expect(try FilterExpression.parse("id exists or name exists and tags exists").root == .or(a, .and(b, c)))
        #expect(try FilterExpression.parse("id exists and name exists or tags exists").root == .or(.and(a, b), c))
        #expect(try FilterExpression.parse("id exists or name exists or tags exists").root == .or(.or(a, b), c))
        #expect(try FilterExpression.parse("not id exists and name exists").root == .and(.not(a), b))
        #expect(
            try FilterExpression.parse(#"not id == "x""#).root
                == .not(.compare(.field(.id), .equal, .literal(.string("x")))))
        #expect(
            try FilterExpression.parse(#""s" in tags"#).root
                == .compare(.literal(.string("s")), .in, .field(.tags)))
        #expect(
            try FilterExpression.parse(#"tags contains "s""#).root
                == .compare(.field(.tags), .contains, .literal(.string("s"))))
        #expect(
            try FilterExpression.parse("metadata.a.b == 1").root
                == .compare(.field(.metadata(["a", "b"])), .equal, .literal(.number(1))))
        #expect(
            try FilterExpression.parse("timestamp < 2025-03-01").root
                == .compare(
                    .field(.timestamp), .less,
                    .literal(.date(nanoseconds: 1_740_787_200_000_000_000, isDateOnly: true))))
    }

    @Test("spacing and quoting do not change an expression's identity; the tree does")
    func equality() throws {
        #expect(try FilterExpression.parse("id=='a'") == FilterExpression.parse(#"  id   ==   "a"  "#))
        #expect(try FilterExpression.parse("id=='a'").hashValue == FilterExpression.parse(#"id == "a""#).hashValue)
        #expect(try FilterExpression.parse("id=='a'") != FilterExpression.parse(#"id == "b""#))
    }

    @Test("random trees print to text that parses back to the same tree", arguments: 0..<200 as Range<UInt64>)
    func roundTrip(seed: UInt64) throws {
        var generator = FilterTreeGenerator(seed: seed)
        let tree = generator.node(depth: 0)
        let text = FilterPrinter.print(tree)
        let parsed = try FilterExpression.parse(text)
        #expect(parsed.root == tree, "\(text)")
        #expect(parsed.description == text)
    }
}

/// Builds random well-typed filter trees, from a seed.
private struct FilterTreeGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

    mutating func node(depth: Int) -> FilterNode {
        if depth >= 5 || chance(35) { return leaf() }
        switch int(0...3) {
        case 0: return .and(node(depth: depth + 1), node(depth: depth + 1))
        case 1: return .or(node(depth: depth + 1), node(depth: depth + 1))
        case 2: return .not(node(depth: depth + 1))
        default: return leaf()
        }
    }

    mutating func string() -> String {
        let alphabet: [String] = [
            "a", "Z", "0", " ", "\"", "'", "\\", "\n", "\t", "\u{1}", "\u{7F}", "é", "e\u{301}", "☕", "😀", "日",
            "-", ".", "(", ")", "[", "]", ",", "=", "{", "}", "\r",
        ]
        return (0..<int(0...8)).map { _ in pick(alphabet) }.joined()
    }

    mutating func number() -> Double {
        switch int(0...4) {
        case 0: return Double(int(-1_000_000...1_000_000))
        case 1: return Double(int(-99_999...99_999)) / 1000
        case 2: return Double(int(1...9)) * pow10(int(-320...300))
        case 3:
            let bits = random.next()
            let value = Double(bitPattern: bits)
            return value.isFinite ? value : 0.5
        default: return Double(int(0...100))
        }
    }

    private func pow10(_ exponent: Int) -> Double {
        Double("1e\(exponent)") ?? 1
    }

    mutating func date() -> FilterLiteral {
        let seconds = Int64(int(0...4_102_444_800))
        if chance(40) {
            return .date(nanoseconds: seconds / 86_400 * 86_400 * 1_000_000_000, isDateOnly: true)
        }
        let fraction = Int64(pick([0, 123_000_000, int(0...999_999_999)]))
        return .date(nanoseconds: seconds * 1_000_000_000 + fraction, isDateOnly: false)
    }

    /// A metadata key: the language has no spelling for an empty one.
    mutating func key() -> String {
        let text = chance(60) ? pick(["channel", "a", "gen-ai", "0", "x_y", "A-1"]) : string()
        return text.isEmpty ? "k" : text
    }

    mutating func ordering() -> FilterOperator {
        pick([.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual])
    }

    mutating func leaf() -> FilterNode {
        let stringFields: [FilterField] = [.id, .name, .environment, .userID, .sessionID, .release, .version]
        switch int(0...13) {
        case 0:
            return .compare(.field(pick(stringFields)), ordering(), .literal(.string(string())))
        case 1:
            let field = FilterOperand.field(pick([.latency, .tokens, .cost]))
            let value = FilterOperand.literal(.number(number()))
            return chance(50) ? .compare(field, ordering(), value) : .compare(value, ordering(), field)
        case 2:
            return .compare(.field(.timestamp), ordering(), .literal(date()))
        case 3:
            return .compare(.field(.level), ordering(), .literal(.string(pick(FilterParser.levelNames))))
        case 4:
            return .compare(.literal(.string(string())), .in, .field(pick([.tags, .model])))
        case 5:
            return .compare(
                .field(pick([.tags, .model])), pick([.contains, .equal, .notEqual, .less]), .literal(.string(string())))
        case 6:
            let elements = (0..<int(0...3)).map { _ in FilterLiteral.string(string()) }
            return .compare(.field(pick(stringFields)), .in, .list(elements))
        case 7:
            let elements = (0..<int(0...3)).map { _ in FilterLiteral.number(number()) }
            return .compare(.field(.cost), .in, .list(elements))
        case 8:
            let path = (0..<int(1...3)).map { _ in key() }
            let literal: FilterLiteral
            var op = ordering()
            switch int(0...3) {
            case 0: literal = .string(string())
            case 1: literal = .number(number())
            case 2: literal = date()
            default:
                literal = .bool(chance(50))
                op = chance(50) ? .equal : .notEqual
            }
            return .compare(.field(.metadata(path)), op, .literal(literal))
        case 9:
            let name = pick(["helpfulness", "Tone (v2)", "a.b", "user_feedback", "x-y"])
            return .compare(
                .field(.score(name)), ordering(), .literal(chance(50) ? .number(number()) : .string(string())))
        case 10:
            let pattern = pick(["^sup", "(?i)gpt-(4|5)", "\\d{3}", "a|b", "[\"'\\\\]", "é+"])
            return .matches(.field(pick(stringFields + [.tags, .metadata([key()])])), pattern: pattern)
        case 11:
            return .compare(.field(pick(stringFields)), .contains, .literal(.string(string())))
        case 12:
            return .compare(.literal(.string(string())), .in, .field(.metadata([key(), key()])))
        default:
            return .exists(pick(stringFields + [.tags, .model, .latency, .level, .metadata([key()]), .score("s 1")]))
        }
    }
}

@Suite("Filter documentation")
struct FilterDocumentationTests {
    @Test("every example in docs/filter.md parses, and its normal form parses to the same filter")
    func examplesParse() throws {
        let text = try FileSystem.readText(FileSystem.join(FixturePaths.repositoryRoot, "docs/filter.md"))
        let section = try #require(text.split(separator: "### Examples\n", maxSplits: 1).last)
        let examples = section.split(separator: "\n").filter { !$0.hasPrefix("```") && !$0.isEmpty }
        #expect(examples.count >= 10)
        for example in examples {
            let expression = try FilterExpression.parse(String(example))
            #expect(try FilterExpression.parse(expression.description) == expression)
        }
    }
}
