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
    public let resolutionKm: Double
    public let siteCount: Int
    public var progress: ((String, Double) -> Void)?

    public init(scenario: Scenario, cases: CaseFile?, keyDate: CalendarDay, territory: String?, resolutionKm: Double, siteCount: Int) {
        self.scenario = scenario; self.cases = cases; self.keyDate = keyDate; self.territory = territory
        self.resolutionKm = resolutionKm; self.siteCount = siteCount
    }

    /// Items that have a range and a recipient, with that recipient (the first transfer's).
    var rangedItems: [(id: String, item: Item, recipient: String)] {
        scenario.itemOrder.compactMap { id in
            guard let item = scenario.items[id], item.rangeKm != nil, let t = scenario.transfers.first(where: { $0.item == id }) else { return nil }
            return (id, item, t.to)
        }
    }

    func analysis(_ id: String, recipient: String, date: CalendarDay, variant: String?) throws -> ReachAnalysis {
        try ReachAnalysis(engine: try PolicyEngine(scenario: scenario, variant: variant), item: id, date: date, recipient: recipient, within: territory)
    }

    public func render() throws -> String {
        var html = ReportHTML(title: scenario.name)
        html.section("summary", "Summary", summary())
        html.section("consents", "Whose consent each item needs", try consentMatrix())
        if let cases { html.section("cases", "Decisions for the scenario's cases", try caseTable(cases)) }
        let sites = try syntheticSites()
        if let questions = try flagshipQuestions() { html.section("questions", "The questions of the debate", questions) }
        html.section("reach", "Reach and permitted area by date", try reachTables(sites))
        html.section("variants", "Variants on \(keyDate)", try variantTable(sites))
        html.section("maps", "Maps", try maps(sites))
        return html.finish()
    }

    // MARK: sections

    func summary() -> String {
        let statuses = Dictionary(grouping: scenario.policies, by: \.status).mapValues(\.count)
        var s = "<p>Scenario <b>\(escapeXML(scenario.name))</b> (<code>\(escapeXML(URL(fileURLWithPath: scenario.file).lastPathComponent))</code>), borders in the <b>\(scenario.view.rawValue)</b> view. "
        s += "\(scenario.states.count) states, \(scenario.items.count) items, \(scenario.transfers.count) transfers, \(scenario.policies.count) policies "
        s += "(\(PolicyStatus.allCases.map { "\(statuses[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))), \(scenario.variants.count) hypothetical variants.</p>"
        s += "<p>Key date for maps and variants: <b>\(keyDate)</b>. Territory measured: <b>\(territory ?? "everything in range")</b>. Areas are measured on the WGS84 ellipsoid by adaptive quadrature of the exact predicates; every figure carries its error bound (resolution \(fmt(resolutionKm)) km). "
        s += "Greenlight models no weapon effects and proposes no targets: the sites shown are synthetic points drawn uniformly by area, not real installations.</p>"
        s += "<table class=\"policies\"><thead><tr><th>policy</th><th>state</th><th>effect</th><th>from</th><th>until</th><th>status</th><th>source</th></tr></thead><tbody>"
        for p in scenario.policies {
            s += "<tr><td><code>\(escapeXML(p.id))</code></td><td>\(p.authority)</td><td>\(p.effect.rawValue)</td><td>\(p.from?.description ?? "")</td><td>\(p.until?.description ?? "")</td><td class=\"status-\(p.status.rawValue)\">\(p.status.rawValue)</td><td class=\"source\">\(escapeXML(p.source ?? ""))</td></tr>"
        }
        return s + "</tbody></table>"
    }

    func consentMatrix() throws -> String {
        let recipients = Array(Set(scenario.transfers.map(\.to))).sorted()
        var s = "<p>For each item in a recipient's hands on \(keyDate): the states whose consent a use needs, and why (jurisdiction rules: supplier, origin, see-through, de minimis).</p>"
        s += "<table class=\"consent-matrix\"><thead><tr><th>item</th><th>held by</th>" + scenario.stateOrder.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for id in scenario.itemOrder {
            for r in recipients where scenario.transfers.contains(where: { $0.item == id && $0.to == r }) {
                let d = scenario.requiredAuthorities(item: id, recipient: r, date: keyDate)
                s += "<tr><td>\(escapeXML(scenario.items[id]!.name))</td><td>\(r)\(d.transferred ? "" : " (not yet transferred)")</td>"
                for state in scenario.stateOrder {
                    if let a = d.authorities.first(where: { $0.state == state }) {
                        s += "<td class=\"required\" title=\"\(escapeXML(a.reasons.joined(separator: "; ")))\">required<br><small>\(escapeXML(a.reasons.map { String($0.prefix { $0 != ":" }) }.joined(separator: ", ")))</small></td>"
                    } else { s += "<td></td>" }
                }
                s += "</tr>"
            }
        }
        return s + "</tbody></table>"
    }

    func caseTable(_ file: CaseFile) throws -> String {
        let report = try file.check(scenario: scenario)
        var s = "<p>\(report.passed) passed, \(report.failed) failed (<code>\(escapeXML(URL(fileURLWithPath: file.file).lastPathComponent))</code>).</p>"
        s += "<table class=\"cases\"><thead><tr><th>case</th><th>decision</th><th>required</th><th>missing</th><th>in range</th><th>check</th></tr></thead><tbody>"
        for (c, result) in zip(file.cases, report.cases) {
            let engine = try PolicyEngine(scenario: scenario, variant: c.request.variant)
            let d = try engine.decide(c.request)
            s += "<tr><td>\(escapeXML(c.name))</td><td class=\"decision-\(d.decision.rawValue)\">\(d.decision.rawValue)\(d.reason.map { " (\($0))" } ?? "")</td>"
            s += "<td>\(d.required.joined(separator: ", "))</td><td>\(d.missing.joined(separator: ", "))</td><td>\(d.inRange.map { $0 ? "yes" : "no" } ?? "")</td>"
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

    func reachRow(_ a: ReachAnalysis, _ areas: ReachAreas, _ sites: [Site], label: String) -> String {
        let counts = sites.isEmpty ? nil : SiteClassifier(analysis: a).classify(sites, measure: false).counts
        var s = "<tr><td>\(label)</td><td class=\"num\">\(grouped(areas.inRangeKm2))</td><td class=\"num\">\(grouped(areas.permittedKm2))</td>"
        s += "<td class=\"num\">\(String(format: "%.1f", areas.sharePermitted * 100))%</td><td class=\"num\">±\(grouped(areas.areaErrorKm2))</td>"
        s += "<td>\(a.required.map { "\($0): \(grouped(areas.byAuthority[$0] ?? 0))" }.joined(separator: "<br>"))</td>"
        if let c = counts { s += "<td class=\"num\">\(c.inRange) / \(c.permittedInRange)</td>" } else { s += "<td></td>" }
        return s + "</tr>"
    }

    static let reachHeader = "<thead><tr><th></th><th>in range km²</th><th>permitted km²</th><th>share</th><th>error bound</th><th>permitted by each required state, km²</th><th>synthetic sites in range / permitted</th></tr></thead>"

    func reachTables(_ sites: [Site]) throws -> String {
        var s = "<p>At every date a deciding policy or transfer starts or ends. \"Permitted\" means every required state permits a strike on a target of category <code>military</code>; \(sites.count) synthetic sites.</p>"
        for entry in rangedItems {
            let base = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            let dates = TimelineDates.changePoints(engine: base.engine, item: entry.id, recipient: entry.recipient, from: nil, to: nil)
            var points: [TimelinePoint] = []
            var rows = ""
            for (i, (date, changes)) in dates.enumerated() {
                progress?("\(entry.id) timeline", Double(i) / Double(max(1, dates.count)))
                let a = try analysis(entry.id, recipient: entry.recipient, date: date, variant: nil)
                let areas = a.measure(resolutionKm: resolutionKm * 2)
                points.append(TimelinePoint(date: date, changes: changes, areas: areas, sites: nil))
                rows += reachRow(a, areas, sites, label: "\(date)<br><small>\(escapeXML(changes.joined(separator: "; ")))</small>")
            }
            s += "<h3>\(escapeXML(entry.item.name)) — range \(fmt(entry.item.rangeKm!)) km, held by \(entry.recipient)</h3>"
            s += "<figure class=\"timeline\">\(TimelineChart.svg(points, title: "\(entry.item.name): permitted area over time", end: CalendarDay("2025-01-31")))</figure>"
            s += "<table class=\"reach\">\(Self.reachHeader)<tbody>\(rows)</tbody></table>"
        }
        return s + "<p class=\"note\">Tables by date use cells of \(fmt(resolutionKm * 2)) km; the variants table and the questions use \(fmt(resolutionKm)) km.</p>"
    }

    func variantTable(_ sites: [Site]) throws -> String {
        var s = "<table class=\"variants\"><thead><tr><th>item</th><th>variant</th><th>in range km²</th><th>permitted km²</th><th>share</th><th>error bound</th><th>permitted by each required state, km²</th><th>synthetic sites in range / permitted</th></tr></thead><tbody>"
        for entry in rangedItems {
            for variant in [nil] + scenario.variantOrder {
                let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)
                let areas = a.measure(resolutionKm: resolutionKm)
                let description = variant.flatMap { scenario.variants[$0]?.description } ?? "as written"
                s += reachRow(a, areas, sites, label: "\(escapeXML(entry.item.name))</td><td><b>\(variant ?? "—")</b><br><small>\(escapeXML(description))</small>")
            }
        }
        return s + "</tbody></table>"
    }

    /// The flagship's questions, when the scenario has the areas they need: Russian territory within
    /// ATACMS range, and the share the Kharkiv exception opened beside ISW's published "at most 16%".
    func flagshipQuestions() throws -> String? {
        guard let ua = scenario.areas["UA"] ?? (try? AreaLookup.resolve("UA", in: scenario)),
              let ru = scenario.areas["RU"] ?? (try? AreaLookup.resolve("RU", in: scenario)),
              let kharkivBorder = scenario.areas["kharkiv-border-area"] else { return nil }
        func region(_ code: String) throws -> AreaPredicate { try AreaLookup.resolve(code, in: scenario) }
        let gmlrsKm = scenario.items["gmlrs"]?.rangeKm ?? 84, atacmsKm = 300.0
        let inAtacmsRange = RegionFormula(ru) && RegionFormula(.within(meters: atacmsKm * 1000, of: ua))
        let isw = RegionFormula(ru) && RegionFormula(.within(meters: gmlrsKm * 1000, of: ua))
            && RegionFormula(.any([try region("RU-BEL"), try region("RU-KRS"), try region("RU-BRY")]))
        let ours = RegionFormula(kharkivBorder) && inAtacmsRange
        var formulas = [inAtacmsRange, isw && inAtacmsRange, ours]
        if let widened = scenario.areas["sumy-kharkiv-border-area"] { formulas.append(RegionFormula(widened) && inAtacmsRange) }
        let box = ua.boundingBox!.expanded(byMeters: atacmsKm * 1000)
        let m = AreaQuadrature(domain: box, resolutionKm: resolutionKm).measure(formulas)
        let total = m[0].km2
        func share(_ x: AreaMeasurement) -> String { String(format: "%.1f%%", x.km2 / total * 100) }
        var s = "<table class=\"questions\"><thead><tr><th>question</th><th>km²</th><th>error bound</th><th>share of Russian territory in ATACMS range</th></tr></thead><tbody>"
        s += "<tr><td>Russian territory (de jure borders) within \(fmt(atacmsKm)) km of Ukraine — ATACMS M39A1 range</td><td class=\"num\">\(grouped(total))</td><td class=\"num\">±\(grouped(m[0].errorBoundKm2))</td><td class=\"num\">100%</td></tr>"
        s += "<tr><td>ISW-like definition of the Kharkiv exception: border areas within GMLRS reach (\(fmt(gmlrsKm)) km of Ukraine) in Belgorod, Kursk and Bryansk</td><td class=\"num\">\(grouped(m[1].km2))</td><td class=\"num\">±\(grouped(m[1].errorBoundKm2))</td><td class=\"num\"><b>\(share(m[1]))</b></td></tr>"
        s += "<tr><td>This scenario's definition (<code>kharkiv-border-area</code>: Russia within \(fmt(gmlrsKm)) km of Kharkiv oblast)</td><td class=\"num\">\(grouped(m[2].km2))</td><td class=\"num\">±\(grouped(m[2].errorBoundKm2))</td><td class=\"num\"><b>\(share(m[2]))</b></td></tr>"
        if m.count > 3 {
            s += "<tr><td>With the June 2024 widening to Sumy oblast (<code>sumy-kharkiv-border-area</code>)</td><td class=\"num\">\(grouped(m[3].km2))</td><td class=\"num\">±\(grouped(m[3].errorBoundKm2))</td><td class=\"num\"><b>\(share(m[3]))</b></td></tr>"
        }
        s += "<tr><td>ISW, assessment of 9–10 June 2024 (published)</td><td></td><td></td><td class=\"num\"><b>at most 16%</b></td></tr></tbody></table>"
        s += """
            <p>Differences of definition, which explain why the figures need not agree:</p><ul>
            <li><b>Where reach is measured from.</b> Here: all of Ukraine in its internationally recognised borders (the de jure view, Crimea included). ISW measured from the territory Ukraine controlled; the areas it did not control, Crimea included, add Russian territory within 300 km here (a larger denominator), which lowers the share.</li>
            <li><b>What counts as the border area.</b> ISW took the areas within HIMARS/GMLRS reach in three regions (Belgorod, Kursk, Bryansk) — the reading after the US clarified the policy covered \"anywhere Russian forces are coming across the border\". The scenario's narrower reading is Russia within \(fmt(gmlrsKm)) km of Kharkiv oblast only, as first reported on 30 May 2024. No official map exists.</li>
            <li><b>Ranges.</b> GMLRS \(fmt(gmlrsKm)) km is the upper public value (sources give 70–84 km); ATACMS 300 km is the M39A1 figure. A shorter GMLRS range shrinks the numerator roughly in proportion.</li>
            <li><b>Geometry.</b> Distances here are geodesics on the WGS84 ellipsoid to Natural Earth 1:10m borders; ISW's map method is not published.</li></ul>
            """
        return s
    }

    func maps(_ sites: [Site]) throws -> String {
        var s = ""
        for entry in rangedItems {
            let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            let verdicts = sites.isEmpty ? [] : SiteClassifier(analysis: a).classify(sites, measure: false).verdicts
            s += "<figure class=\"map\">\(ReachMap.draw(a, sites: verdicts, title: "\(entry.item.name) on \(keyDate), as written"))<figcaption>\(escapeXML(entry.item.name)) on \(keyDate): band within \(fmt(entry.item.rangeKm!)) km of \(entry.recipient), zones permitted by \(a.required.joined(separator: " + ")).</figcaption></figure>"
        }
        if let longest = rangedItems.max(by: { $0.item.rangeKm! < $1.item.rangeKm! }) {
            for variant in scenario.variantOrder {
                let a = try analysis(longest.id, recipient: longest.recipient, date: keyDate, variant: nil)
                let b = try analysis(longest.id, recipient: longest.recipient, date: keyDate, variant: variant)
                s += "<figure class=\"map\">\(Comparison.map(a, b, labelA: "as written", labelB: variant, title: "\(longest.item.name) on \(keyDate): as written vs \(variant)"))<figcaption>What variant <b>\(escapeXML(variant))</b> moves for \(escapeXML(longest.item.name)).</figcaption></figure>"
            }
        }
        return s
    }
}

/// The page around the sections.
struct ReportHTML {
    let title: String
    private var nav = ""
    private var body = ""

    init(title: String) { self.title = title }

    mutating func section(_ id: String, _ heading: String, _ content: String) {
        nav += "<a href=\"#\(id)\">\(escapeXML(heading))</a> "
        body += "<section id=\"\(id)\"><h2>\(escapeXML(heading))</h2>\n\(content)\n</section>\n"
    }

    func finish() -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeXML(title)) — Greenlight report</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:24px;color:#222;line-height:1.4}
        nav{background:#fff;padding:6px 0;border-bottom:1px solid #ddd}nav a{margin-right:12px}
        table{border-collapse:collapse;margin:12px 0;font-size:13px;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
        th{background:#f0f0f0;text-align:left}td.num{text-align:right;white-space:nowrap}td.source{font-size:11px;color:#555}
        td.required{background:#fde0c5}.decision-permit{color:#1a7a3a;font-weight:bold}.decision-deny{color:#b2182b;font-weight:bold}
        .status-hypothetical{color:#7b3294}.status-official{color:#1a7a3a}figure{margin:16px 0}svg{max-width:100%;height:auto}
        figcaption{font-size:13px;color:#444}.note{font-size:12px;color:#555}
        </style></head><body>
        <h1>\(escapeXML(title))</h1><p class="note">Greenlight report, generated \(ISO8601DateFormatter().string(from: Date())). Self-contained: no network needed.</p>
        <nav>\(nav)</nav>
        \(body)
        </body></html>
        """
    }
}
