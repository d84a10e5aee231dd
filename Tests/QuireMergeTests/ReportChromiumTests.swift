import QuireHTML
import QuireIO
import QuireMerge
import QuireTestSupport
import Testing

/// The report as a real browser builds it: headless Chromium's DOM after parsing (HTML5, SVG foreign
/// content), when Chromium is installed (`make deps` installs it).
@Suite("ReportRenderer in Chromium")
struct ReportChromiumTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileSystem.isRegularFile($0)
    }

    @Test(
        "Chromium builds no script, image or event handler from the hostile report, and keeps the SVG charts",
        .enabled(if: chromium != nil))
    func chromiumDOM() throws {
        let browser = try #require(Self.chromium)
        let temporary = try TemporaryDirectory()
        let page = temporary.file("report.html")
        try FileSystem.writeAtomically(try ReportRenderer.html(ReportFixture.model), to: page)
        let result = try ProcessRunner.run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(temporary.file("profile"))",
                "--dump-dom", "file://\(page)",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        let dom = ParsedHTML(bytes: Array(result.standardOutput.utf8))
        let names = dom.elements.map(\.name)
        #expect(!names.contains("script"))
        #expect(!names.contains("img"))
        #expect(dom.elements.flatMap(\.attributes).allSatisfy { !$0.name.hasPrefix("on") })
        #expect(names.filter { $0 == "svg" }.count == 2)
        #expect(names.filter { $0 == "rect" }.count == 13)
        #expect(dom.text.contains("support-quality <script>alert('q')</script>"))
    }
}
