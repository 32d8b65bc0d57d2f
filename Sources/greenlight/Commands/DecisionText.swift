import Foundation
import GreenlightPolicy

/// The readable form of a decision.
enum DecisionText {
    static func render(_ d: Decision) -> String {
        var lines: [String] = []
        let r = d.request
        var what = "\(r.recipient) · \(r.item)\(r.supplier.map { " (from \($0))" } ?? "") · \(r.use)\(r.destination.map { " to \($0)" } ?? "") · \(r.date)"
        if let t = r.target { what += " · target \(t["lat"]!),\(t["lon"]!)\(t["category"].map { " (\($0))" } ?? "")" }
        if let v = r.variant { what += " · variant \(v)" }
        lines.append(what)
        lines.append("decision: \(d.decision.rawValue.uppercased())\(d.reason.map { " (\($0))" } ?? "")")
        lines.append("required: \(d.required.isEmpty ? "none" : d.required.joined(separator: ", "))")
        if !d.missing.isEmpty { lines.append("missing:  \(d.missing.joined(separator: ", "))") }
        if let inRange = d.inRange { lines.append("in range: \(inRange ? "yes" : "no")") }
        for a in d.authorities {
            lines.append("")
            lines.append("\(a.state) (\(a.name)): \(a.verdict.rawValue)")
            for why in a.requiredBecause { lines.append("  required as \(why)") }
            lines.append("  \(a.explanation)")
            for p in a.deciding { if let cited = cite(p, on: r.date) { lines.append("    \(p.id): \(cited)") } }
        }
        if !d.notes.isEmpty { lines.append("") }
        for note in d.notes { lines.append("note: \(note)") }
        lines += PositionNote.textLines(d.positions)
        return lines.joined(separator: "\n")
    }

    /// A deciding policy's source as cited on the date: the source, and the date and url of the
    /// evidence in force; a policy not yet evidenced or added by a variant says so.
    static func cite(_ p: PolicyReference, on date: CalendarDay) -> String? {
        var parts: [String] = []
        if p.notYetEvidenced == true {
            var s = "not yet evidenced on \(date), shown as hypothetical"
            if let first = p.firstEvidence, let d = first.date { s += " (first \(first.status?.rawValue ?? "evidenced") \(d)\(first.source.map { ", \($0)" } ?? ""))" }
            parts.append(s)
        } else if let source = p.source {
            parts.append(([source] + [p.evidence?.date?.description, p.evidence?.url].compactMap { $0 }).joined(separator: ", "))
        }
        if let v = p.addedByVariant { parts.append("added by variant \(v)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
