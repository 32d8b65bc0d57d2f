extension ScenarioLoader {
    /// The keys of one position.
    static let positionKeys: Set = ["state", "about", "stance", "date", "quote", "evidence", "status", "source", "note"]
}

extension ScenarioLoader.Context {
    /// The scenario's `positions:`: what states said about the debate, a variant or a policy. Each names
    /// a declared state, a subject that exists and a known stance; nothing decides by them.
    mutating func positions(_ node: YAMLValue, variants: [String: Variant], policies: [Policy]) -> [Position] {
        guard let list = attempt({ (_: inout Self) throws(InputError) in try node.list("positions") }) else { return [] }
        // Policy ids: the scenario's and those the variants add (a position may be about an option a variant models).
        let policyIds = Set(policies.map(\.id) + variants.values.flatMap { $0.add.map(\.id) })
        var positions: [Position] = []
        for value in list {
            if let p = attempt({ (c: inout Self) throws(InputError) in try c.position(value, variants: variants, policyIds: policyIds) }) { positions.append(p) }
        }
        return positions
    }

    func position(_ value: YAMLValue, variants: [String: Variant], policyIds: Set<String>) throws(InputError) -> Position {
        let f = try value.fields("a position", allowed: ScenarioLoader.positionKeys, required: ["state", "about", "stance", "date"])
        let state = try state(f.required("state"), "the state of a position")
        let aboutValue = try f.required("about")
        let about = try positionSubject(aboutValue, variants: variants, policyIds: policyIds)
        let stanceValue = try f.required("stance")
        let stanceText = try stanceValue.text("a stance")
        guard let stance = Position.Stance(rawValue: stanceText) else {
            throw stanceValue.fail("expected stance \(Position.Stance.allCases.map(\.rawValue).joined(separator: ", ")), found '\(EchoedText.capped(stanceText))'")
        }
        let date = try f.required("date").calendarDay("the position's date")
        let quote = try f["quote"]?.nonEmptyText("a quote")
        guard f["evidence"] != nil || f["source"] != nil || f["status"] != nil else {
            throw value.fail(.missingEvidence, "the position of \(state) on \(about) needs 'evidence': who reported it, when, with a status")
        }
        let evidence = try factEvidence(f, of: "the position of \(state) on \(about)")
        return Position(state: state, about: about, stance: stance, date: date, quote: quote, evidence: evidence, location: value.location)
    }

    /// `debate`, a variant's name or a policy's id (the scenario's or one a variant adds).
    func positionSubject(_ value: YAMLValue, variants: [String: Variant], policyIds: Set<String>) throws(InputError) -> Position.Subject {
        let text = try value.nonEmptyText("what the position is about (debate, a variant or a policy id)")
        if text == "debate" { return .debate }
        let isVariant = variants[text] != nil, isPolicy = policyIds.contains(text)
        if isVariant && isPolicy { throw value.fail(.conflictingValues, "'\(text)' names both a variant and a policy: rename one so that the position says which it is about") }
        if isVariant { return .variant(text) }
        if isPolicy { return .policy(text) }
        if failedPolicies.contains(text) { throw value.followOn() }
        let names = variants.keys.sorted()
        throw value.fail(.unknownReference, "unknown subject '\(EchoedText.capped(text))' for a position: expected debate, a variant (\(names.isEmpty ? "none" : names.joined(separator: ", "))) or a policy id")
    }
}
