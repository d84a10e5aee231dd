/// A string compared and hashed by its UTF-8 bytes.
///
/// Swift's `String` equality follows Unicode canonical equivalence ("é" precomposed equals "e" + U+0301),
/// but the contract compares labels, items and reviewers as exact strings (`oracles/README.md`), as
/// Python and spreadsheets do.
struct ExactText: Hashable {
    let text: String

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
        hasher.combine(0xFF as UInt8)  // never a UTF-8 byte: ends the string unambiguously
    }
}

extension String {
    /// Code-point order (the order of UTF-8 bytes), which is what Python's `sorted` gives for `str`.
    func precedesInCodePointOrder(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
