#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte stream into lines in bounded memory, counting line numbers for messages.
///
/// Memory stays below `chunkSize + maximumLineLength` whatever the input size: a line longer than the
/// budget is skipped to its end and reported as oversized, never buffered whole.
public final class LineReader {
    /// Where a line sits in its input.
    public struct Line: Sendable, Equatable {
        /// The 1-based line number.
        public var number: Int
        /// The byte offset of the line's first byte in the stream.
        public var offset: Int
        /// The line's length in bytes, without the line end.
        public var length: Int
        /// Whether the line was longer than the budget; its bytes are then not available.
        public var isOversized: Bool
    }

    /// The default line budget: 64 MiB, far above any real trace, far below the machine.
    public static let defaultMaximumLineLength = 64 << 20

    private let source: any ByteSource
    private let maximumLineLength: Int
    private let chunkSize: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var streamOffsetOfBuffer = 0
    private var lineNumber = 0
    private var isAtEnd = false

    /// The input's name, for messages.
    public var name: String { source.name }

    /// Creates a reader.
    /// - Parameters:
    ///   - source: the bytes.
    ///   - maximumLineLength: the longest line delivered; longer ones are reported as oversized.
    ///   - chunkSize: how much to read at a time.
    public init(source: any ByteSource, maximumLineLength: Int = defaultMaximumLineLength, chunkSize: Int = 1 << 20) {
        self.source = source
        self.maximumLineLength = maximumLineLength
        self.chunkSize = chunkSize
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Hands the next line to `body`, without its line end (`\n` or `\r\n`).
    ///
    /// The bytes are valid only during the call.
    /// - Parameter body: receives the line and its bytes (empty for an oversized line).
    /// - Returns: what `body` returned, or nil at the end of the input.
    /// - Throws: the source's errors, or what `body` throws.
    /// - Complexity: O(n) in the line's length.
    public func next<Result>(_ body: (Line, UnsafeRawBufferPointer) throws -> Result) throws -> Result? {
        while true {
            if let newline = findNewline() {
                lineNumber += 1
                var lineEnd = newline
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = Line(
                    number: lineNumber, offset: streamOffsetOfBuffer + start, length: lineEnd - start,
                    isOversized: false)
                let lineStart = start
                start = newline + 1
                return try buffer.withUnsafeBytes { raw in
                    try body(line, UnsafeRawBufferPointer(rebasing: raw[lineStart..<lineEnd]))
                }
            }
            if isAtEnd {
                guard start < end else { return nil }
                lineNumber += 1
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = Line(
                    number: lineNumber, offset: streamOffsetOfBuffer + start, length: lineEnd - start,
                    isOversized: false)
                let lineStart = start
                start = end
                return try buffer.withUnsafeBytes { raw in
                    try body(line, UnsafeRawBufferPointer(rebasing: raw[lineStart..<lineEnd]))
                }
            }
            if end - start > maximumLineLength {
                let line = try skipOversizedLine()
                return try body(line, UnsafeRawBufferPointer(start: nil, count: 0))
            }
            try fill()
        }
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Moves the unread tail to the front and reads more, growing the buffer up to the line budget.
    private func fill() throws {
        if start > 0 {
            if start < end {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + start, end - start)
                }
            }
            streamOffsetOfBuffer += start
            end -= start
            start = 0
        }
        if buffer.count - end < chunkSize / 2 {
            let grown = min(max(buffer.count * 2, end + chunkSize), maximumLineLength + chunkSize + 1)
            if grown > buffer.count { buffer.append(contentsOf: repeatElement(0, count: grown - buffer.count)) }
        }
        let count = try buffer.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<raw.count]))
        }
        if count == 0 { isAtEnd = true } else { end += count }
    }

    /// Discards bytes up to and including the next newline, counting them.
    private func skipOversizedLine() throws -> Line {
        lineNumber += 1
        let offset = streamOffsetOfBuffer + start
        var length = 0
        while true {
            if let newline = findNewline() {
                length += newline - start
                start = newline + 1
                return Line(number: lineNumber, offset: offset, length: length, isOversized: true)
            }
            length += end - start
            streamOffsetOfBuffer += end
            start = 0
            end = 0
            if isAtEnd { return Line(number: lineNumber, offset: offset, length: length, isOversized: true) }
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { isAtEnd = true } else { end = count }
        }
    }
}
