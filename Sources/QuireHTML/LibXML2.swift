internal import CQuireXML2

/// `xmlInitParser()` runs once, before the first parse, from any thread (a global `let` initialiser is
/// lazy and atomic); libxml2 2.9 wants it called before threads share the library.
let libxml2Initialised: Void = { xmlInitParser() }()

/// Calls `body` with a string as a NUL-terminated `xmlChar` pointer (libxml2's `unsigned char *`).
/// - Parameters:
///   - string: the text; must not contain NUL (callers clean text first).
///   - body: the call.
/// - Returns: what `body` returns.
func withXMLString<Result>(_ string: String, _ body: (UnsafePointer<xmlChar>) throws -> Result) rethrows -> Result {
    try string.withCString { pointer in
        try pointer.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1) { try body($0) }
    }
}

/// Copies a libxml2 string borrowed from a node (never freed by us).
/// - Parameter pointer: the string, or nil.
/// - Returns: a Swift string, or nil.
func string(borrowing pointer: UnsafePointer<xmlChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// Copies and frees a string libxml2 allocated for us (`xmlGetProp`, `xmlNodeGetContent`).
/// - Parameter pointer: the string, or nil.
/// - Returns: a Swift string, or nil.
func string(taking pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
    guard let pointer else { return nil }
    let result = String(cString: pointer)
    CQuireXML2_free(pointer)
    return result
}

/// The name of an element node.
/// - Parameter node: the node.
/// - Returns: its local name.
func elementName(_ node: xmlNodePtr) -> String {
    string(borrowing: node.pointee.name) ?? ""
}

/// The value of an attribute without a namespace.
/// - Parameters:
///   - node: the element.
///   - name: the attribute's name.
/// - Returns: the value, or nil when absent.
func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
    withXMLString(name) { string(taking: xmlGetNoNsProp(node, $0)) }
}

/// The element children of a node, in order.
/// - Parameter node: the parent.
/// - Returns: element nodes only.
func elementChildren(_ node: xmlNodePtr) -> [xmlNodePtr] {
    var result: [xmlNodePtr] = []
    var child = node.pointee.children
    while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
        child = current.pointee.next
    }
    return result
}

/// Visits a node and its element descendants in document order.
/// - Parameters:
///   - node: the root of the walk.
///   - visit: called for each element; return false to skip its children.
func walkElements(_ node: xmlNodePtr, _ visit: (xmlNodePtr) throws -> Bool) rethrows {
    guard node.pointee.type == XML_ELEMENT_NODE else { return }
    if try visit(node) {
        for child in elementChildren(node) { try walkElements(child, visit) }
    }
}

/// Unlinks and frees every child of a node (`xmlUnlinkNode`, `xmlFreeNode`).
/// - Parameter node: the parent.
func removeChildren(_ node: xmlNodePtr) {
    while let child = node.pointee.children {
        xmlUnlinkNode(child)
        xmlFreeNode(child)
    }
}

/// Appends a text node holding `text` as characters, never parsed as markup (`xmlNewDocText`, `xmlAddChild`).
///
/// `xmlNodeSetContent` would parse `&…;` (notes/toolchain.md §2c); a text node's content is written escaped.
/// `xmlAddChild` may merge the new node into an adjacent text node and free it, so it is not used afterwards.
/// - Parameters:
///   - node: the parent.
///   - text: untrusted text.
func appendTextNode(_ node: xmlNodePtr, _ text: String) {
    let cleaned = HTMLSafetyPolicy.cleanText(text)
    guard !cleaned.isEmpty else { return }
    let textNode = withXMLString(cleaned) { xmlNewDocText(node.pointee.doc, $0) }
    if let textNode, xmlAddChild(node, textNode) == nil { xmlFreeNode(textNode) }
}
