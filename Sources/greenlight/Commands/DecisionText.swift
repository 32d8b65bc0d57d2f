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
            for p in a.deciding { if let s = p.source { lines.append("    \(p.id): \(s)") } }
        }
        if !d.notes.isEmpty { lines.append("") }
        for note in d.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
