public import QuireModel

/// `empty-response`: the final assistant answer says nothing (DESIGN.md §2).
///
/// The final assistant message follows NATIVE.md "Conventions" (``ChatMessages/finalAssistantMessage(of:)``).
/// It is flagged when its text is empty (or `content` is null), whitespace only, or at least three copies of
/// one character after trimming (`"........"`; `"3"` and `"ok"` are answers). Not flagged: no assistant
/// message at all (the call failed, which other signals show), a tool-call-only turn, a refusal
/// (`refusal` text), and content made of non-text parts such as images.
public struct EmptyResponseClassifier: TraceClassifier {
    /// `empty-response`.
    public var name: String { "empty-response" }

    /// Creates the classifier.
    public init() {}

    /// Checks the trace's final assistant message.
    /// - Parameter trace: the trace.
    /// - Returns: a flag, or nil.
    public func classify(_ trace: Trace) -> BundleItem.Flag? {
        guard let (message, source) = ChatMessages.finalAssistantMessage(of: trace),
            ChatMessages.toolCalls(of: message).isEmpty,
            (message["refusal"]?.stringValue ?? "").trimmingWhitespace().isEmpty,
            !ChatMessages.hasNonTextParts(message)
        else { return nil }
        let text = ChatMessages.text(of: message) ?? ""
        let trimmed = text.trimmingWhitespace()
        let subject = "the final assistant message (\(source.phrase))"
        if text.isEmpty {
            return BundleItem.Flag(
                classifier: name, reason: "\(subject) is empty",
                evidence: EvidenceText.prefix(EvidenceText.json(.object(message))))
        }
        if trimmed.isEmpty {
            return BundleItem.Flag(
                classifier: name, reason: "\(subject) is only whitespace",
                evidence: Self.describeWhitespace(text))
        }
        if let first = trimmed.first, trimmed.count >= 3, trimmed.allSatisfy({ $0 == first }) {
            return BundleItem.Flag(
                classifier: name,
                reason: "\(subject) is one character repeated \(trimmed.count) times",
                evidence: EvidenceText.prefix("content: \"\(trimmed)\""))
        }
        return nil
    }

    /// "content is 7 whitespace characters: 4 spaces, 2 line feeds, 1 tab" — whitespace collapses in a
    /// snippet, so it is described rather than shown.
    static func describeWhitespace(_ text: String) -> String {
        var counts: [(name: String, count: Int)] = []
        var total = 0
        for scalar in text.unicodeScalars {
            let name = whitespaceNames[scalar.value] ?? "other whitespace character"
            total += 1
            if let index = counts.firstIndex(where: { $0.name == name }) {
                counts[index].count += 1
            } else {
                counts.append((name, 1))
            }
        }
        let parts = counts.map { entry in
            entry.count == 1 ? "1 \(entry.name)" : "\(entry.count) \(entry.name)s"
        }
        let noun = total == 1 ? "character" : "characters"
        return EvidenceText.prefix("content is \(total) whitespace \(noun): " + parts.joined(separator: ", "))
    }

    private static let whitespaceNames: [UInt32: String] = [
        0x20: "space", 0x0A: "line feed", 0x09: "tab", 0x0D: "carriage return", 0x0B: "vertical tab",
        0x0C: "form feed", 0xA0: "no-break space", 0x2028: "line separator", 0x2029: "paragraph separator",
        0x3000: "ideographic space",
    ]
}
