/// Number formatting for the report: the same text in HTML and Markdown, the same bytes on every machine
/// (no locale, no `String(format:)`).
enum ReportFormat {
    /// A number rounded half away from zero to a fixed number of decimals: `0.812`, `-0.050`.
    /// - Parameters:
    ///   - value: the number.
    ///   - places: decimals, 0–9.
    /// - Returns: the text; `n/a` for NaN and infinities.
    static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(value) }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        let whole = units / divisor
        var text = grouped(whole)
        if places > 0 {
            let fraction = String(units % divisor)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return (value < 0 && units != 0 ? "-" : "") + text
    }

    /// A coefficient with three decimals (`0.812`), as agreement studies report them.
    /// - Parameter value: the coefficient.
    /// - Returns: the text.
    static func coefficient(_ value: Double) -> String {
        decimal(value, places: 3)
    }

    /// A proportion as a percentage with one decimal (`87.5%`).
    /// - Parameter value: a proportion in 0…1.
    /// - Returns: the text.
    static func percent(_ value: Double) -> String {
        decimal(value * 100, places: 1) + "%"
    }

    /// A statistic's value in its own unit.
    /// - Parameters:
    ///   - value: the value.
    ///   - statistic: which statistic.
    /// - Returns: the text.
    static func value(_ value: Double, of statistic: StatisticKind) -> String {
        statistic.isProportion ? percent(value) : coefficient(value)
    }

    /// A 95% interval: `[0.712, 0.861]`.
    /// - Parameters:
    ///   - low: the lower end.
    ///   - high: the upper end.
    ///   - statistic: which statistic (for the unit).
    /// - Returns: the text.
    static func interval(_ low: Double, _ high: Double, of statistic: StatisticKind) -> String {
        "[\(value(low, of: statistic)), \(value(high, of: statistic))]"
    }

    /// A duration in seconds: `4.2 s`, `42 s`, `3 min 05 s`.
    /// - Parameter seconds: the duration.
    /// - Returns: the text.
    static func seconds(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "n/a" }
        if seconds < 10 { return decimal(seconds, places: 1) + " s" }
        let whole = Int64(seconds.rounded(.toNearestOrAwayFromZero))
        if whole < 120 { return "\(whole) s" }
        let remainder = whole % 60
        return "\(whole / 60) min \(remainder < 10 ? "0" : "")\(remainder) s"
    }

    /// An integer with thousands separated by commas: `12,345`.
    /// - Parameter value: the integer.
    /// - Returns: the text.
    static func count(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(Int64(value.magnitude))
    }

    /// A number a user typed (tolerance): `1`, `0.5`.
    /// - Parameter value: the number.
    /// - Returns: the shortest text that reads back as the number.
    static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// A non-negative integer with comma groups.
    private static func grouped(_ value: Int64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
