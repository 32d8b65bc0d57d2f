import Foundation

/// One state whose consent a use needs, and every rule that makes it needed.
public struct RequiredAuthority: Sendable, Codable {
    public var state: String
    public var reasons: [String]
    /// The facts that make it required, each with its status in force on the date and its source.
    public var facts: [FactStanding] = []
}

/// What the jurisdiction rules require for an item in a recipient's hands on a date.
public struct ConsentDerivation: Sendable {
    /// States that transferred the item to the recipient on or before the date (nil date: ever); only
    /// the named one when the question names a supplier.
    public var suppliers: [String]
    /// Suppliers on or before the date that the question leaves out because it names another one.
    public var otherSuppliers: [String] = []
    /// False when the recipient has no transfer of the item and did not make it: the use is denied.
    public var transferred: Bool
    /// Required authorities, the recipient excluded, in a stable order.
    public var authorities: [RequiredAuthority]
}

extension Scenario {
    /// Derives who must consent (DESIGN.md decision rule 1): suppliers, origin, see-through and
    /// de-minimis rules; the recipient never needs its own consent. Shares are compared in decimal.
    ///
    /// With a `supplier`, the question concerns the units that state delivered (docs/scenario-format.md,
    /// "Several suppliers"): the supplier rule names only it, and the item counts as transferred only by
    /// its delivery. The rule is the same for every use, retransfer included.
    public func requiredAuthorities(item itemId: String, recipient: String, date: CalendarDay?, supplier: String? = nil) -> ConsentDerivation {
        guard let item = items[itemId] else { return ConsentDerivation(suppliers: [], transferred: false, authorities: []) }
        let delivered = self.transfers.filter { $0.item == itemId && $0.to == recipient && (date == nil || $0.date <= date!) }
        let transfers = supplier.map { s in delivered.filter { $0.from == s } } ?? delivered
        var supplierDates: [String: CalendarDay] = [:]
        for t in transfers { supplierDates[t.from] = min(supplierDates[t.from] ?? t.date, t.date) }
        let suppliers = supplierDates.keys.sorted()
        let otherSuppliers = Set(delivered.map(\.from)).subtracting(suppliers).sorted()
        let transferred = !transfers.isEmpty || (supplier == nil && item.origin == recipient)
        var reasons: [String: [String]] = [:]
        var facts: [String: [FactStanding]] = [:]
        var order: [String] = []
        func require(_ state: String, _ why: String, _ evidence: [FactStanding] = []) {
            if reasons[state] == nil { order.append(state) }
            // A reason names one fact (the earliest transfer from a supplier, the item, a component): its status goes with it.
            let label = evidence.count == 1 || evidence.first?.kind == .transfer ? evidence.first?.standing.label(on: date) : nil
            reasons[state, default: []].append(why + (label.map { " (\($0))" } ?? ""))
            for fact in evidence where !(facts[state]?.contains(fact) ?? false) { facts[state, default: []].append(fact) }
        }
        let itemFact = FactStanding(kind: .item, fact: item.name, standing: item.evidence.standing(on: date))
        func componentFact(_ c: Component) -> FactStanding {
            FactStanding(kind: .component, fact: "\(c.name) from \(c.origin) in \(item.name)", standing: c.evidence.standing(on: date))
        }
        for rule in jurisdiction {
            switch rule {
            case .supplier:
                for s in suppliers {
                    let counted = transfers.filter { $0.from == s }.sorted { $0.date < $1.date }.map {
                        FactStanding(kind: .transfer, fact: "\(item.name) from \($0.from) to \($0.to) on \($0.date)", standing: $0.evidence.standing(on: date))
                    }
                    require(s, "supplier: transferred \(item.name) to \(recipient) on \(supplierDates[s]!)", counted)
                }
            case .origin:
                require(item.origin, "origin: \(item.name) is made in \(item.origin)", [itemFact])
            case let .seeThrough(regime):
                for c in item.components where c.regime == regime {
                    require(c.origin, "see-through \(regime): contains \(c.name) from \(c.origin)", [componentFact(c)])
                }
            case let .deMinimis(regime, percent, groupPercent):
                let groups = states[recipient]?.groups ?? []
                let groupThresholds = groups.compactMap { groupPercent[$0] }
                let threshold = groupThresholds.min() ?? percent
                let basis = groupThresholds.isEmpty ? "the general threshold" : "the threshold for \(recipient)'s group"
                guard let value = item.value, value > 0 else { continue }
                var byOrigin: [String: Decimal] = [:]
                for c in item.components where c.regime == regime { byOrigin[c.origin, default: 0] += c.value ?? 0 }
                for origin in byOrigin.keys.sorted() {
                    let content = byOrigin[origin]!
                    // share > threshold  ⇔  content × 100 > threshold × value, exactly in decimal.
                    if content * 100 > threshold * value {
                        var share = content * 100 / value, rounded = Decimal()
                        NSDecimalRound(&rounded, &share, 2, .plain)
                        require(origin, "de minimis \(regime): \(origin)-origin controlled content is \(rounded)% of the value, over \(basis) of \(threshold)%",
                                item.components.filter { $0.regime == regime && $0.origin == origin }.map(componentFact))
                    }
                }
            }
        }
        let authorities = order.filter { $0 != recipient }.map { RequiredAuthority(state: $0, reasons: reasons[$0]!, facts: facts[$0] ?? []) }
        return ConsentDerivation(suppliers: suppliers, otherSuppliers: otherSuppliers, transferred: transferred, authorities: authorities)
    }
}
