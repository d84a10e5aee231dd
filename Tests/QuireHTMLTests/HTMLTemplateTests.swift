import QuireHTML
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// Loads the small test template.
func smallTemplate() throws -> HTMLTemplate {
    let path = FileSystem.join(FixturePaths.fixtures(of: "QuireHTMLTests"), "small.xhtml")
    return try HTMLTemplate(bytes: FileSystem.readFile(path), name: "small.xhtml")
}

/// The output as text.
func html(_ template: HTMLTemplate) throws -> String {
    String(decoding: try template.serialize(), as: UTF8.self)
}

@Suite("HTMLTemplate")
struct HTMLTemplateTests {
    @Test("a filled template serialises to the golden HTML byte for byte")
    func filledTemplateMatchesGolden() throws {
        let template = try smallTemplate()
        try template.setText(id: "title", "Report for AT&T <beta>")
        try template.setText(id: "heading", "Scores \"q\" & 'a'")
        try template.setText(id: "message", "<script>alert(1)</script> & AT&T &amp; é ✓")
        try template.addClass(id: "message", "warning")
        try template.remove(id: "optional")
        try template.setAttribute(id: "link", name: "href", value: "#row-2")
        try template.setAttribute(id: "link", name: "title", value: "\"><svg onload=alert(1)> ' &amp;")
        try template.repeatTemplate(id: "row", items: [("one", "1"), ("<b>two</b>", "2.5"), ("th&ree", "")]) {
            row, item in
            try row.setText(slot: "item", item.0)
            try row.setText(slot: "value", item.1)
            if item.1.isEmpty { try row.addClass(slot: "value", "missing") }
        }
        try template.fill(id: "chart") { svg in
            try svg.appendElement("g", attributes: [("class", "bars")]) { group in
                try group.appendElement(
                    "rect", attributes: [("x", "0"), ("y", "4"), ("width", "80"), ("height", "12"), ("fill", "#2a6")])
                try group.appendElement("text", attributes: [("x", "84"), ("y", "14")], text: "α < 1")
            }
        }
        try template.appendElement(to: "footer", "small", text: "generated from <inputs>")
        let output = try template.serialize()
        let path = FileSystem.join(FixturePaths.fixtures(of: "QuireHTMLTests"), "golden/small.html")
        #expect(
            String(decoding: output, as: UTF8.self)
                == String(decoding: try GoldenFile.expected(for: output, at: path), as: UTF8.self))
    }

    @Test("output starts with the HTML5 doctype and writes void elements without end tags")
    func doctypeAndVoidElements() throws {
        let text = try html(smallTemplate())
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(text.contains("<br>"))
        #expect(!text.contains("</br>"))
        #expect(text.contains("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"))
        #expect(!text.contains("xmlns"))
        #expect(!text.contains("data-slot"))
        #expect(!text.contains("<!--"))
    }

    @Test("template style text is written raw, as the browser expects, while filled text is escaped")
    func styleIsRawAndTextIsEscaped() throws {
        let template = try smallTemplate()
        try template.setText(id: "heading", "1 < 2 && 3 > 2")
        let text = try html(template)
        #expect(text.contains("<style>td > b { color: #333 } /* 1 < 2 && true */</style>"))
        #expect(text.contains("<h1 id=\"heading\">1 &lt; 2 &amp;&amp; 3 &gt; 2</h1>"))
    }

    @Test("serialising twice gives the same bytes and leaves the template fillable")
    func serialiseIsRepeatable() throws {
        let template = try smallTemplate()
        try template.setText(id: "heading", "first")
        let first = try template.serialize()
        #expect(try template.serialize() == first)
        try template.setText(id: "heading", "second")
        #expect(try html(template).contains("<h1 id=\"heading\">second</h1>"))
    }

    @Test("setText replaces every child, and ids inside the replaced children are forgotten")
    func setTextReplacesChildren() throws {
        let template = try smallTemplate()
        #expect(template.contains(id: "inner"))
        try template.setText(id: "footer", "plain")
        #expect(try html(template).contains("<div id=\"footer\">plain</div>"))
        #expect(!template.contains(id: "inner"))
        #expect(throws: HTMLTemplateError.unknownID(template: "small.xhtml", id: "inner")) {
            try template.setText(id: "inner", "x")
        }
    }

    @Test("repeatTemplate inserts one copy per item in order, drops their ids and removes the prototype")
    func repeatCopiesInOrder() throws {
        let template = try smallTemplate()
        try template.repeatTemplate(id: "row", items: ["a", "b", "c"]) { row, item in
            try row.setText(slot: "item", item)
        }
        let text = try html(template)
        #expect(
            text.contains(
                "<tbody id=\"rows\"><tr class=\"row\"><td>a</td><td class=\"num\">0</td></tr><tr class=\"row\"><td>b</td><td class=\"num\">0</td></tr><tr class=\"row\"><td>c</td><td class=\"num\">0</td></tr></tbody>"
            ))
        #expect(!template.contains(id: "row"))
    }

    @Test("repeating over no items leaves nothing where the prototype was")
    func repeatOverNothing() throws {
        let template = try smallTemplate()
        try template.repeatTemplate(id: "row", items: [String]()) { _, _ in }
        #expect(try html(template).contains("<tbody id=\"rows\"></tbody>"))
    }

    @Test("a removed element is gone with its subtree and its id is unknown afterwards")
    func removeDeletesSubtree() throws {
        let template = try smallTemplate()
        try template.remove(id: "footer")
        #expect(!template.contains(id: "footer"))
        #expect(!template.contains(id: "inner"))
        #expect(!(try html(template)).contains("footer"))
        #expect(throws: HTMLTemplateError.unknownID(template: "small.xhtml", id: "footer")) {
            try template.remove(id: "footer")
        }
    }

    @Test("addClass appends a token once")
    func addClassIsIdempotent() throws {
        let template = try smallTemplate()
        try template.addClass(id: "message", "warning")
        try template.addClass(id: "message", "warning")
        try template.addClass(id: "heading", "big")
        let text = try html(template)
        #expect(text.contains("<p id=\"message\" class=\"note warning\">"))
        #expect(text.contains("<h1 id=\"heading\" class=\"big\">"))
        #expect(throws: HTMLTemplateError.invalidClass(name: "a b")) { try template.addClass(id: "heading", "a b") }
        #expect(throws: HTMLTemplateError.invalidClass(name: "")) { try template.addClass(id: "heading", "") }
    }

    @Test("an unknown slot is named in the error")
    func unknownSlot() throws {
        let template = try smallTemplate()
        #expect(throws: HTMLTemplateError.unknownSlot(template: "small.xhtml", slot: "nope")) {
            try template.repeatTemplate(id: "row", items: [1]) { row, _ in try row.setText(slot: "nope", "x") }
        }
    }

    @Test("replacing or removing an element that a closure is filling is refused")
    func lentElementsCannotBeFreed() throws {
        let template = try smallTemplate()
        #expect(throws: HTMLTemplateError.elementInUse(template: "small.xhtml")) {
            try template.fill(id: "inner") { _ in try template.setText(id: "footer", "x") }
        }
        #expect(throws: HTMLTemplateError.elementInUse(template: "small.xhtml")) {
            try template.fill(id: "inner") { _ in try template.remove(id: "footer") }
        }
        #expect(throws: HTMLTemplateError.elementInUse(template: "small.xhtml")) {
            try template.fill(id: "footer") { footer in
                try footer.appendElement("span") { _ in try footer.setText("gone") }
            }
        }
        // Changing the lent element's own text is fine; nothing lent is freed.
        try template.fill(id: "inner") { inner in try inner.setText("kept") }
        #expect(try html(template).contains("<span id=\"inner\">kept</span>"))
    }

    @Test("a malformed template reports the parser's line and column")
    func malformedTemplate() throws {
        let bytes = Array("<html>\n<body>\n<p>open\n</body></html>".utf8)
        #expect(
            throws: HTMLTemplateError.malformed(
                template: "bad.xhtml", line: 4, column: 8,
                reason: "Opening and ending tag mismatch: p line 3 and body")
        ) {
            try HTMLTemplate(bytes: bytes, name: "bad.xhtml")
        }
        let error = HTMLTemplateError.malformed(template: "bad.xhtml", line: 4, column: 8, reason: "r")
        #expect(error.description == "bad.xhtml:4:8: malformed template: r")
        #expect(error.fault == .system)
    }

    @Test("an empty template is malformed")
    func emptyTemplate() throws {
        #expect(throws: HTMLTemplateError.self) { try HTMLTemplate(bytes: [], name: "empty.xhtml") }
    }

    @Test("two elements with one id are refused")
    func duplicateID() throws {
        let bytes = Array("<html><body><p id=\"a\"/><p id=\"a\"/></body></html>".utf8)
        #expect(throws: HTMLTemplateError.duplicateID(template: "dup.xhtml", id: "a")) {
            try HTMLTemplate(bytes: bytes, name: "dup.xhtml")
        }
    }

    @Test("entity references and external entities are neither loaded nor substituted")
    func entitiesAreRefused() throws {
        let bytes = Array(
            """
            <?xml version="1.0"?>
            <!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <html><body><p>&xxe;</p></body></html>
            """.utf8)
        #expect(
            throws: HTMLTemplateError.malformed(
                template: "xxe.xhtml", line: 3, column: 0, reason: "entity references are not allowed")
        ) {
            try HTMLTemplate(bytes: bytes, name: "xxe.xhtml")
        }
    }

    @Test("SVG built from Swift is written with explicit end tags and no namespace declarations")
    func svgSerialisation() throws {
        let template = try smallTemplate()
        try template.fill(id: "chart") { svg in
            try svg.appendElement("line", attributes: [("x1", "0"), ("y1", "0"), ("x2", "10"), ("y2", "10")])
        }
        let text = try html(template)
        #expect(
            text.contains(
                "<svg id=\"chart\" viewBox=\"0 0 120 20\" width=\"120\" height=\"20\" role=\"img\"><rect x=\"0\" y=\"0\" width=\"120\" height=\"20\" fill=\"#eee\"></rect><line x1=\"0\" y1=\"0\" x2=\"10\" y2=\"10\"></line></svg>"
            ))
        let parsed = ParsedHTML(bytes: try template.serialize())
        #expect(parsed.elements.map(\.name).filter { $0 == "rect" || $0 == "line" } == ["rect", "line"])
    }
}
