internal import CQuireCrypto

/// SHA-256 through the system's libcrypto (`EVP_Digest*`), streaming or one-shot.
///
/// libcrypto builds in seconds where swift-crypto costs minutes on two cores (notes/toolchain.md §5).
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    /// Starts a digest (`EVP_MD_CTX_new`, `EVP_DigestInit_ex`).
    public init() {
        guard let raw = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new: out of memory") }
        guard EVP_DigestInit_ex(raw, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(raw)
            preconditionFailure("EVP_DigestInit_ex(sha256) failed")
        }
        context = raw
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds bytes (`EVP_DigestUpdate`).
    /// - Parameter buffer: the bytes.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        guard EVP_DigestUpdate(context, base, buffer.count) == 1 else { preconditionFailure("EVP_DigestUpdate failed") }
    }

    /// Feeds bytes.
    /// - Parameter bytes: the bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Feeds the UTF-8 bytes of a string.
    /// - Parameter text: the text.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the digest (`EVP_DigestFinal_ex`).
    /// - Returns: the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard result == 1, length == 32 else { preconditionFailure("EVP_DigestFinal_ex failed") }
        return out
    }

    /// Ends the digest.
    /// - Returns: the digest as 64 lowercase hex digits.
    public consuming func finalizeHex() -> String {
        Self.hex(finalize())
    }

    /// The digest of some bytes.
    /// - Parameter bytes: the bytes.
    /// - Returns: 64 lowercase hex digits.
    public static func hex(of bytes: some Sequence<UInt8>) -> String {
        var digest = SHA256()
        digest.update(bytes)
        return digest.finalizeHex()
    }

    /// The digest of a string's UTF-8 bytes.
    /// - Parameter text: the text.
    /// - Returns: 64 lowercase hex digits.
    public static func hex(of text: String) -> String {
        var digest = SHA256()
        digest.update(text)
        return digest.finalizeHex()
    }

    /// Lowercase hex of bytes.
    /// - Parameter bytes: the bytes.
    /// - Returns: two hex digits per byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
