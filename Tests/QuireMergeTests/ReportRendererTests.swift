import QuireHTML
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// The report fixtures directory.
func reportFixture(_ name: String) -> String {
    FileSystem.join(FixturePaths.fixtures(of: "QuireMergeTests"), "report/" + name)
}

@Suite("ReportRenderer")
struct ReportRendererTests {
    @Test("the HTML report of the hand-made model matches the golden file byte for byte")
    func htmlGolden() throws {
        let output = try ReportRenderer.html(ReportFixture.model)
        let expected = try GoldenFile.expected(for: output, at: reportFixture("report.html"))
        #expect(String(decoding: output, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test("the Markdown report of the hand-made model matches the golden file byte for byte")
    func markdownGolden() throws {
        let output = ReportRenderer.markdown(ReportFixture.model)
        #expect(output == (try GoldenFile.expected(for: output, at: reportFixture("report.md"))))
    }
}

/// Attribute values of every element.
private func attributes(_ page: ParsedHTML) -> [ParsedHTML.Attribute] {
    page.elements.flatMap(\.attributes)
}

@Suite("ReportRenderer safety and structure")
struct ReportRendererStructureTests {
    @Test("hostile strings in the model create no script, event handler or outside link in the HTML")
    func hostileModelIsInert() throws {
        let page = ParsedHTML(bytes: try ReportRenderer.html(ReportFixture.model))
        let names = Set(page.elements.map(\.name))
        #expect(!names.contains("script"))
        #expect(!names.contains("img"))
        #expect(!names.contains("iframe"))
        #expect(attributes(page).allSatisfy { !$0.name.hasPrefix("on") })
        let links = attributes(page).filter { $0.name == "href" || $0.name == "src" }.map(\.value)
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { $0.hasPrefix("#") }, "\(links)")
        // The only <i> elements are the template's legend swatches.
        #expect(page.elements.filter { $0.name == "i" }.count == 6)
    }

    @Test("hostile strings appear in the page as the same visible text")
    func hostileTextIsVisible() throws {
        let text = ParsedHTML(bytes: try ReportRenderer.html(ReportFixture.model)).text
        for string in [
            "support-quality <script>alert('q')</script>", ReportFixture.hostileItem, ReportFixture.hostileReviewer,
            ReportFixture.bidiReviewer, "<img src=x onerror=alert(1)> fine by me", "{{7*7}} ${7*7} <%= 7*7 %>",
            "`code` & AT&T &amp; #1 ~~x~~ $x$", "<i>meh</i>", "bundles/<img src=x onerror=alert(2)>.quire",
        ] {
            #expect(text.contains(string), "\(string.debugDescription)")
        }
        #expect(text.contains("a\u{FFFD}b"))
    }

    @Test("every fragment link points at an element of the page, and conflict anchors come from positions")
    func anchorsResolve() throws {
        let page = ParsedHTML(bytes: try ReportRenderer.html(ReportFixture.model))
        let ids = Set(attributes(page).filter { $0.name == "id" }.map(\.value))
        let targets = attributes(page).filter { $0.name == "href" }.map { String($0.value.dropFirst()) }
        for target in targets { #expect(ids.contains(target), "#\(target)") }
        for anchor in ["conflict-1", "conflict-2", "conflict-3", "score-1", "score-5", "next", "bundles"] {
            #expect(ids.contains(anchor), "\(anchor)")
        }
        #expect(!ids.contains(ReportFixture.hostileItem))
        #expect(page.text(ofID: "conflict-2")?.contains("tie 1–1") == true)
    }

    @Test("the same model renders to the same bytes")
    func deterministic() throws {
        #expect(try ReportRenderer.html(ReportFixture.model) == ReportRenderer.html(ReportFixture.model))
        #expect(ReportRenderer.markdown(ReportFixture.model) == ReportRenderer.markdown(ReportFixture.model))
    }

    @Test("a model with no scores, reviewers, conflicts or alignment says so instead of drawing empty tables")
    func emptyModel() throws {
        let model = ReportModel(
            header: ReportHeader(
                queue: "empty", packID: "p", bundles: [], reviewers: [], items: 0, policy: "majority",
                generatedAt: "1970-01-01T00:00:00.000Z"),
            scores: [])
        let page = ParsedHTML(bytes: try ReportRenderer.html(model))
        #expect(page.text(ofID: "no-scores") == "The queue has no scores.")
        #expect(page.text(ofID: "no-alpha") == "No score has an agreement coefficient.")
        #expect(page.text(ofID: "no-reviewers") == "No reviewer data.")
        #expect(page.text(ofID: "no-alignment") == "No score has EVAL scores to compare with.")
        #expect(page.text(ofID: "conflicts-lede") == "No conflicts: every rated item × score reached consensus.")
        for removed in ["conflict-table", "reviewer-table", "alignment-table", "alpha-figure", "workload-figure"] {
            #expect(page.text(ofID: removed) == nil, "\(removed)")
        }
        #expect(page.text(ofID: "bundle-count") == "0 bundles")
        let markdown = ReportRenderer.markdown(model)
        #expect(
            markdown.contains(
                "\n## What to do next\n\n- No score has agreement statistics.\n- No conflicts: every rated item × score reached consensus.\n"
            ))
        #expect(markdown.contains("\nThe queue has no scores.\n"))
    }

    @Test("the α chart puts bars, whiskers and thresholds where the values say")
    func alphaChartGeometry() throws {
        let page = ParsedHTML(bytes: try ReportRenderer.html(ReportFixture.model))
        let rects = page.elements.filter { $0.name == "rect" }.map { element in
            Dictionary(uniqueKeysWithValues: element.attributes.map { ($0.name, $0.value) })
        }
        // Plot from x = 200 to 790 over α ∈ [0, 1]: α = 0.8123 ends at 200 + 0.8123 × 590 = 679.3.
        let reliable = try #require(rects.first { $0["class"] == "bar-reliable" })
        #expect(reliable["x"] == "200")
        #expect(reliable["width"] == "479.3")
        let unreliable = try #require(rects.first { $0["class"] == "bar-unreliable" })
        #expect(unreliable["width"] == "242.3")
        let zone = try #require(rects.first { $0["class"] == "zone-tentative" })
        #expect(zone["x"] == "593.5")
        #expect(zone["width"] == "78.5")
    }
}

@Suite("ReportSummary")
struct ReportSummaryTests {
    @Test("the next-steps lines name unreliable and tentative scores, conflicts and low-agreement reviewers")
    func summaryLines() {
        let lines = ReportSummary.lines(for: ReportFixture.model)
        #expect(
            lines == [
                [.text("4 scores measured for agreement: 1 reliable, 1 tentative, 1 unreliable, 1 undetermined.")],
                [.text("1 text or correction score is kept side by side without agreement statistics.")],
                [
                    .name("tone", anchor: "score-2"),
                    .text(
                        " is tentative (α = 0.712): draw only tentative conclusions and tighten the rubric's edge cases."
                    ),
                ],
                [
                    .name("hallucination", anchor: "score-3"),
                    .text(
                        " is unreliable (α = 0.411): review the rubric and instructions with the reviewers before using these labels."
                    ),
                ],
                [
                    .name("politeness", anchor: "score-4"),
                    .text(
                        ": α undefined (no variation: every comparable value is the same); look at its other statistics."
                    ),
                ],
                [
                    .link("3 conflicts", anchor: "conflicts"), .text(" ("), .name("correctness", anchor: "score-1"),
                    .text(" 1"), .text(", "), .name("tone", anchor: "score-2"), .text(" 1"), .text(", "),
                    .name("hallucination", anchor: "score-3"), .text(" 1"), .text(")"), .text(" → annotate "),
                    .name("adjudication.quire"), .text(", then merge again with "), .code("--adjudication"),
                    .text(" to fold the decisions in."),
                ],
                [.text("2 item × score decisions came from adjudication.")],
                [
                    .name(ReportFixture.hostileReviewer),
                    .text(" agrees with the consensus on 60.8% of ratings; compare their answers in the "),
                    .link("conflict list", anchor: "conflicts"), .text("."),
                ],
            ])
    }

    @Test("without an adjudication bundle the conflict line says to settle conflicts by hand")
    func conflictsWithoutBundle() {
        var model = ReportFixture.model
        model.header.adjudicationBundle = nil
        let line = ReportSummary.lines(for: model).first { $0.first == .link("3 conflicts", anchor: "conflicts") }
        #expect(line?.last == .text(": no adjudication bundle was written; settle them by hand."))
    }
}
