import GreenlightPolicy

extension TimelineChart {
    /// The events as marks on the chart: a dotted red line at each event's date, a diamond on the
    /// date axis, and its id written upwards beside the line, with the claim and who made it as the
    /// mark's tooltip. Events outside the chart's dates are left out. Marks are drawn in red and
    /// dotted so that they read as claims beside the step lines of permitted area, not as changes.
    static func eventMarks(_ events: [ScenarioEvent], x: (Double) -> Double, from t0: Double, to t1: Double, top: Double, bottom: Double, text: ReportText) -> String {
        var s = "", shown = 0
        let color = "#b2182b"
        for e in events.sorted(by: { $0.date < $1.date }) {
            let t = Double(e.date.ordinal)
            guard t0 <= t, t <= t1 else { continue }
            let px = x(t)
            let tooltip = escapeXML(text("{0}: {1} (claimed by {2})", text.date(e.date), e.claim, e.claimedBy.joined(separator: "; ")))
            s += "<g class=\"event\"><title>\(tooltip)</title>"
            s += "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(top)\" y2=\"\(bottom)\" stroke=\"\(color)\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/>"
            s += "<path d=\"M\(px) \(bottom - 5)L\(px + 4) \(bottom)L\(px) \(bottom + 5)L\(px - 4) \(bottom)Z\" fill=\"\(color)\"/>"
            // Rotated a quarter turn, the glyphs stand to the left of their anchor: the anchor sits right of the line.
            s += "<text x=\"\(px + 10)\" y=\"\(bottom - 8)\" transform=\"rotate(-90 \(px + 10) \(bottom - 8))\" font-size=\"9\" fill=\"\(color)\">\(escapeXML(e.id))</text></g>"
            shown += 1
        }
        if shown > 0 {
            s = "<text x=\"\(x(t0))\" y=\"\(top - 6)\" font-size=\"10\" fill=\"\(color)\">◆ \(escapeXML(text("events reported by parties (claims, not policies)")))</text>" + s
        }
        return s
    }
}
