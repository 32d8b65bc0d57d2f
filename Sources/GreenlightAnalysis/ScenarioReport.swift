import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// The self-contained HTML report of a scenario (`greenlight report`): summary, consent matrix,
/// decisions of the scenario's cases, reach and permitted-area tables per date and variant, timeline
/// charts, and SVG maps. No network: styles and pictures are inline.
public struct ScenarioReport {
    public let scenario: Scenario
    public let cases: CaseFile?
    public let keyDate: CalendarDay
    public let territory: String?
    /// The zones' certified boundary tolerance, metres.
    public let toleranceMeters: Double
    public let siteCount: Int
    /// The language of the report's fixed texts, numbers and dates (and of the scenario's texts that carry it).
    public var language: ReportLanguage = .en
    public var progress: ((String, Double) -> Void)?

    public init(scenario: Scenario, cases: CaseFile?, keyDate: CalendarDay, territory: String?, toleranceMeters: Double, siteCount: Int,
                language: ReportLanguage = .en) {
        self.scenario = scenario; self.cases = cases; self.keyDate = keyDate; self.territory = territory
        self.toleranceMeters = toleranceMeters; self.siteCount = siteCount; self.language = language
    }

    /// The report's fixed texts and formats in its language.
    public var text: ReportText { ReportText(language) }

    /// The span of every chart: the scenario's first transfer to its last change, with a margin.
    public var period: ReportPeriod? { ReportPeriod(scenario) }

    /// Items that have a range and a recipient, with that recipient (the first transfer's).
    var rangedItems: [(id: String, item: Item, recipient: String)] {
        scenario.itemOrder.compactMap { id in
            guard let item = scenario.items[id], item.rangeKm != nil, let t = scenario.transfers.first(where: { $0.item == id }) else { return nil }
            return (id, item, t.to)
        }
    }

    func analysis(_ id: String, recipient: String, date: CalendarDay, variant: String?) throws -> ReachAnalysis {
        try ReachAnalysis(engine: try engines.engine(scenario, variant: variant), item: id, date: date, recipient: recipient, within: territory)
    }

    /// One engine per variant for the whole report, so that its questions compile and build zones once.
    let engines = ReportEngines()

    /// The sections in order; each takes the report's texts. A section with nothing to say is left out.
    public func render() throws -> String {
        try prepareZones()
        let text = self.text
        let sites = try syntheticSites()
        var html = ReportHTML(title: text(scenario.localizedName), text: text)
        html.section("summary", text("Summary"), summary(text))
        html.section("consents", text("Whose consent each item needs"), try consentMatrix(text))
        if let cases { html.section("cases", text("Decisions for the scenario's cases"), try caseTable(cases, text)) }
        if let questions = try questionsSection(text) { html.section("questions", text("The scenario's questions"), questions) }
        html.section("reach", text("Reach and permitted area by date"), try reachTables(sites, text))
        if !scenario.positions.isEmpty || !scenario.events.isEmpty { html.section("positions", text("Positions and events"), positionsSection(text)) }
        html.section("variants", text("Variants on {0}", text.date(keyDate)), try variantTable(sites, text))
        html.section("maps", text("Maps"), try maps(sites, text))
        if scenario.siteFiles != nil { html.section("moved-sites", text("Sites that moved"), try movedSitesSection(text)) }
        return html.finish()
    }

    // MARK: sections

    func summary(_ text: ReportText) -> String {
        // Every status is the one in force on the key date (dated evidence), with its source.
        let standing = Dictionary(uniqueKeysWithValues: scenario.policies.map { ($0.id, $0.evidence.standing(on: keyDate)) })
        let statuses = Dictionary(grouping: scenario.policies, by: { standing[$0.id]?.status ?? $0.status }).mapValues(\.count)
        let file = "<code>\(escapeXML(URL(fileURLWithPath: scenario.file).lastPathComponent))</code>"
        var s = "<p>" + text("Scenario {0} ({1}), borders in the {2} view.", "<b>\(escapeXML(text(scenario.localizedName)))</b>", file, "<b>\(text(scenario.view.rawValue))</b>") + " "
        let byStatus = PolicyStatus.allCases.map { "\(statuses[$0] ?? 0) \(text($0.rawValue))" }.joined(separator: ", ")
        s += text("{0} states, {1} items, {2} transfers, {3} policies ({4}), {5} hypothetical variants.", String(scenario.states.count), String(scenario.items.count),
                  String(scenario.transfers.count), String(scenario.policies.count), byStatus, String(scenario.variants.count)) + "</p>"
        s += "<p>" + text("Key date for maps and variants: {0}.", "<b>\(text.date(keyDate))</b>") + " "
        s += text("Territory measured: {0}.", "<b>\(escapeXML(territory ?? text("everything in range")))</b>") + " "
        s += text("Areas are the geodesic areas of each question's zones: polygons on the WGS84 ellipsoid whose boundary lies within {0} m of the exact one; every figure carries the bound that contains the true area, and the same question prints the same figure everywhere (here, in {1}, {2}, {3}, {4} and the server).",
                  text.quantity(toleranceMeters), "<code>greenlight reach</code>", "<code>compare</code>", "<code>timeline</code>", "<code>zones</code>") + " "
        s += text("Greenlight models no weapon effects and proposes no targets: the sites shown are synthetic points drawn uniformly by area, not real installations.") + "</p>"
        s += "<table class=\"policies\"><thead><tr><th>\(text("policy"))</th><th>\(text("state"))</th><th>\(text("effect"))</th><th>\(text("from"))</th><th>\(text("until"))</th><th>\(text("status on {0}", text.date(keyDate)))</th><th>\(text("source"))</th></tr></thead><tbody>"
        for p in scenario.policies {
            let status = standing[p.id]?.status ?? p.status
            let label = standing[p.id].map { statusLabel($0, text) } ?? text(status.rawValue)
            s += "<tr><td><code>\(escapeXML(p.id))</code></td><td>\(p.authority)</td><td>\(text(p.effect.rawValue))</td><td>\(p.from?.description ?? "")</td><td>\(p.until?.description ?? "")</td><td class=\"status-\(status.rawValue)\">\(escapeXML(label))</td><td class=\"source\">\(escapeXML(standing[p.id]?.source ?? p.source ?? ""))</td></tr>"
        }
        s += "</tbody></table>"
        return s + transferTable(text)
    }

    /// A status in force in words, in the report's language: "reported: Reuters, 2024-05-30",
    /// "hypothetical: not yet evidenced on … (first reported …)", "… added by variant v".
    func statusLabel(_ standing: EvidenceStanding, _ text: ReportText) -> String {
        guard let status = standing.status else { return text("not stated") }
        var parts: [String] = []
        if standing.notYetEvidenced == true {
            var s = text("not yet evidenced on {0}", text.date(keyDate))
            if let first = standing.firstEvidence, let d = first.date {
                let how = first.status.map { text($0.rawValue) } ?? text("evidenced")
                s += " (" + text("first {0} {1}", how, text.date(d)) + (first.source.map { ", \($0)" } ?? "") + ")"
            }
            parts.append(s)
        } else {
            var cite: [String] = []
            if let source = standing.source { cite.append(source) }
            if let d = standing.evidence?.date { cite.append(text.date(d)) }
            if !cite.isEmpty { parts.append(cite.joined(separator: ", ")) }
        }
        if let v = standing.addedByVariant { parts.append(text("added by variant {0}", v)) }
        return text(status.rawValue) + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; "))
    }

    /// The scenario's transfers and those its variants add, each with its status in force on the key
    /// date and its source: what a variant adds shows as hypothetical unless its evidence says otherwise.
    func transferTable(_ text: ReportText) -> String {
        let rows = scenario.transfers.map { ($0, nil as String?) }
            + scenario.variantOrder.flatMap { v in (scenario.variants[v]?.addTransfers ?? []).map { ($0, v as String?) } }
        guard !rows.isEmpty else { return "" }
        var s = "<table class=\"transfers\"><thead><tr><th>\(text("item"))</th><th>\(text("from"))</th><th>\(text("to"))</th><th>\(text("date"))</th><th>\(text("status on {0}", text.date(keyDate)))</th><th>\(text("source"))</th></tr></thead><tbody>"
        for (t, variant) in rows {
            let standing = t.evidence.standing(on: keyDate)
            let name = scenario.items[t.item]?.name ?? variant.flatMap { scenario.variants[$0]?.addItems.first { $0.id == t.item }?.name } ?? t.item
            s += "<tr><td>\(escapeXML(name))</td><td>\(t.from)</td><td>\(t.to)</td><td>\(t.date)</td><td class=\"status-\(standing.status?.rawValue ?? "none")\">\(escapeXML(statusLabel(standing, text)))</td><td class=\"source\">\(escapeXML(standing.source ?? t.source ?? ""))</td></tr>"
        }
        return s + "</tbody></table>"
    }

    func consentMatrix(_ text: ReportText) throws -> String {
        let recipients = Array(Set(scenario.transfers.map(\.to))).sorted()
        var s = "<p>" + text("For each item in a recipient's hands on {0}: the states whose consent a use needs, and why (jurisdiction rules: supplier, origin, see-through, de minimis).", text.date(keyDate)) + "</p>"
        s += "<table class=\"consent-matrix\"><thead><tr><th>\(text("item"))</th><th>\(text("held by"))</th>" + scenario.stateOrder.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for id in scenario.itemOrder {
            for r in recipients where scenario.transfers.contains(where: { $0.item == id && $0.to == r }) {
                let d = scenario.requiredAuthorities(item: id, recipient: r, date: keyDate)
                s += "<tr><td>\(escapeXML(scenario.items[id]!.name))</td><td>\(r)\(d.transferred ? "" : " (" + text("not yet transferred") + ")")</td>"
                for state in scenario.stateOrder {
                    if let a = d.authorities.first(where: { $0.state == state }) {
                        // The rule names (supplier, origin, see-through, de-minimis) are the text before each reason's colon.
                        let rules = a.reasons.map { ruleName(String($0.prefix { $0 != ":" }), text) }
                        s += "<td class=\"required\" title=\"\(escapeXML(a.reasons.joined(separator: "; ")))\">\(text("required"))<br><small>\(escapeXML(rules.joined(separator: ", ")))</small></td>"
                    } else { s += "<td></td>" }
                }
                s += "</tr>"
            }
        }
        return s + "</tbody></table>"
    }

    /// A jurisdiction rule's name as a reason starts with it: supplier, origin, see-through REGIME, de minimis REGIME.
    func ruleName(_ prefix: String, _ text: ReportText) -> String {
        for (rule, pattern) in [("see-through ", text("see-through {0}")), ("de minimis ", text("de minimis {0}"))] where prefix.hasPrefix(rule) {
            return pattern.replacingOccurrences(of: "{0}", with: String(prefix.dropFirst(rule.count)))
        }
        return text(prefix)
    }

    func caseTable(_ file: CaseFile, _ text: ReportText) throws -> String {
        let report = try file.check(scenario: scenario)
        var s = "<p>" + text("{0} passed, {1} failed ({2}).", String(report.passed), String(report.failed), "<code>\(escapeXML(URL(fileURLWithPath: file.file).lastPathComponent))</code>") + "</p>"
        s += "<table class=\"cases\"><thead><tr><th>\(text("case"))</th><th>\(text("decision"))</th><th>\(text("required"))</th><th>\(text("missing"))</th><th>\(text("in range"))</th><th>\(text("check"))</th></tr></thead><tbody>"
        for (c, result) in zip(file.cases, report.cases) {
            let engine = try engines.engine(scenario, variant: c.request.variant)
            let d = try engine.decide(c.request)
            s += "<tr><td>\(escapeXML(c.name))</td><td class=\"decision-\(d.decision.rawValue)\">\(text(d.decision.rawValue))\(d.reason.map { " (\(text($0)))" } ?? "")</td>"
            s += "<td>\(d.required.joined(separator: ", "))</td><td>\(d.missing.joined(separator: ", "))</td><td>\(d.inRange.map { $0 ? text("yes") : text("no") } ?? "")</td>"
            s += "<td>\(result.passed ? "✓" : "✗ " + escapeXML(result.problems.joined(separator: "; ")))</td></tr>"
        }
        return s + "</tbody></table>"
    }

    func syntheticSites() throws -> [Site] {
        guard siteCount > 0, let first = rangedItems.max(by: { $0.item.rangeKm! < $1.item.rangeKm! }) else { return [] }
        let a = try analysis(first.id, recipient: first.recipient, date: keyDate, variant: nil)
        let area: AreaPredicate = .within(meters: a.rangeKm * 1000, of: a.question.launchArea)
        let region: AreaPredicate = a.question.within.map { .all([$0, area]) } ?? area
        return Array(SyntheticSites(area: region, seed: 2024, categories: ["military/airfield", "military/depot", "military/command", "military/artillery", "military/launch-site"]).prefix(siteCount))
    }

    /// Builds the zones of every question the report asks, on every core (they are independent); the
    /// sections then read them from the per-process cache.
    func prepareZones() throws {
        var questions: [ReachAnalysis] = []
        for entry in rangedItems {
            let base = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            for (date, _) in TimelineDates.changePoints(engine: base.engine, item: entry.id, recipient: entry.recipient, from: nil, to: nil) {
                questions.append(try analysis(entry.id, recipient: entry.recipient, date: date, variant: nil))
            }
            for variant in [nil] + scenario.variantOrder { questions.append(try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)) }
        }
        for variant in scenario.variantOrder {
            for entry in addedItems(variant) { questions.append(try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)) }
        }
        for q in scenario.questions { questions.append(try q.territoryAnalysis(engine: try engines.engine(scenario, variant: q.variant), keyDate: keyDate)) }
        // Dates between the same changes have the same zones: build each distinct one once.
        var seen = Set<String>()
        questions = questions.filter { seen.insert("\(ObjectIdentifier($0.engine)) \($0.compiled.regionSignature) \($0.rangeKm) \($0.question.launchAreaLabel) \($0.question.withinLabel ?? "")").inserted }
        // The traced contours are shared: trace them once before the questions fan out.
        if let first = questions.first { _ = try first.zones(toleranceMeters: toleranceMeters) }
        let failures = ParallelSlots<(any Error)?>(count: questions.count, initial: nil)
        let all = questions, tolerance = toleranceMeters
        DispatchQueue.concurrentPerform(iterations: all.count) { i in
            do { _ = try all[i].zones(toleranceMeters: tolerance) } catch { failures[i] = error }
        }
        for i in 0..<questions.count { if let e = failures[i] { throw e } }
    }

    /// A question's zones and figures (one computation per question: tables, questions and maps reuse it).
    func measured(_ a: ReachAnalysis) throws -> (zones: ReachZones, areas: ReachAreas) {
        let zones = try a.zones(toleranceMeters: toleranceMeters)
        return (zones, ReachAreas(zones, required: a.required, transferred: a.transferred, rangeKm: a.rangeKm))
    }

    func reachRow(_ a: ReachAnalysis, _ areas: ReachAreas, _ sites: [Site], label: String, _ text: ReportText) -> String {
        let counts = sites.isEmpty ? nil : SiteClassifier(analysis: a).classify(sites, measure: false).counts
        var s = "<tr><td>\(label)</td><td class=\"num\">\(text.number(areas.inRangeKm2))</td><td class=\"num\">\(text.number(areas.permittedKm2))</td>"
        s += "<td class=\"num\">\(text.percent(areas.sharePermitted))</td><td class=\"num\">±\(text.numberUp(areas.areaErrorKm2))</td>"
        s += "<td>\(a.required.map { "\($0): \(text.number(areas.byAuthority[$0] ?? 0))" }.joined(separator: "<br>"))</td>"
        if let c = counts { s += "<td class=\"num\">\(c.inRange) / \(c.permittedInRange)</td>" } else { s += "<td></td>" }
        return s + "</tr>"
    }

    /// The figure columns the reach and variants tables share.
    static func figureHeads(_ text: ReportText) -> String {
        "<th>\(text("in range km²"))</th><th>\(text("permitted km²"))</th><th>\(text("share"))</th><th>\(text("error bound"))</th><th>\(text("permitted by each required state, km²"))</th><th>\(text("synthetic sites in range / permitted"))</th>"
    }

    func reachTables(_ sites: [Site], _ text: ReportText) throws -> String {
        var s = "<p>" + text("At every date a deciding policy or transfer starts or ends. \"Permitted\" means every required state permits a strike on a target of category {0}; {1} synthetic sites.", "<code>military</code>", String(sites.count)) + "</p>"
        for entry in rangedItems {
            let base = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            let dates = TimelineDates.changePoints(engine: base.engine, item: entry.id, recipient: entry.recipient, from: nil, to: nil, text: text)
            var points: [TimelinePoint] = []
            var rows = ""
            for (i, (date, changes)) in dates.enumerated() {
                progress?("\(entry.id) timeline", Double(i) / Double(max(1, dates.count)))
                let a = try analysis(entry.id, recipient: entry.recipient, date: date, variant: nil)
                let areas = try measured(a).areas
                points.append(TimelinePoint(date: date, changes: changes, areas: areas, sites: nil))
                rows += reachRow(a, areas, sites, label: "\(date)<br><small>\(escapeXML(changes.joined(separator: "; ")))</small>", text)
            }
            s += "<h3>" + escapeXML(text("{0} — range {1} km, held by {2}", entry.item.name, text.quantity(entry.item.rangeKm!), entry.recipient)) + "</h3>"
            let events = scenario.events.filter { $0.item == nil || $0.item == entry.id }
            let chart = TimelineChart.svg(points, title: text("{0}: permitted area over time", entry.item.name), start: period?.start, end: period?.end, text: text, events: events)
            s += "<figure class=\"timeline\">\(chart)</figure>"
            s += "<table class=\"reach\"><thead><tr><th></th>\(Self.figureHeads(text))</tr></thead><tbody>\(rows)</tbody></table>"
        }
        return s + "<p class=\"note\">" + text("Bounds: the true area lies within ± the bound of each figure (zone boundaries within {0} m of the exact ones).", text.quantity(toleranceMeters)) + "</p>"
    }

    func variantTable(_ sites: [Site], _ text: ReportText) throws -> String {
        var s = "<table class=\"variants\"><thead><tr><th>\(text("item"))</th><th>\(text("variant"))</th>\(Self.figureHeads(text))</tr></thead><tbody>"
        for entry in rangedItems {
            for variant in [nil] + scenario.variantOrder {
                let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)
                let areas = try measured(a).areas
                let description = variant.flatMap { scenario.variants[$0]?.localizedDescription }.map { text($0) } ?? text("as written")
                s += reachRow(a, areas, sites, label: "\(escapeXML(entry.item.name))</td><td><b>\(variant ?? "—")</b><br><small>\(escapeXML(description))</small>", text)
            }
        }
        return s + "</tbody></table>"
    }

    /// The ranged items a variant adds, held by the recipient of the variant's first transfer of them.
    func addedItems(_ variant: String) -> [(id: String, item: Item, recipient: String)] {
        guard let v = scenario.variants[variant] else { return [] }
        return v.addItems.compactMap { item in
            guard item.rangeKm != nil, let t = v.addTransfers.first(where: { $0.item == item.id }) else { return nil }
            return (item.id, item, t.to)
        }
    }

    /// Whether a variant changes an item on the key date: its consent (who must agree, whether it is
    /// transferred) or its zones (in range, permitted) differ from the scenario as written.
    func changes(_ a: ReachAnalysis, _ za: ReachZones, _ b: ReachAnalysis, _ zb: ReachZones) -> Bool {
        a.required != b.required || a.transferred != b.transferred
            || za.inRange.areaKm2 != zb.inRange.areaKm2 || za.permitted.areaKm2 != zb.permitted.areaKm2
    }

    func maps(_ sites: [Site], _ text: ReportText) throws -> String {
        var s = ""
        for entry in rangedItems {
            let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            let verdicts = sites.isEmpty ? [] : SiteClassifier(analysis: a).classify(sites, measure: false).verdicts
            let zones = try measured(a).zones
            let map = ReachMap.draw(a, zones: zones, sites: verdicts, title: text("{0} on {1}, as written", entry.item.name, text.date(keyDate)), text: text)
            let caption = text("{0} on {1}: band within {2} km of {3}, zones permitted by {4}.", escapeXML(entry.item.name), text.date(keyDate), text.quantity(entry.item.rangeKm!), entry.recipient, a.required.joined(separator: " + "))
            s += "<figure class=\"map\">\(map)<figcaption>\(caption)</figcaption></figure>"
        }
        // Every item a variant changes gets a map of what flips; an item the variant adds gets its own map.
        for variant in scenario.variantOrder {
            for entry in rangedItems {
                let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
                let b = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)
                let za = try measured(a).zones, zb = try measured(b).zones
                guard changes(a, za, b, zb) else { continue }
                let map = try Comparison.map(a, za, b, zb, labelA: text("as written"), labelB: variant,
                                             title: text("{0} on {1}: as written vs {2}", entry.item.name, text.date(keyDate), variant), text: text)
                s += "<figure class=\"map variant\" data-variant=\"\(escapeXML(variant))\" data-item=\"\(escapeXML(entry.id))\">\(map)<figcaption>\(text("What variant {0} moves for {1}.", "<b>\(escapeXML(variant))</b>", escapeXML(entry.item.name)))</figcaption></figure>"
            }
            for entry in addedItems(variant) {
                let b = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)
                let map = ReachMap.draw(b, zones: try measured(b).zones, sites: [], title: text("{0} on {1}, under variant {2}", entry.item.name, text.date(keyDate), variant), text: text)
                s += "<figure class=\"map variant\" data-variant=\"\(escapeXML(variant))\" data-item=\"\(escapeXML(entry.id))\">\(map)<figcaption>\(text("Variant {0} adds {1}: band within {2} km of {3}, zones permitted by {4}.", "<b>\(escapeXML(variant))</b>", escapeXML(entry.item.name), text.quantity(entry.item.rangeKm!), entry.recipient, b.required.joined(separator: " + ")))</figcaption></figure>"
            }
        }
        return s
    }
}

/// The report's engines by variant.
final class ReportEngines: @unchecked Sendable {
    private let lock = NSLock()
    private var byVariant: [String: PolicyEngine] = [:]
    func engine(_ scenario: Scenario, variant: String?) throws(InputError) -> PolicyEngine {
        lock.lock(); defer { lock.unlock() }
        if let e = byVariant[variant ?? ""] { return e }
        let e = try PolicyEngine(scenario: scenario, variant: variant)
        byVariant[variant ?? ""] = e
        return e
    }
}

/// The page around the sections.
struct ReportHTML {
    let title: String
    let text: ReportText
    private var nav = ""
    private var body = ""

    init(title: String, text: ReportText) { self.title = title; self.text = text }

    mutating func section(_ id: String, _ heading: String, _ content: String) {
        nav += "<a href=\"#\(id)\">\(escapeXML(heading))</a> "
        body += "<section id=\"\(id)\"><h2>\(escapeXML(heading))</h2>\n\(content)\n</section>\n"
    }

    func finish() -> String {
        """
        <!doctype html>
        <html lang="\(text.language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeXML(title)) — \(escapeXML(text("Greenlight report")))</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:24px;color:#222;line-height:1.4}
        nav{background:#fff;padding:6px 0;border-bottom:1px solid #ddd}nav a{margin-right:12px}
        table{border-collapse:collapse;margin:12px 0;font-size:13px;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
        th{background:#f0f0f0;text-align:left}td.num{text-align:right;white-space:nowrap}td.source{font-size:11px;color:#555}
        td.required{background:#fde0c5}.decision-permit{color:#1a7a3a;font-weight:bold}.decision-deny{color:#b2182b;font-weight:bold}
        .status-hypothetical{color:#7b3294}.status-official{color:#1a7a3a}figure{margin:16px 0}svg{max-width:100%;height:auto}
        figcaption{font-size:13px;color:#444}.note{font-size:12px;color:#555}
        td.share{text-align:right;width:22%}td.share small{display:block;text-align:left}div.question{border-left:3px solid #1a9850;padding-left:12px;margin:18px 0}div.question ul{font-size:13px}
        </style></head><body>
        <h1>\(escapeXML(title))</h1><p class="note">\(escapeXML(text("Greenlight report, generated {0}. Self-contained: no network needed.", ISO8601DateFormatter().string(from: Date()))))</p>
        <nav>\(nav)</nav>
        \(body)
        </body></html>
        """
    }
}
