import QuireIO
import QuireImport
import QuireModel
import QuireTestSupport
import Testing

/// Readers never crash or hang on hostile input: they either read it or throw a `QuireError`.
@Suite("Hostile input")
struct HostileInputTests {
    /// Reads bytes with every reader and both policies; returns how many reads ended in a `QuireError`.
    @discardableResult
    static func survive(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        var refusals = 0
        let formats: [TraceFormatRequest] = [.auto] + TraceFormat.allCases.map { .forced($0) }
        for format in formats {
            for skipping in [false, true] {
                do {
                    let result = try ImportFixtures.read(
                        bytes: bytes, format: format, skipsInvalid: skipping, maximumRecordLength: 1 << 20)
                    for located in result.traces { _ = located.trace.json.jsonText }
                } catch is any QuireError {
                    refusals += 1
                } catch {
                    Issue.record("\(format) threw a non-Quire error: \(error)", sourceLocation: sourceLocation)
                }
            }
        }
        return refusals
    }

    @Test("nesting 100,000 deep is refused at the budget, in a line, an array element and a JSON string")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.survive(Array(deep.utf8)) > 0)
        #expect(Self.survive(Array("[\n\(deep)\n]".utf8)) > 0)
        let encoded = JSONValue.string(deep).jsonText
        Self.survive(
            Array(
                #"{"trace":{"id":"t","timestamp":"2025-01-01T00:00:00Z","input":\#(encoded)},"observations":[]}"#.utf8))
    }

    @Test("JSON decoded from a string stays within the nesting budget of the output")
    func embeddedDepth() throws {
        let nested = String(repeating: "[", count: 250) + String(repeating: "]", count: 250)
        let text =
            #"{"trace":{"id":"t","timestamp":"2025-01-01T00:00:00Z","projectId":"p","input":\#(JSONValue.string(nested).jsonText)},"observations":[]}"#
        let first = try ImportFixtures.read(text: text)
        // Too deep to decode with room for the envelope: kept as the string it was (then, as a plain string in
        // a trace without generations, shown as the user's message).
        #expect(
            first.traces.first?.trace.input == .array([.object(["role": .string("user"), "content": .string(nested)])]))
        let again = try ImportFixtures.read(text: first.jsonl, name: "again.jsonl")
        #expect(again.jsonl == first.jsonl)
    }

    @Test("huge and odd numbers are read as numbers or ignored, never trapping")
    func numbers() throws {
        for number in [
            "1e999999", "-1e999999", "18446744073709551616", String(repeating: "9", count: 200_000), "-0", "1E-400",
        ] {
            let native =
                #"{"id":"n","timestamp":"2025-01-01T00:00:00Z","observations":[{"id":"o","startTime":"2025-01-01T00:00:00Z","type":"GENERATION","usageDetails":{"total":\#(number)},"costDetails":{"total":\#(number)}}]}"#
            Self.survive(Array(native.utf8))
            let trace = try ImportFixtures.single(native, name: "n.jsonl")
            _ = trace.metrics
            let otlp = OTLP.request([
                OTLP.span(
                    id: "a", start: number, end: #""\#(number)""#,
                    attributes: [OTLP.attribute("gen_ai.usage.input_tokens", #"{"intValue":\#(number)}"#)])
            ])
            Self.survive(Array(otlp.utf8))
        }
    }

    @Test("times at the edges of 64-bit nanoseconds are refused or kept, never trapping")
    func extremeTimes() throws {
        for time in ["-9223372036854775808", "9223372036854775807", "9999999999999999999"] {
            Self.survive(Array(OTLP.request([OTLP.span(id: "a", start: #""\#(time)""#)]).utf8))
        }
        let late = #"{"id":"n","timestamp":"9999-12-31T23:59:59.999999999Z"}"#
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "late.jsonl", line: 1),
                reason: "timestamp: not an RFC 3339 timestamp: 9999-12-31T23:59:59.999999999Z")
        ) { try ImportFixtures.read(text: late, name: "late.jsonl") }
    }

    @Test("a 200 KB line with NUL escapes, invalid UTF-8 and raw NUL bytes are handled")
    func bytes() throws {
        let long = String(repeating: "<script>alert(1)</script>\\u0000", count: 6_500)
        let line = #"{"id":"n","timestamp":"2025-01-01T00:00:00Z","input":"\#(long)"}"#
        #expect(line.utf8.count > 200_000)
        let trace = try ImportFixtures.single(line, name: "n.jsonl")
        #expect(trace.input.stringValue?.utf8.count == 6_500 * 26)
        Self.survive([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])
        Self.survive([0x00, 0x00, 0x0A, 0x7B, 0x00, 0x7D])
        Self.survive(Array(repeating: 0xFF, count: 4096))
    }

    @Test("every sample cut at 50 places is refused cleanly or read")
    func truncations() throws {
        for path in GoldenTests.samples.map(\.path) {
            let bytes = try FileSystem.readFile(ImportFixtures.trace(path))
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 50)) {
                Self.survive(Array(bytes[..<cut]))
            }
        }
    }

    @Test("a value of every wrong type in every field of a sample is refused cleanly or read")
    func wrongTypes() throws {
        let replacements: [JSONValue] = [
            .null, .bool(true), .int(-1), .string("x"), .array([.int(1)]), .object(["k": .null]),
        ]
        for path in [
            "langfuse/autogen-2025-06-06.json", "otlp-genai/captured-openai-v2-support-agent.otlp.json",
            "braintrust/late-update-payloads.json", "openinference/openinference_client_span_tool_calls.json",
        ] {
            let value = try JSONParser.parse(try FileSystem.readFile(ImportFixtures.trace(path)))
            for variant in Self.variants(of: value, replacements: replacements, budget: 400) {
                Self.survive(Array(variant.jsonText.utf8))
            }
        }
        let native = try JSONParser.parse(
            Array(
                try FileSystem.readText(FileSystem.join(ImportFixtures.root, "native/sample.jsonl")).split(
                    separator: "\n")[0].utf8))
        for variant in Self.variants(of: native, replacements: replacements, budget: 400) {
            Self.survive(Array(variant.jsonText.utf8))
        }
    }

    /// Copies of a value with one member or element replaced, breadth first, up to `budget` copies.
    static func variants(of value: JSONValue, replacements: [JSONValue], budget: Int) -> [JSONValue] {
        var paths: [[PathStep]] = []
        var queue: [(JSONValue, [PathStep])] = [(value, [])]
        while !queue.isEmpty, paths.count * replacements.count < budget {
            let (current, path) = queue.removeFirst()
            switch current {
            case .object(let object):
                for member in object {
                    paths.append(path + [.key(member.key)])
                    queue.append((member.value, path + [.key(member.key)]))
                }
            case .array(let elements):
                for (index, element) in elements.enumerated().prefix(3) {
                    paths.append(path + [.index(index)])
                    queue.append((element, path + [.index(index)]))
                }
            default:
                continue
            }
        }
        return paths.flatMap { path in replacements.map { replacing(value, at: path[...], with: $0) } }
    }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<PathStep>, with replacement: JSONValue) -> JSONValue {
        guard let step = path.first else { return replacement }
        switch (step, value) {
        case (.key(let key), .object(var object)):
            object[key] = replacing(object[key] ?? .null, at: path.dropFirst(), with: replacement)
            return .object(object)
        case (.index(let index), .array(var elements)) where index < elements.count:
            elements[index] = replacing(elements[index], at: path.dropFirst(), with: replacement)
            return .array(elements)
        default:
            return value
        }
    }

    @Test("an object with 200,000 distinct keys parses in linear time (no quadratic duplicate search)")
    func manyKeys() throws {
        var text = #"{"id":"n","timestamp":"2025-01-01T00:00:00Z","metadata":{"#
        text += (0..<200_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        text += "}}"
        let trace = try ImportFixtures.single(text, name: "n.jsonl")
        #expect(trace.metadata.count == 200_000)
        let otlp = OTLP.request([OTLP.span(id: "a", attributes: (0..<50_000).map { OTLP.string("a\($0)", "v") })])
        #expect(try ImportFixtures.single(otlp).observations[0].metadata["attributes"]?.objectValue?.count == 50_000)
    }

    @Test("flattened keys with a million dots and huge indices do not build deep trees")
    func flattenedKeys() throws {
        let dots = "llm.input_messages.0.message." + String(repeating: "a.", count: 500_000) + "b"
        let huge = "llm.input_messages.99999999999999999999999.message.role"
        let text = OTLP.request([
            OTLP.span(
                id: "a",
                attributes: [
                    OTLP.string("openinference.span.kind", "LLM"), OTLP.string(dots, "x"), OTLP.string(huge, "user"),
                ])
        ])
        Self.survive(Array(text.utf8))
    }

    @Test("spans whose parents form a cycle are cut into a tree")
    func parentCycle() throws {
        let trace = try ImportFixtures.single(
            OTLP.request([
                OTLP.span(id: "a", parent: "b"), OTLP.span(id: "b", parent: "a"), OTLP.span(id: "c", parent: "c"),
            ]))
        #expect(trace.observations.filter { $0.parentObservationID == nil }.count >= 2)
        #expect(trace.observations.first { $0.id == "c" }?.parentObservationID == nil)
    }
}

/// Seeded mutations of a real sample per reader: each read ends in traces or a `QuireError`, never a crash.
@Suite("Mutation fuzzing")
struct MutationFuzzTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var format: TraceFormatRequest
        var sample: String
        var testDescription: String { "\(format) on \(sample)" }
    }

    static let cases: [Case] = [
        Case(format: .forced(.native), sample: "native/first-lines"),
        Case(format: .forced(.langfuse), sample: "traces/langfuse/autogen-2025-06-06.json"),
        Case(format: .forced(.otlp), sample: "traces/otlp-genai/captured-openai-v2-support-agent.otlp.json"),
        Case(format: .forced(.openinference), sample: "traces/openinference/openinference_client_span_tool_calls.json"),
        Case(format: .forced(.braintrust), sample: "traces/braintrust/langgraph-v1.log-payloads.json"),
        Case(format: .auto, sample: "traces/otlp-genai/otel_genai_deprecated_client_span_tool_calls.json"),
    ]

    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", "\\", ",", ":", "null", "-1", "1e999", "18446744073709551616", "\\u0000", "\\ud800",
        "\u{0}", "\n", "\"_is_merge\":true", "\"parts\":[", "\"intValue\":\"-5\"", String(repeating: "[", count: 300),
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &generator)))
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4: bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &generator)], at: position)
            default: bytes.removeSubrange(position..<bytes.count)
            }
        }
        return bytes
    }

    @Test("2,000 seeded mutations of a sample per reader never crash and throw only QuireErrors", arguments: cases)
    func mutations(_ fuzzCase: Case) throws {
        let input: [UInt8]
        if fuzzCase.sample == "native/first-lines" {
            let text = try FileSystem.readText(FileSystem.join(ImportFixtures.root, "native/sample.jsonl"))
            input = Array(text.split(separator: "\n").prefix(3).joined(separator: "\n").utf8)
        } else {
            input = try FileSystem.readFile(FileSystem.join(ImportFixtures.root, fuzzCase.sample))
        }
        var generator = SplitMix64(seed: 20_261_122)
        var refused = 0
        var read = 0
        for _ in 0..<2_000 {
            let bytes = Self.mutate(input, using: &generator)
            for skipping in [false, true] {
                do {
                    let result = try ImportFixtures.read(
                        bytes: bytes, format: fuzzCase.format, skipsInvalid: skipping, maximumRecordLength: 1 << 20)
                    for located in result.traces { _ = located.trace.json.jsonText }
                    read += 1
                } catch is any QuireError {
                    refused += 1
                } catch {
                    Issue.record("non-Quire error: \(error)")
                }
            }
        }
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        #expect(refused > 0 && read > 0)
    }
}
