extension ScenarioLoader {
    /// The keys of one piece of evidence.
    static let evidenceKeys: Set = ["date", "status", "source", "title", "url", "quote", "note"]
}

extension ScenarioLoader.Context {
    /// A fact's evidence: its `evidence:` list (each piece needs a `status`), plus its legacy
    /// `status:` and `source:` as one undated piece. `variant` names the variant that adds the fact.
    func factEvidence(_ f: Fields, of what: String, variant: String? = nil) throws(InputError) -> FactEvidence {
        var pieces: [Evidence] = []
        let status = try f["status"].map { v throws(InputError) in try factStatus(v) }
        let source = try f["source"]?.text("a source")
        if status != nil || source != nil { pieces.append(Evidence(status: status, source: source)) }
        if let list = f["evidence"] {
            let entries = try list.list("evidence")
            if entries.isEmpty { throw list.fail(.missingEvidence, "evidence of \(what) is an empty list: give at least one {date, status, source}, or leave 'evidence' out") }
            for entry in entries { pieces.append(try evidencePiece(entry, of: what)) }
        }
        return FactEvidence(pieces, addedByVariant: variant)
    }

    /// One `{date, status, source, title, url, quote}`; `status` is required.
    func evidencePiece(_ value: YAMLValue, of what: String) throws(InputError) -> Evidence {
        let f = try value.fields("evidence of \(what)", allowed: ScenarioLoader.evidenceKeys, required: ["status"])
        var piece = Evidence(status: try factStatus(try f.required("status")))
        if let v = f["date"] { piece.date = try v.calendarDay("the evidence date") }
        piece.source = try f["source"]?.nonEmptyText("an evidence source")
        piece.title = try f["title"]?.nonEmptyText("an evidence title")
        piece.url = try f["url"]?.nonEmptyText("an evidence url")
        piece.quote = try f["quote"]?.nonEmptyText("an evidence quote")
        return piece
    }

    func factStatus(_ value: YAMLValue) throws(InputError) -> PolicyStatus {
        let text = try value.text("a status")
        guard let status = PolicyStatus(rawValue: text) else {
            throw value.fail("expected status official, reported or hypothetical, found '\(text)'")
        }
        return status
    }
}
