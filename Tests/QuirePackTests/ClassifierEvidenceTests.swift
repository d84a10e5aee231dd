import QuireModel
import QuireTestSupport
import Testing

@testable import QuirePack

/// Evidence snippets: plain text of at most 160 characters, cut on grapheme boundaries.
@Suite("Classifier evidence snippets")
struct ClassifierEvidenceTests {
    /// Scalars that must never reach a reviewer: C0/C1 controls and bidi embeddings, overrides, isolates.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    @Test(
        "cleaning collapses whitespace runs, trims the ends and makes controls visible",
        arguments: [
            ("  a \n\t b  ", "a b"),
            ("line1\r\nline2\u{2028}line3", "line1 line2 line3"),
            ("nul\u{0}here", "nul\u{FFFD}here"),
            ("rtl \u{202E}txt.exe", "rtl \u{FFFD}txt.exe"),
            ("isolate\u{2066}x\u{2069}", "isolate\u{FFFD}x\u{FFFD}"),
            ("مرحبا\u{200F} ok", "مرحبا\u{200F} ok"),
            ("👨‍👩‍👧‍👦 family", "👨‍👩‍👧‍👦 family"),
            ("", ""),
        ])
    func cleaning(raw: String, cleaned: String) {
        #expect(EvidenceText.clean(raw) == cleaned)
    }

    @Test("text of exactly 160 characters is kept whole and 161 is cut to 159 plus an ellipsis")
    func limitBoundary() {
        let exact = String(repeating: "a", count: 160)
        #expect(EvidenceText.prefix(exact) == exact)
        let over = String(repeating: "a", count: 161)
        #expect(EvidenceText.prefix(over) == String(repeating: "a", count: 159) + "…")
        #expect(EvidenceText.suffix(over) == "…" + String(repeating: "a", count: 159))
    }

    @Test("a cut never splits a grapheme: the family emoji stays whole or goes")
    func cutsOnGraphemeBoundaries() {
        let family = "👨‍👩‍👧‍👦"  // 7 scalars, one grapheme
        let text = String(repeating: "x", count: 155) + family + "tail"
        let cut = EvidenceText.prefix(text)
        #expect(cut == String(repeating: "x", count: 155) + "…")
        let fits = String(repeating: "x", count: 152) + family + "tail"
        #expect(EvidenceText.prefix(fits) == String(repeating: "x", count: 152) + family + "…")
    }

    @Test("a single grapheme of 500 combining marks is cut between its scalars, never over 160")
    func zalgoGraphemeIsBounded() {
        let zalgo = "Z" + String(repeating: "\u{0334}", count: 500)
        let cut = EvidenceText.prefix(zalgo + " more")
        #expect(cut.unicodeScalars.count == 160)
        #expect(Array(cut.unicodeScalars.prefix(2)) == ["Z", "\u{0334}"])
        #expect(cut.hasSuffix("…"))
    }

    @Test("a window shows what precedes a position and a little of what follows, within 160")
    func windowAroundOffset() {
        let text = String(repeating: "a", count: 300) + "X" + String(repeating: "b", count: 300)
        let window = EvidenceText.window(text, aroundUTF8Offset: 300)
        #expect(window.unicodeScalars.count == 160)
        #expect(window.hasPrefix("…a"))
        #expect(window.contains("aX"))
        #expect(window.hasSuffix("b…"))
        #expect(EvidenceText.window("short", aroundUTF8Offset: 2) == "short")
    }

    @Test("JSON evidence puts the failing member first and spaces like Python's json.dumps")
    func jsonEvidence() throws {
        let value = try JSONParser.parse(#"{"content":[{"type":"text","text":"no"}],"isError":true,"n":1.50}"#)
        #expect(
            EvidenceText.json(value, leadingKey: "isError")
                == #"{"isError": true, "content": [{"type": "text", "text": "no"}], "n": 1.50}"#)
    }

    @Test("JSON evidence of a megabyte string stops early and is cut to 160")
    func hugeJSONEvidence() {
        let value = JSONValue.object(["error": .string(String(repeating: "<script>", count: 200_000))])
        let rendered = EvidenceText.json(value, leadingKey: "error")
        #expect(rendered.unicodeScalars.count < 2000)
        let snippet = EvidenceText.prefix(rendered)
        #expect(snippet.unicodeScalars.count == 160)
        #expect(snippet.hasPrefix(#"{"error": "<script><script>"#))
    }

    static let pool: [String] = [
        "a", " ", "\n", "\t", "\u{0}", "\u{7F}", "\u{85}", "\u{202E}", "\u{2067}", "\u{200D}", "\u{0301}", "\u{0334}",
        "é", "e\u{0301}", "👍🏽", "🇻🇳", "👨‍👩‍👧‍👦", "中", "ع", "\r\n", "\u{FEFF}", "…",
    ]

    @Test(
        "any mix of tricky text gives snippets of at most 160 scalars with no forbidden scalar",
        arguments: 0..<50 as Range<UInt64>)
    func snippetsAreAlwaysBounded(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var text = ""
        let length = Int(random.next() % 600)
        for _ in 0..<length { text += Self.pool[Int(random.next() % UInt64(Self.pool.count))] }
        let offset = text.utf8.isEmpty ? 0 : Int(random.next() % UInt64(text.utf8.count))
        for snippet in [
            EvidenceText.prefix(text), EvidenceText.suffix(text), EvidenceText.window(text, aroundUTF8Offset: offset),
        ] {
            #expect(snippet.unicodeScalars.count <= 160)
            #expect(!snippet.unicodeScalars.contains { Self.isForbidden($0) })
            #expect(snippet.first?.isWhitespace != true)
        }
        let cleaned = EvidenceText.clean(text)
        let prefix = EvidenceText.prefix(text)
        if cleaned.unicodeScalars.count <= 160 {
            #expect(prefix == cleaned)
        } else {
            // The kept part is whole graphemes from the start of the cleaned text.
            #expect(cleaned.hasPrefix(String(prefix.dropLast())))
        }
    }
}

@Suite("Classifiers on hostile traces")
struct ClassifierHostileTests {
    /// The sample's hostile traces, changed so every rule fires on their hostile strings.
    static func weaponised() throws -> [Trace] {
        let hostile = try ClassifierFixtures.sample().filter { $0.id.hasPrefix("hos-") }
        return hostile.map { original in
            var trace = original
            let poison = (trace.name ?? "") + (trace.userID ?? "") + (trace.sessionID ?? "") + "\u{0}\u{202E}"
            let body = trace.observations.first { $0.type == "TOOL" }.map { $0.output.jsonText } ?? poison
            for index in trace.observations.indices {
                switch trace.observations[index].type {
                case "TOOL":
                    trace.observations[index].output = .object(["error": .string(poison + body)])
                    trace.observations[index].metadata["tool_call_id"] = .string(poison)
                case "GENERATION":
                    trace.observations[index].metadata["response_format"] = .object(["type": .string("json_object")])
                    trace.observations[index].metadata["finish_reason"] = .string(poison)
                    trace.observations[index].output = .object([
                        "role": .string("assistant"), "content": .string("{\"a\": \"" + poison + body),
                        "tool_calls": .array([.object(["id": .string(""), "function": .object(["name": .string("")])])]
                        ),
                    ])
                default: break
                }
            }
            trace.output = .object([
                "role": .string("assistant"), "content": .string(String(repeating: "\u{202E}", count: 5000)),
            ])
            return trace
        }
    }

    @Test("every rule fires on the weaponised hostile traces and the flags stay inert and short")
    func weaponisedHostileTraces() throws {
        let traces = try Self.weaponised()
        let classifiers: [any TraceClassifier] = [
            ToolCallErrorClassifier(), OutputSchemaClassifier(), EmptyResponseClassifier(),
        ]
        for trace in traces {
            for classifier in classifiers {
                let flag = try #require(classifier.classify(trace), "\(classifier.name) \(trace.id)")
                #expect(flag.evidence.unicodeScalars.count <= 160)
                #expect(!flag.evidence.unicodeScalars.contains { ClassifierEvidenceTests.isForbidden($0) })
                #expect(!flag.reason.unicodeScalars.contains { ClassifierEvidenceTests.isForbidden($0) })
            }
        }
    }
}
