import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// A sample bag in a temp directory and the ids of its items.
struct JournalFixture {
    let temp: TemporaryDirectory
    let directory: String
    let ids: [String]

    init(count: Int = 5, reviewer: String? = "ana") throws {
        temp = try TemporaryDirectory()
        directory = temp.file("b")
        try SampleBundle.write(to: directory, count: count, reviewer: reviewer)
        ids = try AnnotationBundle(directory: directory).index.ids
    }

    func bundle() throws -> AnnotationBundle {
        try AnnotationBundle(directory: directory, name: "b")
    }

    func writer(
        reviewer: String? = nil, clock: SteppingClock = SteppingClock(),
        diagnostics: any DiagnosticSink = IgnoringDiagnostics()
    ) throws -> JournalWriter {
        try JournalWriter(bundle: bundle(), reviewer: reviewer, clock: clock.read, diagnostics: diagnostics)
    }

    var journalPath: String { FileSystem.join(directory, BundleLayout.journal) }

    func journalBytes() throws -> [UInt8] { try FileSystem.readFile(journalPath) }
}

/// Shorthand for drafts.
enum Draft {
    static func set(_ item: String, _ name: String, _ value: JSONValue, comment: String? = nil) -> EventDraft {
        var payload: JSONObject = ["name": .string(name), "value": value]
        if let comment { payload["comment"] = .string(comment) }
        return EventDraft(item: item, kind: .scoreSet, payload: payload)
    }

    static func clear(_ item: String, _ name: String) -> EventDraft {
        EventDraft(item: item, kind: .scoreClear, payload: ["name": .string(name)])
    }
}
