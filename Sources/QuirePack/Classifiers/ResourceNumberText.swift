import Foundation

/// Numbers in resource-outlier reasons: six significant digits, never an exponent, so `0.000025` reads as
/// money and `61127.4` matches the table a lead computes by hand (EXPECTED.md uses `%.6g`).
enum ResourceNumberText {
    /// The number with at most six significant digits and no exponent; integers as integers.
    /// - Parameter value: a finite number.
    /// - Returns: e.g. `412350`, `61127.4`, `0.0108131`, `0.000025`.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let general = String(format: "%.6g", value)
        guard general.contains("e") else { return general }
        let magnitude = Int(log10(abs(value)).rounded(.down))
        let digits = max(0, min(30, 5 - magnitude))
        var fixed = String(format: "%.\(digits)f", value)
        if fixed.contains(".") {
            while fixed.hasSuffix("0") { fixed.removeLast() }
            if fixed.hasSuffix(".") { fixed.removeLast() }
        }
        return fixed
    }

    /// A ratio for "141× the median": whole above ten, one decimal below (rounded down, so a value just
    /// under a threshold never reads as reaching it).
    /// - Parameter ratio: a positive ratio.
    /// - Returns: e.g. `141`, `3.2`.
    static func ratio(_ ratio: Double) -> String {
        guard ratio.isFinite else { return String(describing: ratio) }
        if ratio >= 10 { return String(Int64(ratio.rounded(.down))) }
        return String(format: "%.1f", (ratio * 10).rounded(.down) / 10)
    }
}
