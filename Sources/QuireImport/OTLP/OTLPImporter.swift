import QuireModel

/// OTLP/JSON (`ExportTraceServiceRequest`) with GenAI or OpenInference attributes → native traces
/// (FORMATS.md (b) and (c)).
///
/// Spans are grouped by trace id across `resourceSpans`, requests and files, so every input of one read is
/// added before any trace is finished; traces come out in the order their first span was read. A decoded
/// single-span attribute map (the `otel_genai_*`/`openinference_client_span_*` fixtures) is read as one span
/// whose trace and span id are the file's name and whose times are unknown (the epoch), with a warning.
final class OTLPImporter {
    private struct PendingTrace {
        var format: TraceFormat
        var path: String
        var location: SourceLocation
        var spans: [OTLPSpan] = []
        var spanPositions: [String: Int] = [:]
    }

    private let options: TraceReadOptions
    private let invalid: InvalidRecordHandler
    private let diagnostics: any DiagnosticSink
    private let mapper: SpanMapper
    private var order: [String] = []
    private var pending: [String: PendingTrace] = [:]

    init(options: TraceReadOptions, invalid: InvalidRecordHandler, diagnostics: any DiagnosticSink) {
        self.options = options
        self.invalid = invalid
        self.diagnostics = diagnostics
        mapper = SpanMapper(maximumDepth: options.maximumDepth)
    }

    /// Span fields the importer maps; others go to the observation's metadata.
    static let spanKeys: Set<String> = [
        "traceId", "spanId", "parentSpanId", "name", "kind", "startTimeUnixNano", "endTimeUnixNano", "attributes",
        "events", "status",
    ]

    /// Adds the spans of one record.
    func add(_ record: JSONRecord, format: TraceFormat) throws {
        guard case .object(let request) = record.value else {
            try invalid.report(
                record.location, "expected an OTLP ExportTraceServiceRequest object, found \(record.value.typeName)")
            return
        }
        guard let resourceSpansValue = request["resourceSpans"] else {
            if isAttributeMap(request) {
                try addAttributeMap(request, at: record.location, format: format)
            } else {
                try invalid.report(record.location, "resourceSpans: missing")
            }
            return
        }
        guard case .array(let resourceSpans) = resourceSpansValue else {
            try invalid.report(record.location, "resourceSpans: expected array, found \(resourceSpansValue.typeName)")
            return
        }
        for (resourceIndex, resourceSpan) in resourceSpans.enumerated() {
            let resource = OTLPValues.keyValues(resourceSpan["resource"]?["attributes"])
            // Older exporters wrote `instrumentationLibrarySpans`.
            let scopes =
                resourceSpan["scopeSpans"]?.arrayValue ?? resourceSpan["instrumentationLibrarySpans"]?.arrayValue
                ?? []
            for (scopeIndex, scopeSpan) in scopes.enumerated() {
                let scopeValue = scopeSpan["scope"] ?? scopeSpan["instrumentationLibrary"]
                var scope: [(String, JSONValue)] = []
                if let name = scopeValue?["name"] { scope.append(("name", name)) }
                if let version = scopeValue?["version"] { scope.append(("version", version)) }
                let scopeAttributes = OTLPValues.keyValues(scopeValue?["attributes"])
                if !scopeAttributes.isEmpty { scope.append(("attributes", .object(scopeAttributes))) }
                for (spanIndex, spanValue) in (scopeSpan["spans"]?.arrayValue ?? []).enumerated() {
                    let path = "resourceSpans[\(resourceIndex)].scopeSpans[\(scopeIndex)].spans[\(spanIndex)]"
                    do {
                        let span = try span(
                            from: spanValue, resource: resource, scope: JSONObject(scope), location: record.location)
                        insert(span, format: format)
                    } catch let problem as SpanProblem {
                        try invalid.report(record.location, "\(path).\(problem.field): \(problem.reason)")
                    }
                }
            }
        }
    }

    /// A decoded attribute map: a flat object of span attributes.
    private func isAttributeMap(_ object: JSONObject) -> Bool {
        object["openinference.span.kind"] != nil || object.keys.contains { $0.hasPrefix("gen_ai.") }
    }

    private func addAttributeMap(_ attributes: JSONObject, at location: SourceLocation, format: TraceFormat) throws {
        let stem = Self.stem(of: location.path)
        diagnostics.emit(
            Diagnostic(
                .warning, at: location,
                "a decoded span attribute map has no trace id, span id or times; using \"\(stem)\" and the epoch"))
        let span = OTLPSpan(
            traceID: stem, spanID: stem, parentSpanID: nil, name: stem, kind: nil,
            start: Timestamp(nanosecondsSinceEpoch: 0), end: nil, attributes: attributes, events: [], status: nil,
            resource: JSONObject(), scope: JSONObject(), extra: [], location: location)
        insert(span, format: format)
    }

    /// The file name without directory and extensions (`a/b/otel_span.json` → `otel_span`).
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let base = name.split(separator: ".").first.map(String.init) ?? name
        return base.isEmpty ? name : base
    }

    private func span(from value: JSONValue, resource: JSONObject, scope: JSONObject, location: SourceLocation) throws
        -> OTLPSpan
    {
        guard case .object(let object) = value else {
            throw SpanProblem(field: "", reason: "expected object, found \(value.typeName)")
        }
        func requiredID(_ key: String) throws -> String {
            guard let value = object[key], !value.isNull else { throw SpanProblem(field: key, reason: "missing") }
            guard case .string(let text) = value else {
                throw SpanProblem(field: key, reason: "expected string, found \(value.typeName)")
            }
            guard !text.isEmpty else { throw SpanProblem(field: key, reason: "must not be empty") }
            return OTLPValues.id(text)
        }
        let traceID = try requiredID("traceId")
        let spanID = try requiredID("spanId")
        var parent: String?
        switch object["parentSpanId"] {
        case .string(let text)? where !text.isEmpty: parent = OTLPValues.id(text)
        case nil, .null?, .string?: parent = nil
        case let other?:
            throw SpanProblem(field: "parentSpanId", reason: "expected string, found \(other.typeName)")
        }
        guard let start = SourceValues.unixNanoseconds(object["startTimeUnixNano"]) else {
            let given = object["startTimeUnixNano"]
            throw SpanProblem(
                field: "startTimeUnixNano",
                reason: given == nil ? "missing" : "not an integer count of nanoseconds since the epoch")
        }
        var end: Timestamp?
        if let endValue = object["endTimeUnixNano"], !endValue.isNull {
            guard let parsed = SourceValues.unixNanoseconds(endValue) else {
                throw SpanProblem(
                    field: "endTimeUnixNano", reason: "not an integer count of nanoseconds since the epoch")
            }
            // Proto3 JSON writes an unset end as 0.
            end = parsed.nanoseconds == 0 ? nil : parsed
        }
        var name: String?
        switch object["name"] {
        case .string(let text)?: name = text
        case nil, .null?: name = nil
        case let other?: throw SpanProblem(field: "name", reason: "expected string, found \(other.typeName)")
        }
        let attributesValue = object["attributes"]
        if let attributesValue, !attributesValue.isNull, attributesValue.arrayValue == nil {
            throw SpanProblem(field: "attributes", reason: "expected array, found \(attributesValue.typeName)")
        }
        var extra: [(String, JSONValue)] = []
        for member in object where !Self.spanKeys.contains(member.key) && !member.value.isNull {
            extra.append((member.key, member.value))
        }
        return OTLPSpan(
            traceID: traceID, spanID: spanID, parentSpanID: parent, name: name, kind: object["kind"],
            start: start, end: end, attributes: OTLPValues.keyValues(attributesValue),
            events: object["events"]?.arrayValue ?? [], status: object["status"], resource: resource, scope: scope,
            extra: extra, location: location)
    }

    private func insert(_ span: OTLPSpan, format: TraceFormat) {
        if pending[span.traceID] == nil {
            order.append(span.traceID)
            pending[span.traceID] = PendingTrace(format: format, path: span.location.path, location: span.location)
        }
        // A span repeated (the same id sent twice, or in two files) keeps its first place and its last content.
        if let position = pending[span.traceID]?.spanPositions[span.spanID] {
            pending[span.traceID]?.spans[position] = span
        } else {
            let count = pending[span.traceID]?.spans.count ?? 0
            pending[span.traceID]?.spanPositions[span.spanID] = count
            pending[span.traceID]?.spans.append(span)
        }
    }

    /// The traces of every span added, in the order their first span was read.
    func finish() throws -> [LocatedTrace] {
        var traces: [LocatedTrace] = []
        for id in order {
            guard let entry = pending[id] else { continue }
            if let trace = try trace(id: id, entry) { traces.append(trace) }
        }
        order = []
        pending = [:]
        return traces
    }

    private func trace(id: String, _ entry: PendingTrace) throws -> LocatedTrace? {
        let ids = Set(entry.spans.map(\.spanID))
        var observations: [Observation] = []
        var hints: [SpanTraceHints] = []
        for span in entry.spans {
            let (observation, spanHints, problems) = mapper.observation(for: span)
            for problem in problems {
                try invalid.report(span.location, "span \(span.spanID): \(problem.field): \(problem.reason)")
            }
            var adjusted = observation
            if let parent = adjusted.parentObservationID, !ids.contains(parent) || parent == adjusted.id {
                // A parent that is not in the data makes the span a root (FORMATS.md (b)); its id is kept.
                adjusted.parentObservationID = nil
                adjusted.metadata["parentSpanId"] = .string(parent)
            }
            observations.append(adjusted)
            hints.append(spanHints)
        }
        // Tree order (roots by start, then children by start) decides which span's session and user win.
        let (treeOrder, cycleRoots) = Self.treeOrder(observations)
        for index in cycleRoots { observations[index].parentObservationID = nil }
        guard let rootIndex = treeOrder.first else { return nil }
        let root = observations[rootIndex]
        let rootSpan = entry.spans[rootIndex]
        let start = observations.map(\.startTime).min() ?? root.startTime
        var trace = Trace(id: id, timestamp: start, name: root.name)
        var tags: [String] = []
        for index in treeOrder {
            if trace.sessionID == nil { trace.sessionID = hints[index].sessionID }
            if trace.userID == nil { trace.userID = hints[index].userID }
            tags.append(contentsOf: hints[index].tags)
        }
        trace.tags = tags
        let resource = rootSpan.resource
        if let environment = SourceValues.string(resource["deployment.environment.name"])
            ?? SourceValues.string(resource["deployment.environment"]), !environment.isEmpty
        {
            trace.environment = environment
        }
        trace.release = SourceValues.string(resource["service.version"])
        for index in observations.indices where !entry.spans[index].resource.isEmpty {
            if entry.spans[index].resource != resource {
                observations[index].metadata["resource"] = .object(entry.spans[index].resource)
            }
        }
        var metadata: [(String, JSONValue)] = [
            ("source", TraceFinishing.source(format: entry.format, path: entry.path))
        ]
        if !resource.isEmpty { metadata.append(("resource", .object(resource))) }
        if let rootMetadata = hints[rootIndex].metadata {
            for member in rootMetadata where member.key != "source" && member.key != "resource" {
                metadata.append((member.key, member.value))
            }
        }
        trace.metadata = JSONObject(metadata)
        trace.input = root.input
        trace.output = root.output
        trace.observations = observations
        TraceFinishing.deriveConversation(for: &trace)
        TraceFinishing.applyPlainStringRule(to: &trace)
        trace.normalize()
        return LocatedTrace(trace: trace, location: entry.location, format: entry.format)
    }

    /// Observation indices in tree order: roots by (start, id), each followed by its subtree; spans caught in
    /// a parent cycle (no root above them) are reached by making the earliest of them a root, returned
    /// second so the caller can cut the cycle there.
    static func treeOrder(_ observations: [Observation]) -> (order: [Int], cycleRoots: [Int]) {
        var children: [String: [Int]] = [:]
        var roots: [Int] = []
        for (index, observation) in observations.enumerated() {
            if let parent = observation.parentObservationID {
                children[parent, default: []].append(index)
            } else {
                roots.append(index)
            }
        }
        func byStart(_ a: Int, _ b: Int) -> Bool {
            (observations[a].startTime, observations[a].id) < (observations[b].startTime, observations[b].id)
        }
        var result: [Int] = []
        var visited = Set<Int>()
        func walk(from starts: [Int]) {
            // An explicit stack: a hostile trace may nest spans millions deep.
            var stack = Array(starts.sorted(by: byStart).reversed())
            while let index = stack.popLast() {
                guard visited.insert(index).inserted else { continue }
                result.append(index)
                let kids = (children[observations[index].id] ?? []).sorted(by: byStart)
                stack.append(contentsOf: kids.reversed())
            }
        }
        walk(from: roots)
        var cycleRoots: [Int] = []
        for index in observations.indices.sorted(by: byStart) where !visited.contains(index) {
            cycleRoots.append(index)
            walk(from: [index])
        }
        return (result, cycleRoots)
    }
}
