import QuireIO

/// Decides whether a request may reach the annotator at all (DESIGN.md §4 "Security").
///
/// In order: the `Host` header must name the bound loopback address (a DNS-rebinding page has its own host
/// name there); the URL token is exchanged once for an `HttpOnly; SameSite=Strict` cookie; every other request
/// needs that cookie; a state-changing request also needs `Origin` equal to the served origin, the custom
/// `X-Quire: 1` header (which no form and no simple cross-site request can set) and a JSON body.
struct RequestGate: Sendable {
    private let token: String
    private let cookieValue: String

    /// - Parameter token: the secret printed in the URL.
    init(token: String) {
        self.token = token
        // The cookie carries a value derived from the token, not the token itself, so the URL a user pastes
        // elsewhere and the cookie the browser keeps are different secrets with the same origin.
        cookieValue = SHA256.hex(of: "quire-session:\(token)")
    }

    /// The cookie's name: one per port, so two annotators open at once on 127.0.0.1 keep their own cookies
    /// (cookies are shared across ports of a host).
    static func cookieName(port: UInt16) -> String { "quire_\(port)" }

    /// A refusal, or the token exchange, or nil when the request may go on to the routes.
    func screen(_ request: WebRequest, port: UInt16) -> WebResponse? {
        let host = request.headers["host"] ?? ""
        guard host == "127.0.0.1:\(port)" || host == "localhost:\(port)" else {
            return .text(421, "This annotator answers only at http://127.0.0.1:\(port)/ (Host was \"\(host.prefix(80))\").")
        }
        if request.path == "/", let offered = request.queryValue("token") {
            guard Self.constantTimeEqual(offered, token) else {
                return .text(403, "Wrong token. Open the exact URL that quire annotate printed.")
            }
            // Exchange the token for a cookie and drop it from the address bar and the history.
            return WebResponse(
                status: 303, contentType: "text/plain; charset=utf-8",
                headers: [
                    ("Location", "/"),
                    (
                        "Set-Cookie",
                        "\(Self.cookieName(port: port))=\(cookieValue); HttpOnly; SameSite=Strict; Path=/"
                    ),
                ])
        }
        guard let cookie = Self.cookie(named: Self.cookieName(port: port), in: request.headers["cookie"]) else {
            return .text(401, "Not signed in. Open the URL that quire annotate printed (it contains the token).")
        }
        guard Self.constantTimeEqual(cookie, cookieValue) else {
            return .text(403, "Stale or wrong session. Open the URL that quire annotate printed.")
        }
        if request.method != "GET" {
            guard request.headers["origin"] == "http://\(host)" else {
                return .text(403, "Cross-origin request refused.")
            }
            if let site = request.headers["sec-fetch-site"], site != "same-origin" {
                return .text(403, "Cross-site request refused.")
            }
            guard request.headers["x-quire"] == "1" else {
                return .text(403, "Missing X-Quire header.")
            }
            guard request.headers["content-type"]?.hasPrefix("application/json") == true else {
                return .text(415, "Expected a JSON body.")
            }
        }
        return nil
    }

    static func cookie(named name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingPrefix(while: { $0 == " " }) == name {
                return String(pair[1])
            }
        }
        return nil
    }

    /// Compares secrets without stopping at the first differing byte, so response time does not leak a prefix.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
