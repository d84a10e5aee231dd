#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal HTTP/1.1 client over a raw loopback socket, so tests and benchmarks control every header
/// (`Host`, `Origin`, cookies), which higher-level clients rewrite or refuse to send.
///
/// Keeps the connection alive between requests. Reads are non-blocking: the async form yields while waiting,
/// so an in-process server on the same cooperative pool keeps running.
public final class LoopbackHTTPClient {
    /// A response as read off the wire.
    public struct Response: Sendable, CustomStringConvertible {
        /// The status code.
        public var status: Int
        /// Header lines in order, names as sent.
        public var headers: [(name: String, value: String)]
        /// The body bytes.
        public var body: [UInt8]

        /// The first value of a header, by case-insensitive name.
        /// - Parameter name: the header name.
        /// - Returns: its value, or nil.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// Status and body, for failure messages.
        public var description: String { "\(status) \(text.prefix(300))" }
    }

    /// Why a request failed at the socket level.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String

        /// Creates a failure.
        /// - Parameter description: what went wrong.
        public init(description: String) {
            self.description = description
        }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1.
    /// - Parameter port: the server's port.
    /// - Throws: ``Failure`` when the connection is refused.
    public init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// The bytes of a request.
    /// - Parameters:
    ///   - method: `GET`, `POST`, …
    ///   - target: path and query.
    ///   - headers: header lines; `Content-Length` is added for a body.
    ///   - body: the body.
    /// - Returns: the request's bytes.
    public static func requestBytes(
        _ method: String, _ target: String, headers: [(String, String)], body: [UInt8] = []
    ) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// Sends a request and reads the response, yielding while the server works.
    /// - Parameters:
    ///   - method: the method.
    ///   - target: path and query.
    ///   - headers: header lines.
    ///   - body: the body.
    /// - Returns: the response.
    /// - Throws: ``Failure``.
    public func send(
        _ method: String, _ target: String, headers: [(String, String)], body: [UInt8] = []
    ) async throws -> Response {
        try writeAll(Self.requestBytes(method, target, headers: headers, body: body))
        while true {
            if let response = try parse() { return response }
            if try !fill() { try await Task.sleep(for: .milliseconds(1)) }
        }
    }

    /// Sends a request and waits for the response, blocking the calling thread (benchmarks against a server
    /// in another process only).
    /// - Parameters:
    ///   - method: the method.
    ///   - target: path and query.
    ///   - headers: header lines.
    ///   - body: the body.
    /// - Returns: the response.
    /// - Throws: ``Failure``.
    public func sendBlocking(
        _ method: String, _ target: String, headers: [(String, String)], body: [UInt8] = []
    ) throws -> Response {
        try writeAll(Self.requestBytes(method, target, headers: headers, body: body))
        while true {
            if let response = try parse() { return response }
            if try !fill() {
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&ready, 1, 1000)
            }
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EAGAIN || errno == EINTR {
                    var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 100)
                    continue
                }
                throw Failure(description: "write: errno \(errno)")
            }
            offset += written
        }
    }

    /// Reads what is available; false when nothing was.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 { throw Failure(description: "connection closed by the server") }
        if errno == EAGAIN || errno == EINTR { return false }
        throw Failure(description: "read: errno \(errno)")
    }

    /// A complete response at the front of the buffer, removed from it; nil when more bytes are needed.
    private func parse() throws -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = buffer.indices.dropLast(3).first(where: { buffer[$0..<$0 + 4].elementsEqual(separator) })
        else { return nil }
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in \(head.prefix(100))")
        }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                String(line[..<colon]),
                String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
            )
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let bodyStart = end + 4
        guard buffer.count >= bodyStart + length else { return nil }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return Response(status: status, headers: headers, body: body)
    }
}
