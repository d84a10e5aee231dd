import QuireBundle
import QuireIO
import QuireModel

/// A trace kept by the streaming pass: where its line sits in the spool file, and what selection needs.
struct SpoolEntry {
    var traceID: String
    var offset: Int
    var length: Int
    var flags: [BundleItem.Flag]
    var candidate: SelectionCandidate
}

/// A selected item and the spooled trace behind it.
struct SpooledItem {
    var item: SelectedItem
    var entry: SpoolEntry
}

/// Keeps the traces a pack selects on disk, one native JSON line each.
///
/// Memory holds only small records whatever the input size. A later duplicate removes the earlier entry (last wins, DESIGN.md §2).
final class TraceSpool {
    private let path: String
    private var writer: BufferedWriter
    private var reader: FileDescriptor?
    private var slots: [SpoolEntry?] = []
    private var slotByTrace: [String: Int] = [:]

    init(directory: String) throws {
        path = FileSystem.join(directory, "traces.jsonl")
        writer = try BufferedWriter(creating: path)
    }

    func append(_ trace: Trace, flags: [BundleItem.Flag]) throws {
        let line = JSONWriter().bytes(trace.json)
        let entry = SpoolEntry(
            traceID: trace.id, offset: writer.offset, length: line.count, flags: flags,
            candidate: SelectionCandidate(trace: trace))
        try writer.write(line)
        try writer.write([0x0A])
        slotByTrace[trace.id] = slots.count
        slots.append(entry)
    }

    func remove(traceID: String) {
        guard let slot = slotByTrace.removeValue(forKey: traceID) else { return }
        slots[slot] = nil
    }

    /// The kept entries in input order; the writer is flushed so entries can be read back.
    var entries: [SpoolEntry] {
        get throws {
            try writer.finish()
            return slots.compactMap { $0 }
        }
    }

    func trace(of entry: SpoolEntry) throws -> Trace {
        if reader == nil { reader = try FileDescriptor.openForReading(path) }
        var bytes = [UInt8](repeating: 0, count: entry.length)
        var filled = 0
        while filled < entry.length {
            let count = try bytes.withUnsafeMutableBytes { raw in
                try reader?.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<entry.length]), at: entry.offset + filled
                )
                    ?? 0
            }
            guard count > 0 else { throw FileError("pread", path: path, errno: 5) }
            filled += count
        }
        return try Trace(json: JSONParser.parse(bytes))
    }

    /// The bundle item for a selection: in blind bundles, EVAL scores move out of the trace into `evalScores`
    /// (hidden by the page until merge) and other humans' ANNOTATION scores are left out.
    func item(for selected: SpooledItem, blind: Bool) throws -> BundleItem {
        var trace = try trace(of: selected.entry)
        let evalScores = trace.scores.filter(\.isEval)
        if blind { trace.scores.removeAll { $0.isEval || $0.source == "ANNOTATION" } }
        return BundleItem(
            id: selected.item.id,
            target: BundleItem.Target(
                traceID: selected.item.traceID, observationID: selected.item.observationID,
                sessionID: selected.item.sessionID),
            trace: trace, flags: selected.entry.flags, evalScores: evalScores)
    }
}
