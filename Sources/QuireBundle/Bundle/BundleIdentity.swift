import QuireIO
public import QuireModel

/// Derives pack and bundle ids from their inputs, never from randomness (DESIGN.md §3 "Determinism").
public enum BundleIdentity {
    /// The pack id: the first 32 hex digits of SHA-256 over the canonical resolved queue, the source digests and
    /// the pack time.
    /// - Parameters:
    ///   - canonicalQueue: the resolved queue as canonical JSON (sorted keys), without ids.
    ///   - sourceDigests: the SHA-256 of each source, in source order.
    ///   - packTime: the pack time.
    /// - Returns: 32 hex digits.
    public static func packID(canonicalQueue: String, sourceDigests: [String], packTime: Timestamp) -> String {
        var digest = SHA256()
        digest.update("quire-pack\n")
        digest.update(canonicalQueue)
        digest.update("\n")
        for source in sourceDigests { digest.update(source + "\n") }
        digest.update(packTime.canonicalText)
        return String(digest.finalizeHex().prefix(32))
    }

    /// A bundle id: the first 32 hex digits of SHA-256 over the pack id and the reviewer.
    /// - Parameters:
    ///   - packID: the pack id.
    ///   - reviewer: the reviewer, or nil for an open bundle.
    /// - Returns: 32 hex digits.
    public static func bundleID(packID: String, reviewer: String?) -> String {
        String(SHA256.hex(of: "quire-bundle\n\(packID)\n\(reviewer ?? BagWriter.openReviewer)").prefix(32))
    }
}
