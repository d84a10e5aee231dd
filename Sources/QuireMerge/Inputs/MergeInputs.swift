import QuireBundle
import QuireIO
import QuireModel

/// Where one merged item is: the reviewers' bundles that hold it, and its position in each.
struct MergedItem: Sendable {
    /// The item id.
    var id: String
    /// (index into ``MergeInputs/bundles``, position in that bundle), in bundle order.
    var holders: [(bundle: Int, position: Int)]
}

/// The checked set of bundles of one merge: one pack, one queue, each reviewer once, items consistent.
struct MergeInputs: Sendable {
    /// Reviewers' bundles, sorted by reviewer (code-point order), so the argument order never shows.
    let bundles: [LoadedBundle]
    /// Adjudication bundles, sorted by bundle id.
    let adjudications: [LoadedBundle]
    /// The union of the bundles' items, in pack order (see ``orderItems(_:)``).
    let items: [MergedItem]

    /// The pack id shared by every bundle.
    var packID: String { bundles[0].manifest.packID }
    /// The queue's score configs.
    var scores: [ScoreConfig] { bundles[0].manifest.scores }

    /// Checks bundles against each other.
    /// - Parameters:
    ///   - reviewers: reviewers' bundles, in argument order (messages name the later of two that clash).
    ///   - adjudications: adjudication bundles, in argument order.
    /// - Throws: ``MergeError``.
    init(reviewers: [LoadedBundle], adjudications: [LoadedBundle]) throws {
        guard let first = reviewers.first else { throw MergeError.noBundles }
        var byReviewer: [String: LoadedBundle] = [:]
        var byDigest: [String: LoadedBundle] = [:]
        for bundle in reviewers + adjudications {
            guard bundle.manifest.packID == first.manifest.packID else {
                throw MergeError.differentPack(
                    bundle: bundle.path, packID: bundle.manifest.packID, expected: first.manifest.packID,
                    firstBundle: first.path)
            }
            guard bundle.manifest.scores == first.manifest.scores else {
                throw MergeError.scoreConfigMismatch(bundle: bundle.path, otherBundle: first.path)
            }
        }
        // Copies of one open bundle share a bundle id but not a reviewer, so reviewers' bundles are told apart
        // by reviewer; an adjudication bundle given twice has the same content.
        for bundle in adjudications {
            if let other = byDigest[bundle.sha256] {
                throw MergeError.duplicateReviewer(
                    reviewer: bundle.reviewer, bundle: bundle.path, otherBundle: other.path)
            }
            byDigest[bundle.sha256] = bundle
        }
        for bundle in reviewers {
            if let other = byReviewer[bundle.reviewer] {
                throw MergeError.duplicateReviewer(
                    reviewer: bundle.reviewer, bundle: bundle.path, otherBundle: other.path)
            }
            byReviewer[bundle.reviewer] = bundle
        }
        let sorted = reviewers.sorted { $0.reviewer.utf8.lexicographicallyPrecedes($1.reviewer.utf8) }
        bundles = sorted
        self.adjudications = adjudications.sorted {
            $0.manifest.bundleID.utf8.lexicographicallyPrecedes($1.manifest.bundleID.utf8)
        }
        items = try Self.orderItems(sorted)
        try checkAdjudicationItems()
    }

    /// The union of the bundles' items in one order consistent with every bundle's own order.
    ///
    /// Each bundle lists its items in pack order (a subsequence of the queue's order), so the queue's order is
    /// recovered by a merge that only emits an item once it heads every bundle holding it; among such items the
    /// one from the first bundle goes first. Bundles that disagree on the order (not from one pack) would leave
    /// no item ready: the first bundle's head is taken then, so the result is still deterministic. The same item
    /// must be byte-identical in every bundle that holds it, since pack writes one line per item for all.
    /// - Complexity: O(items × bundles²).
    private static func orderItems(_ bundles: [LoadedBundle]) throws -> [MergedItem] {
        // Each distinct item gets a slot, in order of first sight; each bundle's items become slot numbers.
        var slotOfID: [String: Int] = [:]
        slotOfID.reserveCapacity(bundles.first?.itemIDs.count ?? 0)
        var ids: [String] = []
        var holders: [[(bundle: Int, position: Int)]] = []
        var slots: [[Int]] = []
        for (index, bundle) in bundles.enumerated() {
            let itemIDs = bundle.itemIDs
            var bundleSlots: [Int] = []
            bundleSlots.reserveCapacity(itemIDs.count)
            for position in itemIDs.indices {
                let id = itemIDs[position]
                if let slot = slotOfID[id] {
                    let first = holders[slot][0]
                    guard bundle.line(at: position).hasSameBytes(as: bundles[first.bundle].line(at: first.position))
                    else {
                        throw MergeError.itemMismatch(
                            bundle: bundle.path, item: id, otherBundle: bundles[first.bundle].path)
                    }
                    holders[slot].append((index, position))
                    bundleSlots.append(slot)
                } else {
                    slotOfID[id] = ids.count
                    bundleSlots.append(ids.count)
                    ids.append(id)
                    holders.append([(index, position)])
                }
            }
            slots.append(bundleSlots)
        }
        var pointers = [Int](repeating: 0, count: bundles.count)
        var emitted = [Bool](repeating: false, count: ids.count)
        var order: [MergedItem] = []
        order.reserveCapacity(ids.count)
        while order.count < ids.count {
            var chosen: Int?
            var fallback: Int?
            for bundle in bundles.indices {
                // Items already emitted (through another bundle) are skipped.
                while pointers[bundle] < slots[bundle].count, emitted[slots[bundle][pointers[bundle]]] {
                    pointers[bundle] += 1
                }
                guard pointers[bundle] < slots[bundle].count else { continue }
                let head = slots[bundle][pointers[bundle]]
                fallback = fallback ?? head
                if holders[head].allSatisfy({ pointers[$0.bundle] == $0.position }) {
                    chosen = head
                    break
                }
            }
            guard let slot = chosen ?? fallback else { break }
            emitted[slot] = true
            order.append(MergedItem(id: ids[slot], holders: holders[slot]))
        }
        return order
    }

    /// Every item of an adjudication bundle is a merged item with the same target, trace and EVAL scores.
    private func checkAdjudicationItems() throws {
        guard !adjudications.isEmpty else { return }
        var index: [String: MergedItem] = [:]
        for item in items { index[item.id] = item }
        for adjudication in adjudications {
            for (position, id) in adjudication.itemIDs.enumerated() {
                guard let merged = index[id], let holder = merged.holders.first else {
                    throw MergeError.unknownAdjudicationItem(bundle: adjudication.path, item: id)
                }
                let decided = try adjudication.item(at: position)
                let original = try bundles[holder.bundle].item(at: holder.position)
                guard decided.target == original.target, decided.trace == original.trace,
                    decided.evalScores == original.evalScores
                else {
                    throw MergeError.itemMismatch(
                        bundle: adjudication.path, item: id, otherBundle: bundles[holder.bundle].path)
                }
            }
        }
    }
}
