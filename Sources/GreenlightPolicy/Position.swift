/// A stated position of a state on a debated option: what a state consulted but not required said,
/// or a declared threat. Positions are shown beside decisions, never in them: no position changes
/// who must consent or what is permitted (docs/scenario-format.md, "positions").
public struct Position: Sendable {
    /// What a position is about: the debate as a whole, one variant, or one policy.
    public enum Subject: Sendable, Hashable, CustomStringConvertible {
        case debate
        case variant(String)
        case policy(String)

        /// The name as written in the scenario: `debate`, the variant's name or the policy's id.
        public var name: String {
            switch self {
            case .debate: "debate"
            case .variant(let v): v
            case .policy(let p): p
            }
        }

        /// `debate`, `variant` or `policy` (the JSON form's `about_kind`).
        public var kind: String {
            switch self {
            case .debate: "debate"
            case .variant: "variant"
            case .policy: "policy"
            }
        }

        public var description: String { self == .debate ? "the debate" : "\(kind) \(name)" }
    }

    /// The stance, as the scenario's vocabulary names it.
    public enum Stance: String, Sendable, Codable, CaseIterable {
        case supports, opposes, reluctant, conditional
        case declaredThreat = "declared-threat"
    }

    public var state: String
    public var about: Subject
    public var stance: Stance
    /// When the position was stated.
    public var date: CalendarDay
    /// The words that carry it, when a source gives them.
    public var quote: String?
    /// Its sources (each with a status); the piece in force on a decision's date is cited.
    public var evidence: FactEvidence
    public var location: SourceLocation
}
