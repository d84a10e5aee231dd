import Foundation
import QuireModel

/// `bag-info.txt`: ordered `Label: value` lines (RFC 8493 §2.2.2).
public struct BagInfo: Sendable, Equatable {
    /// The fields in order; a label may repeat.
    public private(set) var fields: [(label: String, value: String)]

    /// An empty set of fields.
    public init() {
        fields = []
    }

    /// Appends a field.
    /// - Parameters:
    ///   - label: the label, e.g. `Quire-Pack-Id`.
    ///   - value: the value; line breaks are replaced by spaces.
    public mutating func append(_ label: String, _ value: String) {
        fields.append((label, value.replacing("\r", with: " ").replacing("\n", with: " ")))
    }

    /// The first value of a label.
    /// - Parameter label: the label.
    public subscript(label: String) -> String? {
        fields.first { $0.label == label }?.value
    }

    /// The file's text.
    public var text: String {
        fields.map { "\($0.label): \($0.value)\n" }.joined()
    }

    /// Parses the file, joining continuation lines (those starting with whitespace).
    /// - Parameters:
    ///   - text: the file's text.
    ///   - bundle: the bundle's name, for errors.
    /// - Throws: ``BundleError/malformedBag(bundle:file:line:reason:)``.
    public init(parsing text: String, bundle: String) throws {
        fields = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { continue }
            if line.first == " " || line.first == "\t" {
                guard let last = fields.indices.last else {
                    throw BundleError.malformedBag(
                        bundle: bundle, file: BundleLayout.bagInfo, line: offset + 1,
                        reason: "continuation line before any label")
                }
                fields[last].value += " " + line.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw BundleError.malformedBag(
                    bundle: bundle, file: BundleLayout.bagInfo, line: offset + 1, reason: "expected 'Label: value'")
            }
            let label = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            fields.append((label, value))
        }
    }

    /// Equal when the fields are equal in order.
    public static func == (lhs: BagInfo, rhs: BagInfo) -> Bool {
        lhs.fields.map(\.label) == rhs.fields.map(\.label) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
