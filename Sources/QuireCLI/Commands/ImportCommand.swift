import ArgumentParser
import QuireIO
import QuireImport
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire import`: converts traces of any supported format to native JSONL.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert traces (Langfuse, OTLP, OpenInference, Braintrust, native) to native JSONL.",
        discussion: """
            Each input is a path, a glob, or - for standard input; gzip and zstd inputs are recognised by \
            their content. --format auto tells the format of each file from its first record. The output \
            is written to a temporary file beside the target and renamed into place once complete, so a \
            failed import leaves nothing behind; without -o (or with -o -) it goes to standard output. A \
            summary of traces written and invalid records skipped goes to standard error.
            """
    )

    @Option(name: .long, help: "The input format: \(TraceFormatRequest.names.joined(separator: ", ")).")
    var format = "auto"

    @Option(name: [.customShort("o"), .long], help: "The native JSONL file to write, or - for standard output.")
    var output = "-"

    @Flag(name: .long, help: "Skip invalid records with a warning instead of stopping at the first one.")
    var skipInvalid = false

    @Argument(help: "Input files, globs, or - for standard input.")
    var inputs: [String]

    func validate() throws {
        guard TraceFormatRequest(name: format) != nil else {
            throw ValidationError(
                "unknown format '\(format)'; expected one of \(TraceFormatRequest.names.joined(separator: ", "))")
        }
        guard !inputs.isEmpty else { throw ValidationError("name at least one input") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be read only once") }
    }

    func run() async throws {
        let request = TraceFormatRequest(name: format) ?? .auto
        let paths = try TraceSources.resolve(inputs)
        let diagnostics = StandardErrorDiagnostics()
        let sink = try NativeJSONLSink(path: output)
        var duplicates = DuplicateTraceTracker()
        let summary: TraceReadSummary
        do {
            summary = try TraceSources.read(
                paths: paths, format: request, options: TraceReadOptions(skipsInvalid: skipInvalid),
                diagnostics: diagnostics
            ) { located in
                if let previous = duplicates.record(id: located.trace.id, at: located.location) {
                    diagnostics.emit(
                        DuplicateTraceTracker.diagnostic(id: located.trace.id, at: located.location, previous: previous)
                    )
                }
                try sink.append(located.trace)
            }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        for input in summary.inputs {
            let format = input.format.map { " (\($0.rawValue))" } ?? ""
            var line = "quire: import: \(input.path)\(format): \(input.traces) trace\(input.traces == 1 ? "" : "s")"
            if skipInvalid || input.invalid > 0 { line += ", \(input.invalid) invalid skipped" }
            Terminal.standardError.write(line + "\n")
        }
        if paths.count > 1 {
            Terminal.standardError.write(
                "quire: import: \(summary.traceCount) traces written to \(output == "-" ? "standard output" : output)"
                    + (skipInvalid ? ", \(summary.invalidCount) invalid skipped" : "") + "\n")
        }
    }
}

/// Writes native JSONL lines to standard output, or to a temporary file renamed over the target when
/// complete (DESIGN.md §6: no command half-writes a file), in 1 MiB chunks so output of any size streams.
private final class NativeJSONLSink {
    private let target: String
    private let temporary: String?
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let writer = JSONWriter()

    init(path: String) throws {
        target = path
        if path == "-" {
            temporary = nil
            descriptor = 1
        } else {
            let temporary = FileSystem.temporarySibling(of: path)
            descriptor = try FileSystem.retrying("open", path: temporary) {
                open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            }
            self.temporary = temporary
        }
        buffer.reserveCapacity(1 << 20)
    }

    func append(_ trace: Trace) throws {
        writer.write(trace.json, into: &buffer)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        var offset = 0
        let name = temporary ?? "standard output"
        while offset < buffer.count {
            let written = try buffer.withUnsafeBytes { raw in
                try FileSystem.retrying("write", path: name) {
                    write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                }
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left; for a file, fsyncs it and renames it over the target.
    func finish() throws {
        try flush()
        guard let temporary else { return }
        _ = try FileSystem.retrying("fsync", path: temporary) { fsync(descriptor) }
        _ = close(descriptor)
        descriptor = -1
        try FileSystem.commitTemporary(temporary, to: target)
    }

    /// Removes the temporary file after a failure, leaving the target as it was.
    func abandon() {
        guard let temporary else { return }
        if descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
        _ = unlink(temporary)
    }
}
