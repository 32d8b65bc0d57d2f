import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// The result of `greenlight reach`: areas, optional site counts, and what was asked. Its JSON top
/// level carries `in_range_km2`, `permitted_km2`, `share_permitted`, `area_error_km2` and
/// `by_authority` (state code → permitted km²), so that other tools can read it.
public struct ReachReport: Sendable, Encodable {
    public var scenario: String
    public var item: String
    public var itemName: String
    public var recipient: String
    public var date: CalendarDay
    public var variant: String?
    public var category: String
    public var launchArea: String
    public var within: String?
    public var areas: ReachAreas
    public var sites: SiteCounts?
    /// With a before file (`--sites-before`): how the sites moved between it and `sites`' file.
    public var moves: SiteMoves?
    public var notes: [String]

    public init(scenario: String, item: String, itemName: String, recipient: String, date: CalendarDay, variant: String?, category: String,
                launchArea: String, within: String?, areas: ReachAreas, sites: SiteCounts?, notes: [String]) {
        self.scenario = scenario; self.item = item; self.itemName = itemName; self.recipient = recipient; self.date = date
        self.variant = variant; self.category = category; self.launchArea = launchArea; self.within = within
        self.areas = areas; self.sites = sites; self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case scenario, item, itemName = "item_name", recipient, date, variant, category, launchArea = "launch_area", within, sites, moves, notes
    }

    public func encode(to encoder: Encoder) throws {
        try areas.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(item, forKey: .item)
        try c.encode(itemName, forKey: .itemName)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(date, forKey: .date)
        try c.encode(variant, forKey: .variant)
        try c.encode(category, forKey: .category)
        try c.encode(launchArea, forKey: .launchArea)
        try c.encode(within, forKey: .within)
        try c.encode(sites, forKey: .sites)
        try c.encodeIfPresent(moves, forKey: .moves)
        try c.encode(notes, forKey: .notes)
    }

    /// Readable text.
    public var text: String {
        let a = areas
        var lines = ["\(itemName) (\(item)) held by \(recipient) on \(date)\(variant.map { ", variant \($0)" } ?? ""), targets of category \(category)"]
        lines.append("launch area \(launchArea), range \(fmt(a.rangeKm)) km\(within.map { ", territory measured: \($0)" } ?? "")")
        lines.append("required consent: \(a.required.isEmpty ? "none" : a.required.joined(separator: ", "))\(a.transferred ? "" : " — not transferred on this date: nothing is permitted")")
        lines.append("")
        lines.append("in range:  \(km2(a.inRangeKm2))")
        lines.append("permitted: \(km2(a.permittedKm2))  (\(String(format: "%.1f", a.sharePermitted * 100))% of the area in range)")
        for state in a.required { lines.append("  permitted by \(state): \(km2(a.byAuthority[state] ?? 0))") }
        lines.append("area bound: ±\(grouped(a.areaErrorKm2.rounded(.up))) km² (zone boundaries within \(fmt(a.toleranceM)) m of the exact ones)")
        if let s = sites {
            lines.append("")
            lines.append("sites: \(s.total)\(s.outsideTerritory > 0 ? " (\(s.outsideTerritory) outside the territory, not counted below)" : "")")
            lines.append("  in range: \(s.inRange) — permitted \(s.permittedInRange), denied \(s.deniedInRange); out of range: \(s.outOfRange)")
            for (state, n) in s.byMissingAuthority.sorted(by: { $0.key < $1.key }) { lines.append("  in range but not permitted by \(state): \(n)") }
            for (category, c) in s.byCategory.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(category): \(c.total) sites, \(c.inRange) in range, \(c.permittedInRange) permitted in range")
            }
        }
        if let moves {
            lines.append("")
            lines.append(moves.text)
        }
        for note in notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}

func km2(_ x: Double) -> String { "\(grouped(x)) km²" }
func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
/// A bound rounded up to whole km², so that the printed bound never understates the computed one.
func groupedUp(_ x: Double) -> String { grouped(x.rounded(.up)) }

func grouped(_ x: Double) -> String {
    let n = Int(x.rounded())
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}
