public import QuireModel
import Synchronization

/// A clock that starts at a fixed instant and moves one second per reading, so journals written in tests are
/// byte-identical from run to run.
public final class SteppingClock: Sendable {
    private let next: Mutex<Int64>

    /// Creates a clock.
    /// - Parameter start: the first reading, in seconds since the epoch.
    public init(start: Int64 = 1_763_900_000) {
        next = Mutex(start)
    }

    /// The clock as the closure journal writers take.
    public var read: @Sendable () -> Timestamp {
        { [self] in
            next.withLock { seconds in
                defer { seconds += 1 }
                return Timestamp(secondsSinceEpoch: seconds)
            }
        }
    }
}
