import QuireBundle
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// Every way a merge refuses its input, with the exact error; nothing is written in any of them.
@Suite("Merge refusals")
struct MergeRefusalTests {
    /// Merges into `out` inside the scenario and returns the error, checking that `out` was not created.
    private func refusal(
        _ scenario: MergeScenario, _ bundles: [String], adjudications: [String] = [],
        options: MergeOptions = MergeOptions()
    ) async -> (any Error)? {
        let out = scenario.file("out")
        do {
            _ = try await MergeOutputWriter.merge(bundles, adjudications: adjudications, options: options, to: out)
        } catch {
            #expect(!FileSystem.exists(out), "a refused merge left \(out) behind")
            return error
        }
        Issue.record("the merge was not refused")
        return nil
    }

    @Test("a changed byte in a bag directory's payload is refused as a checksum mismatch naming bundle and file")
    func tamperedPayload() async throws {
        let scenario = try MergeScenario(archives: false)
        let items = FileSystem.join(scenario.directory("ben"), BundleLayout.items)
        var bytes = try FileSystem.readFile(items)
        bytes[100] ^= 0x01
        try FileSystem.writeAtomically(bytes, to: items)
        let error = await refusal(scenario, ["ana", "ben", "chen"].map(scenario.directory))
        guard case .checksumMismatch(let bundle, let file, _, _) = error as? BundleError else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(bundle == scenario.directory("ben"))
        #expect(file == BundleLayout.items)
        #expect((error as? any QuireError)?.fault == .data)
    }

    @Test("a journal edited inside an archive is refused: the archive's tag manifest no longer matches")
    func tamperedArchiveJournal() async throws {
        let scenario = try MergeScenario(archives: false)
        let journal = FileSystem.join(scenario.directory("ana"), BundleLayout.journal)
        let edited = try text(journal).replacing("\"value\":4", with: "\"value\":5")
        try FileSystem.writeAtomically(edited, to: journal)
        let archive = scenario.file("ana-edited.quire")
        try BundleArchiver.archive(directory: scenario.directory("ana"), to: archive)
        let error = await refusal(scenario, [archive, scenario.directory("ben")])
        guard case .checksumMismatch(let bundle, let file, _, _) = error as? BundleError else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(bundle == archive)
        #expect(file == BundleLayout.journal)
    }

    @Test("a journal edited and re-manifested by a forger still fails its hash chain at the next line")
    func forgedJournal() async throws {
        let scenario = try MergeScenario(archives: false)
        let directory = scenario.directory("ana")
        let journal = FileSystem.join(directory, BundleLayout.journal)
        let edited = try text(journal).replacing("\"value\":4", with: "\"value\":5")
        try FileSystem.writeAtomically(edited, to: journal)
        try TagManifest.rewrite(directory: directory)
        let error = await refusal(scenario, [directory, scenario.directory("ben")])
        #expect(
            error as? BundleError
                == .brokenJournal(
                    bundle: directory, line: 2,
                    reason: "hash chain broken: prev does not match the previous line (edited, removed or reordered)"))
    }

    @Test("a byte flipped in a .quire archive is refused as invalid data naming the file")
    func corruptArchive() async throws {
        let scenario = try MergeScenario()
        var bytes = try FileSystem.readFile(scenario.archive("chen"))
        bytes[bytes.count / 2] ^= 0xFF
        let broken = scenario.file("chen-broken.quire")
        try FileSystem.writeAtomically(bytes, to: broken)
        let error = await refusal(scenario, [scenario.archive("ana"), broken])
        let quireError = try #require(error as? any QuireError)
        #expect(quireError.fault == .data)
        #expect(quireError.description.contains("chen-broken.quire"))
    }

    @Test("a bundle from another pack is refused, naming both bundles and pack ids")
    func differentPack() async throws {
        let scenario = try MergeScenario(archives: false)
        let other = scenario.file("zed.d")
        let otherPack = "fedcba9876543210fedcba9876543210"
        try MergeFixture.writeBundle(to: other, reviewer: "zed", items: [0, 1], packID: otherPack)
        try MergeFixture.annotate(other, start: 1_763_930_000, work: [ItemWork(item: 0, scores: [MergeFixture.c(3)])])
        let error = await refusal(scenario, [scenario.directory("ana"), other])
        #expect(
            error as? MergeError
                == .differentPack(
                    bundle: other, packID: otherPack, expected: MergeFixture.packID,
                    firstBundle: scenario.directory("ana")))
    }

    @Test("the same reviewer twice is refused, whether the same path or a copy")
    func duplicateReviewer() async throws {
        let scenario = try MergeScenario()
        let ana = scenario.archive("ana")
        let twice = await refusal(scenario, [ana, scenario.archive("ben"), ana])
        #expect(twice as? MergeError == .duplicateReviewer(reviewer: "ana", bundle: ana, otherBundle: ana))
        let copy = scenario.file("ana-copy.quire")
        try FileSystem.writeAtomically(try FileSystem.readFile(ana), to: copy)
        let copied = await refusal(scenario, [ana, copy])
        #expect(copied as? MergeError == .duplicateReviewer(reviewer: "ana", bundle: copy, otherBundle: ana))
    }

    @Test("a bundle whose journal changed after its seal is refused as not sealed")
    func journalAfterSeal() async throws {
        let scenario = try MergeScenario(archives: false)
        let ben = scenario.directory("ben")
        try MergeFixture.annotate(
            ben, start: 1_763_990_000, work: [ItemWork(item: 0, scores: [MergeFixture.c(1)])], seal: false)
        let error = await refusal(scenario, [scenario.directory("ana"), ben])
        #expect(error as? MergeError == .notSealed(bundle: ben, reason: "its journal changed after the last seal"))
        #expect(
            error.map(String.init(describing:))
                == "\(ben): not sealed: its journal changed after the last seal; run quire seal \(ben) first")
    }

    @Test("a bundle never sealed is refused as not sealed")
    func neverSealed() async throws {
        let scenario = try MergeScenario(archives: false)
        let fresh = scenario.file("dara.d")
        try MergeFixture.writeBundle(to: fresh, reviewer: "dara", items: [0, 1])
        let error = await refusal(scenario, [scenario.directory("ana"), fresh])
        #expect(
            error as? MergeError
                == .notSealed(bundle: fresh, reason: "it was never sealed (no annotations/scores.jsonl)"))
    }

    @Test("an open bundle that nobody annotated is refused: it names no reviewer")
    func openBundleWithoutReviewer() async throws {
        let scenario = try MergeScenario(archives: false)
        let open = scenario.file("open.d")
        try MergeFixture.writeBundle(to: open, reviewer: nil, items: [0, 1])
        try MergeFixture.annotate(open, start: 1_763_930_000, work: [])
        let error = await refusal(scenario, [scenario.directory("ana"), open])
        #expect(error as? MergeError == .noReviewer(bundle: open))
    }

    @Test("the same item with different content in two bundles is refused")
    func itemMismatch() async throws {
        let scenario = try MergeScenario(archives: false)
        let forged = scenario.file("dara.d")
        try MergeFixture.writeBundle(to: forged, reviewer: "dara", items: [0, 1]) { item in
            item.trace.name = "rewritten"
        }
        try MergeFixture.annotate(forged, start: 1_763_930_000, work: [ItemWork(item: 0, scores: [MergeFixture.c(3)])])
        let error = await refusal(scenario, [scenario.directory("ana"), forged])
        #expect(
            error as? MergeError
                == .itemMismatch(
                    bundle: forged, item: try MergeFixture.ids()[0], otherBundle: scenario.directory("ana")))
    }

    @Test("bundles of one pack id whose score configs differ are refused")
    func scoreConfigMismatch() async throws {
        let scenario = try MergeScenario(archives: false)
        let other = scenario.file("dara.d")
        try MergeFixture.writeBundle(
            to: other, reviewer: "dara", items: [0], scores: Array(SampleBundle.scoreConfigs.prefix(2)))
        try MergeFixture.annotate(other, start: 1_763_930_000, work: [ItemWork(item: 0, scores: [MergeFixture.c(3)])])
        let error = await refusal(scenario, [scenario.directory("ana"), other])
        #expect(error as? MergeError == .scoreConfigMismatch(bundle: other, otherBundle: scenario.directory("ana")))
    }

    @Test("lead:NAME naming nobody whose bundle is merged is a usage error listing the reviewers")
    func unknownLead() async throws {
        let scenario = try MergeScenario()
        let error = await refusal(scenario, scenario.archives, options: MergeOptions(policy: .lead("zoe")))
        #expect(error as? MergeError == .unknownLead(name: "zoe", reviewers: ["ana", "ben", "chen"]))
        #expect((error as? MergeError)?.fault == .usage)
    }

    @Test("an adjudication bundle given as a reviewer's bundle, or a reviewer's bundle as an adjudication, is refused")
    func wrongKindOfBundle() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("first")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let adjudication = FileSystem.join(out, MergeResult.adjudicationFileName)
        let asReviewer = await refusal(scenario, [scenario.archive("ana"), adjudication])
        #expect(asReviewer as? MergeError == .adjudicationAsReviewerBundle(bundle: adjudication))
        let asAdjudication = await refusal(
            scenario, [scenario.archive("ana")], adjudications: [scenario.archive("ben")])
        #expect(asAdjudication as? MergeError == .notAnAdjudicationBundle(bundle: scenario.archive("ben")))
    }

    @Test("no bundle at all is a usage error")
    func noBundles() async throws {
        await #expect(throws: MergeError.noBundles) {
            _ = try await Merger.merge(bundles: [], adjudications: [], options: MergeOptions())
        }
    }

    @Test(
        "policies are read from their spelling, and anything else is refused",
        arguments: [
            ("majority", MergePolicy.majority), ("mean", .mean), ("median", .median), ("lead:ana", .lead("ana")),
        ])
    func policySpelling(_ text: String, _ policy: MergePolicy) throws {
        #expect(try MergePolicy(parsing: text) == policy)
        #expect(policy.description == text)
    }

    @Test("an unknown policy or a lead without a name is refused", arguments: ["vote", "lead:", "Median", ""])
    func invalidPolicy(_ text: String) {
        #expect(throws: MergeError.invalidPolicy(text)) { try MergePolicy(parsing: text) }
    }
}
