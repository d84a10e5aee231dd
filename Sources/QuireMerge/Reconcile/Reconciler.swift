import QuireModel

/// One reviewer's current answer to one item × score.
struct Answer: Sendable {
    /// Who answered.
    var reviewer: String
    /// The stored value: number for numeric and boolean, label for categorical, text otherwise.
    var value: JSONValue
    /// Their comment on the score.
    var comment: String?
    /// When they set it.
    var at: Timestamp
}

/// What the reviewers' answers to one item × score come to.
enum Outcome: Sendable, Equatable {
    /// One value, under the policy.
    case agreed(JSONValue)
    /// No value: why, in words (`tie 1–1`, `spread 2 > tolerance 1`).
    case conflict(reason: String)
    /// Free text that differs: kept side by side, with no consensus line.
    case sideBySide
}

/// Reconciles the answers to one item × score (DESIGN.md §5).
///
/// - Categorical and boolean: plurality (the value more reviewers gave than any other); a tie for first is a
///   conflict.
/// - Numeric: mean or median, a conflict when the spread (max − min) exceeds the tolerance; under `majority`,
///   plurality of exact values.
/// - Correction: agreed when every answer is the same after trimming leading and trailing white space (the
///   trimmed text is the value), else a conflict: a dataset's `expected` must be one text a lead chose.
/// - Text: the same when identical after trimming; otherwise side by side (no consensus line, never a
///   conflict), as Label Studio and Argilla keep free-text answers.
/// - `lead:NAME`: the lead's answer wins wherever they gave one, for every kind; elsewhere the above, with
///   median for numbers.
/// - A single answer is agreed.
struct Reconciler: Sendable {
    /// The policy.
    let policy: MergePolicy
    /// The options, for tolerances.
    let options: MergeOptions

    /// Slack on the tolerance comparison, so 0.1 + 0.2 − 0.1 spreads do not fail on binary rounding.
    static let slack = 1e-9

    /// Reconciles answers.
    /// - Parameters:
    ///   - answers: the answers, at least one, in reviewer order.
    ///   - config: the score.
    /// - Returns: the outcome.
    func reconcile(_ answers: [Answer], config: ScoreConfig) -> Outcome {
        if case .lead(let name) = policy, let lead = answers.first(where: { $0.reviewer == name }) {
            switch config.kind {
            case .text, .correction: return .agreed(.string(Self.trimmed(lead.value)))
            default: return .agreed(lead.value)
            }
        }
        switch config.kind {
        case .categorical, .boolean:
            return Self.plurality(answers.map(\.value))
        case .numeric:
            let numbers = answers.compactMap { $0.value.doubleValue }
            guard numbers.count == answers.count, !numbers.isEmpty else { return .conflict(reason: "not a number") }
            if case .majority = policy { return Self.plurality(answers.map(\.value)) }
            let tolerance = options.tolerance(for: config)
            let sorted = numbers.sorted()
            let spread = (sorted.last ?? 0) - (sorted.first ?? 0)
            guard spread <= tolerance + Self.slack else {
                return .conflict(reason: "spread \(Self.plain(spread)) > tolerance \(Self.plain(tolerance))")
            }
            if case .mean = policy { return .agreed(.double(Self.mean(sorted))) }
            return .agreed(.double(Self.median(sorted)))
        case .text, .correction:
            var distinct: [String] = []
            for answer in answers {
                let text = Self.trimmed(answer.value)
                if !distinct.contains(text) { distinct.append(text) }
            }
            if distinct.count == 1 { return .agreed(.string(distinct[0])) }
            if config.kind == .text { return .sideBySide }
            return .conflict(reason: "\(distinct.count) different corrections")
        }
    }

    /// The value given more often than any other, or a conflict naming the tied counts.
    static func plurality(_ values: [JSONValue]) -> Outcome {
        var counts: [(value: JSONValue, count: Int)] = []
        for value in values {
            if let index = counts.firstIndex(where: { Self.same($0.value, value) }) {
                counts[index].count += 1
            } else {
                counts.append((value, 1))
            }
        }
        let top = counts.map(\.count).max() ?? 0
        let leaders = counts.filter { $0.count == top }
        if leaders.count == 1 { return .agreed(leaders[0].value) }
        return .conflict(reason: "tie " + leaders.map { String($0.count) }.joined(separator: "–"))
    }

    /// Equal stored values: numbers by value (`4` and `4.0` are one answer), everything else exactly.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    /// The mean of sorted numbers, summed in order so the result does not depend on who answered first.
    static func mean(_ sorted: [Double]) -> Double {
        sorted.reduce(0, +) / Double(sorted.count)
    }

    /// The median of sorted numbers: the middle one, or the mean of the two middle ones.
    static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A text answer without leading and trailing white space and line breaks: Unicode `White_Space` and
    /// U+200B ZERO WIDTH SPACE, the set Foundation's `whitespacesAndNewlines` trims.
    static func trimmed(_ value: JSONValue) -> String {
        let text = value.stringValue ?? value.jsonText
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isBlank(first) || isBlank(last) else { return text }
        guard let start = scalars.firstIndex(where: { !isBlank($0) }),
            let end = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }

    /// A number as people type it, rounded to 9 decimals so binary noise does not show: `2`, `0.3`.
    static func plain(_ value: Double) -> String {
        let rounded = (value * 1e9).rounded() / 1e9
        return JSONNumber(rounded)?.literal ?? String(value)
    }
}
