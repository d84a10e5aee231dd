import QuireModel
import Testing

@Suite("Trace metrics")
struct TraceMetricsTests {
    private func trace(_ observations: String) throws -> Trace {
        try Trace(
            json: JSONParser.parse(#"{"id":"t","timestamp":"2025-01-01T00:00:00Z","observations":[\#(observations)]}"#))
    }

    @Test("latency spans the earliest start to the latest end; tokens add generations; cost adds everything")
    func definitions() throws {
        let trace = try trace(
            #"{"id":"a","type":"SPAN","startTime":"2025-01-01T00:00:01.000Z","endTime":"2025-01-01T00:00:03.500Z","costDetails":{"total":0.25}},"#
                + #"{"id":"b","type":"GENERATION","startTime":"2025-01-01T00:00:00.750Z","endTime":"2025-01-01T00:00:02Z","usageDetails":{"input":10,"output":5,"total":20},"costDetails":{"total":0.5}},"#
                + #"{"id":"c","type":"GENERATION","startTime":"2025-01-01T00:00:02Z","usageDetails":{"input":3,"output":4}},"#
                + #"{"id":"d","type":"TOOL","startTime":"2025-01-01T00:00:02Z","usageDetails":{"total":1000}},"#
                + #"{"id":"e","type":"EVENT","startTime":"2025-01-01T00:00:04Z"}"#)
        #expect(
            trace.metrics == TraceMetrics(latencyMilliseconds: 2750, totalTokens: 27, totalCost: 0.75))
    }

    @Test("nothing to measure gives nil, not zero")
    func empty() throws {
        #expect(try trace("").metrics == TraceMetrics(latencyMilliseconds: nil, totalTokens: nil, totalCost: nil))
        let unfinished = try trace(#"{"id":"a","type":"GENERATION","startTime":"2025-01-01T00:00:01Z"}"#)
        #expect(unfinished.metrics == TraceMetrics(latencyMilliseconds: nil, totalTokens: nil, totalCost: nil))
    }

    @Test("sub-millisecond times and absurd counts neither lose precision nor trap")
    func extremes() throws {
        let trace = try trace(
            #"{"id":"a","type":"GENERATION","startTime":"2025-01-01T00:00:00.000000001Z","endTime":"2025-01-01T00:00:00.000500001Z","usageDetails":{"input":9223372036854775807,"output":9223372036854775807}}"#
        )
        #expect(trace.metrics.latencyMilliseconds == 0.5)
        // Sums past the largest integer stay at it: a filter on tokens never sees a wrapped small total.
        #expect(trace.metrics.totalTokens == Int.max)
        let two = try self.trace(
            #"{"id":"a","type":"GENERATION","startTime":"2025-01-01T00:00:00Z","usageDetails":{"total":9223372036854775000}},"#
                + #"{"id":"b","type":"GENERATION","startTime":"2025-01-01T00:00:00Z","usageDetails":{"total":1000}}"#)
        #expect(two.metrics.totalTokens == Int.max)
        let negative = try self.trace(
            #"{"id":"a","type":"GENERATION","startTime":"2025-01-01T00:00:00Z","usageDetails":{"input":-9223372036854775807,"output":-9223372036854775807}}"#
        )
        #expect(negative.metrics.totalTokens == Int.min)
        let centuries = try self.trace(
            #"{"id":"a","type":"SPAN","startTime":"1678-01-01T00:00:00Z","endTime":"2261-12-31T00:00:00Z"}"#)
        let latency = try #require(centuries.metrics.latencyMilliseconds)
        #expect(abs(latency - 18_429_120_000_000) < 1)
    }
}

@Suite("JSON parser at scale")
struct JSONParserScaleTests {
    @Test("repeated keys keep the first place and the last value, in small and large objects, escaped or not")
    func repeatedKeys() throws {
        let small = try JSONParser.parse(#"{"a":1,"b":2,"\u0061":3}"#)
        #expect(small.jsonText == #"{"a":3,"b":2}"#)
        let many = (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let large = try JSONParser.parse("{\(many),\"k3\":\"x\",\"k39\":\"y\"}")
        #expect(large.objectValue?.count == 40)
        #expect(large["k3"] == .string("x"))
        #expect(large["k39"] == .string("y"))
        #expect(large.objectValue?.keys.prefix(4) == ["k0", "k1", "k2", "k3"])
    }

    @Test("an object of 300,000 keys and one built from 300,000 pairs stay linear")
    func manyKeys() throws {
        let text = "{" + (0..<300_000).map { #""key\#($0)":0"# }.joined(separator: ",") + "}"
        #expect(try JSONParser.parse(text).objectValue?.count == 300_000)
        let object = JSONObject((0..<300_000).map { ("key\($0 % 150_000)", JSONValue.int($0)) })
        #expect(object.count == 150_000)
        #expect(object["key0"] == .int(150_000))
    }

    @Test(
        "UTF-8 is validated in place: overlong forms, surrogates and truncated sequences are refused at their byte",
        arguments: [
            ([0x22, 0x61, 0xC0, 0xAF, 0x22], 2), ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),
            ([0x22, 0x61, 0x62, 0xE2, 0x82, 0x22], 3),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1), ([0x22, 0x5C, 0x6E, 0xFF, 0x22], 1),
        ] as [([UInt8], Int)])
    func invalidUTF8(bytes: [UInt8], offset: Int) {
        #expect(throws: JSONSyntaxError("invalid UTF-8 in string", at: offset)) { try JSONParser.parse(bytes) }
    }

    @Test("multi-byte text, escapes and surrogate pairs decode to the same string as Swift spells it")
    func text() throws {
        let value = try JSONParser.parse(Array(#"["é😀中", "a\n\u00e9\ud83d\ude00\t\"", "\u0000"]"#.utf8))
        #expect(value == .array([.string("é😀中"), .string("a\né😀\t\""), .string("\u{0}")]))
    }
}
