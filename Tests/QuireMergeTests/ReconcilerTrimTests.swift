import Foundation
import QuireModel
import Testing

@testable import QuireMerge

/// Text answers are compared after trimming white space: the same set of characters Foundation trims.
@Suite("Reconciler trimming")
struct ReconcilerTrimTests {
    @Test(
        "every white space and line break Foundation trims is trimmed, and nothing else", arguments: [1, 2] as [UInt64])
    func matchesFoundation(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let edges: [Unicode.Scalar] = [
            " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
            "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "a", "é", "\u{301}",
            "🙂",
        ]
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                text.unicodeScalars.append(edges.randomElement(using: &generator)!)
            }
            #expect(
                Reconciler.trimmed(.string(text)) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("text without white space at either end is returned as is")
    func untouched() {
        #expect(Reconciler.trimmed(.string("a b")) == "a b")
        #expect(Reconciler.trimmed(.string("  ")) == "")
        #expect(Reconciler.trimmed(.int(4)) == "4")
    }
}
