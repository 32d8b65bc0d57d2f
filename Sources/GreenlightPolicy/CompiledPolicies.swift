import GreenlightGeodesy

/// The scenario's policies and consent rules with every code interned to a small integer, for the hot
/// path (`PolicyEngine.isPermitted`): analyses and benchmarks decide millions of uses, and string
/// hashing and comparison would dominate. Semantics are those of `PolicyEngine.decide`; a test holds
/// the two to the same answers.
struct CompiledPolicies: Sendable {
    struct Rule: Sendable {
        var forbid: Bool
        var uses: [Int32]?
        var recipients: [Int32]?
        var items: [Int32]?
        var itemOrigins: [Int32]?
        var categories: [String]?
        var targetIn: AreaPredicate?
        var targetNotIn: AreaPredicate?
        var fromDay: Int
        var untilDay: Int
    }

    /// What the jurisdiction rules require for one item in one recipient's hands.
    struct Holding: Sendable {
        /// Authorities required whatever the date (origin, see-through, de minimis), the recipient excluded.
        var fixed: [Int32]
        /// Suppliers and the first day each transferred the item to the recipient.
        var suppliers: [(state: Int32, firstDay: Int)]
        var madeByRecipient: Bool
        var supplierRule: Bool
    }

    var stateIds: [String: Int32] = [:]
    var itemIds: [String: Int32] = [:]
    var useIds: [String: Int32] = [:]
    var itemOrigin: [Int32] = []
    var rulesByAuthority: [[Rule]] = []
    var holdings: [Int64: Holding] = [:]

    init(scenario: Scenario, policies: [Policy]) {
        for code in scenario.stateOrder { stateIds[code] = Int32(stateIds.count) }
        for id in scenario.itemOrder { itemIds[id] = Int32(itemIds.count) }
        itemOrigin = scenario.itemOrder.map { stateIds[scenario.items[$0]!.origin]! }
        rulesByAuthority = Array(repeating: [], count: stateIds.count)
        for p in policies {
            let rule = Rule(forbid: p.effect == .forbid,
                            uses: p.uses.map { $0.map { use in intern(use) } },
                            recipients: p.recipients?.map { stateIds[$0]! }, items: p.items?.map { itemIds[$0]! },
                            itemOrigins: p.itemOrigin?.map { stateIds[$0]! }, categories: p.categories,
                            targetIn: p.targetIn?.predicate, targetNotIn: p.targetNotIn?.predicate,
                            fromDay: p.from?.ordinal ?? Int.min, untilDay: p.until?.ordinal ?? Int.max)
            rulesByAuthority[Int(stateIds[p.authority]!)].append(rule)
        }
        let supplierRule = scenario.jurisdiction.contains { if case .supplier = $0 { return true }; return false }
        for itemId in scenario.itemOrder {
            for recipient in scenario.stateOrder {
                // Date-independent requirements come from the same derivation the explanations use.
                let derivation = scenario.requiredAuthorities(item: itemId, recipient: recipient, date: nil)
                let transfers = scenario.transfers.filter { $0.item == itemId && $0.to == recipient }
                var first: [String: Int] = [:]
                for t in transfers { first[t.from] = min(first[t.from] ?? Int.max, t.date.ordinal) }
                let suppliersOnly = Set(first.keys).subtracting(nonSupplierRequirements(scenario, itemId, recipient))
                let fixed = derivation.authorities.map(\.state).filter { !suppliersOnly.contains($0) }
                holdings[key(itemIds[itemId]!, stateIds[recipient]!)] = Holding(
                    fixed: fixed.map { stateIds[$0]! },
                    suppliers: first.filter { $0.key != recipient }.map { (stateIds[$0.key]!, $0.value) },
                    madeByRecipient: scenario.items[itemId]!.origin == recipient, supplierRule: supplierRule)
            }
        }
    }

    /// States required by rules other than `supplier` (they are required whatever the transfer dates).
    private func nonSupplierRequirements(_ scenario: Scenario, _ item: String, _ recipient: String) -> Set<String> {
        var copy = scenario
        copy.jurisdiction = scenario.jurisdiction.filter { if case .supplier = $0 { return false }; return true }
        return Set(copy.requiredAuthorities(item: item, recipient: recipient, date: nil).authorities.map(\.state))
    }

    private mutating func intern(_ use: String) -> Int32 {
        if let id = useIds[use] { return id }
        let id = Int32(useIds.count)
        useIds[use] = id
        return id
    }

    @inline(__always) func key(_ item: Int32, _ recipient: Int32) -> Int64 { Int64(item) << 32 | Int64(recipient) }

    /// The states that do not permit the use (empty: permitted), or nil when the item was not transferred.
    func missingAuthorities(_ r: UseRequest) -> [Int32]? {
        guard let item = itemIds[r.item], let recipient = stateIds[r.recipient], let holding = holdings[key(item, recipient)] else { return nil }
        let day = r.date.ordinal
        guard holding.madeByRecipient || holding.suppliers.contains(where: { $0.firstDay <= day }) else { return nil }
        let use = useIds[r.use] ?? -1
        let origin = itemOrigin[Int(item)]
        var missing: [Int32] = []
        for authority in holding.fixed where !permits(authority, r, item: item, recipient: recipient, use: use, origin: origin, day: day) { missing.append(authority) }
        if holding.supplierRule {
            for s in holding.suppliers where s.firstDay <= day && !holding.fixed.contains(s.state) && !missing.contains(s.state) {
                if !permits(s.state, r, item: item, recipient: recipient, use: use, origin: origin, day: day) { missing.append(s.state) }
            }
        }
        return missing
    }

    func isPermitted(_ r: UseRequest) -> Bool {
        guard let item = itemIds[r.item], let recipient = stateIds[r.recipient], let holding = holdings[key(item, recipient)] else { return false }
        let day = r.date.ordinal
        var transferred = holding.madeByRecipient
        for s in holding.suppliers where s.firstDay <= day { transferred = true; break }
        guard transferred else { return false }
        let use = useIds[r.use] ?? -1
        let origin = itemOrigin[Int(item)]
        for authority in holding.fixed where !permits(authority, r, item: item, recipient: recipient, use: use, origin: origin, day: day) { return false }
        if holding.supplierRule {
            for s in holding.suppliers where s.firstDay <= day && !holding.fixed.contains(s.state) {
                if !permits(s.state, r, item: item, recipient: recipient, use: use, origin: origin, day: day) { return false }
            }
        }
        return true
    }

    @inline(__always)
    private func permits(_ authority: Int32, _ r: UseRequest, item: Int32, recipient: Int32, use: Int32, origin: Int32, day: Int) -> Bool {
        var permitted = false
        for rule in rulesByAuthority[Int(authority)] {
            if day < rule.fromDay || day > rule.untilDay { continue }
            if let uses = rule.uses, !uses.contains(use) { continue }
            if let recipients = rule.recipients, !recipients.contains(recipient) { continue }
            if let items = rule.items, !items.contains(item) { continue }
            if let origins = rule.itemOrigins, !origins.contains(origin) { continue }
            if let categories = rule.categories {
                guard let category = r.target?.category, categories.contains(where: { CategoryPath.matches(filter: $0, category: category) }) else { continue }
            }
            if let area = rule.targetIn { guard let t = r.target, area.contains(t.point) else { continue } }
            if let area = rule.targetNotIn { guard let t = r.target, !area.contains(t.point) else { continue } }
            if rule.forbid { return false }
            permitted = true
        }
        return permitted
    }
}
