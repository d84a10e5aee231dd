internal import CQuireXML2

/// An HTML page read back into plain values (`htmlReadMemory`), to check what a browser would build from
/// Quire's output: which elements, attributes and text exist.
///
/// libxml2's HTML parser is HTML4-era; it keeps unknown elements (`svg`, `rect`) as elements and reads
/// `script` and `style` bodies as raw text, which is what the checks need. It is a checking tool, not a
/// browser: Chromium renders the real thing in the report's screenshot test.
public struct ParsedHTML: Sendable, Equatable {
    /// One node of the parsed tree.
    public indirect enum Node: Sendable, Equatable {
        /// An element: lowercase name, attributes in order, children.
        case element(name: String, attributes: [Attribute], children: [Node])
        /// Character data, entities resolved.
        case text(String)
        /// A comment.
        case comment(String)
    }

    /// One attribute, value with entities resolved.
    public struct Attribute: Sendable, Equatable {
        /// The name, lowercase.
        public var name: String
        /// The value.
        public var value: String

        /// Creates an attribute.
        /// - Parameters:
        ///   - name: the name.
        ///   - value: the value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The top-level nodes (normally one `html` element).
    public var nodes: [Node]

    /// Parses HTML bytes without network access; errors are recovered from as a browser would.
    /// - Parameter bytes: the page.
    public init(bytes: [UInt8]) {
        _ = libxml2Initialised
        let options = Int32(
            HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_RECOVER.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), "page.html", "UTF-8", options)
            }
        }
        guard let document else {
            nodes = []
            return
        }
        defer { xmlFreeDoc(document) }
        var result: [Node] = []
        var child = document.pointee.children
        while let current = child {
            if let node = Self.convert(current) { result.append(node) }
            child = current.pointee.next
        }
        nodes = result
    }

    private static func convert(_ node: xmlNodePtr) -> Node? {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            var attributes: [Attribute] = []
            var property = node.pointee.properties
            while let current = property {
                let name = string(borrowing: current.pointee.name) ?? ""
                let value = string(taking: xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1)) ?? ""
                attributes.append(Attribute(name: name.lowercased(), value: value))
                property = current.pointee.next
            }
            var children: [Node] = []
            var child = node.pointee.children
            while let current = child {
                if let converted = convert(current) { children.append(converted) }
                child = current.pointee.next
            }
            return .element(name: elementName(node).lowercased(), attributes: attributes, children: children)
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            return .text(string(borrowing: node.pointee.content) ?? "")
        case XML_COMMENT_NODE:
            return .comment(string(borrowing: node.pointee.content) ?? "")
        default:
            return nil
        }
    }

    /// Every element in document order, as (name, attributes).
    public var elements: [(name: String, attributes: [Attribute])] {
        var result: [(name: String, attributes: [Attribute])] = []
        func visit(_ node: Node) {
            guard case .element(let name, let attributes, let children) = node else { return }
            result.append((name, attributes))
            for child in children { visit(child) }
        }
        for node in nodes { visit(node) }
        return result
    }

    /// The concatenated text of the element with the id (nil when there is none).
    /// - Parameter id: an `id` attribute value.
    /// - Returns: its text content.
    public func text(ofID id: String) -> String? {
        func find(_ node: Node) -> Node? {
            guard case .element(_, let attributes, let children) = node else { return nil }
            if attributes.contains(where: { $0.name == "id" && $0.value == id }) { return node }
            for child in children {
                if let found = find(child) { return found }
            }
            return nil
        }
        for node in nodes {
            if let found = find(node) { return Self.text(of: found) }
        }
        return nil
    }

    /// All text of the document, in order, without comments.
    public var text: String {
        nodes.map(Self.text(of:)).joined()
    }

    private static func text(of node: Node) -> String {
        switch node {
        case .text(let text): text
        case .comment: ""
        case .element(_, _, let children): children.map(text(of:)).joined()
        }
    }
}
