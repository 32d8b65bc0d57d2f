import Foundation

/// A question a scenario declares for its report (`questions:`): how much territory an area
/// expression covers within an item's range (or a given range) of a launch area, inside a territory,
/// on a date and under a variant; optionally as a share of another question's figure, and beside the
/// figures others published for a similar question.
public struct ScenarioQuestion: Sendable {
    public var id: String
    public var name: LocalizedText
    /// What is measured inside the territory in range; nil measures the whole territory in range.
    public var area: AreaReference?
    /// The territory (e.g. RU); nil: everything in range.
    public var within: AreaReference?
    /// The item whose range (and holder) the question uses; nil when `rangeKm` alone gives the range.
    public var item: String?
    /// A range that replaces the item's (or stands alone, with `launchArea`).
    public var rangeKm: Double?
    /// Where the range is measured from; nil: the country of the item's holder.
    public var launchArea: AreaReference?
    /// The date (nil: the report's key date) and the variant (nil: as written).
    public var date: CalendarDay?
    public var variant: String?
    /// The id of the question whose figure this one is printed as a share of.
    public var shareOf: String?
    public var published: [PublishedFigure]
    public var notes: [LocalizedText]
    public var location: SourceLocation

    public init(id: String, name: LocalizedText, location: SourceLocation) {
        self.id = id; self.name = name; self.location = location
        published = []; notes = []
    }
}

/// A figure someone published for a question like the scenario's, with its source and how its
/// definition differs from the scenario's.
public struct PublishedFigure: Sendable {
    /// How the publisher qualified the value ("at most 16%").
    public enum Qualifier: String, Sendable, CaseIterable { case atMost = "at-most", atLeast = "at-least", about, exactly }

    /// The value as written, exactly (its decimals are kept for printing).
    public var value: Decimal
    /// Digits after the decimal point as written (16 → 0, 4.7 → 1).
    public var decimals: Int
    public var qualifier: Qualifier?
    /// What is counted: `%`, `km²`, or words ("Russian military objects").
    public var unit: LocalizedText
    /// The outlet or issuer, and when it published (a day, or a month when only the month is known).
    public var source: String
    public var date: PublishedDate
    public var title: String?
    public var url: String?
    /// The publisher's own words, when they say more than the value.
    public var quote: String?
    /// How the published definition differs from the scenario's question.
    public var definition: [LocalizedText]
    public var location: SourceLocation
}

/// The day a figure was published, or only its month (`2024-08`) when no day is known.
public struct PublishedDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    /// Nil when only the month is known.
    public var day: CalendarDay?

    /// Parses `YYYY-MM-DD` (a real day) or `YYYY-MM`.
    public init?(_ text: String) {
        if let d = CalendarDay(text) { year = d.year; month = d.month; day = d; return }
        guard text.utf8.count == 7, let d = CalendarDay(text + "-01") else { return nil }
        year = d.year; month = d.month; day = nil
    }

    public var description: String { day?.description ?? "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
