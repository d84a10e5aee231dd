/// An instant read from RFC 3339 text, keeping the text so a trace is written back unchanged.
///
/// Readers accept 0–9 fractional digits and any offset (NATIVE.md); writers emit UTC with exactly three
/// fractional digits, truncated, never rounded (FORMATS.md, cross-format rules).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public let nanoseconds: Int64
    /// The text as read, or the canonical form for computed instants.
    public let text: String

    /// Parses RFC 3339 text (`2025-03-03T09:14:02.118Z`, `2025-03-03T10:14:02+01:00`).
    ///
    /// Fails when the text is not RFC 3339.
    /// - Parameter text: the text.
    public init?(rfc3339 text: String) {
        var text = text
        guard let nanoseconds = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.nanoseconds = nanoseconds
        self.text = text
    }

    /// An instant from nanoseconds since the epoch, with canonical text.
    /// - Parameter nanoseconds: nanoseconds since 1970-01-01T00:00:00Z.
    public init(nanosecondsSinceEpoch nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
        self.text = Self.format(nanoseconds: nanoseconds)
    }

    /// An instant from whole seconds since the epoch (as `SOURCE_DATE_EPOCH` gives it).
    /// - Parameter seconds: seconds since the epoch, within ±`Int64.max / 1_000_000_000` (years 1677–2262);
    ///   callers check values read from outside.
    public init(secondsSinceEpoch seconds: Int64) {
        self.init(nanosecondsSinceEpoch: seconds * 1_000_000_000)
    }

    /// The same instant truncated (never rounded) to whole milliseconds, with canonical text: what a writer
    /// emits, and what reading that text back gives.
    public var truncatedToMilliseconds: Timestamp {
        let (value, overflow) = Self.floorDivide(nanoseconds, 1_000_000).multipliedReportingOverflow(by: 1_000_000)
        // Only the last millisecond before Int64.min overflows; it keeps its nanoseconds rather than trap.
        return Timestamp(nanosecondsSinceEpoch: overflow ? nanoseconds : value)
    }

    /// Milliseconds since the epoch.
    public var milliseconds: Int64 { Self.floorDivide(nanoseconds, 1_000_000) }

    /// Whole seconds since the epoch.
    public var seconds: Int64 { Self.floorDivide(nanoseconds, 1_000_000_000) }

    /// UTC, `Z`, exactly three fractional digits: how writers spell an instant.
    public var canonicalText: String { Self.format(nanoseconds: nanoseconds) }

    /// UTC, `Z`, no fractional digits: for `bag-info.txt` and journal lines that need only seconds.
    public var secondsText: String {
        let full = Self.format(nanoseconds: nanoseconds)
        return String(full.prefix(19)) + "Z"
    }

    /// The text as read.
    public var description: String { text }

    /// Orders by instant.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Equal when the instants are equal, whatever the spelling.
    public static func == (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds == rhs.nanoseconds }

    /// Hashes the instant.
    public func hash(into hasher: inout Hasher) { hasher.combine(nanoseconds) }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Days since the epoch for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count (Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func format(nanoseconds: Int64) -> String {
        let seconds = floorDivide(nanoseconds, 1_000_000_000)
        // The remainder computed directly: `seconds * 1e9` overflows near Int64.min.
        let remainder = nanoseconds % 1_000_000_000
        let millis = (remainder < 0 ? remainder + 1_000_000_000 : remainder) / 1_000_000
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ characters: StaticString) -> Bool {
            guard index < bytes.count,
                characters.withUTF8Buffer({ $0.contains(bytes[index]) })
            else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            expect("Tt "), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
            let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24,
            minute < 60, second <= 60
        else { return nil }
        var fraction: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var count = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if count < 9 { fraction = fraction * 10 + Int64(bytes[index] - 0x30) }
                count += 1
                index += 1
            }
            guard count >= 1, count <= 9 else { return nil }
            for _ in count..<9 { fraction *= 10 }
        }
        var offsetSeconds: Int64 = 0
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
        } else {
            let sign: Int64
            if bytes[index] == UInt8(ascii: "+") {
                sign = 1
            } else if bytes[index] == UInt8(ascii: "-") {
                sign = -1
            } else {
                return nil
            }
            index += 1
            guard let offsetHour = digits(2), expect(":"), let offsetMinute = digits(2), offsetHour < 24,
                offsetMinute < 60
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        // Nanoseconds in 64 bits reach the year 2262; a later (or hostile) date is not an instant Quire can
        // hold, and must be refused rather than trap.
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, overflowAgain) = scaled.addingReportingOverflow(fraction)
        return overflowAgain ? nil : total
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
