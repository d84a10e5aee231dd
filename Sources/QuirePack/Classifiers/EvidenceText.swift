import QuireModel

/// Plain-text evidence snippets shown to reviewers beside a flag (DESIGN.md §2: at most 160 characters).
///
/// Trace text is hostile input and arrives with newlines, tabs, NULs, bidi overrides and graphemes of any
/// length. A snippet is therefore cleaned first: every run of whitespace becomes one space, C0/C1 controls
/// and the explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder the
/// text that follows them) become U+FFFD so the reviewer sees that something was there. Length is counted
/// in Unicode scalars, so a snippet is at most 160 characters whether counted by code point or by grapheme,
/// and cuts fall on grapheme boundaries; the ellipsis `…` marking a cut counts within the limit.
enum EvidenceText {
    /// The contract's limit.
    static let limit = 160
    /// Marks where text was cut.
    static let ellipsis: Character = "…"

    /// Cleans text for display: whitespace runs collapsed to one space, ends trimmed, controls replaced.
    /// - Parameter text: raw trace text.
    /// - Returns: one line of plain text.
    static func clean(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(isHidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Whether a scalar must not reach a reviewer's screen as is.
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The cleaned text, cut at the end with `…` when longer than the limit.
    /// - Parameters:
    ///   - text: raw trace text.
    ///   - limit: the most scalars the result may have.
    /// - Returns: the snippet.
    static func prefix(_ text: some StringProtocol, limit: Int = limit) -> String {
        fitted(clean(text), limit: limit, keepingEnd: false)
    }

    /// The cleaned text, cut at the start with `…` when longer than the limit: for truncated output, whose
    /// problem is at its end.
    /// - Parameters:
    ///   - text: raw trace text.
    ///   - limit: the most scalars the result may have.
    /// - Returns: the snippet.
    static func suffix(_ text: some StringProtocol, limit: Int = limit) -> String {
        fitted(clean(text), limit: limit, keepingEnd: true)
    }

    /// A snippet around a byte offset of the raw text (a parse error's position): mostly what precedes it,
    /// where the reader's eye goes, and a little of what follows.
    /// - Parameters:
    ///   - text: raw trace text.
    ///   - utf8Offset: the position of interest, in UTF-8 bytes from the start.
    ///   - limit: the most scalars the result may have.
    /// - Returns: the snippet.
    static func window(_ text: String, aroundUTF8Offset utf8Offset: Int, limit: Int = limit) -> String {
        let whole = clean(text)
        if whole.unicodeScalars.count <= limit { return whole }
        let split = characterIndex(in: text, utf8Offset: utf8Offset)
        var before = clean(text[..<split])
        let after = clean(text[split...])
        if !before.isEmpty, !after.isEmpty, let last = text[..<split].unicodeScalars.last,
            let first = text[split...].unicodeScalars.first,
            last.properties.isWhitespace || first.properties.isWhitespace
        {
            before.append(" ")
        }
        let afterBudget = min(after.unicodeScalars.count, limit / 4)
        let head = fitted(before, limit: limit - afterBudget, keepingEnd: true)
        let tail = fitted(after, limit: limit - head.unicodeScalars.count, keepingEnd: false)
        return head + tail
    }

    /// The start of the character holding a UTF-8 offset, clamped to the text.
    /// - Complexity: O(n) in the characters before the offset.
    static func characterIndex(in text: String, utf8Offset: Int) -> String.Index {
        let utf8 = text.utf8
        let target = utf8.index(utf8.startIndex, offsetBy: max(0, min(utf8Offset, utf8.count)))
        var character = text.startIndex
        while character < text.endIndex {
            let next = text.index(after: character)
            if next > target { return character }
            character = next
        }
        return text.endIndex
    }

    /// Cuts cleaned text to the limit on grapheme boundaries, marking the cut with `…`.
    ///
    /// A single grapheme longer than the whole budget ("zalgo" text stacks hundreds of combining marks on
    /// one letter) is cut between its scalars: still valid Unicode, only fewer marks.
    static func fitted(_ text: String, limit: Int, keepingEnd: Bool) -> String {
        if text.unicodeScalars.count <= limit { return text }
        let budget = max(0, limit - 1)
        var kept: [Character] = []
        var used = 0
        let characters = keepingEnd ? Array(text.reversed()) : Array(text)
        for character in characters {
            let size = character.unicodeScalars.count
            if used + size > budget {
                if kept.isEmpty, budget > 0 {
                    var partial = String.UnicodeScalarView()
                    partial.append(contentsOf: character.unicodeScalars.prefix(budget))
                    kept.append(contentsOf: String(partial))
                }
                break
            }
            kept.append(character)
            used += size
        }
        if keepingEnd {
            return String(ellipsis) + String(kept.reversed())
        }
        return String(kept) + String(ellipsis)
    }
}
