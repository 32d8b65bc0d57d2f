extension Scenario {
    /// Every fact without a dated public source — no piece of evidence with both a `source` (the
    /// outlet) and a `date` — one error each, at the fact (`greenlight validate --require-evidence`).
    /// Facts are the scenario's policies, transfers, items and their components, its events and
    /// positions, and what variants add; a variant's addition whose evidence claims nothing stronger than hypothetical is a
    /// supposition, not a fact, and needs no source.
    public func factsWithoutDatedSource() -> [InputError] {
        var errors: [InputError] = []
        let here = SourceLocation(file: file, line: 0, column: 0)
        func check(_ evidence: FactEvidence, _ what: String, at location: SourceLocation?) {
            if evidence.pieces.contains(where: \.isDatedPublicSource) { return }
            if evidence.addedByVariant != nil, !evidence.pieces.contains(where: { ($0.status ?? .hypothetical) != .hypothetical }) { return }
            errors.append(InputError(location ?? here, "\(what) has no dated public source: give it evidence with at least a source (the outlet) and a date", code: .missingEvidence))
        }
        func check(_ item: Item, variant: String?) {
            let suffix = variant.map { " (variant \($0))" } ?? ""
            check(item.evidence, "item \(item.id)\(suffix)", at: item.location)
            for c in item.components { check(c.evidence, "component '\(c.name)' of item \(item.id)\(suffix)", at: c.location) }
        }
        func check(_ t: Transfer, variant: String?) {
            check(t.evidence, "the transfer of \(t.item) from \(t.from) to \(t.to) on \(t.date)\(t.id.map { " (\($0))" } ?? "")\(variant.map { " (variant \($0))" } ?? "")", at: t.location)
        }
        for id in itemOrder { if let item = items[id] { check(item, variant: nil) } }
        for t in transfers { check(t, variant: nil) }
        for p in policies { check(p.evidence, "policy \(p.id)", at: p.location) }
        for e in events { check(e.evidence, "event \(e.id)", at: e.location) }
        for p in positions { check(p.evidence, "the position of \(p.state) on \(p.about)", at: p.location) }
        for name in variantOrder {
            guard let v = variants[name] else { continue }
            for item in v.addItems { check(item, variant: name) }
            for t in v.addTransfers { check(t, variant: name) }
            for p in v.add { check(p.evidence, "policy \(p.id) (variant \(name))", at: p.location) }
        }
        return errors.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }
}
