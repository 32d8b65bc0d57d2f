import GreenlightGeodesy

/// A question: a request with everything but the target's place — who holds what, for which use,
/// against what category, on which date (the variant is the engine's).
public struct PolicyQuestion: Sendable, Hashable {
    public var recipient: String
    public var item: String
    public var use: String
    public var date: CalendarDay
    /// The target's category; nil when the request has no target.
    public var category: String?
    /// Where a retransfer passes the item; nil for every other use.
    public var destination: String?
    /// The one supplier whose delivery the question concerns; nil: every supplier.
    public var supplier: String?

    public init(recipient: String, item: String, use: String, date: CalendarDay, category: String?, destination: String? = nil, supplier: String? = nil) {
        self.recipient = recipient; self.item = item; self.use = use; self.date = date; self.category = category
        self.destination = destination; self.supplier = supplier
    }

    public init(_ r: UseRequest) {
        self.init(recipient: r.recipient, item: r.item, use: r.use, date: r.date, category: r.target?.category, destination: r.destination, supplier: r.supplier)
    }
}

/// The policy kernel: a question compiled once into, per required authority, the region where it
/// permits (a formula over places) and the structure that explains it. The explained decision, the
/// fast verdict, site classification, areas and zones are all read from this one form; the decision
/// rule (DESIGN.md rule 2, Cedar's) is encoded only in `CompiledAuthority.init`.
public struct CompiledQuestion: Sendable {
    public let question: PolicyQuestion
    /// Who must consent, derived once for the question.
    public let consent: ConsentDerivation
    public let authorities: [CompiledAuthority]

    /// The authorities that do not permit the use at the point (all of them when the item was not transferred).
    public func missing(at point: GeoPoint?) -> [CompiledAuthority] {
        consent.transferred ? authorities.filter { !$0.region.contains(point) } : authorities
    }

    /// What the question's regions depend on: whether the item was transferred, and per required
    /// authority the applicable permits and forbids. Two questions of one engine with the same
    /// signature (e.g. two dates between the same changes) have the same regions.
    public var regionSignature: String {
        "\(consent.transferred)|" + authorities.map { a in
            "\(a.state):+\(a.permits.map(\.policy.id).joined(separator: ",")):-\(a.forbids.map(\.policy.id).joined(separator: ","))"
        }.joined(separator: ";")
    }

    /// Whether the use at the point is permitted: transferred, and every required authority permits.
    public func isPermitted(at point: GeoPoint?) -> Bool {
        consent.transferred && authorities.allSatisfy { $0.region.contains(point) }
    }
}

/// One required authority's part of a compiled question.
public struct CompiledAuthority: Sendable {
    public let required: RequiredAuthority
    public var state: String { required.state }
    /// Index of the state in the scenario's `stateOrder`.
    public let stateIndex: Int32
    /// Its policies whose filters other than the target's place match the question, with each one's area.
    public let permits: [ApplicablePolicy]
    public let forbids: [ApplicablePolicy]
    /// Whether the authority has any policy at all.
    public let hasPolicies: Bool
    /// Every permit of the authority, in scenario order, with the filters other than the target's area
    /// that it fails (none for an applicable one): the candidates for a refusal's nearest misses, read
    /// once per question rather than once per decision.
    let permitCandidates: [PermitCandidate]
    /// Where it permits: inside some applicable permit's area and outside every applicable forbid's.
    public let region: RegionFormula

    init(required: RequiredAuthority, stateIndex: Int32, policies: [Policy], question: PolicyQuestion, item: Item) {
        self.required = required
        self.stateIndex = stateIndex
        var permits: [ApplicablePolicy] = [], forbids: [ApplicablePolicy] = []
        var candidates: [PermitCandidate] = []
        for p in policies {
            let failures = PolicyFilters.failures(p, question, item: item)
            let reference = p.reference(on: question.date)
            if failures.isEmpty {
                if p.effect == .permit { permits.append(ApplicablePolicy(p, reference: reference)) } else { forbids.append(ApplicablePolicy(p, reference: reference)) }
            }
            if p.effect == .permit { candidates.append(PermitCandidate(policy: p, reference: reference, failures: failures)) }
        }
        self.permits = permits; self.forbids = forbids; hasPolicies = !policies.isEmpty
        permitCandidates = candidates
        // Cedar: permitted iff at least one permit applies and no forbid applies; none applies: not permitted.
        // Forbids first: their areas are usually whole countries (a cheap containment test) and, where one
        // applies, nothing else need be measured.
        region = !.or(forbids.map(\.area)) && .or(permits.map(\.area))
    }
}

/// A policy that applies to a question wherever its target-area filters hold.
public struct ApplicablePolicy: Sendable {
    public let policy: Policy
    /// `target_in` and not `target_not_in` (everywhere when it has neither).
    public let area: RegionFormula
    /// The policy as a decision on the question's date cites it.
    public let reference: PolicyReference

    init(_ p: Policy, reference: PolicyReference) {
        policy = p
        area = p.targetRegion
        self.reference = reference
    }
}

/// A permit as a candidate nearest miss: cited on the question's date, with the place-free and
/// category filters it fails.
struct PermitCandidate: Sendable {
    let policy: Policy
    let reference: PolicyReference
    let failures: [String]
}

extension Policy {
    /// The policy as cited on a date: the status in force then, with its source (docs/scenario-format.md, "Evidence").
    func reference(on date: CalendarDay) -> PolicyReference {
        let standing = evidence.standing(on: date)
        return PolicyReference(id: id, effect: effect, status: standing.status ?? status, source: standing.source ?? source,
                               evidence: standing.evidence, addedByVariant: standing.addedByVariant,
                               notYetEvidenced: standing.notYetEvidenced, firstEvidence: standing.firstEvidence)
    }
}

extension Policy {
    /// Where the policy's target filters hold: `target_in` and not `target_not_in` (everywhere when it has neither).
    public var targetRegion: RegionFormula {
        var parts: [RegionFormula] = []
        if let a = targetIn { parts.append(RegionFormula(a.predicate)) }
        if let a = targetNotIn { parts.append(!RegionFormula(a.predicate)) }
        return parts.isEmpty ? .constant(true) : (parts.count == 1 ? parts[0] : .and(parts))
    }
}

/// A policy's filters other than the target's place, matched against a question.
enum PolicyFilters {
    /// Every filter (other than the target's area) that the question fails, in words; empty: it applies.
    static func failures(_ p: Policy, _ q: PolicyQuestion, item: Item) -> [String] {
        var out = placeFreeFailures(p, q, item: item)
        if let categories = p.categories {
            if let category = q.category {
                if !categories.contains(where: { CategoryPath.matches(filter: $0, category: category) }) {
                    out.append("category \(category) does not match [\(categories.joined(separator: ", "))]")
                }
            } else { out.append("the target has no category; the policy needs [\(categories.joined(separator: ", "))]") }
        }
        return out
    }

    /// The filters that do not concern the target (date, use, recipient, item, origin, destination) that
    /// the question fails: a policy that passes them applies to the request by who, what, how and when.
    static func placeFreeFailures(_ p: Policy, _ q: PolicyQuestion, item: Item) -> [String] {
        var out: [String] = []
        if let from = p.from, q.date < from { out.append("from \(from) had not begun on \(q.date)") }
        if let until = p.until, until < q.date { out.append("until \(until) has passed on \(q.date)") }
        if let uses = p.uses, !uses.contains(q.use) { out.append("use '\(q.use)' is not among [\(uses.joined(separator: ", "))]") }
        if let recipients = p.recipients, !recipients.contains(q.recipient) { out.append("recipient \(q.recipient) is not among [\(recipients.joined(separator: ", "))]") }
        if let items = p.items, !items.contains(q.item) { out.append("item \(q.item) is not among [\(items.joined(separator: ", "))]") }
        if let origins = p.itemOrigin, !origins.contains(item.origin) { out.append("\(q.item) is made in \(item.origin), not [\(origins.joined(separator: ", "))]") }
        if let destinations = p.destinations {
            // Only a retransfer has a destination: the filter matches nothing else.
            if let destination = q.destination {
                if !destinations.contains(destination) { out.append("destination \(destination) is not among [\(destinations.joined(separator: ", "))]") }
            } else { out.append("the request has no destination; the policy needs one of [\(destinations.joined(separator: ", "))]") }
        }
        return out
    }
}
