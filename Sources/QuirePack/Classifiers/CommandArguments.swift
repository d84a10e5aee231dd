/// Splits a `command:` classifier's text into a program and its arguments, as a POSIX shell would split
/// words, without running a shell: no variables, globs, pipes or redirections.
///
/// Single quotes keep everything literally; double quotes keep everything but `\"` and `\\`; a backslash
/// outside quotes escapes the next character. Users who want a pipeline write `sh -c '…'`.
enum CommandArguments {
    /// The words of a command.
    /// - Parameter command: e.g. `python3 judge.py --model 'llama 3'`.
    /// - Returns: the words; empty for blank text.
    /// - Throws: ``ClassifierError/unbalancedQuote(command:)``.
    static func split(_ command: String) throws(ClassifierError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                // Inside double quotes a backslash escapes only `"` and `\` (POSIX 2.2.3).
                if quote == "\"", character != "\"", character != "\\" { word.append("\\") }
                word.append(character)
                escaped = false
                continue
            }
            switch quote {
            case "'":
                if character == "'" { quote = nil } else { word.append(character) }
            case "\"":
                if character == "\"" {
                    quote = nil
                } else if character == "\\" {
                    escaped = true
                } else {
                    word.append(character)
                }
            default:
                if character.isWhitespace {
                    if inWord { words.append(word) }
                    word = ""
                    inWord = false
                } else {
                    inWord = true
                    if character == "'" || character == "\"" {
                        quote = character
                    } else if character == "\\" {
                        escaped = true
                    } else {
                        word.append(character)
                    }
                }
            }
        }
        if quote != nil || escaped { throw .unbalancedQuote(command: command) }
        if inWord { words.append(word) }
        return words
    }
}
