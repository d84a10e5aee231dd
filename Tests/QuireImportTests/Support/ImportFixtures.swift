import QuireIO
import QuireImport
import QuireModel
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Fixture paths, read helpers and golden comparison for the import tests.
enum ImportFixtures {
    static var root: String { FixturePaths.fixtures(of: "QuireImportTests") }

    /// A real sample under `Fixtures/traces/`.
    static func trace(_ relative: String) -> String {
        FileSystem.join(root, "traces/\(relative)")
    }

    /// Every result of a read: traces, the summary and the diagnostics.
    struct ReadResult {
        var traces: [LocatedTrace]
        var summary: TraceReadSummary
        var diagnostics: [Diagnostic]

        /// The traces as native JSONL, one line each.
        var jsonl: String {
            traces.map { $0.trace.json.jsonText + "\n" }.joined()
        }
    }

    /// Reads files with `TraceSources`.
    static func read(
        _ paths: [String], format: TraceFormatRequest = .auto, skipsInvalid: Bool = false,
        maximumRecordLength: Int = TraceReadOptions.defaultMaximumRecordLength
    ) throws -> ReadResult {
        let diagnostics = CollectedDiagnostics()
        var traces: [LocatedTrace] = []
        let summary = try TraceSources.read(
            paths: paths, format: format,
            options: TraceReadOptions(skipsInvalid: skipsInvalid, maximumRecordLength: maximumRecordLength),
            diagnostics: diagnostics
        ) { traces.append($0) }
        return ReadResult(traces: traces, summary: summary, diagnostics: diagnostics.all)
    }

    /// Reads in-memory text named like a file.
    static func read(
        text: String, name: String = "input.json", format: TraceFormatRequest = .auto, skipsInvalid: Bool = false,
        maximumRecordLength: Int = TraceReadOptions.defaultMaximumRecordLength,
        maximumDepth: Int = JSONParser.defaultMaximumDepth
    ) throws -> ReadResult {
        try read(
            bytes: Array(text.utf8), name: name, format: format, skipsInvalid: skipsInvalid,
            maximumRecordLength: maximumRecordLength, maximumDepth: maximumDepth)
    }

    /// Reads in-memory bytes named like a file.
    static func read(
        bytes: [UInt8], name: String = "input.json", format: TraceFormatRequest = .auto, skipsInvalid: Bool = false,
        maximumRecordLength: Int = TraceReadOptions.defaultMaximumRecordLength,
        maximumDepth: Int = JSONParser.defaultMaximumDepth
    ) throws -> ReadResult {
        let diagnostics = CollectedDiagnostics()
        var traces: [LocatedTrace] = []
        let summary = try TraceSources.read(
            sources: [BytesInput(bytes, name: name)], format: format,
            options: TraceReadOptions(
                skipsInvalid: skipsInvalid, maximumRecordLength: maximumRecordLength, maximumDepth: maximumDepth),
            diagnostics: diagnostics
        ) { traces.append($0) }
        return ReadResult(traces: traces, summary: summary, diagnostics: diagnostics.all)
    }

    /// The one trace a read gave.
    static func single(_ text: String, name: String = "input.json", format: TraceFormatRequest = .auto) throws
        -> Trace
    {
        let result = try read(text: text, name: name, format: format)
        #expect(result.traces.count == 1)
        return try #require(result.traces.first).trace
    }

    /// Compares text with a golden file byte for byte; `QUIRE_UPDATE_GOLDENS=1` rewrites the file instead.
    static func expectGolden(
        _ actual: String, named relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let path = FileSystem.join(root, "golden/\(relative)")
        if let flag = getenv("QUIRE_UPDATE_GOLDENS"), String(cString: flag) == "1" {
            try FileSystem.createDirectory(FileSystem.parent(of: path))
            try FileSystem.writeAtomically(actual, to: path)
            return
        }
        let expected = try FileSystem.readText(path)
        #expect(actual == expected, "differs from golden \(relative)", sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    /// A member by path of keys, for compact assertions (`value[path: "metadata", "tool_call_id"]`).
    subscript(path keys: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in keys { current = current?[key] }
        return current
    }
}
