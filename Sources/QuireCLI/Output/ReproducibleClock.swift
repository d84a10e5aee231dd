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
        if let raw = getenv("SOURCE_DATE_EPOCH") {
            let text = String(cString: raw)
            guard let seconds = Int64(text), seconds >= 0 else {
                throw ValidationError("SOURCE_DATE_EPOCH must be a non-negative integer of seconds, got \"\(text)\"")
            }
            return Timestamp(secondsSinceEpoch: seconds)
        }
        return realTime()
    }

    /// The real-time clock, never `SOURCE_DATE_EPOCH`: journal events record when a reviewer acted.
    static func realTime() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(nanosecondsSinceEpoch: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }
}
