import Foundation
import GreenlightPolicy

/// The span a report's charts cover, from the scenario's own dates: its first transfer to its last
/// change (a policy starting or ending, a transfer, a piece of dated evidence, a question's date, in
/// the scenario and in its variants), with a margin after the last change so that its step is seen.
public struct ReportPeriod: Sendable, Equatable {
    public var start: CalendarDay
    public var end: CalendarDay

    /// Days added after the last change: a twentieth of the span, at least a month.
    public static func marginDays(spanDays: Int) -> Int { max(31, spanDays / 20) }

    /// The period of a scenario; nil when it has no date at all.
    public init?(_ scenario: Scenario) {
        var changes: [CalendarDay] = []
        var transfers = scenario.transfers
        var policies = scenario.policies
        for name in scenario.variantOrder {
            guard let v = scenario.variants[name] else { continue }
            transfers += v.addTransfers
            policies += v.add
        }
        changes += transfers.map(\.date)
        for p in policies {
            if let f = p.from { changes.append(f) }
            if let u = p.until { changes.append(u.next) }
            changes += p.evidence.pieces.compactMap(\.date)
        }
        for t in transfers { changes += t.evidence.pieces.compactMap(\.date) }
        for item in scenario.items.values { changes += item.evidence.pieces.compactMap(\.date) }
        changes += scenario.questions.compactMap(\.date)
        guard let last = changes.max(), let first = transfers.map(\.date).min() ?? changes.min() else { return nil }
        start = first
        var end = last
        for _ in 0..<Self.marginDays(spanDays: last.ordinal - first.ordinal) { end = end.next }
        self.end = end
    }

    public init(start: CalendarDay, end: CalendarDay) { self.start = start; self.end = end }
}

extension CalendarDay {
    /// Today's date in UTC (for a scenario that has no date of its own).
    public static var today: CalendarDay {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return CalendarDay(String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))!
    }
}
