import QuireArchive

/// Short names for error cases and rules, for tables that expect a kind of refusal without its details.
enum ErrorTag {
    /// Every rule's name; the exhaustive switch below fails to compile when a rule is added.
    static let allRules = [
        "invalidUTF8", "emptyName", "controlCharacter", "backslash", "absolutePath", "parentComponent",
        "dotOrEmptyComponent", "nameTooLong", "tooDeep", "symlink", "hardlink", "device", "fifo", "socket",
        "unsupportedType", "specialPermissions", "sparse", "encrypted", "unsupportedCompression", "duplicateName",
        "nameCollision", "parentIsFile", "tooManyEntries", "fileTooLarge", "totalTooLarge", "sizeMismatch",
    ]

    static func rule(_ rule: EntryRule) -> String {
        switch rule {
        case .invalidUTF8: return "invalidUTF8"
        case .emptyName: return "emptyName"
        case .controlCharacter: return "controlCharacter"
        case .backslash: return "backslash"
        case .absolutePath: return "absolutePath"
        case .parentComponent: return "parentComponent"
        case .dotOrEmptyComponent: return "dotOrEmptyComponent"
        case .nameTooLong: return "nameTooLong"
        case .tooDeep: return "tooDeep"
        case .symlink: return "symlink"
        case .hardlink: return "hardlink"
        case .device: return "device"
        case .fifo: return "fifo"
        case .socket: return "socket"
        case .unsupportedType: return "unsupportedType"
        case .specialPermissions: return "specialPermissions"
        case .sparse: return "sparse"
        case .encrypted: return "encrypted"
        case .unsupportedCompression: return "unsupportedCompression"
        case .duplicateName: return "duplicateName"
        case .nameCollision: return "nameCollision"
        case .parentIsFile: return "parentIsFile"
        case .tooManyEntries: return "tooManyEntries"
        case .fileTooLarge: return "fileTooLarge"
        case .totalTooLarge: return "totalTooLarge"
        case .sizeMismatch: return "sizeMismatch"
        }
    }

    /// `refused:RULE` for an entry refusal, the case name otherwise, `other: …` for a foreign error.
    static func of(_ error: (any Error)?) -> String {
        guard let error else { return "no error" }
        guard let archiveError = error as? ArchiveError else { return "other: \(error)" }
        switch archiveError {
        case .refusedEntry(_, _, let rule): return "refused:" + Self.rule(rule)
        case .unsupportedFormat: return "unsupportedFormat"
        case .empty: return "empty"
        case .truncated: return "truncated"
        case .corrupt: return "corrupt"
        case .trailingData: return "trailingData"
        case .inconsistentZip: return "inconsistentZip"
        case .destinationExists: return "destinationExists"
        case .entryNotFound: return "entryNotFound"
        case .sourceChanged: return "sourceChanged"
        case .writeFailed: return "writeFailed"
        }
    }
}
