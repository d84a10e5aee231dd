import QuireHTML
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// One URL and whether it may stand in an `href`.
struct URLCase: Sendable, CustomTestStringConvertible {
    var value: String
    var allowed: Bool
    var allowedWhenExternal: Bool
    var testDescription: String { value.debugDescription }
}

@Suite("HTMLTemplate safety policy")
struct HTMLTemplateSafetyTests {
    static let urls: [URLCase] = [
        URLCase(value: "#conflict-3", allowed: true, allowedWhenExternal: true),
        URLCase(value: "", allowed: true, allowedWhenExternal: true),
        URLCase(value: "adjudication.quire", allowed: true, allowedWhenExternal: true),
        URLCase(value: "dir/report.md?x=1#y", allowed: true, allowedWhenExternal: true),
        URLCase(value: "./a:b", allowed: true, allowedWhenExternal: true),
        URLCase(value: "\"><svg onload=alert(1)>", allowed: true, allowedWhenExternal: true),
        URLCase(value: "javascript:alert(1)", allowed: false, allowedWhenExternal: false),
        URLCase(value: "JaVaScRiPt:alert(1)", allowed: false, allowedWhenExternal: false),
        URLCase(value: " \u{01}javascript:alert(1)", allowed: false, allowedWhenExternal: false),
        URLCase(value: "java\tscr\nipt:alert(1)", allowed: false, allowedWhenExternal: false),
        URLCase(value: "javascript&colon;alert(1)", allowed: true, allowedWhenExternal: true),
        URLCase(value: "data:text/html,<script>alert(1)</script>", allowed: false, allowedWhenExternal: false),
        URLCase(value: "vbscript:msgbox", allowed: false, allowedWhenExternal: false),
        URLCase(value: "https://evil.example/x", allowed: false, allowedWhenExternal: true),
        URLCase(value: "mailto:lead@example.com", allowed: false, allowedWhenExternal: true),
        URLCase(value: "//evil.example/x", allowed: false, allowedWhenExternal: true),
        URLCase(value: "/\\evil.example/x", allowed: false, allowedWhenExternal: true),
        URLCase(value: "\\\\evil.example/x", allowed: false, allowedWhenExternal: true),
        URLCase(value: "file:///etc/passwd", allowed: false, allowedWhenExternal: false),
    ]

    @Test("href takes only fragments and relative paths unless external URLs are allowed", arguments: urls)
    func urlPolicy(_ url: URLCase) throws {
        let template = try smallTemplate()
        let error = HTMLTemplateError.unsafeURL(attribute: "href", value: url.value)
        if url.allowed {
            try template.setAttribute(id: "link", name: "href", value: url.value)
        } else {
            #expect(throws: error) { try template.setAttribute(id: "link", name: "href", value: url.value) }
        }
        if url.allowedWhenExternal {
            try template.setAttribute(id: "link", name: "href", value: url.value, allowingExternalURL: true)
        } else {
            #expect(throws: error) {
                try template.setAttribute(id: "link", name: "href", value: url.value, allowingExternalURL: true)
            }
        }
    }

    @Test(
        "event handlers, style and markup-carrying attributes are refused",
        arguments: [
            "onerror", "ONLOAD", "onmouseover", "style", "srcdoc", "srcset", "xmlns", "xmlns:x", "a b", "\"x",
            "", "1a", "on",
        ])
    func forbiddenAttributes(_ name: String) throws {
        let template = try smallTemplate()
        #expect(throws: HTMLTemplateError.forbiddenAttribute(name: name)) {
            try template.setAttribute(id: "heading", name: name, value: "x")
        }
        #expect(throws: HTMLTemplateError.forbiddenAttribute(name: name)) {
            try template.appendElement(to: "footer", "span", attributes: [(name, "x")])
        }
        #expect(try html(template).contains("<div id=\"footer\"><span id=\"inner\">inner</span></div>"))
    }

    @Test(
        "URL attributes are checked wherever they appear",
        arguments: ["href", "src", "xlink:href", "action", "formaction", "poster", "HREF"])
    func urlAttributes(_ name: String) throws {
        let template = try smallTemplate()
        #expect(throws: HTMLTemplateError.unsafeURL(attribute: name, value: "javascript:x")) {
            try template.setAttribute(id: "heading", name: name, value: "javascript:x")
        }
    }

    @Test("SVG paint attributes may reference the same document only")
    func cssReferences() throws {
        let template = try smallTemplate()
        try template.fill(id: "chart") { svg in
            try svg.appendElement("rect", attributes: [("fill", "url(#gradient)")])
            #expect(throws: HTMLTemplateError.unsafeURL(attribute: "fill", value: "url(https://evil.example/p)")) {
                try svg.appendElement("rect", attributes: [("fill", "url(https://evil.example/p)")])
            }
            #expect(throws: HTMLTemplateError.unsafeURL(attribute: "filter", value: "URL( 'x.svg#f' )")) {
                try svg.setAttribute("filter", "URL( 'x.svg#f' )")
            }
        }
        // Outside paint attributes the text `url(` is just text.
        try template.setAttribute(id: "heading", name: "title", value: "see url(https://x)")
    }

    @Test(
        "elements that run code, load resources or animate attributes cannot be created",
        arguments: [
            "script", "SCRIPT", "style", "iframe", "object", "embed", "foreignObject", "animate", "set",
            "base", "link", "meta", "form", "image", "a b", "", "svg:script", "1p",
        ])
    func forbiddenElements(_ name: String) throws {
        let template = try smallTemplate()
        #expect(throws: HTMLTemplateError.forbiddenElement(name: name)) {
            try template.appendElement(to: "footer", name)
        }
    }

    @Test("refusals are invalid data, with control characters escaped in the message")
    func refusalMessages() {
        let error = HTMLTemplateError.unsafeURL(attribute: "href", value: "java\tscript:\u{202E}x")
        #expect(error.fault == .data)
        #expect(error.description == "href: URL \"java\\u{9}script:\\u{202e}x\" is not a fragment or relative path")
        #expect(
            HTMLTemplateError.forbiddenAttribute(name: "onload").description == "attribute \"onload\" is not allowed")
    }
}
