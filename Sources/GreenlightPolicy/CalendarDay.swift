import Foundation

/// A calendar day (proleptic Gregorian), written YYYY-MM-DD; compared exactly, no time zone.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    /// Parses YYYY-MM-DD and checks that the day exists (2024-02-30 does not).
    public init?(_ text: String) {
        // Byte by byte (the server parses a date per request): exactly DDDD-DD-DD in ASCII digits.
        var digits: [Int] = []
        digits.reserveCapacity(8)
        var count = 0
        for (i, byte) in text.utf8.enumerated() {
            count += 1
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), i < 10 else { return nil }
                digits.append(Int(byte - UInt8(ascii: "0")))
            }
        }
        guard count == 10 else { return nil }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let m = digits[4] * 10 + digits[5], d = digits[6] * 10 + digits[7]
        guard (1...12).contains(m), d >= 1, d <= CalendarDay.daysIn(month: m, year: y) else { return nil }
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
        // Ten ASCII bytes written in place (a small string: no allocation), since every decision the
        // server answers formats several dates. The year has four digits: the parser admits no other.
        String(unsafeUninitializedCapacity: 10) { out in
            func digits(_ value: Int, _ count: Int, at start: Int) {
                var v = value
                for i in stride(from: start + count - 1, through: start, by: -1) {
                    out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            digits(year, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            digits(month, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8)
            return 10
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a date YYYY-MM-DD, found '\(EchoedText.capped(text))'"))
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

    /// The day before.
    public var previous: CalendarDay {
        if day > 1 { return CalendarDay(String(format: "%04d-%02d-%02d", year, month, day - 1))! }
        if month > 1 { return CalendarDay(String(format: "%04d-%02d-%02d", year, month - 1, CalendarDay.daysIn(month: month - 1, year: year)))! }
        return CalendarDay(String(format: "%04d-12-31", year - 1))!
    }
}

extension YAMLValue {
    func calendarDay(_ what: String) throws(InputError) -> CalendarDay {
        let raw = try text(what)
        guard let day = CalendarDay(raw.trimmingCharacters(in: .whitespaces)) else {
            throw fail(.invalidDate, "expected \(what) as a real date YYYY-MM-DD, found '\(EchoedText.capped(raw))'")
        }
        return day
    }
}

extension CalendarDay {
    /// The intervals that change dates split all time into (both days inclusive; nil: open): the first
    /// open before the earliest change, each following one starting at a change, the last open after
    /// the latest; one open interval when there is no change.
    public static func intervals(splitAt dates: Set<CalendarDay>) -> [(from: CalendarDay?, until: CalendarDay?)] {
        let sorted = dates.sorted()
        guard let first = sorted.first else { return [(nil, nil)] }
        var out: [(from: CalendarDay?, until: CalendarDay?)] = [(nil, first.previous)]
        for (i, d) in sorted.enumerated() { out.append((d, i + 1 < sorted.count ? sorted[i + 1].previous : nil)) }
        return out
    }
}
