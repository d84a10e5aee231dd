/// The level of measurement of a score, which decides how far apart two values are (Krippendorff 2011, §4).
///
/// The level only changes Krippendorff's α and whether weighted κ applies; percent agreement, Fleiss' κ
/// and Gwet's AC1 always compare values as unordered categories.
public enum MeasurementLevel: String, Sendable, Hashable, CaseIterable, Codable {
    /// Unordered categories: two values agree or they don't.
    case nominal
    /// Ordered categories: distance grows with the number of values rated between them.
    case ordinal
    /// Numbers with a meaningful difference: distance is the squared difference.
    case interval
    /// Numbers with a true zero: distance is the squared difference relative to the sum.
    case ratio

    /// Whether values must be numbers at this level (every level but nominal).
    public var isNumeric: Bool { self != .nominal }

    /// Whether the values are ordered, so weighted κ applies (every level but nominal).
    public var isOrdered: Bool { self != .nominal }
}
