extension String {
    /// The text of bytes that are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
    /// U+10FFFF), or nil.
    ///
    /// The same as `String(validating: bytes, as: UTF8.self)` without its runtime generic dispatch, which
    /// dominates on short strings read by the million (journal lines, index ids, CSV fields).
    /// - Parameter bytes: the bytes.
    public init?(utf8Bytes bytes: UnsafeRawBufferPointer) {
        guard _JSONReader.firstInvalidUTF8(bytes) == nil else { return nil }
        self = _JSONReader.string(fromValidUTF8: bytes)
    }

    /// The text of bytes that are well-formed UTF-8, or nil; see ``init(utf8Bytes:)-(UnsafeRawBufferPointer)``.
    /// - Parameter bytes: the bytes.
    public init?(utf8Bytes bytes: ArraySlice<UInt8>) {
        guard let text = bytes.withUnsafeBytes({ String(utf8Bytes: $0) }) else { return nil }
        self = text
    }
}
