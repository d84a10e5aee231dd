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
        other.withUnsafeBufferPointer { hasSameBytes(as: $0) }
    }

    /// Whether these bytes equal `other`'s, compared as memory.
    /// - Parameter other: the bytes to compare with.
    /// - Returns: true when both have the same length and bytes.
    /// - Complexity: O(n).
    public func hasSameBytes(as other: ArraySlice<UInt8>) -> Bool {
        other.withUnsafeBufferPointer { hasSameBytes(as: $0) }
    }

    /// Whether these bytes equal `other`'s, compared as memory.
    /// - Parameter other: the bytes to compare with.
    /// - Returns: true when both have the same length and bytes.
    /// - Complexity: O(n).
    public func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBufferPointer { mine in
            guard let left = mine.baseAddress, let right = other.baseAddress else { return true }
            return memcmp(left, right, mine.count) == 0
        }
    }
}
