/// One piece of public evidence for a fact (a policy, transfer, item or component): who said it, when,
/// and how established it made the fact. The old `status:` and `source:` keys of a fact load as one
/// undated piece.
public struct Evidence: Sendable, Codable, Hashable {
    /// When the evidence was published; nil for an undated piece (it is in force on every date).
    public var date: CalendarDay?
    /// How established the fact is by this evidence; nil when a legacy `source:` was given without a status.
    public var status: PolicyStatus?
    /// The outlet or issuer ("Reuters", "US Department of Defense").
    public var source: String?
    public var title: String?
    public var url: String?
    public var quote: String?

    public init(date: CalendarDay? = nil, status: PolicyStatus? = nil, source: String? = nil, title: String? = nil, url: String? = nil, quote: String? = nil) {
        self.date = date; self.status = status; self.source = source; self.title = title; self.url = url; self.quote = quote
    }

    /// A dated public source: an outlet and a date at least (what `validate --require-evidence` asks of every fact).
    public var isDatedPublicSource: Bool { date != nil && !(source ?? "").isEmpty }
}

extension PolicyStatus {
    /// Official outranks reported, which outranks hypothetical.
    public var strength: Int {
        switch self {
        case .official: 2
        case .reported: 1
        case .hypothetical: 0
        }
    }
}

/// The evidence a fact carries, and which variant added it (nil: the scenario as written).
public struct FactEvidence: Sendable, Codable {
    public var pieces: [Evidence]
    /// The variant that added the fact; such a fact is hypothetical unless its own evidence says otherwise.
    public var addedByVariant: String?

    public init(_ pieces: [Evidence] = [], addedByVariant: String? = nil) {
        self.pieces = pieces; self.addedByVariant = addedByVariant
    }

    /// The status in force on a date (docs/scenario-format.md, "Evidence"): the strongest status
    /// among the pieces dated on or before it, undated pieces counting on every date. A nil date
    /// (a question about all time) counts every piece.
    ///
    /// When pieces exist but none is dated on or before the date, the fact is *not yet evidenced*:
    /// it is shown as hypothetical, never as fact, with its first evidence named. It still counts
    /// in decisions exactly as written (status is never decisive). A fact a variant added with no
    /// piece in force is hypothetical too; a fact with no evidence at all has no status.
    public func standing(on date: CalendarDay?) -> EvidenceStanding {
        let inForce = pieces.filter { piece in
            guard let d = piece.date, let date else { return true }
            return d <= date
        }
        var standing = EvidenceStanding(status: nil, source: nil, evidence: nil, addedByVariant: addedByVariant, notYetEvidenced: nil, firstEvidence: nil)
        // Strongest status; among equals the earliest dated piece (when it reached that status), then undated ones.
        let ranked = inForce.filter { $0.status != nil }.sorted { a, b in
            if a.status!.strength != b.status!.strength { return a.status!.strength > b.status!.strength }
            switch (a.date, b.date) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }
        if let best = ranked.first {
            standing.status = best.status
            standing.evidence = best.date == nil && best.title == nil && best.url == nil && best.quote == nil ? nil : best
            standing.source = best.source ?? inForce.first { $0.source != nil }?.source
        } else {
            standing.source = inForce.first { $0.source != nil }?.source
        }
        if inForce.isEmpty, !pieces.isEmpty {
            standing.status = .hypothetical
            standing.notYetEvidenced = true
            standing.firstEvidence = pieces.filter { $0.date != nil }.min { $0.date! < $1.date! }
        } else if addedByVariant != nil, standing.status == nil {
            standing.status = .hypothetical
        }
        return standing
    }

    /// The strongest status of any piece, whatever its date (the fact as the scenario knows it today).
    public var latestStatus: PolicyStatus? { standing(on: nil).status }
}

/// How established a fact is on a date, and the evidence that says so: what decisions, `consents`
/// and reports show beside a policy, transfer, item or component.
public struct EvidenceStanding: Sendable, Codable, Hashable {
    /// The status in force; nil when the fact states none (a transfer or item without status or evidence).
    public var status: PolicyStatus?
    /// The source of the evidence in force.
    public var source: String?
    /// The piece of evidence in force, when it says more than a bare status and source (a date, title, url or quote).
    public var evidence: Evidence?
    /// The variant that added the fact.
    public var addedByVariant: String?
    /// True when the fact has evidence, all of it dated after the date: it is shown as hypothetical.
    public var notYetEvidenced: Bool?
    /// For a fact not yet evidenced: its earliest dated evidence.
    public var firstEvidence: Evidence?

    enum CodingKeys: String, CodingKey {
        case status, source, evidence, addedByVariant = "added_by_variant", notYetEvidenced = "not_yet_evidenced", firstEvidence = "first_evidence"
    }

    /// In words, for text answers: "reported: Reuters, 2024-05-30", "hypothetical: added by variant
    /// tomahawk", "hypothetical: not yet evidenced on 2024-05-29 (first reported 2024-05-30, Reuters)";
    /// nil when there is nothing to say (no status, no variant).
    public func label(on date: CalendarDay?) -> String? {
        guard let status else { return nil }
        var parts: [String] = []
        if notYetEvidenced == true {
            var s = "not yet evidenced\(date.map { " on \($0)" } ?? "")"
            if let first = firstEvidence, let d = first.date {
                s += " (first \(first.status?.rawValue ?? "evidenced") \(d)\(first.source.map { ", \($0)" } ?? ""))"
            }
            parts.append(s)
        } else {
            var cite: [String] = []
            if let source { cite.append(source) }
            if let d = evidence?.date { cite.append(d.description) }
            if !cite.isEmpty { parts.append(cite.joined(separator: ", ")) }
        }
        if let v = addedByVariant { parts.append("added by variant \(v)") }
        return status.rawValue + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; "))
    }
}
