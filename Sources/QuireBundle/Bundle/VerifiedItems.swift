import QuireIO
import Synchronization

/// Item lines already checked in this process, shared by the verifications of one merge.
///
/// The bundles of one pack hold the same items (each item goes to `overlap` reviewers), so a line whose
/// SHA-256 was already parsed and checked under the same item id need not be parsed again.
public final class VerifiedItems: Sendable {
    private let idsByDigest = Mutex<[String: String]>([:])

    /// An empty set.
    public init() {}

    /// Whether a line was checked before as the item with this id.
    func contains(digest: String, id: String) -> Bool {
        idsByDigest.withLock { $0[digest] == id }
    }

    /// Records a checked line.
    func insert(digest: String, id: String) {
        idsByDigest.withLock { $0[digest] = id }
    }
}
