public import QuireModel

/// Why bundles cannot be merged, or a merge output cannot be written; each case names the file.
///
/// Problems inside one bundle (a changed byte, a broken journal) are ``BundleError``s from the verifier; these
/// are the problems between bundles and with the command's request.
public enum MergeError: QuireError, Equatable {
    /// A bundle comes from another pack than the first one.
    case differentPack(bundle: String, packID: String, expected: String, firstBundle: String)
    /// Two bundles have the same reviewer (or are the same bundle).
    case duplicateReviewer(reviewer: String, bundle: String, otherBundle: String)
    /// The bundle's journal was never sealed, or changed after its last seal.
    case notSealed(bundle: String, reason: String)
    /// An open bundle whose journal names nobody: nobody annotated it.
    case noReviewer(bundle: String)
    /// An adjudication bundle was given as a reviewer's bundle.
    case adjudicationAsReviewerBundle(bundle: String)
    /// A reviewer's bundle was given with `--adjudication`.
    case notAnAdjudicationBundle(bundle: String)
    /// An adjudication bundle holds an item that none of the merged bundles has.
    case unknownAdjudicationItem(bundle: String, item: String)
    /// The same item id holds different content in two bundles.
    case itemMismatch(bundle: String, item: String, otherBundle: String)
    /// Two bundles of one pack disagree on the queue's score configs.
    case scoreConfigMismatch(bundle: String, otherBundle: String)
    /// `lead:NAME` names nobody whose bundle is merged.
    case unknownLead(name: String, reviewers: [String])
    /// The policy text is not one of the known policies.
    case invalidPolicy(String)
    /// No bundle to merge.
    case noBundles
    /// `quire agree` on bundles whose queue has several measurable scores, without `--score`.
    case scoreRequired(available: [String])
    /// `--score` names no score of the queue.
    case unknownScore(name: String, available: [String])
    /// `--score` names a text or correction score, which has no agreement statistic.
    case unmeasuredScore(name: String)
    /// The output directory exists and is not empty, and `--force` was not given.
    case outputNotEmpty(path: String)
    /// The output path exists and is not a directory.
    case outputNotADirectory(path: String)

    /// Requests the user can fix by changing the command are usage errors; the rest are bad input data.
    public var fault: Fault {
        switch self {
        case .unknownLead, .invalidPolicy, .noBundles, .outputNotEmpty, .outputNotADirectory,
            .adjudicationAsReviewerBundle, .notAnAdjudicationBundle, .scoreRequired, .unknownScore, .unmeasuredScore:
            .usage
        default:
            .data
        }
    }

    /// One line naming the file and what is wrong.
    public var description: String {
        switch self {
        case .differentPack(let bundle, let packID, let expected, let firstBundle):
            "\(bundle): from another pack (Quire-Pack-Id \(packID), but \(firstBundle) has \(expected)); "
                + "merge only bundles of one pack"
        case .duplicateReviewer(let reviewer, let bundle, let otherBundle):
            "\(bundle): reviewer \"\(reviewer)\" already comes from \(otherBundle); give each reviewer's bundle once"
        case .notSealed(let bundle, let reason):
            "\(bundle): not sealed: \(reason); run quire seal \(bundle) first"
        case .noReviewer(let bundle):
            "\(bundle): open bundle that nobody has annotated (its journal names no reviewer)"
        case .adjudicationAsReviewerBundle(let bundle):
            "\(bundle): is an adjudication bundle; pass it with --adjudication"
        case .notAnAdjudicationBundle(let bundle):
            "\(bundle): is not an adjudication bundle (data/queue.json has adjudication false); "
                + "pass reviewers' bundles as arguments, and only the adjudication.quire a merge wrote "
                + "with --adjudication"
        case .unknownAdjudicationItem(let bundle, let item):
            "\(bundle): item \"\(item)\" is in none of the merged bundles; this adjudication bundle is for other items"
        case .itemMismatch(let bundle, let item, let otherBundle):
            "\(bundle): item \"\(item)\" differs from the same item in \(otherBundle)"
        case .scoreConfigMismatch(let bundle, let otherBundle):
            "\(bundle): data/queue.json: score configs differ from those of \(otherBundle)"
        case .unknownLead(let name, let reviewers):
            "--policy lead:\(name): no merged bundle has reviewer \"\(name)\" (reviewers: "
                + "\(reviewers.joined(separator: ", ")))"
        case .invalidPolicy(let text):
            "--policy \(text): expected majority, mean, median or lead:NAME"
        case .noBundles:
            "no bundles to merge"
        case .scoreRequired(let available):
            "the bundles have several scores; choose one with --score (\(available.joined(separator: ", ")))"
        case .unknownScore(let name, let available):
            "--score \(name): no such score in the bundles' queue (\(available.joined(separator: ", ")))"
        case .unmeasuredScore(let name):
            "--score \(name): a text or correction score has no agreement statistic"
        case .outputNotEmpty(let path):
            "\(path): exists and is not empty; choose a new directory or pass --force to replace it"
        case .outputNotADirectory(let path):
            "\(path): exists and is not a directory"
        }
    }
}
