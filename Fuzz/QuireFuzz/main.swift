// QuireFuzz: feeds arbitrary bytes to one trace reader and crashes only on a bug: a trap, a hang (libFuzzer's
// -timeout), or an error that is not a QuireError (every input problem must be one).
//
// QUIRE_FUZZ_READER picks the reader: native (the JSONL line reader), langfuse, otlp, openinference,
// braintrust, or auto (sniffing; the default).
//
// Built with `-sanitize=fuzzer,address -DQUIRE_LIBFUZZER` (see `make fuzz`) this is a coverage-guided
// libFuzzer target: `QuireFuzz [libFuzzer flags] CORPUS_DIR…`. Built plainly it is a seeded mutation driver:
// `QuireFuzz [--seed N] [--runs N] SEED_FILE…` mutates each seed file N times (default 10,000).

import QuireIO
import QuireImport
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The reader chosen by `QUIRE_FUZZ_READER`.
func fuzzFormat() -> TraceFormatRequest {
    guard let value = getenv("QUIRE_FUZZ_READER") else { return .auto }
    return TraceFormatRequest(name: String(cString: value)) ?? .auto
}

/// Runs one input through the reader under both invalid-input policies (stop at the first problem, skip
/// every invalid record); any error that is not a QuireError is a bug.
func fuzzOne(_ bytes: [UInt8], format: TraceFormatRequest) {
    for skipping in [false, true] {
        let options = TraceReadOptions(skipsInvalid: skipping, maximumRecordLength: 1 << 20)
        do {
            if format == .forced(.native) {
                let reader = NativeTraceReader(source: BytesInput(bytes, name: "fuzz"), options: options)
                while let located = try reader.next() { _ = located.trace.json.jsonText }
            } else {
                try TraceSources.read(sources: [BytesInput(bytes, name: "fuzz")], format: format, options: options) {
                    // Writing each trace out exercises the whole value, as `quire import` does.
                    _ = $0.trace.json.jsonText
                }
            }
        } catch is any QuireError {
            continue
        } catch {
            fatalError("a reader threw an error that is not a QuireError: \(error)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes, format: fuzzFormat())
    return 0
}

#if QUIRE_LIBFUZZER
    @_silgen_name("LLVMFuzzerRunDriver")
    func fuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    func runLibFuzzer() -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(fuzzerRunDriver(&argc, &argv) { fuzzerTestOneInput($0, $1) })
    }
    runLibFuzzer()
#else
    /// SplitMix64 (Steele, Lea & Flood 2014): the same seed gives the same mutations.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Tokens that make interesting JSON when spliced in.
    let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", "\\", ",", ":", "null", "-1", "1e999", "18446744073709551616", "\\u0000", "\\ud800",
        "\u{0}", "\n", "\"resourceSpans\":", "\"_is_merge\":true", "\"parts\":[", "\"trace\":{", "\"intValue\":\"-5\"",
        String(repeating: "[", count: 300),
    ].map { Array($0.utf8) }

    /// One random edit: flip, insert, delete, duplicate, splice a token, or truncate.
    func mutate(_ input: [UInt8], using generator: inout Generator) -> [UInt8] {
        var bytes = input
        let edits = Int.random(in: 1...4, using: &generator)
        for _ in 0..<edits {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 2 where !bytes.isEmpty:
                let length = min(bytes.count - position, Int.random(in: 1...16, using: &generator))
                bytes.removeSubrange(position..<position + length)
            case 3 where !bytes.isEmpty:
                let length = min(bytes.count - position, Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: bytes[position..<position + length], at: position)
            case 4:
                bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &generator)], at: position)
            default:
                bytes.removeSubrange(position..<bytes.count)
            }
        }
        return bytes
    }

    func runMutationDriver() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seed: UInt64 = 1
        var runs = 10_000
        while let flag = arguments.first, flag.hasPrefix("--"), arguments.count >= 2 {
            if flag == "--seed" { seed = UInt64(arguments[1]) ?? seed }
            if flag == "--runs" { runs = Int(arguments[1]) ?? runs }
            arguments.removeFirst(2)
        }
        let format = fuzzFormat()
        for path in arguments {
            guard let input = try? FileSystem.readFile(path) else {
                print("QuireFuzz: cannot read \(path)")
                exit(1)
            }
            var generator = Generator(state: seed)
            fuzzOne(input, format: format)
            for _ in 0..<runs { fuzzOne(mutate(input, using: &generator), format: format) }
            print("QuireFuzz: \(path): \(runs) mutations, seed \(seed): no crash")
        }
    }
    runMutationDriver()
#endif
