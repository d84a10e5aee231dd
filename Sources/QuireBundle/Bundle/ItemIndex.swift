import QuireIO
import QuireModel

/// `data/items.idx`: one `[offset, length, "id"]` line per item of `items.jsonl`, so a 100k-item bundle opens
/// without parsing its items and any item is one `pread` away.
public struct ItemIndex: Sendable, Equatable {
    /// Item ids in bundle order.
    public private(set) var ids: [String]
    /// Byte offsets of the item lines.
    public private(set) var offsets: [Int]
    /// Byte lengths of the item lines, without the newline.
    public private(set) var lengths: [Int]
    private var positions: [String: Int]

    /// An empty index.
    public init() {
        ids = []
        offsets = []
        lengths = []
        positions = [:]
    }

    /// The number of items.
    public var count: Int { ids.count }

    /// The position of an item id.
    /// - Parameter id: the item id.
    /// - Returns: its 0-based position, or nil.
    public func position(of id: String) -> Int? {
        positions[id]
    }

    /// Appends an item's line.
    /// - Parameters:
    ///   - id: the item id.
    ///   - offset: the line's byte offset.
    ///   - length: the line's length without the newline.
    /// - Returns: false when the id is already present.
    public mutating func append(id: String, offset: Int, length: Int) -> Bool {
        guard positions[id] == nil else { return false }
        positions[id] = ids.count
        ids.append(id)
        offsets.append(offset)
        lengths.append(length)
        return true
    }

    /// The index file's text.
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 40)
        for index in ids.indices {
            bytes.append(UInt8(ascii: "["))
            bytes.append(contentsOf: String(offsets[index]).utf8)
            bytes.append(UInt8(ascii: ","))
            bytes.append(contentsOf: String(lengths[index]).utf8)
            bytes.append(UInt8(ascii: ","))
            JSONWriter.writeString(ids[index], into: &bytes)
            bytes.append(contentsOf: [UInt8(ascii: "]"), 0x0A])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an index file.
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - bundle: the bundle's name, for errors.
    /// - Throws: ``BundleError/invalidContent(bundle:file:line:reason:)``.
    /// - Complexity: O(n) in the file's size.
    public init(parsing bytes: [UInt8], bundle: String) throws {
        self.init()
        let lines = bytes.count { $0 == 0x0A } + 1
        ids.reserveCapacity(lines)
        offsets.reserveCapacity(lines)
        lengths.reserveCapacity(lines)
        positions.reserveCapacity(lines)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            func fail(_ reason: String) -> BundleError {
                .invalidContent(bundle: bundle, file: BundleLayout.itemIndex, line: lineNumber, reason: reason)
            }
            if let (offset, length, id) = Self.plainLine(bytes, start, end) {
                guard append(id: id, offset: offset, length: length) else { throw fail("item id \"\(id)\" repeats") }
                start = end + 1
                continue
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes[start..<end])
            } catch {
                throw fail("not JSON: \(error)")
            }
            guard case .array(let parts) = value, parts.count == 3, let offset = parts[0].intValue,
                let length = parts[1].intValue, let id = parts[2].stringValue, offset >= 0, length >= 0
            else { throw fail("expected [offset, length, \"id\"]") }
            guard append(id: id, offset: offset, length: length) else { throw fail("item id \"\(id)\" repeats") }
            start = end + 1
        }
    }

    /// Reads the common line `[123,45,"id"]` without the general JSON parser.
    ///
    /// That is the line as ``text`` writes it: digits, no spaces, an id without escapes or control characters.
    /// Anything else gives nil and takes the parser's path with its error messages. Opening a 100k-item bundle
    /// is mostly this loop (DESIGN.md §7).
    private static func plainLine(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (Int, Int, String)? {
        var position = start
        func number() -> Int? {
            var value = 0
            let first = position
            while position < end, bytes[position] >= 0x30, bytes[position] <= 0x39, position - first < 15 {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            // A leading zero is not JSON unless the number is 0 itself.
            guard position > first, !(bytes[first] == 0x30 && position - first > 1) else { return nil }
            return value
        }
        guard position < end, bytes[position] == UInt8(ascii: "[") else { return nil }
        position += 1
        guard let offset = number(), position < end, bytes[position] == UInt8(ascii: ",") else { return nil }
        position += 1
        guard let length = number(), position + 1 < end, bytes[position] == UInt8(ascii: ","),
            bytes[position + 1] == UInt8(ascii: "\"")
        else { return nil }
        position += 2
        let idStart = position
        while position < end, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\") || bytes[position] < 0x20 { return nil }
            position += 1
        }
        guard position + 2 == end, bytes[position + 1] == UInt8(ascii: "]") else { return nil }
        guard let id = String(utf8Bytes: bytes[idStart..<position]) else { return nil }
        return (offset, length, id)
    }
}
