import GreenlightPolicy

extension ScenarioReport {
    /// The report's section on the scenario's positions and events: who said what about the debate, a
    /// variant or a policy, and the strikes parties reported. Both are shown beside the answers and
    /// never change one; every fixed text goes through `text` so that the section is translatable.
    func positionsSection(_ text: ReportText) -> String {
        var s = ""
        if !scenario.positions.isEmpty {
            s += "<p>" + escapeXML(text("Positions of states on the debate, on a variant or on a policy, as the scenario records them. They are shown beside the answers, never in them: a position changes neither who must consent nor what is permitted.")) + "</p>"
            s += "<table class=\"positions\"><thead><tr><th>\(escapeXML(text("state")))</th><th>\(escapeXML(text("stance")))</th><th>\(escapeXML(text("about")))</th>"
            s += "<th>\(escapeXML(text("date")))</th><th>\(escapeXML(text("words")))</th><th>\(escapeXML(text("source")))</th></tr></thead><tbody>"
            for p in scenario.positions.sorted(by: { $0.date < $1.date }) {
                let name = scenario.states[p.state]?.name ?? p.state
                let standing = p.evidence.standing(on: nil)   // all its evidence: the report is read after the fact
                s += "<tr><td>\(escapeXML(name)) (\(escapeXML(p.state)))</td><td class=\"stance-\(p.stance.rawValue)\">\(escapeXML(stanceText(p.stance, text)))</td>"
                s += "<td>\(escapeXML(subjectText(p.about, text)))</td><td>\(escapeXML(text.date(p.date)))</td>"
                s += "<td>\(p.quote.map { "“" + escapeXML($0) + "”" } ?? "")</td><td class=\"source\">\(escapeXML(sourceText(standing, text)))</td></tr>"
            }
            s += "</tbody></table>"
        }
        return s + eventsList(text)
    }

    /// The scenario's events as a table, oldest first (empty when it has none).
    func eventsList(_ text: ReportText) -> String {
        guard !scenario.events.isEmpty else { return "" }
        var s = "<h3>\(escapeXML(text("Events reported by parties")))</h3>"
        s += "<p>" + escapeXML(text("Claims by parties to the conflict, such as strikes a general staff or a ministry reported: not policies. They change no decision and no figure.")) + "</p>"
        s += "<table class=\"events\"><thead><tr><th>\(escapeXML(text("date")))</th><th>\(escapeXML(text("claim")))</th><th>\(escapeXML(text("claimed by")))</th>"
        s += "<th>\(escapeXML(text("item")))</th><th>\(escapeXML(text("place")))</th><th>\(escapeXML(text("source")))</th></tr></thead><tbody>"
        for e in scenario.events.sorted(by: { $0.date < $1.date }) {
            let item = e.item.map { scenario.items[$0]?.name ?? $0 } ?? ""
            s += "<tr><td>\(escapeXML(text.date(e.date)))</td><td>\(escapeXML(e.claim))</td><td>\(escapeXML(e.claimedBy.joined(separator: "; ")))</td>"
            s += "<td>\(escapeXML(item))</td><td>\(escapeXML(e.place?.text ?? ""))</td><td class=\"source\">\(escapeXML(sourceText(e.evidence.standing(on: nil), text)))</td></tr>"
        }
        return s + "</tbody></table>"
    }

    func stanceText(_ stance: Position.Stance, _ text: ReportText) -> String {
        switch stance {
        case .supports: text("supports")
        case .opposes: text("opposes")
        case .reluctant: text("reluctant")
        case .conditional: text("conditional")
        case .declaredThreat: text("declared threat")
        }
    }

    func subjectText(_ subject: Position.Subject, _ text: ReportText) -> String {
        switch subject {
        case .debate: text("the debate")
        case .variant(let v): text("variant {0}", v)
        case .policy(let p): text("policy {0}", p)
        }
    }

    /// "reported: NOS, 12 September 2024": the status in force and the source of the evidence that gives it.
    func sourceText(_ standing: EvidenceStanding, _ text: ReportText) -> String {
        var parts: [String] = []
        if let source = standing.source { parts.append(source) }
        if let d = standing.evidence?.date { parts.append(text.date(d)) }
        let status: String? = switch standing.status {
        case .official: text("official")
        case .reported: text("reported")
        case .hypothetical: text("hypothetical")
        case nil: nil
        }
        return ([status].compactMap { $0 } + [parts.joined(separator: ", ")]).filter { !$0.isEmpty }.joined(separator: ": ")
    }
}
