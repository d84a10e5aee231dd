/// A request as the annotator's handlers see it, independent of the HTTP library.
struct WebRequest: Sendable {
    /// `GET`, `POST`, … in upper case.
    var method: String
    /// The path without the query, percent-encoded as sent.
    var path: String
    /// Decoded query items in order.
    var query: [(name: String, value: String)]
    /// Header values by lower-cased name.
    var headers: [String: String]
    /// The body.
    var body: [UInt8]

    /// The first query value of a name.
    func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// A response before it is written; the security headers are added by ``SecurityHeaders``.
struct WebResponse: Sendable {
    /// The status code.
    var status: Int
    /// Headers in order.
    var headers: [(name: String, value: String)]
    /// The body.
    var body: [UInt8]

    init(status: Int, contentType: String? = nil, body: [UInt8] = [], headers: [(String, String)] = []) {
        self.status = status
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        if let contentType { self.headers.append((name: "Content-Type", value: contentType)) }
        self.body = body
    }

    /// A short plain-text answer, for refusals a person may read in the browser.
    static func text(_ status: Int, _ message: String) -> WebResponse {
        WebResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }

    /// The reason phrase of the status codes the annotator sends.
    static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 503: "Service Unavailable"
        default: "Internal Server Error"
        }
    }
}

/// The headers every response carries, errors and static assets included (DESIGN.md §4 "Security").
enum SecurityHeaders {
    /// No inline script or style, nothing from another origin, no framing, no forms, no base URL changes:
    /// even if trace text became markup, it could neither run nor load nor send anything.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let all: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]

    static func apply(to response: inout WebResponse) {
        response.headers.removeAll { header in all.contains { $0.name == header.name } }
        response.headers.append(contentsOf: all)
    }
}
