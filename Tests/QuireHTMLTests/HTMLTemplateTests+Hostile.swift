import QuireHTML
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// Every string (keys and values) of the hostile traces `hos-001`…`hos-003` in the shared sample.
func hostileStrings() throws -> [String] {
    let path = FileSystem.join(FixturePaths.shared, "data/native/sample.jsonl")
    var strings: [String] = []
    func collect(_ value: JSONValue) {
        switch value {
        case .string(let string): strings.append(string)
        case .array(let values): values.forEach(collect)
        case .object(let object):
            for member in object {
                strings.append(member.key)
                collect(member.value)
            }
        default: break
        }
    }
    for line in try FileSystem.readText(path).split(separator: "\n") {
        let value = try JSONParser.parse(String(line))
        guard let id = value["id"]?.stringValue, id.hasPrefix("hos-") else { continue }
        collect(value)
    }
    var seen = Set<String>()
    return strings.filter { seen.insert($0).inserted }
}

/// The names of the elements, the attributes and the URLs of a parsed page.
private func inventory(_ page: ParsedHTML) -> (elements: [String], attributes: [String], urls: [String]) {
    let elements = page.elements
    let attributes = elements.flatMap { $0.attributes.map(\.name) }
    let urls = elements.flatMap { $0.attributes.filter { ["href", "src"].contains($0.name) }.map(\.value) }
    return (elements.map(\.name), attributes, urls)
}

/// What the page shows for a string: NUL and other non-XML characters become U+FFFD.
private func visible(_ text: String) -> String {
    String(
        String.UnicodeScalarView(
            text.unicodeScalars.map { scalar in
                switch scalar.value {
                case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...: scalar
                default: "\u{FFFD}"
                }
            }))
}

@Suite("HTMLTemplate with hostile text")
struct HTMLTemplateHostileTests {
    @Test("the hostile sample traces contain the attacks this suite is about")
    func sampleHasAttacks() throws {
        let strings = try hostileStrings()
        #expect(strings.count > 40)
        for attack in ["<script>", "onerror=", "javascript:", "\"><svg onload=", "\u{0000}", "\u{202E}", "{{7*7}}"] {
            #expect(strings.contains { $0.contains(attack) }, "no sample string contains \(attack.debugDescription)")
        }
    }

    /// Fills every kind of place (text, attribute, repeated row, SVG text) with one string.
    private func filled(with string: String) throws -> ParsedHTML {
        let template = try smallTemplate()
        try template.setText(id: "heading", string)
        try template.setAttribute(id: "message", name: "title", value: string)
        try template.repeatTemplate(id: "row", items: [string]) { row, item in
            try row.setText(slot: "item", item)
            try row.setAttribute(slot: "value", "data-item", item)
        }
        try template.fill(id: "chart") { svg in
            try svg.appendElement("text", attributes: [("x", "1"), ("y", "1"), ("aria-label", string)], text: string)
        }
        return ParsedHTML(bytes: try template.serialize())
    }

    @Test("hostile strings become the same visible text and create no element, attribute or script")
    func hostileTextIsInert() throws {
        let baseline = inventory(try filled(with: "plain text"))
        #expect(baseline.elements.filter { $0 == "script" }.isEmpty)
        for string in try hostileStrings() {
            let page = try filled(with: string)
            #expect(page.text(ofID: "heading") == visible(string))
            let found = inventory(page)
            #expect(found.elements == baseline.elements, "\(string.debugDescription)")
            #expect(found.attributes == baseline.attributes, "\(string.debugDescription)")
            #expect(found.urls == baseline.urls)
            #expect(found.attributes.allSatisfy { !$0.hasPrefix("on") })
            let attributes = page.elements.flatMap(\.attributes)
            for name in ["title", "data-item", "aria-label"] {
                #expect(attributes.first { $0.name == name }?.value == visible(string), "\(name)")
            }
        }
    }

    @Test("hostile strings as link targets are refused or stay relative, never a script URL")
    func hostileLinks() throws {
        for string in try hostileStrings() {
            let template = try smallTemplate()
            do {
                try template.setAttribute(id: "link", name: "href", value: string)
            } catch let error as HTMLTemplateError {
                #expect(error == .unsafeURL(attribute: "href", value: string))
                continue
            }
            let page = ParsedHTML(bytes: try template.serialize())
            let href =
                page.elements.first { $0.attributes.contains { $0.name == "id" && $0.value == "link" } }?
                .attributes.first { $0.name == "href" }?.value ?? ""
            let compact = String(href.lowercased().unicodeScalars.filter { $0.value > 0x20 })
            #expect(!compact.contains("javascript:"), "\(string.debugDescription) → \(href)")
            #expect(!compact.contains("data:"))
        }
    }

    @Test("character references in a link cannot spell a scheme once the browser decodes them")
    func encodedSchemes() throws {
        for value in [
            "javascript&colon;alert(1)", "javascript&#58;alert(1)", "javascript&#x3a;alert(1)", "&#106;avascript:x",
        ] {
            let template = try smallTemplate()
            try? template.setAttribute(id: "link", name: "href", value: value)
            let page = ParsedHTML(bytes: try template.serialize())
            let href =
                page.elements.first { $0.attributes.contains { $0.name == "id" && $0.value == "link" } }?
                .attributes.first { $0.name == "href" }?.value ?? ""
            #expect(!href.lowercased().contains("javascript:"), "\(value) → \(href)")
        }
        // The ampersand is written as `&amp;`, so a browser decodes the value back to the literal text and
        // never to a colon (libxml2 does not know HTML5's `&colon;`, so the raw bytes are what prove it).
        let template = try smallTemplate()
        try template.setAttribute(id: "link", name: "href", value: "javascript&colon;alert(1)")
        #expect(try html(template).contains("href=\"javascript&amp;colon;alert(1)\""))
    }

    @Test("random strings of markup characters round-trip as text", arguments: 0..<50 as Range<UInt64>)
    func randomMarkupRoundTrips(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let alphabet: [String] = [
            "<", ">", "&", "\"", "'", "=", "/", "a", "script", "on", "amp;", "#", ";", "\u{0}", "\u{202E}", "é",
            " ", "\n", "\r\n", "\t", "]]>", "<!--", "-->", "{{", "}}", "javascript:", "𝛼", "\u{7}",
        ]
        var text = ""
        for _ in 0..<Int(generator.next() % 40) { text += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        let template = try smallTemplate()
        try template.setText(id: "heading", text)
        try template.setAttribute(id: "heading", name: "title", value: text)
        let page = ParsedHTML(bytes: try template.serialize())
        #expect(page.text(ofID: "heading") == visible(text))
        let heading = page.elements.first { $0.name == "h1" }
        #expect(heading?.attributes.map(\.name) == ["id", "title"])
        #expect(heading?.attributes.last?.value == visible(text))
        #expect(page.elements.count == ParsedHTML(bytes: try smallTemplate().serialize()).elements.count)
    }
}
