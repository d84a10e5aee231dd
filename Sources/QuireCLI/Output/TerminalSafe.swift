/// Text from inputs (messages, item ids, names) made safe for a terminal: control characters, which could move
/// the cursor or recolour the screen, are shown as `\u{…}` escapes.
enum TerminalSafe {
    static func text(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
