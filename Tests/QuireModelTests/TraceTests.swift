import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Native traces")
struct TraceTests {
    @Test("every line of the shared sample is written back byte for byte")
    func sampleRoundTripsByteForByte() throws {
        let text = try FileSystem.readText(FixturePaths.shared + "/data/native/sample.jsonl")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 40)
        for line in lines {
            let trace = try Trace(json: JSONParser.parse(Array(line.utf8)))
            #expect(trace.json.jsonText == String(line))
        }
    }

    @Test("unknown fields are kept and written after the known ones")
    func unknownFieldsPreserved() throws {
        let line = #"{"zeta":{"a":[1,2.50]},"id":"t1","timestamp":"2025-01-02T03:04:05Z","custom":true}"#
        let trace = try Trace(json: JSONParser.parse(line))
        #expect(trace.extra.keys == ["zeta", "custom"])
        #expect(
            trace.json.jsonText
                == #"{"id":"t1","name":null,"timestamp":"2025-01-02T03:04:05Z","sessionId":null,"userId":null,"#
                + #""environment":"default","release":null,"version":null,"tags":[],"metadata":{},"input":null,"#
                + #""output":null,"observations":[],"scores":[],"zeta":{"a":[1,2.50]},"custom":true}"#)
    }

    @Test(
        "a malformed trace names the field at fault",
        arguments: [
            (#"{"timestamp":"2025-01-01T00:00:00Z"}"#, FieldError(field: "id", reason: "missing")),
            (
                #"{"id":7,"timestamp":"2025-01-01T00:00:00Z"}"#,
                FieldError(field: "id", reason: "expected string, found number")
            ),
            (#"{"id":"","timestamp":"2025-01-01T00:00:00Z"}"#, FieldError(field: "id", reason: "must not be empty")),
            (
                #"{"id":"a","timestamp":"yesterday"}"#,
                FieldError(field: "timestamp", reason: "not an RFC 3339 timestamp: yesterday")
            ),
            (
                #"{"id":"a","timestamp":"2025-01-01T00:00:00Z","tags":["x",1]}"#,
                FieldError(field: "tags[1]", reason: "expected string, found number")
            ),
            (
                #"{"id":"a","timestamp":"2025-01-01T00:00:00Z","observations":[{"id":"o","startTime":5}]}"#,
                FieldError(field: "observations[0].startTime", reason: "expected string, found number")
            ),
            (#"[1]"#, FieldError(field: "", reason: "expected object, found array")),
        ]
    )
    func malformedTraceNamesField(line: String, expected: FieldError) throws {
        let value = try JSONParser.parse(line)
        #expect(throws: expected) { try Trace(json: value) }
    }

    @Test("normalising sorts tags and observations and writes canonical UTC times")
    func normalize() throws {
        let line =
            #"{"id":"a","timestamp":"2025-01-01T01:00:00.123456+01:00","tags":["b","a","b"],"#
            + #""observations":[{"id":"o2","startTime":"2025-01-01T00:00:01Z"},{"id":"o1","startTime":"2025-01-01T00:00:01Z"},"#
            + #"{"id":"o0","startTime":"2025-01-01T00:00:00.5Z"}]}"#
        var trace = try Trace(json: JSONParser.parse(line))
        trace.normalize()
        #expect(trace.tags == ["a", "b"])
        #expect(trace.timestamp.text == "2025-01-01T00:00:00.123Z")
        #expect(trace.observations.map(\.id) == ["o0", "o1", "o2"])
        #expect(trace.observations[0].startTime.text == "2025-01-01T00:00:00.500Z")
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test(
        "RFC 3339 text parses to the instant",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)),
            ("2025-03-03T09:14:02.118Z", Int64(1_740_993_242_118_000_000)),
            ("2025-03-03T10:14:02.118+01:00", Int64(1_740_993_242_118_000_000)),
            ("2025-03-03T09:14:02.118123456Z", Int64(1_740_993_242_118_123_456)),
            ("2024-02-29T23:59:59-00:30", Int64(1_709_252_999_000_000_000)),
            ("1969-12-31T23:59:59.999Z", Int64(-1_000_000)),
        ]
    )
    func parses(text: String, nanoseconds: Int64) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.nanoseconds == nanoseconds)
    }

    @Test(
        "text that is not RFC 3339 is refused",
        arguments: [
            "2025-03-03", "2025-03-03T09:14:02", "2025-02-30T00:00:00Z", "2025-03-03T24:00:00Z",
            "2025-03-03T09:14:02.Z", "2025-03-03T09:14:02.1234567890Z", "2025-03-03T09:14:02Zjunk", "",
        ]
    )
    func refuses(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("canonical text is UTC with three fractional digits, truncated")
    func canonicalTruncates() {
        #expect(Timestamp(nanosecondsSinceEpoch: 1_740_993_242_118_999_999).canonicalText == "2025-03-03T09:14:02.118Z")
        #expect(Timestamp(nanosecondsSinceEpoch: -1).canonicalText == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(secondsSinceEpoch: 1_700_000_000).secondsText == "2023-11-14T22:13:20Z")
    }
}
