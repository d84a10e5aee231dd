import QuireModel

/// A `command:` program's answer for one trace: `{"flag": bool, "reason": "…", "evidence": "…"}`.
struct CommandVerdict: Equatable {
    /// Why the program flagged the trace, cleaned and cut to ``reasonLimit``.
    var reason: String
    /// Its evidence, cleaned and cut to 160 characters; empty when it gave none.
    var evidence: String

    /// The longest reason kept: a judge's explanation can be long, the reviewer's panel is not.
    static let reasonLimit = 500

    /// Reads a program's stdout.
    /// - Parameter stdout: the bytes it wrote.
    /// - Returns: the verdict when it flagged, nil when it did not, or what is wrong with the output.
    static func parse(_ stdout: [UInt8]) -> Result<CommandVerdict?, CommandFailure> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(stdout)
        } catch {
            if stdout.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                return .failure(.invalidOutput("no output"))
            }
            return .failure(.invalidOutput("not one JSON object: \(error.reason) at byte \(error.offset + 1)"))
        }
        guard let object = value.objectValue else {
            return .failure(.invalidOutput("expected a JSON object, found \(value.typeName)"))
        }
        guard let flag = object["flag"]?.boolValue else {
            return .failure(.invalidOutput("\"flag\" must be true or false"))
        }
        if !flag { return .success(nil) }
        guard let reason = object["reason"]?.stringValue, !reason.trimmingWhitespace().isEmpty else {
            return .failure(.invalidOutput("\"reason\" must be a non-empty string when \"flag\" is true"))
        }
        let evidence: String
        switch object["evidence"] {
        case nil, .null?: evidence = ""
        case .string(let text)?: evidence = EvidenceText.prefix(text)
        case let other?: return .failure(.invalidOutput("\"evidence\" must be a string, found \(other.typeName)"))
        }
        return .success(CommandVerdict(reason: EvidenceText.prefix(reason, limit: reasonLimit), evidence: evidence))
    }
}
