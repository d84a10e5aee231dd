import QuireAgreement
import QuireBundle
import QuireModel

/// `quire merge`: verifies reviewers' bundles, keeps every score, reconciles each item × score, measures
/// agreement and prepares the report and the adjudication bundle (DESIGN.md §5).
public enum Merger {
    /// Merges bundles.
    ///
    /// Every bundle is opened (archives extracted safely), verified completely, and must be sealed; they must
    /// come from one pack, with each reviewer once and each item identical wherever it appears. The result
    /// depends only on the bundles' content and the options: not on the argument order, the clock or the
    /// machine.
    /// - Parameters:
    ///   - bundles: reviewers' bundles: archives or bag directories.
    ///   - adjudications: sealed adjudication bundles whose decisions are folded in.
    ///   - options: policy, tolerance, seed, time.
    /// - Returns: the merge, ready to write.
    /// - Throws: ``MergeError``; `BundleError` or `ArchiveError` naming the bundle that failed a check;
    ///   `FileError`.
    /// - Complexity: O(bundle bytes + items × reviewers × scores + resamples × items per measured score).
    public static func merge(bundles: [String], adjudications: [String], options: MergeOptions) async throws
        -> MergeResult
    {
        guard !bundles.isEmpty else { throw MergeError.noBundles }
        let loaded = try await load(bundles.map { ($0, false) } + adjudications.map { ($0, true) })
        let inputs = try MergeInputs(
            reviewers: Array(loaded.prefix(bundles.count)), adjudications: Array(loaded.dropFirst(bundles.count)))
        if case .lead(let name) = options.policy, !inputs.bundles.contains(where: { $0.reviewer == name }) {
            throw MergeError.unknownLead(name: name, reviewers: inputs.bundles.map(\.reviewer))
        }
        var computation = MergeComputation(inputs: inputs, options: options)
        computation.reconcileAll()
        let time = computation.generatedAt
        let reconciled = computation
        // The adjudication bundle and the human-vs-EVAL rows need no statistics: they are prepared while the
        // bootstrap runs.
        async let adjudication = AdjudicationPlan.make(for: reconciled, time: time)
        async let alignment = MergeReportBuilder.alignmentRows(reconciled)
        let agreement = try await computation.measureAgreement()
        return computation.result(
            agreement: agreement, alignment: await alignment, adjudication: try await adjudication, time: time)
    }

    /// Loads bundles in parallel; the first failure in argument order is the one reported.
    static func load(_ paths: [(path: String, asAdjudication: Bool)]) async throws -> [LoadedBundle] {
        try BundleLoader.loadAll(paths).map { try $0.get() }
    }
}
