import Foundation

/// A calendar day (proleptic Gregorian), written YYYY-MM-DD; compared exactly, no time zone.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// Parses YYYY-MM-DD and checks that the day exists (2024-02-30 does not).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CalendarDay.daysIn(month: m, year: y) else { return nil }
        year = y; month = m; day = d
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 0000-03-01, for arithmetic (e.g. the day before a policy starts).
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year, m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.ordinal < b.ordinal }
    public var description: String {
        "\(String(format: "%04d", year))-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a date YYYY-MM-DD, found '\(text)'"))
        }
        self = day
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension CalendarDay {
    /// The following day.
    public var next: CalendarDay {
        if day < CalendarDay.daysIn(month: month, year: year) { return CalendarDay(String(format: "%04d-%02d-%02d", year, month, day + 1))! }
        if month < 12 { return CalendarDay(String(format: "%04d-%02d-01", year, month + 1))! }
        return CalendarDay(String(format: "%04d-01-01", year + 1))!
    }
}

extension YAMLValue {
    func calendarDay(_ what: String) throws(InputError) -> CalendarDay {
        let raw = try text(what)
        guard let day = CalendarDay(raw.trimmingCharacters(in: .whitespaces)) else {
            throw fail("expected \(what) as a real date YYYY-MM-DD, found '\(raw)'")
        }
        return day
    }
}
