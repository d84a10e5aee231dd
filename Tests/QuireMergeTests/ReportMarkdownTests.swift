import QuireMerge
import QuireModel
import Testing

@Suite("ReportRenderer Markdown")
struct ReportMarkdownTests {
    /// The number of `|` not preceded by a backslash.
    private func unescapedPipes(_ line: Substring) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }

    @Test("every table row has as many cell separators as its header, whatever the data")
    func tablesStayRectangular() {
        let lines = ReportRenderer.markdown(ReportFixture.model).split(
            separator: "\n", omittingEmptySubsequences: false)
        var expected: Int?
        for line in lines {
            guard line.hasPrefix("|") else {
                expected = nil
                continue
            }
            let pipes = unescapedPipes(line)
            if let expected { #expect(pipes == expected, "\(line)") } else { expected = pipes }
        }
    }

    @Test("markup characters from the data are backslash-escaped and line breaks flattened")
    func hostileStringsAreEscaped() {
        let markdown = ReportRenderer.markdown(ReportFixture.model)
        #expect(markdown.hasPrefix("# Quire merge report: support-quality \\<script\\>alert('q')\\</script\\>\n"))
        #expect(
            markdown.contains(
                "| 2 | hos-003/\"\\>\\<svg onload=alert('name')\\> | tone | **ana**: good; **chen\u{202E}gnp.exe**: \\<i\\>meh\\</i\\> — _see \\[details\\](javascript:alert('xss')) \\| pipe \\| and \\*\\*bold\\*\\* second line_ | tie 1–1 |"
            ))
        #expect(
            markdown.contains(
                "**ana**: True — _a\u{FFFD}b_; **ben\"\\>\\<svg onload=alert(1)\\>**: False — _\\`code\\` \\& AT\\&T \\&amp; \\#1 \\~\\~x\\~\\~ \\$x\\$_"
            ))
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("\u{0}"))
    }
}
