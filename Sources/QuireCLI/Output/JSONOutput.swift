import QuireModel

/// Renders results as one JSON document with sorted keys (STYLE.md §2.5), for `--json`.
enum JSONOutput {
    /// Writes a JSON document and a newline to standard output.
    /// - Parameter value: the document.
    static func emit(_ value: JSONValue) {
        Terminal.standardOutput.write(value.canonicalJSONText + "\n")
    }
}
