#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ArraySlice where Element == UInt8 {
    /// Whether these bytes equal `other`'s, compared as memory.
    /// - Parameter other: the bytes to compare with.
    /// - Returns: true when both have the same length and bytes.
    /// - Complexity: O(n).
    public func hasSameBytes(as other: [UInt8]) -> Bool {
        hasSameBytes(as: other[...])
    }

    /// Whether these bytes equal `other`'s, compared as memory.
    /// - Parameter other: the bytes to compare with.
    /// - Returns: true when both have the same length and bytes.
    /// - Complexity: O(n).
    public func hasSameBytes(as other: ArraySlice<UInt8>) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { lhs in
            other.withUnsafeBytes { rhs in
                guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
                return memcmp(left, right, lhs.count) == 0
            }
        }
    }
}
