/// Writes tar bytes header by header, including headers no well-behaved writer would produce, so each
/// refusal rule can be tested on a tiny archive made right in the test.
struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    /// One 512-byte ustar header; every field is written as given.
    mutating func header(
        _ name: [UInt8], size: Int = 0, typeflag: Character = "0", mode: Int = 0o644, linkname: [UInt8] = [],
        devmajor: Int = 0, devminor: Int = 0, magic: [UInt8] = Array("ustar\u{0}00".utf8)
    ) {
        var block = [UInt8](repeating: 0, count: 512)
        put(name, at: 0, width: 100, in: &block)
        put(Self.octal(mode, width: 8), at: 100, width: 8, in: &block)
        put(Self.octal(0, width: 8), at: 108, width: 8, in: &block)
        put(Self.octal(0, width: 8), at: 116, width: 8, in: &block)
        put(Self.octal(size, width: 12), at: 124, width: 12, in: &block)
        put(Self.octal(0, width: 12), at: 136, width: 12, in: &block)
        block[156] = typeflag.asciiValue ?? UInt8(ascii: "0")
        put(linkname, at: 157, width: 100, in: &block)
        put(magic, at: 257, width: 8, in: &block)
        put(Array("root".utf8), at: 265, width: 32, in: &block)
        put(Array("root".utf8), at: 297, width: 32, in: &block)
        put(Self.octal(devmajor, width: 8), at: 329, width: 8, in: &block)
        put(Self.octal(devminor, width: 8), at: 337, width: 8, in: &block)
        Self.sign(&block)
        bytes += block
    }

    mutating func file(_ name: String, _ content: [UInt8] = Array("x\n".utf8), mode: Int = 0o644) {
        file(Array(name.utf8), content, mode: mode)
    }

    mutating func file(_ name: [UInt8], _ content: [UInt8], mode: Int = 0o644) {
        header(name, size: content.count, mode: mode)
        data(content)
    }

    mutating func directory(_ name: String, mode: Int = 0o755) {
        header(Array(name.utf8), typeflag: "5", mode: mode)
    }

    /// A pax extended header ('x') whose records apply to the next entry.
    mutating func pax(_ records: [(String, [UInt8])]) {
        var body: [UInt8] = []
        for (key, value) in records {
            let tail = Array(" \(key)=".utf8) + value + [0x0A]
            var length = tail.count + 1
            while String(length).utf8.count + tail.count != length { length = String(length).utf8.count + tail.count }
            body += Array(String(length).utf8) + tail
        }
        header(Array("PaxHeader/entry".utf8), size: body.count, typeflag: "x")
        data(body)
    }

    /// A GNU long-name header ('L') for the next entry.
    mutating func gnuLongName(_ name: [UInt8]) {
        let body = name + [0]
        header(Array("././@LongLink".utf8), size: body.count, typeflag: "L", magic: Array("ustar  \u{0}".utf8))
        data(body)
    }

    /// An old-GNU sparse file ('S'): `stored` bytes placed at `realSize - stored`.
    mutating func gnuSparse(_ name: String, realSize: Int, stored: Int = 512) {
        header(Array(name.utf8), size: stored, typeflag: "S", magic: Array("ustar  \u{0}".utf8))
        var block = Array(bytes.suffix(512))
        bytes.removeLast(512)
        put(Self.octal(realSize - stored, width: 12), at: 386, width: 12, in: &block)
        put(Self.octal(stored, width: 12), at: 398, width: 12, in: &block)
        block[482] = 0
        put(Self.octal(realSize, width: 12), at: 483, width: 12, in: &block)
        Self.sign(&block)
        bytes += block
        data([UInt8](repeating: 0x78, count: stored))
    }

    /// Content, padded to a whole block.
    mutating func data(_ content: [UInt8]) {
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    /// Raw bytes, as they are.
    mutating func raw(_ content: [UInt8]) {
        bytes += content
    }

    /// The end-of-archive marker: two zero blocks.
    mutating func end() {
        bytes += [UInt8](repeating: 0, count: 1024)
    }

    private func put(_ value: [UInt8], at offset: Int, width: Int, in block: inout [UInt8]) {
        for (index, byte) in value.prefix(width).enumerated() { block[offset + index] = byte }
    }

    private static func octal(_ value: Int, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
    }

    private static func sign(_ block: inout [UInt8]) {
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits + [0, UInt8(ascii: " ")]
        for (index, byte) in field.enumerated() { block[148 + index] = byte }
    }
}
