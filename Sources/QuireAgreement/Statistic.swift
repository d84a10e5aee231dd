/// A statistic's value, or the reason it has none.
///
/// Agreement coefficients are undefined for many real inputs (no variation, one reviewer, nothing rated
/// twice); a made-up 0, 1 or NaN would be read as a finding, so the reason travels with the result and
/// JSON output prints `null`.
public enum Statistic<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The statistic is defined and has this value.
    case defined(Value)
    /// The statistic is undefined for the data, for this reason.
    case undefined(UndefinedReason)

    /// The value, or nil when undefined.
    public var value: Value? {
        if case .defined(let value) = self { return value }
        return nil
    }

    /// The reason, or nil when defined.
    public var reason: UndefinedReason? {
        if case .undefined(let reason) = self { return reason }
        return nil
    }

    /// Transforms a defined value, keeping the reason of an undefined one.
    /// - Parameter transform: the function applied to a defined value.
    /// - Returns: the transformed statistic.
    public func map<Other>(_ transform: (Value) -> Other) -> Statistic<Other> {
        switch self {
        case .defined(let value): .defined(transform(value))
        case .undefined(let reason): .undefined(reason)
        }
    }
}

/// A coefficient: a number, or the reason there is none.
public typealias Coefficient = Statistic<Double>

extension Statistic where Value == Double {
    /// A coefficient from a quotient, undefined when the denominator is zero or the result is not finite.
    /// - Parameters:
    ///   - numerator: the numerator.
    ///   - denominator: the denominator.
    ///   - reason: the reason to give when the denominator is zero.
    /// - Returns: the quotient or the reason.
    static func quotient(_ numerator: Double, _ denominator: Double, else reason: UndefinedReason) -> Coefficient {
        guard denominator != 0 else { return .undefined(reason) }
        let value = numerator / denominator
        return value.isFinite ? .defined(value) : .undefined(reason)
    }
}

extension Statistic: Encodable where Value: Encodable {
    /// Encodes the value, or `null` when undefined.
    /// - Parameter encoder: the encoder.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .defined(let value): try container.encode(value)
        case .undefined: try container.encodeNil()
        }
    }
}

/// Why a statistic has no value.
public enum UndefinedReason: Sendable, Hashable, CustomStringConvertible {
    /// The data holds no values at all.
    case noValues
    /// No item has two or more values, so no two ratings can be compared.
    case nothingPairable
    /// Every comparable value is the same, so chance agreement is total and the coefficient is 0/0.
    case noVariation
    /// The statistic compares two reviewers, and the data has a different number (with at least one value).
    case needsTwoReviewers(found: Int)
    /// The two reviewers rated no item in common.
    case noSharedItems
    /// Weighted κ needs ordered values; the level is nominal.
    case unorderedLevel
    /// The statistic needs interval or ratio numbers; the level is nominal or ordinal.
    case needsIntervalLevel
    /// The statistic needs every reviewer to rate every item, and some ratings are missing.
    case incompleteRatings
    /// The statistic needs at least two items and two reviewers.
    case tooFewRatings
    /// The formula's denominator is zero for these data.
    case zeroDenominator
    /// No bootstrap resample gave a defined value (or no resamples were asked for).
    case noDefinedResamples

    /// The reason in words, for text output.
    public var description: String {
        switch self {
        case .noValues: "no values"
        case .nothingPairable: "nothing pairable: no item has two or more ratings"
        case .noVariation: "no variation: every comparable value is the same"
        case .needsTwoReviewers(let found): "needs exactly 2 reviewers, found \(found)"
        case .noSharedItems: "the two reviewers rated no item in common"
        case .unorderedLevel: "weighted κ needs ordered values (ordinal, interval or ratio)"
        case .needsIntervalLevel: "needs interval or ratio data"
        case .incompleteRatings: "needs every reviewer to rate every item"
        case .tooFewRatings: "needs at least 2 items and 2 reviewers"
        case .zeroDenominator: "the denominator is zero for these data"
        case .noDefinedResamples: "no bootstrap resample gave a value"
        }
    }
}
