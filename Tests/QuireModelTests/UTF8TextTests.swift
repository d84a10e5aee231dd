import QuireModel
import QuireTestSupport
import Testing

@Suite("UTF-8 text")
struct UTF8TextTests {
    @Test(
        "well-formed UTF-8 reads as String(validating:) reads it; ill-formed is refused alike",
        arguments: [
            [], Array("plain ascii".utf8), Array("é — 日本 🎉".utf8), [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80],
            [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82], [0x61, 0xFF, 0x62], [0x00],
        ] as [[UInt8]])
    func edges(bytes: [UInt8]) {
        #expect(String(utf8Bytes: bytes[...]) == String(validating: bytes, as: UTF8.self))
    }

    @Test("on random bytes biased to multibyte sequences, both readings agree", arguments: [1, 2, 3] as [UInt64])
    func random(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let alphabet: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
        ]
        var refused = 0
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                Bool.random(using: &generator)
                    ? alphabet.randomElement(using: &generator) ?? 0 : UInt8.random(in: 0x80...0xBF, using: &generator)
            }
            let expected = String(validating: bytes, as: UTF8.self)
            if expected == nil { refused += 1 }
            #expect(String(utf8Bytes: bytes[...]) == expected, "\(bytes)")
        }
        // Both outcomes are exercised.
        #expect(refused > 500 && refused < 4900)
    }
}
