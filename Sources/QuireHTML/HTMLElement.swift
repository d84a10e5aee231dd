internal import CQuireXML2

/// An element of an ``HTMLTemplate``, lent to a closure for the duration of one fill.
///
/// Non-copyable and only ever passed `borrowing`, so it cannot be stored or returned: no node pointer
/// outlives the fill, and the document outlives every element (the element holds its template).
public struct HTMLElement: ~Copyable {
    private let owner: HTMLTemplate
    private let rawNode: UnsafeMutableRawPointer

    init(owner: HTMLTemplate, node: xmlNodePtr) {
        self.owner = owner
        self.rawNode = UnsafeMutableRawPointer(node)
    }

    private var node: xmlNodePtr { rawNode.assumingMemoryBound(to: xmlNode.self) }

    /// The element's name (`tr`, `svg`).
    public var name: String { elementName(node) }

    /// Replaces the element's children with one text node.
    /// - Parameter text: untrusted text, written as characters.
    /// - Throws: ``HTMLTemplateError/elementInUse(template:)`` when a lent element is inside.
    public func setText(_ text: String) throws {
        try owner.replaceText(of: node, with: text)
    }

    /// Appends text after the element's current children.
    /// - Parameter text: untrusted text, written as characters.
    public func appendText(_ text: String) {
        owner.appendText(to: node, text)
    }

    /// Sets an attribute.
    /// - Parameters:
    ///   - name: the attribute's name; event handlers, `style`, `srcdoc` and the like are refused.
    ///   - value: untrusted text; URL attributes take only `#fragment`s and relative paths unless allowed.
    ///   - allowingExternalURL: let `http:`, `https:` and `mailto:` URLs through.
    /// - Throws: ``HTMLTemplateError``.
    public func setAttribute(_ name: String, _ value: String, allowingExternalURL: Bool = false) throws {
        try owner.setAttribute(of: node, name: name, value: value, allowingExternalURL: allowingExternalURL)
    }

    /// Adds a class token (once).
    /// - Parameter className: one class token.
    /// - Throws: ``HTMLTemplateError/invalidClass(name:)``.
    public func addClass(_ className: String) throws {
        try owner.addClass(to: node, className)
    }

    /// Appends a new child element.
    /// - Parameters:
    ///   - name: the element's name; elements that run code or load resources are refused.
    ///   - attributes: attributes in order.
    ///   - text: text content, if any.
    ///   - build: fills the new element further.
    /// - Throws: ``HTMLTemplateError``, or what `build` throws.
    public func appendElement(
        _ name: String, attributes: [(String, String)] = [], text: String? = nil,
        _ build: (borrowing HTMLElement) throws -> Void = { _ in }
    ) throws {
        try owner.appendElement(to: node, name, attributes: attributes, text: text, build)
    }

    /// Whether a descendant carries `data-slot="name"`.
    /// - Parameter slot: the slot's name.
    /// - Returns: true when one exists.
    public func hasSlot(_ slot: String) -> Bool {
        owner.hasSlot(slot, in: node)
    }

    /// Lends the first descendant with `data-slot="name"` to a closure.
    /// - Parameters:
    ///   - slot: the slot's name.
    ///   - body: fills it.
    /// - Throws: ``HTMLTemplateError/unknownSlot(template:slot:)``, or what `body` throws.
    public func fill(slot: String, _ body: (borrowing HTMLElement) throws -> Void) throws {
        try owner.lend(owner.slot(slot, in: node), body)
    }

    /// Replaces the children of a slot with text.
    /// - Parameters:
    ///   - slot: the slot's name.
    ///   - text: untrusted text.
    /// - Throws: ``HTMLTemplateError``.
    public func setText(slot: String, _ text: String) throws {
        try owner.replaceText(of: owner.slot(slot, in: node), with: text)
    }

    /// Sets an attribute of a slot.
    /// - Parameters:
    ///   - slot: the slot's name.
    ///   - name: the attribute's name.
    ///   - value: untrusted text.
    ///   - allowingExternalURL: let `http:`, `https:` and `mailto:` URLs through.
    /// - Throws: ``HTMLTemplateError``.
    public func setAttribute(slot: String, _ name: String, _ value: String, allowingExternalURL: Bool = false) throws {
        try owner.setAttribute(
            of: owner.slot(slot, in: node), name: name, value: value, allowingExternalURL: allowingExternalURL)
    }

    /// Adds a class to a slot.
    /// - Parameters:
    ///   - slot: the slot's name.
    ///   - className: one class token.
    /// - Throws: ``HTMLTemplateError``.
    public func addClass(slot: String, _ className: String) throws {
        try owner.addClass(to: owner.slot(slot, in: node), className)
    }

    /// Removes a slot and everything inside it.
    /// - Parameter slot: the slot's name.
    /// - Throws: ``HTMLTemplateError``.
    public func remove(slot: String) throws {
        try owner.removeNode(owner.slot(slot, in: node))
    }

    /// Repeats a slot once per item, as ``HTMLTemplate/repeatTemplate(id:items:_:)`` does for ids.
    /// - Parameters:
    ///   - slot: the prototype's slot name.
    ///   - items: the items, in output order.
    ///   - fill: fills one copy for one item.
    /// - Throws: ``HTMLTemplateError``, or what `fill` throws.
    /// - Complexity: O(items × prototype size).
    public func repeatSlot<Item>(
        _ slot: String, items: some Sequence<Item>, _ fill: (borrowing HTMLElement, Item) throws -> Void
    ) throws {
        try owner.repeatPrototype(owner.slot(slot, in: node), items: items, fill)
    }
}
