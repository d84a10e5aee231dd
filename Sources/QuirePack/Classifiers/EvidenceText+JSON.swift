import QuireModel

extension EvidenceText {
    /// JSON as a reviewer reads it — `{"status": "failed", "reason": "card_declined"}` — optionally with one
    /// member moved to the front so the problem is inside the 160 characters even when the object is large.
    ///
    /// Rendering stops soon after `budget` scalars: a tool result can be megabytes and only its head is shown.
    /// - Parameters:
    ///   - value: the value to show.
    ///   - leadingKey: an object member to write first, if present.
    ///   - budget: roughly how much text to produce before stopping.
    /// - Returns: JSON text, possibly cut short (the snippet functions add the ellipsis).
    static func json(_ value: JSONValue, leadingKey: String? = nil, budget: Int = 4 * limit) -> String {
        var writer = EvidenceJSONWriter(budget: budget)
        writer.write(value, leadingKey: leadingKey)
        return writer.text
    }
}

/// Writes JSON text until a budget is spent.
private struct EvidenceJSONWriter {
    let budget: Int
    var text = ""

    init(budget: Int) {
        self.budget = budget
    }

    var isFull: Bool { text.unicodeScalars.count >= budget }

    mutating func write(_ value: JSONValue, leadingKey: String? = nil) {
        if isFull { return }
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number): text += number.literal
        case .string(let string): writeString(string)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if isFull { return }
                if index > 0 { text += ", " }
                write(element)
            }
            text += "]"
        case .object(let object):
            text += "{"
            var members = Array(object)
            if let leadingKey, let index = members.firstIndex(where: { $0.key == leadingKey }) {
                members.insert(members.remove(at: index), at: 0)
            }
            for (index, member) in members.enumerated() {
                if isFull { return }
                if index > 0 { text += ", " }
                writeString(member.key)
                text += ": "
                write(member.value)
            }
            text += "}"
        }
    }

    private mutating func writeString(_ string: String) {
        var bytes: [UInt8] = []
        JSONWriter.writeString(String(string.prefix(budget)), into: &bytes)
        text += String(decoding: bytes, as: UTF8.self)
    }
}
