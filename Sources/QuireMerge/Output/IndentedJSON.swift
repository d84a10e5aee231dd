import QuireModel

/// JSON indented by two spaces, for the small files people open (`merge.json`, `agreement.json`).
enum IndentedJSON {
    /// The text of a value, ending with a newline.
    /// - Parameters:
    ///   - value: the value.
    ///   - sortsKeys: whether object members are sorted by key (UTF-8 order) instead of kept in order.
    /// - Returns: UTF-8 bytes.
    static func bytes(_ value: JSONValue, sortsKeys: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        write(value, indent: 0, sortsKeys: sortsKeys, into: &out)
        out.append(0x0A)
        return out
    }

    private static func newline(_ indent: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: [UInt8](repeating: 0x20, count: indent * 2))
    }

    private static func write(_ value: JSONValue, indent: Int, sortsKeys: Bool, into out: inout [UInt8]) {
        switch value {
        case .array(let values) where !values.isEmpty:
            out.append(UInt8(ascii: "["))
            for (offset, element) in values.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &out)
                write(element, indent: indent + 1, sortsKeys: sortsKeys, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object) where !object.members.isEmpty:
            let members =
                sortsKeys
                ? object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : object.members
            out.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &out)
                JSONWriter.writeString(member.key, into: &out)
                out.append(contentsOf: Array(": ".utf8))
                write(member.value, indent: indent + 1, sortsKeys: sortsKeys, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            JSONWriter().write(value, into: &out)
        }
    }
}
