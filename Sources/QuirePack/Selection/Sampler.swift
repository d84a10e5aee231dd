import QuireIO

/// Deterministic sampling by trace id (DESIGN.md §2), reproducible in any language or warehouse.
///
/// A trace is kept when the first 8 hex digits of SHA-256(`key:traceId`), read as an integer, modulo 10000,
/// are below percent × 100 (rounded). The same rule as SQL for DuckDB, Spark and ClickHouse is in
/// `docs/sampling.md`, so a selection can run in the warehouse and stream into `quire pack --traces -`.
public struct Sampler: Sendable, Equatable {
    /// The share kept, 0 < percent ≤ 100 with at most two decimals.
    public let percent: Double
    /// The key mixed into the hash; a different key draws a different sample.
    public let key: String
    /// `Int((percent × 100).rounded())`: a bucket below it is kept.
    public let threshold: Int

    /// Creates a sampler.
    /// - Parameters:
    ///   - percent: the share kept; the queue loader checks 0 < percent ≤ 100 with at most two decimals.
    ///   - key: the sampling key.
    public init(percent: Double, key: String) {
        self.percent = percent
        self.key = key
        self.threshold = Int((percent * 100).rounded())
    }

    /// The bucket a trace falls in: the first 8 hex digits of SHA-256(`key:traceId`) as an integer, mod 10000.
    /// - Parameter traceID: the trace id.
    /// - Returns: 0..<10000.
    public func bucket(of traceID: String) -> Int {
        let digest = QuireIO.SHA256.hex(of: key + ":" + traceID)
        return Int(digest.prefix(8), radix: 16).map { $0 % 10_000 } ?? 0
    }

    /// Whether the trace is in the sample.
    /// - Parameter traceID: the trace id.
    /// - Returns: true when kept.
    public func keeps(_ traceID: String) -> Bool {
        bucket(of: traceID) < threshold
    }
}
