/// Writes stored (uncompressed) zip archives field by field, so a test can set the external attributes,
/// flags and method, or make the central directory disagree with a local header.
struct ZipBuilder {
    struct Entry {
        var name: [UInt8]
        var data: [UInt8]
        /// The Unix mode in the external attributes' high half (type and permission bits).
        var mode: UInt32 = 0o100644
        var flags: UInt16 = 0
        var method: UInt16 = 0
        /// The size the headers declare; the data's length unless a test lies.
        var declaredSize: Int?
        /// Whether sizes and CRC follow the data in a data descriptor (flag bit 3) instead of the local header.
        var usesDataDescriptor = false
    }

    var entries: [Entry] = []

    mutating func add(_ name: String, _ data: [UInt8] = Array("x\n".utf8), mode: UInt32 = 0o100644) {
        entries.append(Entry(name: Array(name.utf8), data: data, mode: mode))
    }

    func build() -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let offset = out.count
            let crc = CRC32.checksum(entry.data)
            let size = UInt32(entry.declaredSize ?? entry.data.count)
            // Method 8 gets a valid deflate stream made of one stored block (RFC 1951 §3.2.4).
            let stored =
                entry.method == 8
                ? [0x01] + le16(UInt16(entry.data.count)) + le16(~UInt16(entry.data.count)) + entry.data : entry.data
            let flags = entry.flags | (entry.usesDataDescriptor ? 0x0008 : 0)
            out += le32(0x0403_4B50) + le16(20) + le16(flags) + le16(entry.method) + le16(0) + le16(0x5A61)
            if entry.usesDataDescriptor {
                out += le32(0) + le32(0) + le32(0)
            } else {
                out += le32(crc) + le32(UInt32(stored.count)) + le32(size)
            }
            out += le16(UInt16(entry.name.count)) + le16(0) + entry.name + stored
            if entry.usesDataDescriptor {
                out += le32(0x0807_4B50) + le32(crc) + le32(UInt32(stored.count)) + le32(UInt32(entry.data.count))
            }
            central += le32(0x0201_4B50) + le16(0x031E) + le16(20) + le16(flags) + le16(entry.method)
            central += le16(0) + le16(0x5A61) + le32(crc) + le32(UInt32(stored.count)) + le32(size)
            central += le16(UInt16(entry.name.count)) + le16(0) + le16(0) + le16(0) + le16(0)
            central += le32(entry.mode << 16) + le32(UInt32(offset)) + entry.name
        }
        let directoryOffset = out.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return out
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xFFFF)) + le16(UInt16(value >> 16)) }
}

/// CRC-32 (ISO 3309, the polynomial zip and gzip use), bit by bit: tests hash a few bytes.
enum CRC32 {
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
