import QuireAnnotate
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Annotator security over loopback HTTP")
struct SecurityTests {
    static let csp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    private func expectSecurityHeaders(_ response: LoopbackHTTPClient.Response, _ what: String) {
        #expect(response.header("Content-Security-Policy") == Self.csp, "\(what)")
        #expect(response.header("X-Content-Type-Options") == "nosniff", "\(what)")
        #expect(response.header("Cache-Control") == "no-store", "\(what)")
        #expect(response.header("Referrer-Policy") == "no-referrer", "\(what)")
        #expect(response.header("X-Frame-Options") == "DENY", "\(what)")
    }

    @Test("a Host other than the bound loopback address is refused with 421, before the token is looked at")
    func wrongHostRefused() async throws {
        try await ServedBundle.serveSample { served in
            let cookie = try await served.signIn()
            for host in ["evil.example:\(served.port)", "127.0.0.1:\(served.port &+ 1)", "127.0.0.1", "", "[::1]:\(served.port)"] {
                let client = try served.client()
                let withToken = try await client.send("GET", "/?token=\(ServedBundle.token)", headers: [("Host", host)])
                #expect(withToken.status == 421, "Host \(host)")
                #expect(withToken.header("Set-Cookie") == nil)
                let api = try await client.send("GET", "/api/queue", headers: [("Host", host), ("Cookie", cookie)])
                #expect(api.status == 421, "Host \(host)")
                expectSecurityHeaders(api, "421 for \(host)")
            }
            let missing = try await served.client().send("GET", "/api/queue", headers: [("Cookie", cookie)])
            #expect(missing.status == 421)
            let localhost = try await served.client().send(
                "GET", "/api/queue", headers: [("Host", "localhost:\(served.port)"), ("Cookie", cookie)])
            #expect(localhost.status == 200)
        }
    }

    @Test("the URL token becomes an HttpOnly SameSite=Strict cookie and the address bar loses it")
    func tokenExchange() async throws {
        try await ServedBundle.serveSample { served in
            let response = try await served.client().send(
                "GET", "/?token=\(ServedBundle.token)", headers: [("Host", served.host)])
            #expect(response.status == 303)
            #expect(response.header("Location") == "/")
            let cookie = try #require(response.header("Set-Cookie"))
            let attributes = cookie.split(separator: ";").map { $0.trimmingPrefix(while: { $0 == " " }) }
            #expect(attributes.dropFirst().map(String.init) == ["HttpOnly", "SameSite=Strict", "Path=/"])
            #expect(attributes.first?.hasPrefix("quire_\(served.port)=") == true)
            #expect(!cookie.contains(ServedBundle.token))
            expectSecurityHeaders(response, "303")
            let page = try await served.get("/", cookie: String(cookie.prefix { $0 != ";" }))
            #expect(page.status == 200)
            #expect(page.text.contains("<script src=\"/app.js\""))
        }
    }

    @Test("a missing token or cookie is 401, a wrong one 403, on pages and API alike")
    func tokenRequired() async throws {
        try await ServedBundle.serveSample { served in
            let host = ("Host", served.host)
            let wrongToken = try await served.client().send("GET", "/?token=\(String(repeating: "f", count: 64))", headers: [host])
            #expect(wrongToken.status == 403)
            #expect(wrongToken.header("Set-Cookie") == nil)
            let shortToken = try await served.client().send("GET", "/?token=0123", headers: [host])
            #expect(shortToken.status == 403)
            for target in ["/", "/app.js", "/app.css", "/api/queue", "/api/items", "/api/items/0", "/nope"] {
                let none = try await served.client().send("GET", target, headers: [host])
                #expect(none.status == 401, "\(target)")
                expectSecurityHeaders(none, "401 \(target)")
                let wrong = try await served.get(target, cookie: "quire_\(served.port)=\(ServedBundle.token)")
                #expect(wrong.status == 403, "\(target)")
                let otherPort = try await served.get(target, cookie: "quire_1=whatever")
                #expect(otherPort.status == 401, "\(target)")
            }
            let post = try await served.post(
                "/api/events", .object(["item": .string("x"), "type": .string("item.complete")]), cookie: "")
            #expect(post.status == 401)
        }
    }

    @Test("a state-changing request needs the cookie, the same Origin, X-Quire and JSON; refusals write nothing")
    func postGuards() async throws {
        try await ServedBundle.serveSample { served in
            let cookie = try await served.signIn()
            let item = try await served.get("/api/items/0", cookie: cookie).json["id"]?.stringValue ?? ""
            let body = JSONValue.object([
                "item": .string(item), "type": .string("score.set"),
                "payload": .object(["name": .string("correctness"), "value": .int(4)]),
            ])
            let host = ("Host", served.host)
            let json = ("Content-Type", "application/json")
            let refusals: [(String, [(String, String)], Int)] = [
                ("cross origin", [host, ("Cookie", cookie), ("Origin", "http://evil.example"), ("X-Quire", "1"), json], 403),
                ("other port", [host, ("Cookie", cookie), ("Origin", "http://127.0.0.1:1"), ("X-Quire", "1"), json], 403),
                ("null origin", [host, ("Cookie", cookie), ("Origin", "null"), ("X-Quire", "1"), json], 403),
                ("no origin", [host, ("Cookie", cookie), ("X-Quire", "1"), json], 403),
                ("no custom header", [host, ("Cookie", cookie), ("Origin", served.origin), json], 403),
                ("wrong custom header", [host, ("Cookie", cookie), ("Origin", served.origin), ("X-Quire", "0"), json], 403),
                (
                    "cross-site fetch",
                    [host, ("Cookie", cookie), ("Origin", served.origin), ("X-Quire", "1"), json, ("Sec-Fetch-Site", "cross-site")],
                    403
                ),
                (
                    "form body",
                    [host, ("Cookie", cookie), ("Origin", served.origin), ("X-Quire", "1"), ("Content-Type", "text/plain")],
                    415
                ),
                ("no cookie", [host, ("Origin", served.origin), ("X-Quire", "1"), json], 401),
            ]
            for (name, headers, status) in refusals {
                let response = try await served.post("/api/events", body, cookie: cookie, headers: headers)
                #expect(response.status == status, "\(name)")
                expectSecurityHeaders(response, name)
            }
            #expect(try served.journalBytes.isEmpty)
            let accepted = try await served.post("/api/events", body, cookie: cookie)
            #expect(accepted.status == 200)
            #expect(try accepted.json["seq"] == .int(1))
            #expect(try served.journalBytes.count { $0 == 0x0A } == 1)
        }
    }

    @Test("every response carries CSP, nosniff, no-store and no-referrer: assets, API, errors")
    func headersEverywhere() async throws {
        try await ServedBundle.serveSample { served in
            let cookie = try await served.signIn()
            let gets: [(String, Int)] = [
                ("/", 200), ("/app.js", 200), ("/app.css", 200), ("/api/queue", 200), ("/api/items?limit=2", 200),
                ("/api/items/1", 200), ("/api/items/99", 404), ("/api/items/-1", 404), ("/favicon.ico", 404),
            ]
            for (target, status) in gets {
                let response = try await served.get(target, cookie: cookie)
                #expect(response.status == status, "\(target)")
                expectSecurityHeaders(response, target)
            }
            let posts: [(String, JSONValue, Int)] = [
                ("/api/events", .string("not an object"), 400),
                ("/api/events", .object(["item": .string("nope"), "type": .string("item.complete")]), 422),
                ("/api/events", .object(["item": .string("nope"), "type": .string("item.explode")]), 400),
                ("/api/undo", .object([:]), 409),
                ("/api/nothing", .object([:]), 404),
            ]
            for (target, body, status) in posts {
                let response = try await served.post(target, body, cookie: cookie)
                #expect(response.status == status, "\(target) \(body.jsonText)")
                #expect(try response.json["error"]?.stringValue?.isEmpty == false)
                expectSecurityHeaders(response, "\(target) \(status)")
            }
            let put = try await served.client().send(
                "PUT", "/api/events",
                headers: [
                    ("Host", served.host), ("Cookie", cookie), ("Origin", served.origin), ("X-Quire", "1"),
                    ("Content-Type", "application/json"),
                ], body: Array("{}".utf8))
            #expect(put.status == 405)
            expectSecurityHeaders(put, "405")
            let types = [
                ("/", "text/html; charset=utf-8"), ("/app.js", "text/javascript; charset=utf-8"),
                ("/app.css", "text/css; charset=utf-8"), ("/api/queue", "application/json; charset=utf-8"),
            ]
            for (target, type) in types {
                #expect(try await served.get(target, cookie: cookie).header("Content-Type") == type, "\(target)")
            }
        }
    }
}
