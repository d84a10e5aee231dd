public import QuireAgreement
import QuireBundle
public import QuireModel

/// One score's ratings read from sealed bundles, for `quire agree BUNDLE…` (DESIGN.md §5): a lead checks
/// agreement before merging, from the same checked bundles merge would read.
public struct BundleRatings: Sendable {
    /// The score measured.
    public var config: ScoreConfig
    /// The level the config gives (DESIGN.md §5): what `quire agree` uses unless `--level` is given.
    public var level: MeasurementLevel
    /// Every reviewer's stored value, items in pack order, reviewers by name.
    var values: [(item: String, reviewer: String, value: JSONValue)]

    /// Loads the ratings of one score.
    ///
    /// The bundles pass every check of `quire merge`: verified, sealed, one pack, each reviewer once.
    /// - Parameters:
    ///   - paths: reviewers' bundles, archives or bag directories.
    ///   - score: the score's name; may be omitted when the queue has one measurable score.
    /// - Returns: the ratings.
    /// - Throws: ``MergeError`` (`scoreRequired`, `unknownScore`, `unmeasuredScore` and the checks of merge);
    ///   `BundleError`, `ArchiveError`, `FileError`.
    public static func load(_ paths: [String], score: String?) async throws -> BundleRatings {
        guard !paths.isEmpty else { throw MergeError.noBundles }
        let inputs = try MergeInputs(reviewers: try await Merger.load(paths.map { ($0, false) }), adjudications: [])
        let configs = inputs.scores
        let config: ScoreConfig
        if let score {
            guard let named = configs.first(where: { $0.name == score }) else {
                throw MergeError.unknownScore(name: score, available: configs.map(\.name))
            }
            config = named
        } else {
            let measured = configs.filter { $0.agreementLevel != nil }
            guard measured.count == 1 else { throw MergeError.scoreRequired(available: measured.map(\.name)) }
            config = measured[0]
        }
        guard let level = ScoreTable.level(of: config) else { throw MergeError.unmeasuredScore(name: config.name) }
        var values: [(item: String, reviewer: String, value: JSONValue)] = []
        for item in inputs.items {
            for holder in item.holders {
                let bundle = inputs.bundles[holder.bundle]
                guard let score = bundle.state.items[item.id]?.scores[config.name] else { continue }
                values.append((item.id, bundle.reviewer, score.value))
            }
        }
        return BundleRatings(config: config, level: level, values: values)
    }

    /// The ratings spelled for `RatingTable(parsing:level:)`: labels at the nominal level, numbers (a category's
    /// value for categorical and boolean scores) at the ordered levels.
    /// - Parameter level: the level the table will be built at.
    /// - Returns: one rating per reviewer × item rated.
    public func ratings(at level: MeasurementLevel) -> [Rating<String>] {
        values.map {
            Rating(item: $0.item, reviewer: $0.reviewer, value: ScoreTable.spelling(of: $0.value, config, level: level))
        }
    }
}
