import QuireModel

/// Checks journal events against their bundle: the right reviewer, known items, valid score values.
enum JournalValidation {
    static func check(_ events: [JournalEvent], against bundle: AnnotationBundle) throws {
        var reviewer = bundle.manifest.reviewer
        for (offset, event) in events.enumerated() {
            let line = offset + 1
            func fail(_ reason: String) -> BundleError {
                .brokenJournal(bundle: bundle.name, line: line, reason: reason)
            }
            if let expected = reviewer {
                guard event.reviewer == expected else {
                    throw fail("reviewer \"\(event.reviewer)\" is not this bundle's reviewer \"\(expected)\"")
                }
            } else {
                reviewer = event.reviewer
            }
            guard bundle.index.position(of: event.item) != nil else {
                throw fail("unknown item \"\(event.item)\"")
            }
            switch event.kind {
            case .scoreSet, .scoreClear:
                guard let name = event.payload["name"]?.stringValue, let config = bundle.manifest.score(named: name)
                else {
                    throw fail("\(event.kind.rawValue) names no score of this queue")
                }
                if event.kind == .scoreSet {
                    do {
                        _ = try config.validated(event.payload["value"] ?? .null)
                    } catch {
                        throw fail(error.description)
                    }
                }
            default:
                break
            }
        }
    }
}
