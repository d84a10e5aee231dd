import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Serves one ``AnnotationSession`` on 127.0.0.1 (DESIGN.md §4).
///
/// Binds the loopback interface only, never a wildcard address; the port is the caller's or, with 0, any free
/// one. Every request goes through one handler, which screens it (``RequestGate``), routes it and adds the
/// security headers, so no response (errors and assets included) leaves without them.
public struct AnnotationServer: Sendable {
    private let routes: AnnotationRoutes

    /// Prepares a server.
    /// - Parameters:
    ///   - session: the bundle served.
    ///   - token: the secret in the printed URL; read from a random source by the caller.
    public init(session: AnnotationSession, token: String) {
        routes = AnnotationRoutes(session: session, gate: RequestGate(token: token))
    }

    /// Listens and serves until the calling task is cancelled.
    /// - Parameters:
    ///   - port: the port, or 0 for any free port.
    ///   - onListening: called once with the bound port, before any request is answered.
    /// - Throws: ``AnnotateError/cannotListen(address:reason:)`` when the address cannot be bound.
    public func run(port: UInt16, onListening: @Sendable (_ port: UInt16) async -> Void) async throws {
        let bound = BoundPort()
        let server: HTTPServer
        do {
            server = HTTPServer(
                address: try .inet(ip4: "127.0.0.1", port: port), timeout: 3600, logger: .disabled,
                handler: Adapter(routes: routes, bound: bound))
        } catch {
            throw AnnotateError.cannotListen(address: "127.0.0.1:\(port)", reason: "\(error)")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await server.run()
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    throw AnnotateError.cannotListen(address: "127.0.0.1:\(port)", reason: "\(error)")
                }
            }
            do {
                try await server.waitUntilListening(timeout: 10)
            } catch {
                // The run task has the reason (a bind failure); wait for it to throw.
                try await group.next()
                throw AnnotateError.cannotListen(address: "127.0.0.1:\(port)", reason: "\(error)")
            }
            guard case .ip4(_, port: let actual)? = await server.listeningAddress else {
                group.cancelAll()
                throw AnnotateError.cannotListen(address: "127.0.0.1:\(port)", reason: "no IPv4 address after bind")
            }
            bound.set(actual)
            await onListening(actual)
            try await group.next()
        }
    }
}

/// The port once bound: requests are screened against `Host: 127.0.0.1:PORT`, unknown until `bind` returns.
private final class BoundPort: Sendable {
    private let port = Mutex<UInt16?>(nil)

    func set(_ value: UInt16) { port.withLock { $0 = value } }

    var value: UInt16? { port.withLock { $0 } }
}

/// Converts between FlyingFox's types and the library-independent ``WebRequest``/``WebResponse``.
private struct Adapter: HTTPHandler {
    let routes: AnnotationRoutes
    let bound: BoundPort

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        var response: WebResponse
        if let port = bound.value {
            var body: [UInt8] = []
            let declared = Int(headers["content-length"] ?? "0") ?? 0
            if declared > AnnotationRoutes.maximumBodyBytes {
                response = AnnotationRoutes.error(413, "request body larger than 8 MiB")
                SecurityHeaders.apply(to: &response)
            } else {
                if declared > 0 || request.method == .POST {
                    do {
                        body = Array(try await request.bodyData)
                    } catch {
                        body = []
                    }
                }
                response = await routes.respond(
                    to: WebRequest(
                        method: request.method.rawValue.uppercased(), path: request.path,
                        query: request.query.map { (name: $0.name, value: $0.value) }, headers: headers, body: body),
                    port: port)
            }
        } else {
            response = .text(503, "Starting up.")
            SecurityHeaders.apply(to: &response)
        }
        var out = HTTPHeaders()
        for header in response.headers { out.addValue(header.value, for: HTTPHeader(header.name)) }
        return HTTPResponse(
            statusCode: HTTPStatusCode(response.status, phrase: WebResponse.reason(for: response.status)),
            headers: out, body: Data(response.body))
    }
}
