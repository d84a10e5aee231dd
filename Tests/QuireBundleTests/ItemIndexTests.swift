import QuireBundle
import QuireModel
import QuireTestSupport
import Testing

@Suite("Item index parsing")
struct ItemIndexTests {
    @Test(
        "any index written by text parses back equal, plain ids and escaped ones alike",
        arguments: 0..<20 as Range<UInt64>)
    func roundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let alphabet = Array("abcXYZ09-_./\"\\\u{0}\n\té漢😀 ")
        var index = ItemIndex()
        var offset = 0
        for number in 0..<200 {
            let length = Int.random(in: 0...12, using: &rng)
            let id =
                "\(number)-"
                + String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
            let size = Int.random(in: 0...100_000, using: &rng)
            let added = index.append(id: id, offset: offset, length: size)
            #expect(added)
            offset += size + 1
        }
        let parsed = try ItemIndex(parsing: Array(index.text.utf8), bundle: "b")
        #expect(parsed == index)
    }

    @Test(
        "lines the fast path does not take still get the parser's answer",
        arguments: [
            ("[0,5,\"a\"]\n[6, 7, \"b\"]\n", nil),
            ("[0,5,\"a\\u0041\"]\n", nil),
            ("[01,5,\"a\"]\n", "data/items.idx:1: not JSON"),
            ("[0,5,\"a\"] \n", nil),
            ("[0,-5,\"a\"]\n", "data/items.idx:1: expected [offset, length, \"id\"]"),
            ("[0,5,\"a\"]\n[6,5,\"a\"]\n", "data/items.idx:2: item id \"a\" repeats"),
            ("[0,5,\"a\",1]\n", "data/items.idx:1: expected [offset, length, \"id\"]"),
        ] as [(String, String?)])
    func slowPath(text: String, error: String?) throws {
        if let error {
            let thrown = #expect(throws: BundleError.self) { try ItemIndex(parsing: Array(text.utf8), bundle: "b") }
            #expect(thrown?.description.hasPrefix("b: " + error) == true, "\(String(describing: thrown))")
        } else {
            let index = try ItemIndex(parsing: Array(text.utf8), bundle: "b")
            #expect(index.offsets.first == 0)
            #expect(index.ids.first?.hasPrefix("a") == true)
        }
    }
}
