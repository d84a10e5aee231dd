public import QuireModel

/// Why an archive or a compressed stream was refused or could not be written.
///
/// Everything a stranger's bundle can cause is ``QuireModel/Fault/data`` (exit 65 at the command line); a
/// destination that already exists is the caller's ``QuireModel/Fault/usage``; a failed write is the system's.
/// File-system failures (open, mkdir, rename) surface as `FileError` from QuireIO, naming the call.
public enum ArchiveError: QuireError, Equatable {
    /// An entry broke a rule of ``EntryRule``; nothing was left on disk.
    case refusedEntry(path: String, entry: String, rule: EntryRule)
    /// The input is not something this module reads: not a tar or zip (possibly gzip'd or zstd'd), nor a
    /// directory, or compressed with another algorithm.
    case unsupportedFormat(path: String, detail: String)
    /// The archive is well formed but holds no entry.
    case empty(path: String)
    /// The input ends early: a cut gzip or zstd stream, a tar cut inside an entry.
    case truncated(path: String, detail: String)
    /// The input is damaged: a failed checksum, a bad deflate stream, a malformed header.
    case corrupt(path: String, detail: String)
    /// Bytes follow the end of the archive or of the compressed stream, where another reader might find entries.
    case trailingData(path: String, detail: String)
    /// A zip's central directory and its local headers disagree, so two readers would see different files.
    case inconsistentZip(path: String, entry: String, detail: String)
    /// The extraction destination exists; extraction never merges into or replaces a directory.
    case destinationExists(path: String)
    /// The archive holds no regular file of that name.
    case entryNotFound(path: String, entry: String)
    /// A source file changed size while it was being archived.
    case sourceChanged(path: String, source: String)
    /// libarchive failed while writing an archive.
    case writeFailed(path: String, detail: String)

    /// Hostile or broken input is the data's fault; an existing destination the caller's; writing the system's.
    public var fault: Fault {
        switch self {
        case .refusedEntry, .unsupportedFormat, .empty, .truncated, .corrupt, .trailingData, .inconsistentZip,
            .entryNotFound:
            return .data
        case .destinationExists:
            return .usage
        case .sourceChanged, .writeFailed:
            return .system
        }
    }

    /// One line: `bundle.quire: refused entry '../x': path escapes the bundle (..)`.
    public var description: String {
        switch self {
        case .refusedEntry(let path, let entry, let rule):
            return "\(path): refused entry '\(Self.printable(entry))': \(rule)"
        case .unsupportedFormat(let path, let detail):
            return "\(path): unsupported format: \(detail)"
        case .empty(let path):
            return "\(path): the archive holds no entries"
        case .truncated(let path, let detail):
            return "\(path): truncated: \(detail)"
        case .corrupt(let path, let detail):
            return "\(path): corrupt: \(detail)"
        case .trailingData(let path, let detail):
            return "\(path): trailing data: \(detail)"
        case .inconsistentZip(let path, let entry, let detail):
            return "\(path): inconsistent zip at entry '\(Self.printable(entry))': \(detail)"
        case .destinationExists(let path):
            return "\(path): already exists; extraction needs a fresh destination"
        case .entryNotFound(let path, let entry):
            return "\(path): no file '\(Self.printable(entry))' in the archive"
        case .sourceChanged(let path, let source):
            return "\(path): '\(source)' changed size while it was being archived"
        case .writeFailed(let path, let detail):
            return "\(path): writing the archive failed: \(detail)"
        }
    }

    /// Entry names come from strangers: escape control characters so a name cannot move the cursor, clear
    /// the screen or forge a second line in a terminal or a log.
    static func printable(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0: result += "\\0"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x5C: result += "\\\\"
            case 0x01...0x1F, 0x7F...0x9F:
                result += "\\x" + String(scalar.value, radix: 16, uppercase: false).leftPadded(to: 2)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
