import QuireIO

/// SHA-256 helpers over QuireIO's libcrypto digest.
enum ContentHash {
    /// The 32-byte digest of a string's UTF-8 bytes.
    static func digest(_ text: String) -> [UInt8] {
        var digest = SHA256()
        digest.update(text)
        return digest.finalize()
    }

    /// Lowercase hex of bytes.
    static func hex(_ bytes: [UInt8]) -> String {
        SHA256.hex(bytes)
    }

    /// The hex digest of bytes.
    static func hex(of bytes: [UInt8]) -> String {
        SHA256.hex(of: bytes)
    }
}
