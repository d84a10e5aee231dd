public import QuireModel

/// Why a template could not be parsed, filled or written.
///
/// Templates ship inside the binary, so a malformed one is a build mistake; the fill errors guard the
/// boundary where untrusted text meets markup (an attribute value with a `javascript:` URL, an event
/// handler name), so they are refusals rather than crashes.
public enum HTMLTemplateError: QuireError, Equatable {
    /// The template is not well-formed XML.
    case malformed(template: String, line: Int, column: Int, reason: String)
    /// No element of the template has the id (or it was removed).
    case unknownID(template: String, id: String)
    /// Two elements of the template share an id.
    case duplicateID(template: String, id: String)
    /// No element inside a repeated or filled element carries `data-slot="name"`.
    case unknownSlot(template: String, slot: String)
    /// An element name is not a plain name or is one that could run code or load something.
    case forbiddenElement(name: String)
    /// An attribute name is not a plain name, or is an event handler, `style` or another that could run code.
    case forbiddenAttribute(name: String)
    /// A URL attribute's value has a scheme or host (only `#fragment` and relative paths are allowed by default).
    case unsafeURL(attribute: String, value: String)
    /// A class token is empty or contains whitespace.
    case invalidClass(name: String)
    /// A change would free an element that a fill closure is still holding (an ancestor's text replaced or
    /// removed from inside the closure).
    case elementInUse(template: String)
    /// libxml2 failed to write the document.
    case serializationFailed(template: String)

    /// A malformed template or a failed write is the program's fault; refusing an unsafe value is the data's.
    public var fault: Fault {
        switch self {
        case .malformed, .unknownID, .duplicateID, .unknownSlot, .elementInUse, .serializationFailed: .system
        case .forbiddenElement, .forbiddenAttribute, .unsafeURL, .invalidClass: .data
        }
    }

    /// One line, naming the template and the place.
    public var description: String {
        switch self {
        case .malformed(let template, let line, let column, let reason):
            "\(template):\(line):\(column): malformed template: \(reason)"
        case .unknownID(let template, let id): "\(template): no element with id \"\(id)\""
        case .duplicateID(let template, let id): "\(template): id \"\(id)\" is used twice"
        case .unknownSlot(let template, let slot): "\(template): no element with data-slot \"\(slot)\""
        case .forbiddenElement(let name): "element <\(Self.excerpt(name))> is not allowed"
        case .forbiddenAttribute(let name): "attribute \"\(Self.excerpt(name))\" is not allowed"
        case .unsafeURL(let attribute, let value):
            "\(attribute): URL \"\(Self.excerpt(value))\" is not a fragment or relative path"
        case .invalidClass(let name): "class \"\(Self.excerpt(name))\" is empty or contains whitespace"
        case .elementInUse(let template): "\(template): an element being filled cannot be replaced or removed"
        case .serializationFailed(let template): "\(template): libxml2 could not serialise the document"
        }
    }

    /// A printable excerpt of untrusted text for a one-line message: control characters escaped, at most 80.
    private static func excerpt(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
            {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 80 ? out + "…" : out
    }
}
