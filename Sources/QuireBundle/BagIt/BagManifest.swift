import QuireIO
import QuireModel

/// A BagIt manifest: `checksum  path` lines (RFC 8493 §2.1.3), paths percent-encoded for CR, LF and `%`.
public struct BagManifest: Sendable, Equatable {
    /// SHA-256 hex by relative path.
    public private(set) var entries: [String: String]

    /// An empty manifest.
    public init() {
        entries = [:]
    }

    /// Records a file's checksum.
    /// - Parameters:
    ///   - path: the path relative to the bag's root, with `/` separators.
    ///   - sha256: its SHA-256 hex.
    public mutating func set(_ path: String, sha256: String) {
        entries[path] = sha256
    }

    /// The file's text: lines sorted by path bytes, so the same bag always gives the same manifest.
    public var text: String {
        entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { "\(entries[$0] ?? "")  \(Self.encode($0))\n" }
            .joined()
    }

    /// Parses a manifest.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: the manifest's name, for errors.
    ///   - bundle: the bundle's name, for errors.
    /// - Throws: ``BundleError/malformedBag(bundle:file:line:reason:)``.
    public init(parsing text: String, file: String, bundle: String) throws {
        entries = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw BundleError.malformedBag(
                    bundle: bundle, file: file, line: offset + 1, reason: "expected 'checksum  path'")
            }
            let checksum = String(line[..<space]).lowercased()
            let path = Self.decode(String(line[space...].drop(while: { $0 == " " || $0 == "\t" })))
            guard checksum.count == 64, checksum.allSatisfy(\.isHexDigit) else {
                throw BundleError.malformedBag(
                    bundle: bundle, file: file, line: offset + 1,
                    reason: "not a SHA-256 checksum: \(checksum.prefix(70))")
            }
            guard !path.isEmpty else {
                throw BundleError.malformedBag(bundle: bundle, file: file, line: offset + 1, reason: "empty path")
            }
            guard entries[path] == nil else {
                throw BundleError.malformedBag(
                    bundle: bundle, file: file, line: offset + 1, reason: "\(path) is listed twice")
            }
            entries[path] = checksum
        }
    }

    static func encode(_ path: String) -> String {
        path.replacing("%", with: "%25").replacing("\n", with: "%0A").replacing("\r", with: "%0D")
    }

    static func decode(_ path: String) -> String {
        path.replacing("%0A", with: "\n").replacing("%0a", with: "\n").replacing("%0D", with: "\r")
            .replacing("%0d", with: "\r").replacing("%25", with: "%")
    }

    /// The SHA-256 hex of a file, read in chunks.
    /// - Parameter path: the file.
    /// - Returns: 64 hex digits and the size in bytes.
    /// - Throws: ``FileError``.
    public static func digest(ofFile path: String) throws -> (sha256: String, size: Int) {
        let input = try FileInput(path: path)
        var digest = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var size = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
            if count == 0 { break }
            size += count
            chunk.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return (digest.finalizeHex(), size)
    }
}
