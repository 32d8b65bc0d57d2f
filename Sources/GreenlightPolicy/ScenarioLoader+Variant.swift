extension ScenarioLoader {
    static let variantKeys: Set = ["description", "add", "remove", "add_states", "add_areas", "add_items", "add_transfers", "remove_transfers", "status", "source"]
}

extension ScenarioLoader.Context {
    /// One variant. What it adds loads in a copy of the loading context, so that its states, areas
    /// and items are visible to its own additions but never to the scenario or to other variants;
    /// the copy's errors, warnings and references come back. Names it adds may not already exist.
    mutating func variant(_ name: String, _ value: YAMLValue, policyIds: [String: SourceLocation], basePolicyIds: Set<String>,
                          transfers: [Transfer], jurisdiction: [JurisdictionRule]) throws(InputError) -> Variant {
        let f = try value.fields("variant \(name)", allowed: ScenarioLoader.variantKeys)
        var c = self
        c.addingVariant = name
        let variant = c.variantBody(name, f, policyIds: policyIds, basePolicyIds: basePolicyIds, transfers: transfers, jurisdiction: jurisdiction)
        errors = c.errors
        warnings = c.warnings
        referencedAreas.formUnion(c.referencedAreas)
        groupLocations.merge(c.groupLocations) { first, _ in first }
        failedPolicies.formUnion(c.failedPolicies)
        return variant
    }

    private mutating func variantBody(_ name: String, _ f: Fields, policyIds: [String: SourceLocation], basePolicyIds: Set<String>,
                                      transfers: [Transfer], jurisdiction: [JurisdictionRule]) -> Variant {
        let description = attempt { (c: inout Self) throws(InputError) in try f["description"].map { n throws(InputError) in try c.localizedText(n, "a description") } } ?? nil
        var v = Variant(name: name, description: description?.en, add: [], remove: [])
        v.descriptionTranslations = description?.translations ?? [:]
        if let node = f["add_states"], let entries = attempt({ (_: inout Self) throws(InputError) in try node.mapping("add_states") }) {
            for entry in entries {
                attempt { (c: inout Self) throws(InputError) in
                    guard c.states[entry.key] == nil else { throw entry.keyValue.fail(.duplicateId, "variant \(name) adds state \(entry.key), which the scenario already declares") }
                    v.addStates.append(try c.declareState(entry.key, entry.keyValue, entry.value))
                }
            }
        }
        if let node = f["add_areas"], let entries = attempt({ (_: inout Self) throws(InputError) in try node.mapping("add_areas") }) {
            var added: [String] = []
            for entry in entries {
                attempt { (c: inout Self) throws(InputError) in
                    guard c.areaNodes[entry.key] == nil else { throw entry.keyValue.fail(.duplicateId, "variant \(name) adds area '\(entry.key)', which the scenario already names") }
                    c.areaNodes[entry.key] = entry.value
                    added.append(entry.key)
                }
            }
            for area in added where !tooDeepAreas.contains(area) {
                attempt { (c: inout Self) throws(InputError) in
                    v.addAreas.append((area, try c.namedArea(area, at: c.areaNodes[area]!, resolving: [])))
                }
            }
        }
        if let node = f["add_items"], let entries = attempt({ (_: inout Self) throws(InputError) in try node.mapping("add_items") }) {
            for entry in entries {
                attempt { (c: inout Self) throws(InputError) in
                    guard c.items[entry.key] == nil, !c.failedItems.contains(entry.key) else {
                        throw entry.keyValue.fail(.duplicateId, "variant \(name) adds item '\(entry.key)', which the scenario already has")
                    }
                    c.failedItems.insert(entry.key)
                    let item = try c.item(id: entry.key, entry.value)
                    c.failedItems.remove(entry.key)
                    c.items[item.id] = item
                    c.itemLocations[item.id] = entry.keyValue.location
                    c.checkDeMinimisValues(item, jurisdiction: jurisdiction)
                    v.addItems.append(item)
                }
            }
        }
        var transferIds: [String: SourceLocation] = [:]
        for t in transfers { if let id = t.id, let at = t.location { transferIds[id] = at } }
        if let node = f["add_transfers"], let list = attempt({ (_: inout Self) throws(InputError) in try node.list("add_transfers") }) {
            for value in list {
                if let t = attempt({ (c: inout Self) throws(InputError) in try c.transfer(value, ids: &transferIds) }) { v.addTransfers.append(t) }
            }
        }
        if let node = f["remove_transfers"], let list = attempt({ (_: inout Self) throws(InputError) in try node.list("remove_transfers") }) {
            let known = transfers.compactMap(\.id)
            for value in list {
                attempt { (_: inout Self) throws(InputError) in
                    let id = try value.nonEmptyText("a transfer id")
                    guard known.contains(id) else {
                        throw value.fail(.unknownReference, "variant \(name) removes unknown transfer id '\(id)' (transfer ids: \(known.isEmpty ? "none; give a transfer an 'id' to remove it" : known.joined(separator: ", ")))")
                    }
                    v.removeTransfers.append(id)
                }
            }
        }
        var variantIds = policyIds
        if let node = f["add"], let list = attempt({ (_: inout Self) throws(InputError) in try node.list("add") }) {
            for value in list {
                if var p = attempt({ (c: inout Self) throws(InputError) in try c.policy(value, ids: &variantIds) }) {
                    p.evidence.addedByVariant = name
                    v.add.append(p)
                }
            }
        }
        if let node = f["remove"], let list = attempt({ (_: inout Self) throws(InputError) in try node.list("remove") }) {
            for value in list {
                attempt { (c: inout Self) throws(InputError) in
                    let id = try value.nonEmptyText("a policy id")
                    if c.failedPolicies.contains(id) && !basePolicyIds.contains(id) { throw value.followOn() }
                    guard basePolicyIds.contains(id) else { throw value.fail(.unknownReference, "variant \(name) removes unknown policy id '\(id)'") }
                    v.remove.append(id)
                }
            }
        }
        return v
    }
}
