/// The answer to a proposed use, with its explanation. Its JSON form (`--format json`) is stable:
/// see docs/decision-json.md.
public struct Decision: Sendable, Codable {
    public enum Verdict: String, Sendable, Codable { case permit, deny }

    public var decision: Verdict
    /// `not-transferred` when the recipient never received the item; nil otherwise.
    public var reason: String?
    /// State codes whose consent is needed.
    public var required: [String]
    /// Required states that do not permit the use.
    public var missing: [String]
    /// Launch-to-target distance within the item's range; nil without a launch point or without a range.
    public var inRange: Bool?
    public var distanceKm: Double?
    public var rangeKm: Double?
    public var notes: [String]
    public var authorities: [AuthorityVerdict]
    public var request: RequestEcho
    /// The scenario's positions on what the decision is about (the debate, the variant asked, the
    /// policies it cites), stated on or before its date: shown beside the answer, never in it.
    public var positions: [PositionNote] = []
    /// How to cite and re-run the decision (audit record, scenario version, content hash), set by whoever
    /// answers it — the server or the CLI; nil (and no `citation` key) for a decision only computed.
    public var citation: DecisionCitation? = nil

    enum CodingKeys: String, CodingKey {
        case decision, reason, required, missing, inRange = "in_range", distanceKm = "distance_km", rangeKm = "range_km", notes, authorities, request, positions, citation
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(decision, forKey: .decision)
        try c.encode(reason, forKey: .reason)
        try c.encode(required, forKey: .required)
        try c.encode(missing, forKey: .missing)
        try c.encode(inRange, forKey: .inRange)
        try c.encode(distanceKm, forKey: .distanceKm)
        try c.encode(rangeKm, forKey: .rangeKm)
        try c.encode(notes, forKey: .notes)
        try c.encode(authorities, forKey: .authorities)
        try c.encode(request, forKey: .request)
        try c.encode(positions, forKey: .positions)
        try c.encodeIfPresent(citation, forKey: .citation)
    }
}

/// One required authority's verdict on the use.
public struct AuthorityVerdict: Sendable, Codable {
    public var state: String
    public var name: String
    /// Why its consent is needed (the jurisdiction rules that name it).
    public var requiredBecause: [String]
    public var verdict: Decision.Verdict
    /// The policies that decided: the applicable forbids if any, else the applicable permits.
    public var deciding: [PolicyReference]
    /// For a refusal: the permits that came closest, with every filter they fail, in words.
    public var nearestMisses: [NearMiss]
    public var explanation: String
    /// The facts that make it required (the transfers that make it a supplier, the item, the
    /// components), each with its status in force on the date and its source.
    public var facts: [FactStanding] = []

    enum CodingKeys: String, CodingKey {
        case state, name, requiredBecause = "required_because", verdict, deciding, nearestMisses = "nearest_misses", explanation, facts
    }
}

/// A policy as cited in a decision: its status in force on the decision's date, with the source of
/// the evidence in force (docs/scenario-format.md, "Evidence").
public struct PolicyReference: Sendable, Codable {
    public var id: String
    public var effect: PolicyEffect
    public var status: PolicyStatus
    public var source: String?
    /// The piece of evidence in force, when it says more than a bare status and source.
    public var evidence: Evidence?
    /// The variant that added the policy.
    public var addedByVariant: String?
    /// True when every piece of its evidence is dated after the decision's date (it is shown as hypothetical).
    public var notYetEvidenced: Bool?
    /// For a policy not yet evidenced: its earliest dated evidence.
    public var firstEvidence: Evidence?

    enum CodingKeys: String, CodingKey {
        case id, effect, status, source, evidence, addedByVariant = "added_by_variant", notYetEvidenced = "not_yet_evidenced", firstEvidence = "first_evidence"
    }
}

public struct NearMiss: Sendable, Codable {
    public var policy: PolicyReference
    public var failures: [String]
}

/// The request as understood, echoed in the JSON form.
public struct RequestEcho: Sendable, Codable {
    public var recipient: String
    public var item: String
    public var use: String
    public var date: CalendarDay
    public var target: [String: String]?
    public var launch: [String: Double]?
    public var variant: String?
    /// A retransfer's destination.
    public var destination: String?
    /// The supplier the request names, if any.
    public var supplier: String?
}
