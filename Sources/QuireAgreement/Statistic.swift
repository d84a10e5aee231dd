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
