import QuireIO
import Synchronization

/// Item lines already checked in this process, shared by the verifications of one merge.
///
/// The bundles of one pack hold the same items (each item goes to `overlap` reviewers), so a line identical,
/// byte for byte, to one already parsed and checked under the same item id need not be parsed again.
public final class VerifiedItems: Sendable {
    private let linesByID = Mutex<[String: ArraySlice<UInt8>]>([:])

    /// An empty set.
    public init() {}

    /// Whether exactly these bytes were checked before as the item with this id.
    func contains(_ line: UnsafeRawBufferPointer, id: String) -> Bool {
        linesByID.withLock { lines in
            guard let checked = lines[id] else { return false }
            return checked.hasSameBytes(as: line.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Records a checked line.
    /// - Parameters:
    ///   - line: its bytes (kept by reference when they are a slice of a file held in memory).
    ///   - id: the item id it was checked as.
    func insert(_ line: ArraySlice<UInt8>, id: String) {
        linesByID.withLock { $0[id] = line }
    }
}
