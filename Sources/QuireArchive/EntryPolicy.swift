import Foundation

/// A rule an archive entry broke, the reason in ``ArchiveError/refusedEntry(path:entry:rule:)``.
///
/// Every rule exists because a bundle comes from a stranger (DESIGN.md §3, "Reading archives safely"):
/// the comment on each case names the attack it stops.
public enum EntryRule: Sendable, Equatable, CustomStringConvertible {
    /// The name is not UTF-8: BagIt paths are UTF-8 (RFC 8493 §2.1.3), and undecodable bytes hide other tricks.
    case invalidUTF8
    /// The name is empty: there is nothing to create, and some tools resolve it to the destination itself.
    case emptyName
    /// The name holds a control character (NUL, ESC, newline, C1): a NUL truncates the name for one reader and
    /// not for another, ESC sequences rewrite the terminal, newlines forge lines in manifests and logs.
    case controlCharacter
    /// The name holds a backslash, a path separator on Windows: `a\..\..\x` escapes there, and libarchive
    /// rewrites backslashes in zip names to `/`.
    case backslash
    /// The name is absolute (`/etc/x`) or starts with a drive (`C:`): it would be written outside the destination.
    case absolutePath
    /// The path has a `..` component: it would be written outside the destination (zip-slip).
    case parentComponent
    /// The path has an empty or `.` component (`a//b`, `a/./b`): two spellings of one file, a way to slip
    /// a duplicate past a name comparison.
    case dotOrEmptyComponent
    /// A component is longer than `NAME_MAX`, or the path longer than the budget: creation fails half-way.
    case nameTooLong(limit: Int)
    /// The path is nested deeper than the budget: thousands of directories exhaust inodes and stack.
    case tooDeep(limit: Int)
    /// A symbolic link: a later entry would be written through it, outside the destination.
    case symlink
    /// A hard link: it can alias a file outside the destination and then be written through.
    case hardlink
    /// A character or block device: reading it reads the machine's hardware or memory.
    case device
    /// A FIFO: a reader that opens it blocks forever.
    case fifo
    /// A socket: never part of a bundle.
    case socket
    /// Any other entry type (whiteouts, unknown type flags).
    case unsupportedType
    /// The setuid, setgid or sticky bit is set: an extracted program would run with the owner's rights.
    case specialPermissions(mode: UInt32)
    /// A sparse file: a few stored bytes declare a huge logical size (a disk-filling bomb).
    case sparse
    /// An encrypted zip entry: it cannot be checked, and a bundle never holds one.
    case encrypted
    /// A zip compression method other than stored or deflate: every extra decoder is attack surface.
    case unsupportedCompression(method: Int)
    /// The same name twice: which copy wins depends on the tool, so two readers see different bundles.
    case duplicateName
    /// Equal to another name after Unicode NFC and case folding: one file on macOS and Windows, two on Linux.
    case nameCollision(with: String)
    /// A path goes through a regular file as if it were a directory.
    case parentIsFile(parent: String)
    /// More entries than the budget: millions of empty files exhaust inodes.
    case tooManyEntries(limit: Int)
    /// A file larger than the per-file budget, declared or counted: a decompression bomb.
    case fileTooLarge(limit: Int64)
    /// All files together larger than the total budget: many smaller bombs.
    case totalTooLarge(limit: Int64)
    /// The bytes stored differ from the size the header declares.
    case sizeMismatch(declared: Int64, actual: Int64)

    /// The rule in words, for the error line.
    public var description: String {
        switch self {
        case .invalidUTF8: return "the name is not valid UTF-8"
        case .emptyName: return "the name is empty"
        case .controlCharacter: return "the name holds a control character"
        case .backslash: return "the name holds a backslash (a path separator on Windows)"
        case .absolutePath: return "absolute path"
        case .parentComponent: return "path escapes the bundle (..)"
        case .dotOrEmptyComponent: return "the path has an empty or '.' component"
        case .nameTooLong(let limit): return "the name is longer than \(limit) bytes"
        case .tooDeep(let limit): return "nested deeper than \(limit) levels"
        case .symlink: return "symbolic links are not allowed"
        case .hardlink: return "hard links are not allowed"
        case .device: return "device files are not allowed"
        case .fifo: return "FIFOs are not allowed"
        case .socket: return "sockets are not allowed"
        case .unsupportedType: return "unsupported entry type"
        case .specialPermissions(let mode):
            return "setuid, setgid or sticky bit set (mode \(String(mode, radix: 8)))"
        case .sparse: return "sparse files are not allowed"
        case .encrypted: return "encrypted entries are not supported"
        case .unsupportedCompression(let method):
            return "zip compression method \(method) is not supported (only stored and deflate)"
        case .duplicateName: return "duplicate name"
        case .nameCollision(let other):
            return "same name as '\(ArchiveError.printable(other))' after Unicode normalisation and case folding"
        case .parentIsFile(let parent): return "'\(ArchiveError.printable(parent))' is a file, not a directory"
        case .tooManyEntries(let limit): return "more than \(limit) entries"
        case .fileTooLarge(let limit): return "larger than the \(limit)-byte limit per file"
        case .totalTooLarge(let limit): return "the archive expands beyond the \(limit)-byte limit"
        case .sizeMismatch(let declared, let actual): return "declares \(declared) bytes but holds \(actual)"
        }
    }
}

/// What an entry is, as the archive's header (or `lstat`) says.
enum EntryKind: Equatable {
    case regular
    case directory
    case symlink
    case hardlink
    case characterDevice
    case blockDevice
    case fifo
    case socket
    case other
}

/// An entry's header, before any rule has been applied.
struct EntryHeader {
    /// The name's bytes exactly as stored.
    var name: [UInt8]
    var kind: EntryKind
    /// The permission bits, including setuid (0o4000), setgid (0o2000) and sticky (0o1000).
    var permissions: UInt32
    /// The size the header declares, if it declares one (a streamed zip entry may not).
    var declaredSize: Int64?
    var isSparse = false
    var isEncrypted = false
    /// The zip compression method; nil for tar.
    var zipMethod: Int?

    /// The name as text for messages, whether or not it is valid UTF-8.
    var displayName: String { String(decoding: name, as: UTF8.self) }
}

/// An entry that passed every rule.
struct AdmittedEntry: Equatable {
    /// The relative path, `/`-separated, without a leading `./` or a trailing `/`; empty for the root itself.
    var name: String
    var isDirectory: Bool
    var declaredSize: Int64?
    /// Bytes of content seen so far.
    var actualSize: Int64 = 0
}

/// Every refusal rule for archive entries, in one place.
///
/// Rules apply in one order: budgets, type, name, then duplicates. Entries are admitted one at a time, so a
/// hostile archive is stopped at its first bad header, before its content is inflated.
struct EntryPolicy {
    /// The archive, for messages.
    let path: String
    let limits: ArchiveLimits

    private enum Node {
        case file
        case directory(isExplicit: Bool)
    }

    private var entryCount = 0
    private var declaredTotal: Int64 = 0
    private var actualTotal: Int64 = 0
    /// Every path seen, entries and the directories they imply, keyed by UTF-8 bytes: Swift's `String`
    /// equality is canonical equivalence, which would call an NFC collision a plain duplicate.
    private var nodes: [[UInt8]: Node] = [:]
    /// Folded form → the first path that had it.
    private var foldedNames: [String: String] = [:]

    init(path: String, limits: ArchiveLimits) {
        self.path = path
        self.limits = limits
    }

    /// Applies every rule to a header.
    /// - Returns: the entry as it will be created.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)`` naming the first rule broken.
    mutating func admit(_ header: EntryHeader) throws -> AdmittedEntry {
        let display = header.displayName
        let archive = path
        func refuse(_ rule: EntryRule) -> ArchiveError { .refusedEntry(path: archive, entry: display, rule: rule) }

        entryCount += 1
        if entryCount > limits.maxEntries { throw refuse(.tooManyEntries(limit: limits.maxEntries)) }

        // Hard links first: libarchive reports a hard link with the file type of its target (notes/toolchain.md §2b).
        switch header.kind {
        case .regular, .directory: break
        case .hardlink: throw refuse(.hardlink)
        case .symlink: throw refuse(.symlink)
        case .characterDevice, .blockDevice: throw refuse(.device)
        case .fifo: throw refuse(.fifo)
        case .socket: throw refuse(.socket)
        case .other: throw refuse(.unsupportedType)
        }
        if header.permissions & 0o7000 != 0 { throw refuse(.specialPermissions(mode: header.permissions & 0o7777)) }
        if header.isSparse { throw refuse(.sparse) }
        if header.isEncrypted { throw refuse(.encrypted) }
        if let method = header.zipMethod, method != 0, method != 8 {
            throw refuse(.unsupportedCompression(method: method))
        }

        let isDirectory = header.kind == .directory
        let name: String
        switch Self.normalisedName(header.name, isDirectory: isDirectory, limits: limits) {
        case .success(let normalised): name = normalised
        case .failure(let refusal): throw refuse(refusal.rule)
        }

        if !name.isEmpty { try register(name, isDirectory: isDirectory, refuse: refuse) }

        var declared: Int64? = nil
        if !isDirectory, let size = header.declaredSize {
            guard size >= 0 else {
                throw ArchiveError.corrupt(path: path, detail: "entry '\(display)' declares a negative size")
            }
            // The declared size is checked before a byte is inflated: a 2.5 GiB bomb is refused from its header.
            if size > limits.maxFileBytes { throw refuse(.fileTooLarge(limit: limits.maxFileBytes)) }
            declaredTotal += size
            if declaredTotal > limits.maxTotalBytes { throw refuse(.totalTooLarge(limit: limits.maxTotalBytes)) }
            declared = size
        }
        return AdmittedEntry(name: name, isDirectory: isDirectory, declaredSize: declared)
    }

    /// Counts content bytes as they are inflated: headers can lie, and a streamed zip entry declares nothing.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)`` once a budget is crossed.
    mutating func count(_ bytes: Int, in entry: inout AdmittedEntry) throws {
        entry.actualSize += Int64(bytes)
        actualTotal += Int64(bytes)
        let archive = path
        let name = entry.name
        func refuse(_ rule: EntryRule) -> ArchiveError { .refusedEntry(path: archive, entry: name, rule: rule) }
        if let declared = entry.declaredSize, entry.actualSize > declared {
            throw refuse(.sizeMismatch(declared: declared, actual: entry.actualSize))
        }
        if entry.actualSize > limits.maxFileBytes { throw refuse(.fileTooLarge(limit: limits.maxFileBytes)) }
        if actualTotal > limits.maxTotalBytes { throw refuse(.totalTooLarge(limit: limits.maxTotalBytes)) }
    }

    /// Checks an entry's content ended where its header said.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)`` with ``EntryRule/sizeMismatch(declared:actual:)``.
    func finish(_ entry: AdmittedEntry) throws {
        if let declared = entry.declaredSize, declared != entry.actualSize {
            throw ArchiveError.refusedEntry(
                path: path, entry: entry.name, rule: .sizeMismatch(declared: declared, actual: entry.actualSize))
        }
    }

    /// Records a path and the directories it implies, refusing duplicates, collisions and paths through files.
    private mutating func register(_ name: String, isDirectory: Bool, refuse: (EntryRule) -> ArchiveError) throws {
        var prefixEnd = name.startIndex
        while let slash = name[prefixEnd...].firstIndex(of: "/") {
            let parent = String(name[..<slash])
            let parentKey = Array(parent.utf8)
            switch nodes[parentKey] {
            case .file: throw refuse(.parentIsFile(parent: parent))
            case .directory: break
            case nil:
                try claimFoldedName(parent, refuse: refuse)
                nodes[parentKey] = .directory(isExplicit: false)
            }
            prefixEnd = name.index(after: slash)
        }
        let key = Array(name.utf8)
        switch nodes[key] {
        case .file, .directory(isExplicit: true):
            throw refuse(.duplicateName)
        case .directory(isExplicit: false):
            // A directory entry after its children is normal (zip writers list files first); a file named like a
            // directory that earlier entries already implied is two entries at one path.
            guard isDirectory else { throw refuse(.duplicateName) }
            nodes[key] = .directory(isExplicit: true)
        case nil:
            try claimFoldedName(name, refuse: refuse)
            nodes[key] = isDirectory ? .directory(isExplicit: true) : .file
        }
    }

    private mutating func claimFoldedName(_ name: String, refuse: (EntryRule) -> ArchiveError) throws {
        let key = Self.folded(name)
        if let other = foldedNames[key] { throw refuse(.nameCollision(with: other)) }
        foldedNames[key] = name
    }

    /// The form two names share when macOS (NFD, case-insensitive) or Windows (case-insensitive) would store them
    /// as one file: NFC, then case folding, then NFC again because folding can decompose.
    static func folded(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    struct NameRefusal: Error {
        var rule: EntryRule
    }

    /// Checks a name's bytes and returns its normal form.
    ///
    /// A leading `./` (GNU tar's `tar -cf x.tar .`) and a directory's trailing `/` are removed; `.` and `./` as a
    /// directory stand for the root and become "".
    /// - Parameters:
    ///   - bytes: the name as stored.
    ///   - isDirectory: whether the entry is a directory.
    ///   - limits: the path length and depth budgets.
    /// - Returns: the normal form, or the first rule the name breaks.
    static func normalisedName(
        _ bytes: [UInt8], isDirectory: Bool, limits: ArchiveLimits
    ) -> Result<String, NameRefusal> {
        func refuse(_ rule: EntryRule) -> Result<String, NameRefusal> { .failure(NameRefusal(rule: rule)) }

        guard let text = String(validating: bytes, as: UTF8.self) else { return refuse(.invalidUTF8) }
        if text.isEmpty { return refuse(.emptyName) }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F: return refuse(.controlCharacter)
            default: continue
            }
        }
        if bytes.contains(UInt8(ascii: "\\")) { return refuse(.backslash) }
        if bytes.first == UInt8(ascii: "/") { return refuse(.absolutePath) }
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), isASCIILetter(bytes[0]) { return refuse(.absolutePath) }

        var relative = Substring(text)
        if relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        if isDirectory {
            if relative.isEmpty || relative == "." { return .success("") }
            if relative.hasSuffix("/") { relative = relative.dropLast() }
        }
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component == ".." { return refuse(.parentComponent) }
        }
        for component in components {
            if component.isEmpty || component == "." { return refuse(.dotOrEmptyComponent) }
            if component.utf8.count > ArchiveLimits.maxComponentBytes {
                return refuse(.nameTooLong(limit: ArchiveLimits.maxComponentBytes))
            }
        }
        if components.count > limits.maxDepth { return refuse(.tooDeep(limit: limits.maxDepth)) }
        if relative.utf8.count > limits.maxPathBytes { return refuse(.nameTooLong(limit: limits.maxPathBytes)) }
        return .success(String(relative))
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
