import QuireAnnotate
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// A bundle served on a real loopback port for the length of one test.
struct ServedBundle {
    static let token = String(repeating: "0123456789abcdef", count: 4)

    let port: UInt16
    let directory: String
    let session: AnnotationSession

    var host: String { "127.0.0.1:\(port)" }
    var origin: String { "http://127.0.0.1:\(port)" }

    /// Serves a bag directory and runs the body against it, then stops the server.
    static func serve<T: Sendable>(
        directory: String, reviewer: String? = nil, _ body: (ServedBundle) async throws -> T
    ) async throws -> T {
        let bundle = try AnnotationBundle(directory: directory, name: "b")
        let session = try AnnotationSession(
            bundle: bundle, archive: nil, reviewer: reviewer, clock: SteppingClock().read,
            diagnostics: IgnoringDiagnostics())
        let server = AnnotationServer(session: session, token: token)
        let (ports, continuation) = AsyncStream<UInt16>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(port: 0) { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw LoopbackHTTPClient.Failure(description: "no port") }
            let result = try await body(ServedBundle(port: port, directory: directory, session: session))
            group.cancelAll()
            return result
        }
    }

    /// Serves the first `count` sample traces.
    static func serveSample<T: Sendable>(
        count: Int = 5, reviewer: String? = "ana", _ body: (ServedBundle) async throws -> T
    ) async throws -> T {
        let temp = try TemporaryDirectory()
        let directory = temp.file("b")
        try SampleBundle.write(to: directory, count: count, reviewer: reviewer)
        return try await serve(directory: directory, body)
    }

    func client() throws -> LoopbackHTTPClient { try LoopbackHTTPClient(port: port) }

    /// Exchanges the token for the session cookie, as the browser does on the printed URL.
    func signIn() async throws -> String {
        let response = try await client().send("GET", "/?token=\(Self.token)", headers: [("Host", host)])
        let setCookie = try #require(response.header("Set-Cookie"))
        return String(setCookie.prefix { $0 != ";" })
    }

    func get(_ target: String, cookie: String) async throws -> LoopbackHTTPClient.Response {
        try await client().send("GET", target, headers: [("Host", host), ("Cookie", cookie)])
    }

    /// A POST as the page sends it: cookie, same origin, custom header, JSON.
    func post(
        _ target: String, _ body: JSONValue = .object([:]), cookie: String,
        headers: [(String, String)]? = nil
    ) async throws -> LoopbackHTTPClient.Response {
        let standard = [
            ("Host", host), ("Cookie", cookie), ("Origin", origin), ("X-Quire", "1"),
            ("Content-Type", "application/json"),
        ]
        return try await client().send("POST", target, headers: headers ?? standard, body: JSONWriter().bytes(body))
    }

    var journalBytes: [UInt8] {
        get throws { try FileSystem.readFile(FileSystem.join(directory, BundleLayout.journal)) }
    }
}

extension LoopbackHTTPClient.Response {
    /// The body parsed as JSON.
    var json: JSONValue {
        get throws { try JSONParser.parse(body) }
    }
}
