import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Top-level JSON scanner")
struct JSONTopLevelScannerTests {
    static func scanned(_ bytes: [UInt8]) throws -> [(String, JSONValue)] {
        var members: [(String, Range<Int>)] = []
        try bytes.withUnsafeBytes { buffer in
            try JSONTopLevelScanner.scan(buffer) { members.append(($0, $1)) }
        }
        return try members.map { ($0.0, try JSONParser.parse(bytes[$0.1])) }
    }

    @Test("every sample trace scans to the members the full parser builds")
    func sampleMembersMatch() throws {
        let text = try FileSystem.readText(FixturePaths.shared + "/data/native/sample.jsonl")
        for line in text.split(separator: "\n") {
            let bytes = Array(line.utf8)
            let members = try Self.scanned(bytes)
            let object = try #require(try JSONParser.parse(bytes).objectValue)
            #expect(members.map(\.0) == object.keys)
            for (key, value) in members { #expect(object[key] == value) }
        }
    }

    @Test(
        "the scanner refuses exactly what the parser refuses, on seeded random mutations",
        arguments: 0..<40 as Range<UInt64>)
    func refusesLikeTheParser(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let base = Array(
            #"{"id":"t\u00e9","n":[1,-2.5e3,{"a":null,"b":[true,false]}],"s":"é \"q\" ✓","o":{"x":{"y":[]}}}"#.utf8)
        let alphabet: [UInt8] =
            Array(#"{}[]",:\-+.eE0123456789 atrufnl"#.utf8) + [0x00, 0x1F, 0xC3, 0xA9, 0xFF, 0xED, 0xA0]
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[position] = alphabet.randomElement(using: &rng) ?? 0
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet.randomElement(using: &rng) ?? 0, at: position)
                }
            }
            let parsed = Result { try JSONParser.parse(bytes) }
            let scanned = Result { try Self.scanned(bytes) }
            if case .failure(let error) = parsed, case .success = scanned {
                Issue.record(
                    "scanner accepted what the parser refused (\(error)): \(String(decoding: bytes, as: UTF8.self))")
            }
            if case .success(.object) = parsed, case .failure(let error) = scanned {
                Issue.record("scanner refused an object the parser accepted (\(error))")
            }
            if case .success(.object(let object)) = parsed, case .success(let members) = scanned {
                #expect(members.map(\.0) == object.keys || Set(members.map(\.0)).count < members.count)
            }
        }
    }

    @Test(
        "malformed text is refused at the same byte as by the parser",
        arguments: [
            #"{"a":[1,2}"#, #"{"a":"\x"}"#, #"{"a":01}"#, "{\"a\":\"\u{1}\"}", #"{"a":1}x"#, #"{"a" 1}"#, #"[1]"#,
        ])
    func sameErrors(text: String) {
        let bytes = Array(text.utf8)
        let parserError = Result { try JSONParser.parse(bytes) }
        let scannerError = Result { try Self.scanned(bytes) }
        if case .failure(let parser as JSONSyntaxError) = parserError,
            case .failure(let scanner as JSONSyntaxError) = scannerError
        {
            #expect(parser.offset == scanner.offset)
        } else if case .success(.array) = parserError {
            #expect(throws: JSONSyntaxError("expected a JSON object", at: 0)) { try Self.scanned(bytes) }
        } else {
            Issue.record("both should fail: \(text)")
        }
    }

    @Test("invalid UTF-8 inside a skipped string is refused")
    func invalidUTF8() {
        for sequence: [UInt8] in [
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x28, 0xA1], [0xFF],
        ] {
            let bytes = Array(#"{"a":["x"#.utf8) + sequence + Array(#""]}"#.utf8)
            #expect(throws: JSONSyntaxError.self) { try Self.scanned(bytes) }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        }
    }
}
