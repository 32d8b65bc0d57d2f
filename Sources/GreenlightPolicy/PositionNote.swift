/// A position as shown beside one answer: who said what about which subject, when, with the source
/// in force on the answer's date. It is never part of the answer (docs/decision-json.md, `positions`).
public struct PositionNote: Sendable, Codable, Hashable {
    public var state: String
    public var name: String
    public var stance: Position.Stance
    /// `debate`, a variant's name or a policy's id.
    public var about: String
    /// `debate`, `variant` or `policy`.
    public var aboutKind: String
    public var date: CalendarDay
    public var quote: String?
    /// The status and source of the evidence in force on the answer's date.
    public var status: PolicyStatus?
    public var source: String?
    public var evidence: Evidence?
    /// Whether the state's consent is required for the answer beside which it is shown (a position
    /// of a state that is not required is one of a state consulted, not required).
    public var required: Bool

    enum CodingKeys: String, CodingKey {
        case state, name, stance, about, aboutKind = "about_kind", date, quote, status, source, evidence, required
    }

    /// In words, for text answers: "consulted, not required: DE reluctant (NOS, 2024-09-12)",
    /// "declared threat: RU (AP, 2024-09-12)", "stated by a required state: US opposes (Time, 2024-12-12)".
    public var label: String {
        let cite = "(" + ([source, date.description].compactMap { $0 }).joined(separator: ", ") + ")"
        if stance == .declaredThreat { return "declared threat: \(state) \(cite)" }
        return "\(required ? "stated by a required state" : "consulted, not required"): \(state) \(stance.rawValue) \(cite)"
    }
}

extension PositionNote {
    /// Positions as text lines beside an answer (decide, compare): a header saying that they are not
    /// part of it, then one line each with what it is about and its words; nothing when there are none.
    public static func textLines(_ positions: [PositionNote]) -> [String] {
        guard !positions.isEmpty else { return [] }
        var lines = ["", "positions (beside the answer, never in it):"]
        for p in positions {
            let about = p.aboutKind == "debate" ? "the debate" : "\(p.aboutKind) \(p.about)"
            lines.append("  \(p.label), on \(about)\(p.quote.map { ": \"\($0)\"" } ?? "")")
        }
        return lines
    }
}

extension Scenario {
    /// The positions about the debate, one of `variants` or one of `policies`, stated on or before
    /// `date`, oldest first; `required` marks the states whose consent the answer needs. Beside a
    /// decision (`PolicyEngine.decide`), `policies` are those it cites: deciding, or a nearest miss.
    /// They never change the decision.
    public func positions(on date: CalendarDay, variants: [String], policies: Set<String>, required: Set<String>) -> [PositionNote] {
        positions.enumerated().filter { _, p in
            guard p.date <= date else { return false }
            switch p.about {
            case .debate: return true
            case .variant(let v): return variants.contains(v)
            case .policy(let id): return policies.contains(id)
            }
        }
        .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
        .map { _, p in
            let standing = p.evidence.standing(on: date)
            return PositionNote(state: p.state, name: states[p.state]?.name ?? p.state, stance: p.stance, about: p.about.name, aboutKind: p.about.kind,
                                date: p.date, quote: p.quote, status: standing.status, source: standing.source, evidence: standing.evidence,
                                required: required.contains(p.state))
        }
    }
}
