import QuireModel
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("a value written back is byte-identical to compact input, key order and number spelling kept")
    func roundTripKeepsOrderAndNumbers() throws {
        let text = #"{"z":1.0,"a":[true,false,null,-0.5e-3],"m":{"é":"\u00e9 \"q\" \\ \n"},"big":12345678901234567890}"#
        let value = try JSONParser.parse(text)
        #expect(
            value.jsonText
                == #"{"z":1.0,"a":[true,false,null,-0.5e-3],"m":{"é":"é \"q\" \\ \n"},"big":12345678901234567890}"#)
    }

    @Test("surrogate pairs decode to one scalar")
    func surrogatePairs() throws {
        let value = try JSONParser.parse(#""\ud83d\ude00""#)
        #expect(value == .string("😀"))
    }

    @Test(
        "malformed JSON is refused with the reason and the byte",
        arguments: [
            (#"{"a":1,}"#, "expected a string key", 7),
            (#"[1,2"#, "unexpected end of input", 4),
            (#"01"#, "invalid number: leading zero", 0),
            (#""abc"#, "unterminated string", 0),
            (#"{"a":1} x"#, "unexpected data after the JSON value", 8),
            ("\"a\u{1}\"", "control character in string", 2),
            (#""\ud800""#, #"unpaired surrogate in \u escape"#, 1),
            (#"tru"#, "invalid literal", 0),
        ]
    )
    func malformed(text: String, reason: String, offset: Int) {
        #expect(throws: JSONSyntaxError(reason, at: offset)) { try JSONParser.parse(text) }
    }

    @Test("invalid UTF-8 inside a string is refused at its byte")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
        #expect(throws: JSONSyntaxError("invalid UTF-8 in string", at: 2)) { try JSONParser.parse(bytes) }
    }

    @Test("nesting beyond the budget is refused, not a stack overflow")
    func nestingBudget() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError("nesting deeper than 256 levels", at: 256)) { try JSONParser.parse(deep) }
    }

    @Test("the canonical form sorts keys by UTF-8 bytes at every depth")
    func canonicalSortsKeys() throws {
        let value = try JSONParser.parse(#"{"b":{"y":1,"x":2},"a":[{"d":0,"c":0}],"B":0}"#)
        #expect(value.canonicalJSONText == #"{"B":0,"a":[{"c":0,"d":0}],"b":{"x":2,"y":1}}"#)
    }
}
