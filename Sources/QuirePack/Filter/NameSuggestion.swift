/// Finds the known name closest to a misspelt one, for "did you mean" hints in filter and queue errors.
enum NameSuggestion {
    /// The candidate nearest to `name` by edit distance, if it is near enough to be a plausible typo.
    ///
    /// Near enough: at most a third of the longer name's length (and at least 1) edits; ties go to the
    /// candidate listed first, so hints are stable. Case differences count as one edit each.
    /// - Parameters:
    ///   - name: what the user wrote.
    ///   - candidates: the valid names.
    /// - Returns: the suggestion, or nil.
    static func closest(to name: String, among candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            let allowed = max(1, max(name.count, candidate.count) / 3)
            guard distance <= allowed else { continue }
            if best == nil || distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `; did you mean 'x'?` or nothing.
    static func hint(for name: String, among candidates: [String]) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The optimal string alignment distance (Levenshtein plus adjacent transpositions) over characters.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
