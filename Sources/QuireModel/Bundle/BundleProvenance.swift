/// Which bundle a merge read: recorded in `merge.json`, shown in the report, carried into dataset manifests.
public struct BundleProvenance: Sendable, Equatable {
    /// `Quire-Bundle-Id`.
    public var bundleID: String
    /// `Quire-Reviewer`.
    public var reviewer: String
    /// SHA-256 of the bundle file as read.
    public var sha256: String
    /// The path as given to merge.
    public var path: String

    /// Creates an entry.
    /// - Parameters:
    ///   - bundleID: the bundle id.
    ///   - reviewer: the reviewer.
    ///   - sha256: the file's SHA-256.
    ///   - path: the path as given.
    public init(bundleID: String, reviewer: String, sha256: String, path: String) {
        self.bundleID = bundleID
        self.reviewer = reviewer
        self.sha256 = sha256
        self.path = path
    }

    /// The entry as JSON, as `merge.json` and dataset manifests record it.
    public var json: JSONValue { .object(members) }

    /// The members of ``json``, in order, for a record that adds its own after them.
    public var members: JSONObject {
        [
            "bundleId": .string(bundleID), "reviewer": .string(reviewer), "sha256": .string(sha256),
            "path": .string(path),
        ]
    }
}
