import Foundation

/// One state whose consent a use needs, and every rule that makes it needed.
public struct RequiredAuthority: Sendable, Codable {
    public var state: String
    public var reasons: [String]
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
        var order: [String] = []
        func require(_ state: String, _ why: String) {
            if reasons[state] == nil { order.append(state) }
            reasons[state, default: []].append(why)
        }
        for rule in jurisdiction {
            switch rule {
            case .supplier:
                for s in suppliers { require(s, "supplier: transferred \(item.name) to \(recipient) on \(supplierDates[s]!)") }
            case .origin:
                require(item.origin, "origin: \(item.name) is made in \(item.origin)")
            case let .seeThrough(regime):
                for c in item.components where c.regime == regime {
                    require(c.origin, "see-through \(regime): contains \(c.name) from \(c.origin)")
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
                        require(origin, "de minimis \(regime): \(origin)-origin controlled content is \(rounded)% of the value, over \(basis) of \(threshold)%")
                    }
                }
            }
        }
        let authorities = order.filter { $0 != recipient }.map { RequiredAuthority(state: $0, reasons: reasons[$0]!) }
        return ConsentDerivation(suppliers: suppliers, otherSuppliers: otherSuppliers, transferred: transferred, authorities: authorities)
    }
}
