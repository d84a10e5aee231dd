/// A dataset's name: 1–64 characters of `[A-Za-z0-9._-]`, not made only of dots, so it is always one safe
/// path component.
public struct DatasetName: Sendable, Hashable, CustomStringConvertible {
    /// The name.
    public let text: String

    /// Validates a name.
    /// - Parameter text: the name as typed.
    /// - Throws: ``DatasetError/invalidName(_:)``.
    public init(_ text: String) throws {
        let scalars = text.unicodeScalars
        guard (1...64).contains(scalars.count),
            scalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "."
                    || $0 == "_" || $0 == "-"
            }),
            !scalars.allSatisfy({ $0 == "." })
        else { throw DatasetError.invalidName(text) }
        self.text = text
    }

    /// The name.
    public var description: String { text }
}

/// `NAME` (the newest version) or `NAME@vN`.
public struct DatasetReference: Sendable, Hashable, CustomStringConvertible {
    /// The dataset.
    public var name: DatasetName
    /// The version, or nil for the newest.
    public var version: Int?

    /// Creates a reference.
    /// - Parameters:
    ///   - name: the dataset.
    ///   - version: the version, nil for the newest.
    public init(name: DatasetName, version: Int? = nil) {
        self.name = name
        self.version = version
    }

    /// Parses `NAME` or `NAME@vN`.
    /// - Parameter text: the reference as typed.
    /// - Throws: ``DatasetError``.
    public init(parsing text: String) throws {
        guard let at = text.firstIndex(of: "@") else {
            self.init(name: try DatasetName(text))
            return
        }
        let versionText = text[text.index(after: at)...]
        guard versionText.hasPrefix("v"), let version = DatasetVersionNumber.parse(versionText.dropFirst()) else {
            throw DatasetError.invalidReference(text)
        }
        self.init(name: try DatasetName(String(text[..<at])), version: version)
    }

    /// `NAME` or `NAME@vN`.
    public var description: String {
        version.map { "\(name)@v\($0)" } ?? name.text
    }
}

/// Version numbers as directory names: `v1`, `v2`, … (no leading zeros, so each number has one spelling).
enum DatasetVersionNumber {
    /// Parses the digits of a version: positive, no leading zero, at most 9 digits.
    static func parse(_ digits: Substring) -> Int? {
        guard let first = digits.first, first != "0", digits.count <= 9,
            digits.allSatisfy({ ("0"..."9").contains($0) })
        else { return nil }
        return Int(digits)
    }

    /// The version a directory name stands for, or nil for any other name.
    static func parse(directoryName name: String) -> Int? {
        guard name.hasPrefix("v") else { return nil }
        return parse(name.dropFirst())
    }

    /// `v3`.
    static func directoryName(_ version: Int) -> String { "v\(version)" }
}
