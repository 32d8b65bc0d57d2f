import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// One date of a timeline: the areas (and site counts) in force from that date on.
public struct TimelinePoint: Sendable, Encodable {
    public var date: CalendarDay
    /// The policies and transfers whose start or end makes this date a change point.
    public var changes: [String]
    public var areas: ReachAreas
    public var sites: SiteCounts?
    /// The scenario's events (claims, not policies) dated while these areas are in force: from this
    /// date to the day before the next point (see `TimelineEvents.attach`). They change no figure.
    public var events: [ScenarioEvent] = []

    public init(date: CalendarDay, changes: [String], areas: ReachAreas, sites: SiteCounts?) {
        self.date = date; self.changes = changes; self.areas = areas; self.sites = sites
    }
}

/// The dates at which anything that decides a reach question starts or ends: policies' `from` and the
/// day after their `until`, and transfers of the item to the recipient.
public enum TimelineDates {
    /// What changes is said in `text`'s language.
    public static func changePoints(engine: PolicyEngine, item: String, recipient: String, from: CalendarDay?, to: CalendarDay?,
                                    text: ReportText = ReportText(.en)) -> [(CalendarDay, [String])] {
        var changes: [Int: (CalendarDay, [String])] = [:]
        func add(_ day: CalendarDay, _ what: String) {
            if let from, day < from { return }
            if let to, to < day { return }
            changes[day.ordinal, default: (day, [])].1.append(what)
        }
        for t in engine.scenario.transfers where t.item == item && t.to == recipient { add(t.date, text("{0} transfers {1}", t.from, item)) }
        // Only the policies of states whose consent the item can need matter to its reach, and of those
        // only the ones whose item and recipient filters can match it.
        let deciding = Set(engine.scenario.requiredAuthorities(item: item, recipient: recipient, date: nil).authorities.map(\.state))
        let origin = engine.scenario.items[item]?.origin
        for p in engine.scenario.policies(variantOrEmpty: engine.variant) where deciding.contains(p.authority) {
            if let items = p.items, !items.contains(item) { continue }
            if let origins = p.itemOrigin, !origins.contains(where: { $0 == origin }) { continue }
            if let recipients = p.recipients, !recipients.contains(recipient) { continue }
            if let f = p.from { add(f, text("{0} starts", p.id)) }
            if let u = p.until { add(u.next, text("{0} ends after {1}", p.id, u.description)) }
        }
        if let from, changes[from.ordinal] == nil { changes[from.ordinal] = (from, [text("start of the period")]) }
        return changes.keys.sorted().map { changes[$0]! }
    }
}

extension Scenario {
    func policies(variantOrEmpty variant: String?) -> [Policy] { (try? policies(variant: variant)) ?? policies }
}

/// A step chart of permitted area (and share) over time, as SVG.
public enum TimelineChart {
    /// `start` and `end` fix the span shown (a report spans the scenario's period, `ReportPeriod`);
    /// by default it runs from the first point to the day after the last. Fixed texts are `text`'s.
    public static func svg(_ points: [TimelinePoint], title: String, start: CalendarDay? = nil, end: CalendarDay? = nil, text: ReportText = ReportText(.en),
                           width: Double = 900, height: Double = 320, events: [ScenarioEvent] = []) -> String {
        guard let first = points.first else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
        let left = 70.0, right = 20.0, top = 40.0, bottom = 50.0
        let endDay = end ?? points.last!.date.next
        let startDay = min(start ?? first.date, first.date)
        let t0 = Double(startDay.ordinal), t1 = Double(max(endDay.ordinal, startDay.ordinal + 30))
        let maxArea = max(1, points.map { max($0.areas.inRangeKm2, $0.areas.permittedKm2) }.max()!)
        func x(_ d: Double) -> Double { left + (d - t0) / (t1 - t0) * (width - left - right) }
        func y(_ a: Double) -> Double { top + (1 - a / maxArea) * (height - top - bottom) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"\(escapeXML(title))\" data-start=\"\(startDay)\" data-end=\"\(endDay)\">"
        s += "<title>\(escapeXML(title))</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
        s += "<text x=\"\(left)\" y=\"20\" font-size=\"13\" font-weight=\"bold\">\(escapeXML(title))</text>"
        for k in 0...4 {
            let a = maxArea * Double(k) / 4
            s += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(a))\" y2=\"\(y(a))\" stroke=\"#ddd\"/><text x=\"\(left - 6)\" y=\"\(y(a) + 4)\" text-anchor=\"end\">\(text.number(a / 1000))k</text>"
        }
        s += "<text x=\"14\" y=\"\(top + (height - top - bottom) / 2)\" transform=\"rotate(-90 14 \(top + (height - top - bottom) / 2))\" text-anchor=\"middle\">km²</text>"
        func step(_ value: (TimelinePoint) -> Double, color: String, label: String, dash: String) -> String {
            var d = ""
            for (i, p) in points.enumerated() {
                let xs = x(Double(p.date.ordinal)), xe = x(Double(i + 1 < points.count ? points[i + 1].date.ordinal : endDay.ordinal))
                d += (i == 0 ? "M" : "L") + "\(xs) \(y(value(p)))L\(xe) \(y(value(p)))"
            }
            return "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.2\" stroke-dasharray=\"\(dash)\"><title>\(escapeXML(label))</title></path>"
        }
        s += step({ $0.areas.inRangeKm2 }, color: "#fdae61", label: text("in range"), dash: "6 3")
        s += step({ $0.areas.permittedKm2 }, color: "#1a9850", label: text("permitted"), dash: "")
        for (i, p) in points.enumerated() {
            let px = x(Double(p.date.ordinal))
            s += "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(top)\" y2=\"\(height - bottom)\" stroke=\"#999\" stroke-dasharray=\"2 3\"/>"
            s += "<text x=\"\(px)\" y=\"\(height - bottom + 14 + Double(i % 2) * 12)\" text-anchor=\"middle\">\(p.date)</text>"
            s += "<circle cx=\"\(px)\" cy=\"\(y(p.areas.permittedKm2))\" r=\"3\" fill=\"#1a9850\"><title>\(escapeXML(text("{0}: permitted {1} km² ({2})", text.date(p.date), text.number(p.areas.permittedKm2), text.percent(p.areas.sharePermitted)))); \(escapeXML(p.changes.joined(separator: "; ")))</title></circle>"
        }
        s += eventMarks(events, x: x, from: t0, to: t1, top: top, bottom: height - bottom, text: text)
        // The legend box fits its longer label in either language.
        let legendWidth = max(210, 46 + [text("in range"), text("permitted by every required state")].map { MapTextMetrics.width($0, size: 11) }.max()!)
        s += "<g transform=\"translate(\(width - 20 - legendWidth),\(top))\"><rect width=\"\(legendWidth)\" height=\"40\" fill=\"white\" stroke=\"#aaa\"/>"
        s += "<line x1=\"8\" x2=\"30\" y1=\"13\" y2=\"13\" stroke=\"#fdae61\" stroke-width=\"2.2\" stroke-dasharray=\"6 3\"/><text x=\"36\" y=\"17\">\(escapeXML(text("in range")))</text>"
        s += "<line x1=\"8\" x2=\"30\" y1=\"29\" y2=\"29\" stroke=\"#1a9850\" stroke-width=\"2.2\"/><text x=\"36\" y=\"33\">\(escapeXML(text("permitted by every required state")))</text></g>"
        return s + "</svg>"
    }
}
