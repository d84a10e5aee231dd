internal import CQuireXML2

/// An XHTML template parsed into a libxml2 document, filled from Swift with text nodes and small element
/// trees, and written as HTML.
///
/// Untrusted text only ever becomes text nodes or attribute values, so escaping is right by construction
/// (DESIGN.md §5): a trace that says `<script>` shows the characters `<script>`. Elements are addressed by the
/// template's own `id`s; inside a filled or repeated element, by `data-slot` names. Ids added later (anchors
/// built from data) are never looked up, so data cannot redirect a fill.
///
/// The class owns its `xmlDoc` and frees it in `deinit`. Elements are lent to closures as a borrowed,
/// non-copyable ``HTMLElement``, which cannot be stored, so no node outlives the document; changes that would
/// free an element a closure still holds throw ``HTMLTemplateError/elementInUse(template:)``.
///
/// Not `Sendable`: one task fills one template.
public final class HTMLTemplate {
    /// The template's name, used in error messages.
    public let name: String
    private let document: xmlDocPtr
    private var elementsByID: [String: xmlNodePtr]
    private var pinned: [xmlNodePtr] = []

    /// Parses an XHTML template (`xmlCtxtReadMemory` with `XML_PARSE_NONET`, no entity substitution and no
    /// DTD loading, so a template cannot reach the network or the file system).
    /// - Parameters:
    ///   - bytes: the template's UTF-8 bytes.
    ///   - name: its name for messages, e.g. `report.xhtml`.
    /// - Throws: ``HTMLTemplateError/malformed(template:line:column:reason:)`` with the parser's line and
    ///   column, or ``HTMLTemplateError/duplicateID(template:id:)``.
    public init(bytes: [UInt8], name: String) throws {
        _ = libxml2Initialised
        self.name = name
        guard let context = xmlNewParserCtxt() else {
            throw HTMLTemplateError.malformed(template: name, line: 0, column: 0, reason: "out of memory")
        }
        defer { xmlFreeParserCtxt(context) }
        // The parser goes on after a recoverable error and `lastError` then holds the last, least useful
        // message ("Premature end of data"); a per-context structured handler keeps the first one.
        let firstError = FirstParseError()
        context.pointee._private = Unmanaged.passUnretained(firstError).toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = parser.pointee._private else { return }
            Unmanaged<FirstParseError>.fromOpaque(box).takeUnretainedValue().record(error.pointee)
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = withExtendedLifetime(firstError) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(context, chars.baseAddress, Int32(clamping: chars.count), name, "UTF-8", options)
                }
            }
        }
        context.pointee._private = nil
        guard let parsed, context.pointee.wellFormed != 0, let root = xmlDocGetRootElement(parsed) else {
            if let parsed { xmlFreeDoc(parsed) }
            let error = firstError.error
            throw HTMLTemplateError.malformed(
                template: name, line: error?.line ?? 0, column: error?.column ?? 0,
                reason: error?.message ?? "no root element")
        }
        var index: [String: xmlNodePtr] = [:]
        var duplicate: String?
        var entityReference: Int?
        walkNodes(root) { node in
            if node.pointee.type == XML_ENTITY_REF_NODE, entityReference == nil {
                entityReference = Int(xmlGetLineNo(node))
            }
            guard node.pointee.type == XML_ELEMENT_NODE, let id = attribute(node, "id") else { return }
            if index[id] != nil, duplicate == nil { duplicate = id }
            index[id] = node
        }
        if let entityReference {
            xmlFreeDoc(parsed)
            throw HTMLTemplateError.malformed(
                template: name, line: entityReference, column: 0, reason: "entity references are not allowed")
        }
        if let duplicate {
            xmlFreeDoc(parsed)
            throw HTMLTemplateError.duplicateID(template: name, id: duplicate)
        }
        document = parsed
        elementsByID = index
    }

    deinit { xmlFreeDoc(document) }

    /// Whether the template still has an element with the id.
    /// - Parameter id: a template id.
    /// - Returns: true when it exists and was not removed.
    public func contains(id: String) -> Bool {
        elementsByID[id] != nil
    }

    /// Lends the element with the id to a closure.
    /// - Parameters:
    ///   - id: a template id.
    ///   - body: fills the element; it cannot keep it.
    /// - Throws: ``HTMLTemplateError/unknownID(template:id:)``, or what `body` throws.
    public func fill(id: String, _ body: (borrowing HTMLElement) throws -> Void) throws {
        let node = try element(id: id)
        try lend(node, body)
    }

    /// Replaces the children of the element with one text node.
    /// - Parameters:
    ///   - id: a template id.
    ///   - text: untrusted text, written as characters.
    /// - Throws: ``HTMLTemplateError``.
    public func setText(id: String, _ text: String) throws {
        try replaceText(of: element(id: id), with: text)
    }

    /// Sets an attribute of the element.
    /// - Parameters:
    ///   - id: a template id.
    ///   - name: the attribute's name; event handlers, `style` and the like are refused.
    ///   - value: untrusted text; URL attributes take only `#fragment`s and relative paths.
    ///   - allowingExternalURL: let `http:`, `https:` and `mailto:` URLs through.
    /// - Throws: ``HTMLTemplateError``.
    public func setAttribute(id: String, name: String, value: String, allowingExternalURL: Bool = false) throws {
        try setAttribute(of: element(id: id), name: name, value: value, allowingExternalURL: allowingExternalURL)
    }

    /// Adds a class to the element's `class` attribute (once).
    /// - Parameters:
    ///   - id: a template id.
    ///   - className: one class token.
    /// - Throws: ``HTMLTemplateError``.
    public func addClass(id: String, _ className: String) throws {
        try addClass(to: element(id: id), className)
    }

    /// Removes the element and everything inside it.
    /// - Parameter id: a template id.
    /// - Throws: ``HTMLTemplateError``.
    public func remove(id: String) throws {
        try removeNode(element(id: id))
    }

    /// Appends a new element, with attributes and text, as the last child of the template element.
    /// - Parameters:
    ///   - id: the parent's template id.
    ///   - name: the new element's name (`tr`, `rect`); elements that run code or load resources are refused.
    ///   - attributes: attributes in order, checked as ``setAttribute(id:name:value:allowingExternalURL:)``.
    ///   - text: text content, if any.
    ///   - build: fills the new element further.
    /// - Throws: ``HTMLTemplateError``, or what `build` throws.
    public func appendElement(
        to id: String, _ name: String, attributes: [(String, String)] = [], text: String? = nil,
        _ build: (borrowing HTMLElement) throws -> Void = { _ in }
    ) throws {
        try appendElement(to: element(id: id), name, attributes: attributes, text: text, build)
    }

    /// Repeats a prototype element once per item, then removes the prototype.
    ///
    /// Each copy is inserted where the prototype stands and filled. Copies lose every `id` of the
    /// prototype's subtree (ids must stay unique); find their parts by `data-slot`.
    /// - Parameters:
    ///   - id: the prototype's template id.
    ///   - items: the items, in output order.
    ///   - fill: fills one copy for one item.
    /// - Throws: ``HTMLTemplateError``, or what `fill` throws.
    /// - Complexity: O(items × prototype size).
    public func repeatTemplate<Item>(
        id: String, items: some Sequence<Item>, _ fill: (borrowing HTMLElement, Item) throws -> Void
    ) throws {
        try repeatPrototype(element(id: id), items: items, fill)
    }

    /// Writes the document as HTML (`htmlDocDumpMemoryFormat`).
    ///
    /// The output starts with `<!DOCTYPE html>`; namespaces are stripped so void elements are written `<br>`
    /// and SVG children need no `xmlns`; `data-slot` markers and template comments are removed. The bytes
    /// are UTF-8 when the template's head has `<meta http-equiv="Content-Type"
    /// content="text/html; charset=utf-8"/>`, else ASCII with character references.
    ///
    /// Works on a copy, so the template can be written again; the same fill gives the same bytes.
    /// - Returns: the HTML bytes.
    /// - Throws: ``HTMLTemplateError/serializationFailed(template:)``.
    public func serialize() throws -> [UInt8] {
        guard let copy = xmlCopyDoc(document, 1) else { throw HTMLTemplateError.serializationFailed(template: name) }
        defer { xmlFreeDoc(copy) }
        removeComments(copy)
        if let root = xmlDocGetRootElement(copy) { prepareForHTML(root) }
        if let subset = copy.pointee.intSubset {
            xmlUnlinkNode(UnsafeMutableRawPointer(subset).assumingMemoryBound(to: xmlNode.self))
            xmlFreeDtd(subset)
        }
        guard xmlCreateIntSubset(copy, "html", nil, nil) != nil else {
            throw HTMLTemplateError.serializationFailed(template: name)
        }
        // htmlDocDumpMemoryFormat writes UTF-8 when the head declares it with http-equiv (htmlGetMetaEncoding
        // does not read `<meta charset>`); otherwise it writes ASCII with character references. Both are
        // valid and stable; templates declare UTF-8 so text stays readable in the file.
        var memory: UnsafeMutablePointer<xmlChar>?
        var length: Int32 = 0
        htmlDocDumpMemoryFormat(copy, &memory, &length, 0)
        guard let memory, length > 0 else { throw HTMLTemplateError.serializationFailed(template: name) }
        defer { CQuireXML2_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(length)))
    }

    // MARK: - Operations on nodes, shared with HTMLElement

    func element(id: String) throws(HTMLTemplateError) -> xmlNodePtr {
        guard let node = elementsByID[id] else { throw .unknownID(template: name, id: id) }
        return node
    }

    // Never inlined: Swift 6.3.1's optimiser aborts ("Cannot initialize a nonCopyable type with a guaranteed
    // value", SILValue.h:375) when it inlines the construction of this borrowed non-copyable value into a
    // generic caller, which broke every release build.
    @inline(never)
    func lend(_ node: xmlNodePtr, _ body: (borrowing HTMLElement) throws -> Void) throws {
        pinned.append(node)
        defer { pinned.removeLast() }
        let element = HTMLElement(owner: self, node: node)
        try body(element)
    }

    func replaceText(of node: xmlNodePtr, with text: String) throws(HTMLTemplateError) {
        try checkChildrenReplaceable(node)
        forgetIDs(under: node, includingSelf: false)
        removeChildren(node)
        appendTextNode(node, text)
    }

    func appendText(to node: xmlNodePtr, _ text: String) {
        appendTextNode(node, text)
    }

    func setAttribute(
        of node: xmlNodePtr, name attributeName: String, value: String, allowingExternalURL: Bool
    ) throws(HTMLTemplateError) {
        try HTMLSafetyPolicy.checkAttribute(attributeName, value: value, allowsExternalURL: allowingExternalURL)
        let cleaned = HTMLSafetyPolicy.cleanText(value)
        // xmlSetProp stores the value as a text child (xmlNewDocText), not parsed for entities.
        _ = withXMLString(attributeName) { namePointer in
            withXMLString(cleaned) { xmlSetProp(node, namePointer, $0) }
        }
    }

    func addClass(to node: xmlNodePtr, _ className: String) throws(HTMLTemplateError) {
        guard HTMLSafetyPolicy.isClassToken(className) else { throw .invalidClass(name: className) }
        let existing = attribute(node, "class") ?? ""
        let tokens = existing.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        if tokens.contains(className) { return }
        let value = (tokens + [className]).joined(separator: " ")
        _ = withXMLString("class") { namePointer in
            withXMLString(HTMLSafetyPolicy.cleanText(value)) { xmlSetProp(node, namePointer, $0) }
        }
    }

    func removeNode(_ node: xmlNodePtr) throws(HTMLTemplateError) {
        try checkRemovable(node)
        forgetIDs(under: node, includingSelf: true)
        xmlUnlinkNode(node)
        xmlFreeNode(node)
    }

    func appendElement(
        to parent: xmlNodePtr, _ elementName: String, attributes: [(String, String)], text: String?,
        _ build: (borrowing HTMLElement) throws -> Void
    ) throws {
        try HTMLSafetyPolicy.checkElementName(elementName)
        for (attributeName, value) in attributes {
            try HTMLSafetyPolicy.checkAttribute(attributeName, value: value, allowsExternalURL: false)
        }
        guard let child = withXMLString(elementName, { xmlNewDocNode(parent.pointee.doc, nil, $0, nil) }) else {
            throw HTMLTemplateError.serializationFailed(template: name)
        }
        guard xmlAddChild(parent, child) != nil else {
            xmlFreeNode(child)
            throw HTMLTemplateError.serializationFailed(template: name)
        }
        for (attributeName, value) in attributes {
            try setAttribute(of: child, name: attributeName, value: value, allowingExternalURL: false)
        }
        if let text { appendTextNode(child, text) }
        try lend(child, build)
    }

    func repeatPrototype<Item>(
        _ prototype: xmlNodePtr, items: some Sequence<Item>, _ fill: (borrowing HTMLElement, Item) throws -> Void
    ) throws {
        try checkRemovable(prototype)
        for item in items {
            guard let copy = xmlDocCopyNode(prototype, prototype.pointee.doc, 1) else {
                throw HTMLTemplateError.serializationFailed(template: name)
            }
            walkNodes(copy) { node in
                if node.pointee.type == XML_ELEMENT_NODE { _ = xmlUnsetProp(node, "id") }
            }
            guard xmlAddPrevSibling(prototype, copy) != nil else {
                xmlFreeNode(copy)
                throw HTMLTemplateError.serializationFailed(template: name)
            }
            try lend(copy) { try fill($0, item) }
        }
        try removeNode(prototype)
    }

    func slot(_ slotName: String, in node: xmlNodePtr) throws(HTMLTemplateError) -> xmlNodePtr {
        var found: xmlNodePtr?
        for child in elementChildren(node) where found == nil {
            walkElements(child) { candidate in
                if found != nil { return false }
                if attribute(candidate, "data-slot") == slotName {
                    found = candidate
                    return false
                }
                return true
            }
        }
        guard let found else { throw .unknownSlot(template: name, slot: slotName) }
        return found
    }

    func hasSlot(_ slotName: String, in node: xmlNodePtr) -> Bool {
        (try? slot(slotName, in: node)) != nil
    }

    // MARK: - Keeping lent elements and the id index valid

    /// Replacing a node's children frees them: no lent element may be among them.
    private func checkChildrenReplaceable(_ node: xmlNodePtr) throws(HTMLTemplateError) {
        for held in pinned where held != node && isDescendant(held, of: node) {
            throw .elementInUse(template: name)
        }
    }

    /// Removing a node frees it and its subtree: no lent element may be among them.
    private func checkRemovable(_ node: xmlNodePtr) throws(HTMLTemplateError) {
        for held in pinned where isDescendant(held, of: node) {
            throw .elementInUse(template: name)
        }
    }

    /// Whether `node` is `ancestor` or inside it.
    private func isDescendant(_ node: xmlNodePtr, of ancestor: xmlNodePtr) -> Bool {
        var current: xmlNodePtr? = node
        while let step = current {
            if step == ancestor { return true }
            current = step.pointee.parent
        }
        return false
    }

    /// Drops index entries that point into a subtree about to be freed.
    private func forgetIDs(under node: xmlNodePtr, includingSelf: Bool) {
        guard !elementsByID.isEmpty else { return }
        walkNodes(node) { candidate in
            guard candidate.pointee.type == XML_ELEMENT_NODE, includingSelf || candidate != node,
                let id = attribute(candidate, "id"), elementsByID[id] == candidate
            else { return }
            elementsByID[id] = nil
        }
    }
}

/// Visits a node and all its descendants (any type) in document order.
private func walkNodes(_ node: xmlNodePtr, _ visit: (xmlNodePtr) -> Void) {
    visit(node)
    var child = node.pointee.children
    while let current = child {
        walkNodes(current, visit)
        child = current.pointee.next
    }
}

/// Removes every comment: template comments are notes for template authors, not for readers.
private func removeComments(_ document: xmlDocPtr) {
    var comments: [xmlNodePtr] = []
    var child = document.pointee.children
    while let current = child {
        walkNodes(current) { node in
            if node.pointee.type == XML_COMMENT_NODE { comments.append(node) }
        }
        child = current.pointee.next
    }
    for comment in comments {
        xmlUnlinkNode(comment)
        xmlFreeNode(comment)
    }
}

/// Readies a copy for the HTML serialiser: without a namespace, HTMLtree.c knows `<br>`, `<meta>` and
/// `<td>` as HTML and writes void elements without end tags; with the XHTML namespace it treats them as
/// unknown and writes `<br></br>`, which HTML5 reads as two line breaks (notes/toolchain.md §2c).
private func prepareForHTML(_ root: xmlNodePtr) {
    walkNodes(root) { node in
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
        node.pointee.ns = nil
        if let definitions = node.pointee.nsDef {
            node.pointee.nsDef = nil
            xmlFreeNsList(definitions)
        }
        var property = node.pointee.properties
        while let current = property {
            current.pointee.ns = nil
            property = current.pointee.next
        }
        _ = xmlUnsetProp(node, "data-slot")
    }
}

/// The first error libxml2 reported while parsing, with its place.
private final class FirstParseError {
    private(set) var error: (line: Int, column: Int, message: String)?

    func record(_ error: xmlError) {
        guard self.error == nil else { return }
        let message = error.message.map { String(cString: $0) } ?? "parse error"
        self.error = (Int(error.line), Int(error.int2), message.trimmingTrailingNewlines())
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var result = Substring(self)
        while let last = result.last, last.isNewline { result = result.dropLast() }
        return String(result)
    }
}
