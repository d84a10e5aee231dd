/// How Cohen's κ weighs a disagreement between two ranks i and j among the sorted distinct values.
public enum KappaWeighting: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every disagreement weighs 1 (Cohen 1960).
    case unweighted
    /// A disagreement weighs |i − j| (Cicchetti & Allison 1971).
    case linear
    /// A disagreement weighs (i − j)² (Cohen 1968; Fleiss & Cohen 1973).
    case quadratic
}
