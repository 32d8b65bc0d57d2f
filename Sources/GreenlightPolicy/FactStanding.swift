/// A fact behind a consent requirement — a transfer that makes a state a supplier, the item whose
/// origin is required, a component whose origin is required — with its status in force on the date
/// and its source. Shown by decisions (`authorities[].facts`), `consents` and reports.
public struct FactStanding: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case transfer, item, component }
    public var kind: Kind
    /// The fact in words: "Storm Shadow from GB to UA on 2023-05-11".
    public var fact: String
    public var standing: EvidenceStanding

    public init(kind: Kind, fact: String, standing: EvidenceStanding) {
        self.kind = kind; self.fact = fact; self.standing = standing
    }

    enum CodingKeys: String, CodingKey {
        case kind, fact, status, source, evidence, addedByVariant = "added_by_variant", notYetEvidenced = "not_yet_evidenced", firstEvidence = "first_evidence"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        fact = try c.decode(String.self, forKey: .fact)
        standing = EvidenceStanding(status: try c.decodeIfPresent(PolicyStatus.self, forKey: .status),
                                    source: try c.decodeIfPresent(String.self, forKey: .source),
                                    evidence: try c.decodeIfPresent(Evidence.self, forKey: .evidence),
                                    addedByVariant: try c.decodeIfPresent(String.self, forKey: .addedByVariant),
                                    notYetEvidenced: try c.decodeIfPresent(Bool.self, forKey: .notYetEvidenced),
                                    firstEvidence: try c.decodeIfPresent(Evidence.self, forKey: .firstEvidence))
    }

    /// Flat: `{kind, fact, status, source, evidence, added_by_variant, not_yet_evidenced, first_evidence}`;
    /// `status` is null when the fact states none, the other optional keys are left out when empty.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(fact, forKey: .fact)
        try c.encode(standing.status, forKey: .status)
        try c.encodeIfPresent(standing.source, forKey: .source)
        try c.encodeIfPresent(standing.evidence, forKey: .evidence)
        try c.encodeIfPresent(standing.addedByVariant, forKey: .addedByVariant)
        try c.encodeIfPresent(standing.notYetEvidenced, forKey: .notYetEvidenced)
        try c.encodeIfPresent(standing.firstEvidence, forKey: .firstEvidence)
    }
}
