public import QuireModel

/// Why a bundle is invalid or could not be used; each case says what and where.
public enum BundleError: QuireError, Equatable {
    /// A required file of the bag is missing.
    case missingFile(bundle: String, file: String)
    /// A file is present that no manifest lists.
    case unlistedFile(bundle: String, file: String)
    /// A manifest lists a file that is not there.
    case listedFileMissing(bundle: String, manifest: String, file: String)
    /// A file's SHA-256 differs from its manifest entry: the file was changed after it was recorded.
    case checksumMismatch(bundle: String, file: String, expected: String, actual: String)
    /// A tag file or manifest does not follow BagIt 1.0 (RFC 8493).
    case malformedBag(bundle: String, file: String, line: Int?, reason: String)
    /// `data/queue.json`, an item or a journal line does not parse or disagrees with the bag.
    case invalidContent(bundle: String, file: String, line: Int?, reason: String)
    /// The journal's hash chain or sequence is broken at a line.
    case brokenJournal(bundle: String, line: Int, reason: String)
    /// The bundle's working directory is locked by another annotator.
    case locked(bundle: String, lockFile: String)
    /// The path is neither a bundle archive nor a bag directory.
    case notABundle(path: String, reason: String)
    /// An item id that the bundle does not contain.
    case unknownItem(bundle: String, item: String)

    /// Every case is a problem with the input, except a lock held by another process, which is a usage problem.
    public var fault: Fault {
        switch self {
        case .locked: .usage
        default: .data
        }
    }

    /// One line: `bundle: file:line: reason`.
    public var description: String {
        switch self {
        case .missingFile(let bundle, let file):
            "\(bundle): missing \(file)"
        case .unlistedFile(let bundle, let file):
            "\(bundle): \(file) is not listed in any manifest (file added after packing?)"
        case .listedFileMissing(let bundle, let manifest, let file):
            "\(bundle): \(file) is listed in \(manifest) but missing"
        case .checksumMismatch(let bundle, let file, let expected, let actual):
            "\(bundle): \(file) was modified: SHA-256 \(actual.prefix(16))… does not match the manifest's "
                + "\(expected.prefix(16))…"
        case .malformedBag(let bundle, let file, let line, let reason):
            "\(bundle): \(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .invalidContent(let bundle, let file, let line, let reason):
            "\(bundle): \(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .brokenJournal(let bundle, let line, let reason):
            "\(bundle): annotations/journal.jsonl:\(line): \(reason)"
        case .locked(let bundle, let lockFile):
            "\(bundle): another annotator is working on this bundle (lock held on \(lockFile)); "
                + "close it first, or work on a copy"
        case .notABundle(let path, let reason):
            "\(path): not a Quire bundle: \(reason)"
        case .unknownItem(let bundle, let item):
            "\(bundle): no item \"\(item)\" in this bundle"
        }
    }
}
