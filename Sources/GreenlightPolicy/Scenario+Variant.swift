extension Scenario {
    /// The scenario with a variant's changes in it: its states, areas and items added, its transfers
    /// added and removed, its policies added and removed. Everything downstream (consents, decisions,
    /// reach) reads this one scenario, so a variant's facts count exactly as the scenario's own. Nil:
    /// the scenario as written. The loader has checked that nothing a variant adds collides with the
    /// scenario's names.
    public func applying(variant name: String?) throws(InputError) -> Scenario {
        guard let name, name != appliedVariant else { return self }
        let v = try variant(named: name)
        var s = self
        s.policies = try policies(variant: name)
        for state in v.addStates where s.states[state.code] == nil {
            s.states[state.code] = state
            s.stateOrder.append(state.code)
        }
        for (area, predicate) in v.addAreas where s.areas[area] == nil {
            s.areas[area] = predicate
            s.areaOrder.append(area)
        }
        for item in v.addItems where s.items[item.id] == nil {
            s.items[item.id] = item
            s.itemOrder.append(item.id)
        }
        let removed = Set(v.removeTransfers)
        s.transfers = transfers.filter { t in t.id.map { !removed.contains($0) } ?? true } + v.addTransfers
        s.appliedVariant = name
        return s
    }
}
