/// The fixed file names of a bundle (DESIGN.md §3).
public enum BundleLayout {
    /// The bag declaration.
    public static let bagDeclaration = "bagit.txt"
    /// The bag metadata.
    public static let bagInfo = "bag-info.txt"
    /// The payload manifest.
    public static let payloadManifest = "manifest-sha256.txt"
    /// The tag manifest.
    public static let tagManifest = "tagmanifest-sha256.txt"
    /// The resolved queue.
    public static let queue = "data/queue.json"
    /// The reviewer instructions.
    public static let instructions = "data/instructions.md"
    /// The items, one JSON a line.
    public static let items = "data/items.jsonl"
    /// Offsets and ids of the item lines.
    public static let itemIndex = "data/items.idx"
    /// The append-only journal.
    public static let journal = "annotations/journal.jsonl"
    /// The materialised scores, written by seal.
    public static let scores = "annotations/scores.jsonl"
    /// The advisory lock of a working directory; never part of the bag.
    public static let lock = ".lock"

    /// The exact content of `bagit.txt` (RFC 8493 §2.1.1).
    public static let bagDeclarationText = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

    /// The extension of bundle archives.
    public static let archiveExtension = ".quire"

    /// The working directory of an archive: `B.d/` beside `B` (DESIGN.md §4).
    /// - Parameter archive: the archive's path.
    /// - Returns: its sibling working directory's path.
    public static func workingDirectory(of archive: String) -> String {
        var trimmed = archive
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed + ".d"
    }
}
