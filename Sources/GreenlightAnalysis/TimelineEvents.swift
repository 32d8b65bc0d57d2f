import GreenlightPolicy

/// The scenario's events placed on a timeline: each event goes with the point whose areas are in
/// force on its date. Events are claims, not policies, so they never change a point's figures.
public enum TimelineEvents {
    /// The points with their events: those dated from the first point's date to `end` (inclusive;
    /// without `end`, every later one), each with the last point dated on or before it.
    public static func attach(_ events: [ScenarioEvent], to points: [TimelinePoint], end: CalendarDay?) -> [TimelinePoint] {
        var points = points
        guard let first = points.first?.date else { return points }
        for event in events.sorted(by: { $0.date < $1.date }) where first <= event.date && (end.map { event.date <= $0 } ?? true) {
            let index = points.lastIndex { $0.date <= event.date }!
            points[index].events.append(event)
        }
        return points
    }

    /// The last day a chart of the points should show so that their events fit: `end` when given,
    /// else the day after the last point or the day after the last event, whichever is later.
    public static func chartEnd(_ points: [TimelinePoint], end: CalendarDay?) -> CalendarDay? {
        if let end { return end }
        guard let last = points.last?.date else { return nil }
        let lastEvent = points.flatMap(\.events).map(\.date).max()
        return max(last.next, lastEvent?.next ?? last.next)
    }

    /// The events as text lines under a timeline table; nothing when there are none.
    public static func textLines(_ points: [TimelinePoint]) -> [String] {
        let events = points.flatMap(\.events)
        guard !events.isEmpty else { return [] }
        var lines = ["", "events (claims reported by parties, not policies: they change no decision or figure):"]
        for e in events {
            var parts = ["claimed by \(e.claimedBy.joined(separator: "; "))"]
            if let item = e.item { parts.append("item \(item)") }
            if let place = e.place { parts.append("place \(place.text)") }
            let cited = e.evidence.standing(on: nil).label(on: nil)
            if let cited { parts.append(cited) }
            lines.append("  \(e.date)  \(e.id): \(e.claim) (\(parts.joined(separator: "; ")))")
        }
        return lines
    }
}
