import QuireArchive
import QuireBundle
import QuireIO
public import QuireImport
public import QuireModel

/// What `quire pack` was asked to do beyond the queue file.
public struct PackOptions: Sendable {
    /// Where the bundles go.
    public var outputDirectory: String
    /// The pack time: `--time`, else `SOURCE_DATE_EPOCH`, else now — read at the command line's edge.
    public var packTime: Timestamp
    /// Traces to read instead of the queue's sources (`--traces`; `-` is standard input).
    public var traces: [String]?
    /// The format of `traces`.
    public var format: TraceFormatRequest
    /// Whether invalid records are skipped and counted instead of stopping the pack.
    public var skipsInvalid: Bool
    /// Whether existing bundles may be replaced.
    public var replacesExisting: Bool
    /// The environment command classifiers run with.
    public var environment: [String: String]

    /// Creates options.
    /// - Parameters:
    ///   - outputDirectory: where the bundles go.
    ///   - packTime: the pack time.
    ///   - traces: inputs replacing the queue's sources.
    ///   - format: their format.
    ///   - skipsInvalid: skip invalid records instead of stopping.
    ///   - replacesExisting: replace existing bundles.
    ///   - environment: the environment for command classifiers.
    public init(
        outputDirectory: String, packTime: Timestamp, traces: [String]? = nil, format: TraceFormatRequest = .auto,
        skipsInvalid: Bool = false, replacesExisting: Bool = false, environment: [String: String] = [:]
    ) {
        self.outputDirectory = outputDirectory
        self.packTime = packTime
        self.traces = traces
        self.format = format
        self.skipsInvalid = skipsInvalid
        self.replacesExisting = replacesExisting
        self.environment = environment
    }
}

/// The pack pipeline of DESIGN.md §2: read → validate → dedupe → filter → classify → sample → order → limit →
/// unit → assign → write one bundle per reviewer.
///
/// Memory stays bounded whatever the input size: traces stream from the readers; a kept trace goes to a spool
/// file on disk and only a small record of it stays in memory. Sampling is decided as soon as a trace passes the
/// filter, before the per-trace classifiers run on it: both are per-trace decisions, so the selection is the same
/// as in the contract's order, and classifiers run on fewer traces.
public enum PackPipeline {
    /// Reports progress: traces read so far.
    public typealias Progress = @Sendable (Int) -> Void

    /// Runs a pack.
    /// - Parameters:
    ///   - queue: the loaded queue file.
    ///   - options: output, time and input options.
    ///   - diagnostics: warnings (skipped lines, duplicates, classifier failures).
    ///   - progress: called now and then with the number of traces read.
    /// - Returns: the counts and the bundles written.
    /// - Throws: `TraceInputError` for invalid input, ``PackError``, `ClassifierError`, `AssignmentError`,
    ///   ``FileError``; nothing is left in the output directory on failure.
    public static func run(
        queue: QueueDefinition, options: PackOptions, diagnostics: any DiagnosticSink,
        progress: Progress? = nil
    ) async throws -> PackSummary {
        let inputs = try resolveInputs(queue: queue, options: options)
        let outputs = bundlePaths(queue: queue, directory: options.outputDirectory)
        if !options.replacesExisting {
            for path in outputs.map(\.path) where FileSystem.exists(path) { throw PackError.bundleExists(path: path) }
        }
        try FileSystem.createDirectory(options.outputDirectory)
        let spoolDirectory = try FileSystem.makeTemporaryDirectory(in: options.outputDirectory, prefix: ".quire-pack-")
        defer { try? FileSystem.removeTree(spoolDirectory) }

        // Standard input is copied once so it can be hashed for the pack id like any file.
        var digests: [String] = []
        var readable: [(path: String, format: TraceFormatRequest)] = []
        for input in inputs {
            if input.path == "-" {
                let copy = FileSystem.join(spoolDirectory, "stdin")
                digests.append(try copyStandardInput(to: copy))
                readable.append((copy, input.format))
            } else {
                digests.append(try BagManifest.digest(ofFile: input.path).sha256)
                readable.append((input.path, input.format))
            }
        }

        let spool = try TraceSpool(directory: spoolDirectory)
        var summary = PackSummary(queue: queue.name, packID: "", packTime: options.packTime)
        let selected = try await select(
            queue: queue, inputs: readable, options: options, spool: spool, summary: &summary,
            diagnostics: diagnostics, progress: progress)

        var manifestTemplate = QueueManifest(
            packID: "", bundleID: "", name: queue.name, reviewer: nil, packTime: options.packTime,
            scores: scoreConfigs(of: queue))
        manifestTemplate.description = queue.description
        manifestTemplate.reviewers = queue.reviewers
        manifestTemplate.overlap = queue.reviewers.isEmpty ? 1 : queue.overlap
        manifestTemplate.isBlind = queue.isBlind
        manifestTemplate.unit = queue.unit.rawValue
        manifestTemplate.selection = queue.selectionJSON
        manifestTemplate.sources = zip(inputs, digests).map {
            QueueManifest.Source(path: $0.0.label, sha256: $0.1)
        }
        let packID = BundleIdentity.packID(
            canonicalQueue: manifestTemplate.json.canonicalJSONText + SHA256.hex(of: queue.instructions.text),
            sourceDigests: digests, packTime: options.packTime)
        summary.packID = packID
        let sourceDigest = SHA256.hex(of: digests.joined(separator: "\n"))

        let assignment: [(reviewer: String?, items: [Int])]
        if queue.reviewers.isEmpty {
            assignment = [(nil, Array(selected.indices))]
        } else {
            let plan = try Assignment(
                itemIDs: selected.map(\.item.id), reviewers: queue.reviewers, overlap: queue.overlap)
            var positions: [String: Int] = [:]
            for (index, entry) in selected.enumerated() { positions[entry.item.id] = index }
            assignment = queue.reviewers.map { reviewer in
                (reviewer, plan.items(of: reviewer).compactMap { positions[$0] })
            }
        }

        // Every bundle is written to the spool first; they move into place only once all are complete.
        var finished: [(staged: String, path: String, summary: PackSummary.Bundle)] = []
        for (reviewer, positions) in assignment {
            var manifest = manifestTemplate
            manifest.packID = packID
            manifest.reviewer = reviewer
            manifest.bundleID = BundleIdentity.bundleID(packID: packID, reviewer: reviewer)
            let bag = FileSystem.join(spoolDirectory, "bag-\(finished.count)")
            let writer = try BagWriter(
                directory: bag, manifest: manifest, instructions: queue.instructions.text, sourceSHA256: sourceDigest)
            for position in positions {
                try writer.append(try spool.item(for: selected[position], blind: queue.isBlind))
            }
            _ = try writer.finish()
            let path = outputs.first { $0.reviewer == reviewer }?.path ?? ""
            let staged = FileSystem.join(spoolDirectory, "bundle-\(finished.count).quire")
            try BundleArchiver.archive(directory: bag, to: staged)
            try FileSystem.removeTree(bag)
            finished.append(
                (
                    staged, path,
                    PackSummary.Bundle(
                        reviewer: reviewer, path: path, items: positions.count, bundleID: manifest.bundleID)
                ))
        }
        for bundle in finished {
            try FileSystem.rename(bundle.staged, to: bundle.path)
            summary.bundles.append(bundle.summary)
        }
        try FileSystem.syncDirectory(options.outputDirectory)
        return summary
    }

    /// The bundles a pack writes: `NAME-REVIEWER.quire` each, or `NAME.quire` for an open bundle.
    /// - Parameters:
    ///   - queue: the queue.
    ///   - directory: the output directory.
    /// - Returns: reviewer and path per bundle.
    public static func bundlePaths(queue: QueueDefinition, directory: String) -> [(reviewer: String?, path: String)] {
        if queue.reviewers.isEmpty {
            return [(nil, FileSystem.join(directory, queue.name + BundleLayout.archiveExtension))]
        }
        return queue.reviewers.map {
            ($0, FileSystem.join(directory, "\(queue.name)-\($0)\(BundleLayout.archiveExtension)"))
        }
    }

    /// Score configs with ids derived from the queue and score names, exported as Langfuse `configId`s.
    static func scoreConfigs(of queue: QueueDefinition) -> [ScoreConfig] {
        queue.scores.map { config in
            var config = config
            if config.id == nil {
                config.id = String(SHA256.hex(of: "quire-score-config\n\(queue.name)\n\(config.name)").prefix(24))
            }
            return config
        }
    }

    private struct Input {
        var path: String
        var label: String
        var format: TraceFormatRequest
    }

    private static func resolveInputs(queue: QueueDefinition, options: PackOptions) throws -> [Input] {
        if let traces = options.traces {
            return try TraceSources.resolve(traces).map { Input(path: $0, label: $0, format: options.format) }
        }
        var inputs: [Input] = []
        for source in queue.sources {
            let format = TraceFormatRequest(name: source.format.rawValue) ?? .auto
            if source.isStandardInput {
                inputs.append(Input(path: "-", label: "-", format: format))
                continue
            }
            let files = source.matchingFiles()
            guard !files.isEmpty else { throw PackError.noInput(source: source.path) }
            let base = FileSystem.parent(of: queue.path)
            for file in files {
                let label = file.hasPrefix(base + "/") ? String(file.dropFirst(base.count + 1)) : file
                inputs.append(Input(path: file, label: label, format: format))
            }
        }
        return inputs
    }

    private static func copyStandardInput(to path: String) throws -> String {
        let input = try FileInput(path: "-")
        var writer = try BufferedWriter(creating: path)
        var digest = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
            if count == 0 { break }
            try writer.write(chunk[0..<count])
            chunk.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        try writer.finish()
        return digest.finalizeHex()
    }

    /// Streams every input once, then applies the population classifier, command classifiers, unit, order and
    /// limit.
    private static func select(
        queue: QueueDefinition, inputs: [(path: String, format: TraceFormatRequest)], options: PackOptions,
        spool: TraceSpool, summary: inout PackSummary, diagnostics: any DiagnosticSink, progress: Progress?
    ) async throws -> [SpooledItem] {
        let evaluator = queue.filter?.makeEvaluator()
        let sampler = queue.sample?.sampler
        let traceClassifiers = queue.classifiers.compactMap { $0.kind.traceClassifier }
        let wantsOutliers = queue.classifiers.contains { $0.kind == .resourceOutliers }
        var duplicates = DuplicateTraceTracker()
        var population: [String: TraceResourceMetrics] = [:]
        var matched: Set<String> = []
        var read = 0
        var invalid = 0

        /// Dedupe by id, last wins: a repeated id drops whatever the earlier line contributed.
        func recordID(_ id: String, at location: SourceLocation) {
            guard let previous = duplicates.record(id: id, at: location) else { return }
            diagnostics.emit(DuplicateTraceTracker.diagnostic(id: id, at: location, previous: previous))
            spool.remove(traceID: id)
            population[id] = nil
            matched.remove(id)
        }

        // The fast path for native lines: when the filter reads only top-level fields, a line is decided from
        // its id and those fields, scanned without building the trace; only lines that pass the filter and the
        // sample are parsed in full (and validated in full). Lines it drops are still checked for JSON syntax,
        // UTF-8, a string id and an RFC 3339 timestamp.
        let gateKeys = Set(
            ["id", "timestamp"] + (queue.filter?.fieldNames ?? []).map { String($0.prefix { $0 != "." }) })
        let gate: ((NativeRecord) throws -> Bool)? =
            (queue.filter?.readsTopLevelOnly ?? true)
            ? { record in
                var ranges: [(String, Range<Int>)] = []
                do {
                    try record.bytes.withUnsafeBytes { buffer in
                        try JSONTopLevelScanner.scan(buffer) { key, range in
                            if gateKeys.contains(key) { ranges.append((key, range)) }
                        }
                    }
                } catch {
                    return true  // the full parse reports the error with its position
                }
                var object = JSONObject()
                for (key, range) in ranges {
                    guard let value = try? JSONParser.parse(record.bytes[range]) else { return true }
                    object[key] = value
                }
                guard case .string(let id)? = object["id"], !id.isEmpty,
                    let time = object["timestamp"]?.stringValue, Timestamp(rfc3339: time) != nil
                else { return true }
                read += 1
                if read % 10_000 == 0 { progress?(read) }
                recordID(id, at: record.location)
                if let evaluator, evaluator.matches(topLevel: object) == false { return false }
                matched.insert(id)
                if wantsOutliers { return true }
                if let sampler, !sampler.keeps(id) { return false }
                return true
            } : nil

        for input in inputs {
            let result = try TraceSources.read(
                paths: [input.path], format: input.format,
                options: TraceReadOptions(skipsInvalid: options.skipsInvalid),
                diagnostics: diagnostics, nativeGate: gate
            ) { located in
                let trace = located.trace
                // A native line the gate let through was counted and deduplicated there.
                if !(gate != nil && located.format == .native) {
                    read += 1
                    if read % 10_000 == 0 { progress?(read) }
                    recordID(trace.id, at: located.location)
                }
                if let evaluator, !evaluator.matches(trace) { return }
                matched.insert(trace.id)
                if wantsOutliers { population[trace.id] = TraceResourceMetrics(of: trace) }
                if let sampler, !sampler.keeps(trace.id) { return }
                let flags = traceClassifiers.compactMap { $0.classify(trace) }
                try spool.append(trace, flags: flags)
            }
            invalid += result.invalidCount
        }
        progress?(read)
        summary.read = read + invalid
        summary.invalid = invalid
        summary.duplicates = duplicates.duplicateCount
        summary.matched = matched.count
        var entries = try spool.entries
        summary.sampled = entries.count

        if wantsOutliers {
            let classifier = ResourceOutlierClassifier(population: Array(population.values))
            for index in entries.indices {
                if let metrics = population[entries[index].traceID], let flag = classifier.flag(for: metrics) {
                    entries[index].flags.append(flag)
                }
            }
        }
        for classifier in queue.classifiers where classifier.isCommand {
            guard case .command(let command) = classifier.kind else { continue }
            let runner = try CommandClassifier(
                command: command, environment: options.environment, baseDirectory: FileSystem.parent(of: queue.path),
                timeout: classifier.timeout ?? CommandClassifier.defaultTimeout)
            var start = 0
            while start < entries.count {
                let end = min(entries.count, start + 256)
                let traces = try entries[start..<end].map { try spool.trace(of: $0) }
                let result = await runner.classify(traces, diagnostics: diagnostics)
                summary.classifierFailures += result.summary.failed
                for (offset, flag) in result.flags.enumerated() {
                    guard var flag else { continue }
                    flag.classifier = classifier.name
                    entries[start + offset].flags.append(flag)
                }
                start = end
            }
        }
        for entry in entries {
            for flag in entry.flags { summary.flagsByClassifier[flag.classifier, default: 0] += 1 }
        }
        if !queue.classifiers.isEmpty { entries.removeAll { $0.flags.isEmpty } }
        summary.flagged = entries.count

        var byTrace: [String: Int] = [:]
        for (index, entry) in entries.enumerated() { byTrace[entry.traceID] = index }
        let candidates = entries.map(\.candidate)
        let units = Selection.items(of: candidates, unit: queue.unit)
        summary.candidates = units.count
        let chosen = Selection.select(
            candidates, unit: queue.unit, order: queue.order, key: queue.orderKey, limit: queue.limit)
        var seen: Set<String> = []
        var selected: [SpooledItem] = []
        for item in chosen {
            guard seen.insert(item.id).inserted else { throw PackError.duplicateItem(id: item.id) }
            guard let index = byTrace[item.traceID] else { continue }
            selected.append(SpooledItem(item: item, entry: entries[index]))
        }
        summary.items = selected.count
        return selected
    }
}
