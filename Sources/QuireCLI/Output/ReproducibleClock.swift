import ArgumentParser
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The time of a pack, a merge or a commit, read once at the edge: `SOURCE_DATE_EPOCH`
/// (reproducible-builds.org) when set, else the real-time clock.
enum ReproducibleClock {
    static func now() throws -> Timestamp {
        try sourceDateEpoch() ?? realTime()
    }

    /// The latest `SOURCE_DATE_EPOCH` accepted: 2262-04-11T23:47:16Z, the last whole second an instant
    /// (nanoseconds in 64 bits) holds.
    static let latestSourceDateEpoch = Int64.max / 1_000_000_000

    /// `SOURCE_DATE_EPOCH` when set.
    /// - Returns: the instant, or nil when the variable is not set.
    /// - Throws: `ValidationError` (exit 64) unless it is a whole number of seconds from 0 to
    ///   ``latestSourceDateEpoch``.
    static func sourceDateEpoch() throws -> Timestamp? {
        guard let raw = getenv("SOURCE_DATE_EPOCH") else { return nil }
        let text = String(cString: raw)
        guard let seconds = Int64(text), (0...latestSourceDateEpoch).contains(seconds) else {
            throw ValidationError(
                "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to \(latestSourceDateEpoch) "
                    + "(2262-04-11T23:47:16Z), got \"\(text)\"")
        }
        return Timestamp(secondsSinceEpoch: seconds)
    }

    /// The real-time clock, never `SOURCE_DATE_EPOCH`: journal events record when a reviewer acted.
    static func realTime() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(nanosecondsSinceEpoch: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }
}
