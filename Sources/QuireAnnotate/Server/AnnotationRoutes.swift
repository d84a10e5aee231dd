import QuireBundle
import QuireModel

/// Maps requests that passed the ``RequestGate`` to the session and renders the answers as JSON.
///
/// Never throws: FlyingFox answers a thrown error with a bare 500 that carries none of the security
/// headers, so every failure is turned into a response here.
struct AnnotationRoutes: Sendable {
    let session: AnnotationSession
    let gate: RequestGate

    /// The largest request body accepted: a long corrected output fits, an accidental upload does not.
    static let maximumBodyBytes = 8 << 20

    func respond(to request: WebRequest, port: UInt16) async -> WebResponse {
        var response: WebResponse
        if let refusal = gate.screen(request, port: port) {
            response = refusal
        } else {
            response = await route(request)
        }
        SecurityHeaders.apply(to: &response)
        return response
    }

    private func route(_ request: WebRequest) async -> WebResponse {
        do {
            switch (request.method, request.path) {
            case ("GET", "/"): return Self.asset(PageAssets.indexHTML, "text/html; charset=utf-8")
            case ("GET", "/app.js"): return Self.asset(PageAssets.appJS, "text/javascript; charset=utf-8")
            case ("GET", "/app.css"): return Self.asset(PageAssets.appCSS, "text/css; charset=utf-8")
            case ("GET", "/api/queue"): return Self.json(try await session.queue())
            case ("GET", "/api/items"):
                return Self.json(
                    try await session.rows(
                        offset: Int(request.queryValue("offset") ?? "") ?? 0,
                        limit: Int(request.queryValue("limit") ?? "") ?? 50,
                        status: request.queryValue("status") ?? "all", query: request.queryValue("q") ?? ""))
            case ("GET", let path) where path.hasPrefix("/api/items/"):
                guard let position = Int(path.dropFirst("/api/items/".count)), position >= 0,
                    position < session.itemCount
                else { return Self.error(404, "no such item") }
                return Self.json(try await session.item(at: position))
            case ("POST", "/api/events"):
                let draft: EventDraft
                do {
                    draft = try Self.draft(from: request.body)
                } catch let error as RequestBodyError {
                    return Self.error(400, error.message)
                }
                return Self.json(try await session.record(draft))
            case ("POST", "/api/undo"): return Self.json(try await session.undo())
            case ("POST", "/api/finish"): return Self.json(try await session.finish())
            case ("GET", _), ("POST", _): return Self.error(404, "not found")
            default: return Self.error(405, "method not allowed")
            }
        } catch let error as JournalError {
            switch error {
            case .nothingToUndo: return Self.error(409, "Nothing to undo.")
            default: return Self.error(error.fault == .data ? 422 : 409, error.description)
            }
        } catch let error as any QuireError {
            // A refused event (.data) changed nothing; a failed write (.system) means the save did not happen,
            // and the page must say so rather than show "saved".
            return Self.error(error.fault == .system ? 500 : 422, error.description)
        } catch {
            return Self.error(500, "internal error: \(error)")
        }
    }

    private struct RequestBodyError: Error {
        var message: String
    }

    /// `{"item": ID, "type": TYPE, "payload": {…}}`.
    private static func draft(from body: [UInt8]) throws -> EventDraft {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw RequestBodyError(message: "request body is not JSON: \(error)")
        }
        guard let item = value["item"]?.stringValue, let type = value["type"]?.stringValue else {
            throw RequestBodyError(message: "expected {\"item\": …, \"type\": …, \"payload\": {…}}")
        }
        guard let kind = JournalEvent.Kind(rawValue: type) else {
            throw RequestBodyError(
                message: "unknown event type \"\(type)\"; expected one of "
                    + JournalEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let payload: JSONObject
        switch value["payload"] {
        case nil, .null?: payload = JSONObject()
        case .object(let object)?: payload = object
        default: throw RequestBodyError(message: "payload must be an object")
        }
        return EventDraft(item: item, kind: kind, payload: payload)
    }

    private static func asset(_ bytes: [UInt8], _ type: String) -> WebResponse {
        WebResponse(status: 200, contentType: type, body: bytes)
    }

    private static func json(_ value: JSONValue) -> WebResponse {
        WebResponse(status: 200, contentType: "application/json; charset=utf-8", body: JSONWriter().bytes(value))
    }

    static func error(_ status: Int, _ message: String) -> WebResponse {
        WebResponse(
            status: status, contentType: "application/json; charset=utf-8",
            body: JSONWriter().bytes(.object(["error": .string(message)])))
    }
}
