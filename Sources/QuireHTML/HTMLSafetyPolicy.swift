/// The rules that keep untrusted text inert when it enters a document: which element and attribute
/// names code may create, which URLs an attribute may carry, and how text is cleaned.
///
/// Every refusal rule lives here so that it can be read and tested in one place. Names come from
/// Quire's own code, values from hostile traces; both are checked, because a renderer bug that passes a
/// trace string as a name must still not produce a `<script>` or an `onerror=`.
enum HTMLSafetyPolicy {
    /// Elements that run code, load resources, submit data or animate other elements' attributes
    /// (`<animate attributeName="href" to="javascript:…">` is a known SVG XSS vector).
    static let forbiddenElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta",
        "form", "input", "button", "textarea", "select", "option", "template", "noscript", "foreignobject",
        "animate", "animatemotion", "animatetransform", "set", "handler", "listener", "image", "audio", "video",
        "source", "track", "portal", "xmp", "plaintext", "noembed", "noframes",
    ]

    /// Attributes whose value is a URL the browser may navigate to or fetch.
    static let urlAttributes: Set<String> = [
        "href", "xlink:href", "src", "action", "formaction", "poster", "cite", "background", "data", "codebase",
        "longdesc", "manifest", "ping", "usemap", "lowsrc", "dynsrc", "profile", "classid", "icon",
    ]

    /// SVG presentation attributes that take a CSS `url(…)` reference.
    static let cssReferenceAttributes: Set<String> = [
        "fill", "stroke", "filter", "mask", "clip-path", "marker-start", "marker-mid", "marker-end", "cursor",
    ]

    /// Attributes refused outright: they carry CSS (which can fetch through `url()`), HTML, or lists of URLs.
    static let forbiddenAttributes: Set<String> = [
        "style", "srcdoc", "srcset", "imagesrcset", "http-equiv", "xmlns",
    ]

    /// Checks an element name created from code.
    /// - Parameter name: the name.
    /// - Throws: ``HTMLTemplateError/forbiddenElement(name:)``.
    static func checkElementName(_ name: String) throws(HTMLTemplateError) {
        guard isPlainName(name, allowingColon: false), !forbiddenElements.contains(name.lowercased()) else {
            throw .forbiddenElement(name: name)
        }
    }

    /// Checks an attribute and its value.
    /// - Parameters:
    ///   - name: the attribute's name.
    ///   - value: its untrusted value.
    ///   - allowsExternalURL: whether `http:`, `https:` and `mailto:` URLs may pass.
    /// - Throws: ``HTMLTemplateError``.
    static func checkAttribute(_ name: String, value: String, allowsExternalURL: Bool) throws(HTMLTemplateError) {
        let lowered = name.lowercased()
        guard isPlainName(name, allowingColon: true), !lowered.hasPrefix("on"), !lowered.hasPrefix("xmlns"),
            !forbiddenAttributes.contains(lowered)
        else {
            throw .forbiddenAttribute(name: name)
        }
        if urlAttributes.contains(lowered) {
            guard isSafeURL(value, allowsExternalURL: allowsExternalURL) else {
                throw .unsafeURL(attribute: name, value: value)
            }
        } else if cssReferenceAttributes.contains(lowered), referencesExternalResource(value) {
            // SVG presentation attributes (`fill`, `filter`, `mask`, `clip-path`) accept `url(…)`; only
            // same-document references are allowed so a trace cannot make the report fetch anything.
            throw .unsafeURL(attribute: name, value: value)
        }
    }

    /// Whether a URL is a `#fragment` or a relative path, or (when allowed) an http, https or mailto URL.
    ///
    /// Browsers strip ASCII tab and newline anywhere in a URL and leading/trailing C0 controls and spaces
    /// (WHATWG URL §4.4), so `java\tscript:` is a scheme; `\` counts as `/` for special schemes, so `/\host`
    /// is protocol-relative. The check runs on the value as the browser will see it.
    /// - Parameters:
    ///   - value: the attribute value.
    ///   - allowsExternalURL: whether http, https and mailto URLs pass.
    /// - Returns: whether the URL may be written.
    static func isSafeURL(_ value: String, allowsExternalURL: Bool) -> Bool {
        var scalars = value.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        let cleaned = String(String.UnicodeScalarView(scalars))
        if cleaned.isEmpty || cleaned.hasPrefix("#") { return true }
        let normalised = cleaned.replacingBackslashes()
        let beforePath = normalised.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let colon = beforePath.firstIndex(of: ":") {
            let scheme = beforePath[..<colon].lowercased()
            return allowsExternalURL && ["http", "https", "mailto"].contains(scheme)
        }
        if normalised.hasPrefix("//") { return allowsExternalURL }
        return true
    }

    /// Whether a value references a resource outside the document through CSS `url(…)`.
    /// - Parameter value: an attribute value.
    /// - Returns: true when some `url(` is not followed by a `#` fragment.
    static func referencesExternalResource(_ value: String) -> Bool {
        let compact = Array(
            value.lowercased().utf8.filter { $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") })
        let marker = Array("url(".utf8)
        var index = 0
        while index + marker.count <= compact.count {
            if Array(compact[index..<index + marker.count]) == marker {
                let after = index + marker.count
                if after >= compact.count || compact[after] != UInt8(ascii: "#") { return true }
                index = after
            } else {
                index += 1
            }
        }
        return false
    }

    /// Whether a class token can be added: non-empty, no whitespace.
    /// - Parameter name: the class.
    /// - Returns: whether it is a single token.
    static func isClassToken(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// Text as it may enter a text node: NUL and other characters XML 1.0 cannot carry become U+FFFD.
    ///
    /// libxml2 takes C strings, so a NUL would silently cut the text short; the HTML parser turns NUL into
    /// U+FFFD anyway, so the reader sees the same thing either way.
    /// - Parameter text: untrusted text.
    /// - Returns: the text with each disallowed scalar replaced.
    static func cleanText(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isXMLCharacter($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isXMLCharacter(scalar) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }

    /// XML 1.0 `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000 and up.
    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `[A-Za-z_][A-Za-z0-9._-]*`, with `:` allowed in attribute names (`xlink:href`).
    private static func isPlainName(_ name: String, allowingColon: Bool) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
                || (allowingColon && $0 == ":")
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\\" ? "/" : $0 }))
    }
}
