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
    public var progress: ((String, Double) -> Void)?

    public init(scenario: Scenario, cases: CaseFile?, keyDate: CalendarDay, territory: String?, toleranceMeters: Double, siteCount: Int) {
        self.scenario = scenario; self.cases = cases; self.keyDate = keyDate; self.territory = territory
        self.toleranceMeters = toleranceMeters; self.siteCount = siteCount
    }

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
    private let engines = ReportEngines()

    public func render() throws -> String {
        try prepareZones()
        var html = ReportHTML(title: scenario.name)
        html.section("summary", "Summary", summary())
        html.section("consents", "Whose consent each item needs", try consentMatrix())
        if let cases { html.section("cases", "Decisions for the scenario's cases", try caseTable(cases)) }
        let sites = try syntheticSites()
        if let questions = try flagshipQuestions() { html.section("questions", "The questions of the debate", questions) }
        html.section("reach", "Reach and permitted area by date", try reachTables(sites))
        html.section("variants", "Variants on \(keyDate)", try variantTable(sites))
        html.section("maps", "Maps", try maps(sites))
        if scenario.siteFiles != nil { let t = ReportText(.en); html.section("moved-sites", t("Sites that moved"), try movedSitesSection(t)) }
        return html.finish()
    }

    // MARK: sections

    func summary() -> String {
        // Every status is the one in force on the key date (dated evidence), with its source.
        let standing = Dictionary(uniqueKeysWithValues: scenario.policies.map { ($0.id, $0.evidence.standing(on: keyDate)) })
        let statuses = Dictionary(grouping: scenario.policies, by: { standing[$0.id]?.status ?? $0.status }).mapValues(\.count)
        var s = "<p>Scenario <b>\(escapeXML(scenario.name))</b> (<code>\(escapeXML(URL(fileURLWithPath: scenario.file).lastPathComponent))</code>), borders in the <b>\(scenario.view.rawValue)</b> view. "
        s += "\(scenario.states.count) states, \(scenario.items.count) items, \(scenario.transfers.count) transfers, \(scenario.policies.count) policies "
        s += "(\(PolicyStatus.allCases.map { "\(statuses[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))), \(scenario.variants.count) hypothetical variants.</p>"
        s += "<p>Key date for maps and variants: <b>\(keyDate)</b>. Territory measured: <b>\(territory ?? "everything in range")</b>. Areas are the geodesic areas of each question's zones: polygons on the WGS84 ellipsoid whose boundary lies within \(fmt(toleranceMeters)) m of the exact one; every figure carries the bound that contains the true area, and the same question prints the same figure everywhere (here, in <code>greenlight reach</code>, <code>compare</code>, <code>timeline</code>, <code>zones</code> and the server). "
        s += "Greenlight models no weapon effects and proposes no targets: the sites shown are synthetic points drawn uniformly by area, not real installations.</p>"
        s += "<table class=\"policies\"><thead><tr><th>policy</th><th>state</th><th>effect</th><th>from</th><th>until</th><th>status on \(keyDate)</th><th>source</th></tr></thead><tbody>"
        for p in scenario.policies {
            let status = standing[p.id]?.status ?? p.status
            s += "<tr><td><code>\(escapeXML(p.id))</code></td><td>\(p.authority)</td><td>\(p.effect.rawValue)</td><td>\(p.from?.description ?? "")</td><td>\(p.until?.description ?? "")</td><td class=\"status-\(status.rawValue)\">\(escapeXML(standing[p.id]?.label(on: keyDate) ?? status.rawValue))</td><td class=\"source\">\(escapeXML(standing[p.id]?.source ?? p.source ?? ""))</td></tr>"
        }
        s += "</tbody></table>"
        return s + transferTable()
    }

    /// The scenario's transfers and those its variants add, each with its status in force on the key
    /// date and its source: what a variant adds shows as hypothetical unless its evidence says otherwise.
    func transferTable() -> String {
        let rows = scenario.transfers.map { ($0, nil as String?) }
            + scenario.variantOrder.flatMap { v in (scenario.variants[v]?.addTransfers ?? []).map { ($0, v as String?) } }
        guard !rows.isEmpty else { return "" }
        var s = "<table class=\"transfers\"><thead><tr><th>item</th><th>from</th><th>to</th><th>date</th><th>status on \(keyDate)</th><th>source</th></tr></thead><tbody>"
        for (t, variant) in rows {
            let standing = t.evidence.standing(on: keyDate)
            let name = scenario.items[t.item]?.name ?? variant.flatMap { scenario.variants[$0]?.addItems.first { $0.id == t.item }?.name } ?? t.item
            let status = standing.label(on: keyDate) ?? "not stated"
            s += "<tr><td>\(escapeXML(name))</td><td>\(t.from)</td><td>\(t.to)</td><td>\(t.date)</td><td class=\"status-\(standing.status?.rawValue ?? "none")\">\(escapeXML(status))</td><td class=\"source\">\(escapeXML(standing.source ?? t.source ?? ""))</td></tr>"
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
            let engine = try engines.engine(scenario, variant: c.request.variant)
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
        // Dates between the same changes have the same zones: build each distinct one once.
        var seen = Set<String>()
        questions = questions.filter { seen.insert("\(ObjectIdentifier($0.engine)) \($0.compiled.regionSignature) \($0.rangeKm)").inserted }
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

    func reachRow(_ a: ReachAnalysis, _ areas: ReachAreas, _ sites: [Site], label: String) -> String {
        let counts = sites.isEmpty ? nil : SiteClassifier(analysis: a).classify(sites, measure: false).counts
        var s = "<tr><td>\(label)</td><td class=\"num\">\(grouped(areas.inRangeKm2))</td><td class=\"num\">\(grouped(areas.permittedKm2))</td>"
        s += "<td class=\"num\">\(String(format: "%.1f", areas.sharePermitted * 100))%</td><td class=\"num\">±\(groupedUp(areas.areaErrorKm2))</td>"
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
                let areas = try measured(a).areas
                points.append(TimelinePoint(date: date, changes: changes, areas: areas, sites: nil))
                rows += reachRow(a, areas, sites, label: "\(date)<br><small>\(escapeXML(changes.joined(separator: "; ")))</small>")
            }
            s += "<h3>\(escapeXML(entry.item.name)) — range \(fmt(entry.item.rangeKm!)) km, held by \(entry.recipient)</h3>"
            s += "<figure class=\"timeline\">\(TimelineChart.svg(points, title: "\(entry.item.name): permitted area over time", end: CalendarDay("2025-01-31")))</figure>"
            s += "<table class=\"reach\">\(Self.reachHeader)<tbody>\(rows)</tbody></table>"
        }
        return s + "<p class=\"note\">Bounds: the true area lies within ± the bound of each figure (zone boundaries within \(fmt(toleranceMeters)) m of the exact ones).</p>"
    }

    func variantTable(_ sites: [Site]) throws -> String {
        var s = "<table class=\"variants\"><thead><tr><th>item</th><th>variant</th><th>in range km²</th><th>permitted km²</th><th>share</th><th>error bound</th><th>permitted by each required state, km²</th><th>synthetic sites in range / permitted</th></tr></thead><tbody>"
        for entry in rangedItems {
            for variant in [nil] + scenario.variantOrder {
                let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: variant)
                let areas = try measured(a).areas
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
        let gmlrsKm = scenario.items["gmlrs"]?.rangeKm ?? 84
        // The denominator is the reach question of the longest-range item within Russia: the same
        // zone, and so the same figure, as `greenlight reach` and the tables print for it.
        guard let longest = rangedItems.max(by: { $0.item.rangeKm! < $1.item.rangeKm! }) else { return nil }
        let reach = try ReachAnalysis(engine: try engines.engine(scenario, variant: nil), item: longest.id, date: keyDate, recipient: longest.recipient, launchArea: "UA", within: "RU")
        let atacmsKm = reach.rangeKm
        let inRange = try measured(reach).zones.inRange
        let isw = RegionFormula(ru) && RegionFormula(.within(meters: gmlrsKm * 1000, of: ua))
            && RegionFormula(.any([try region("RU-BEL"), try region("RU-KRS"), try region("RU-BRY")]))
        var readings = [isw, RegionFormula(kharkivBorder)]
        if let widened = scenario.areas["sumy-kharkiv-border-area"] { readings.append(RegionFormula(widened)) }
        let g = ZoneGeometry(domain: reach.domain, toleranceMeters: toleranceMeters)
        let within = try g.shape(inRange)
        var fields = RegionFormula.ZoneMemo()
        let m = [inRange] + (try readings.map { f throws in try g.zone(try f.shape(within: within, g, fields: &fields)) })
        let total = m[0].areaKm2
        func share(_ x: ZonePolygons) -> String { String(format: "%.1f%%", x.areaKm2 / total * 100) }
        var s = "<table class=\"questions\"><thead><tr><th>question</th><th>km²</th><th>error bound</th><th>share of Russian territory in ATACMS range</th></tr></thead><tbody>"
        s += "<tr><td>Russian territory (de jure borders) within \(fmt(atacmsKm)) km of Ukraine — long-range ATACMS range</td><td class=\"num\">\(grouped(total))</td><td class=\"num\">±\(groupedUp(m[0].areaBoundKm2))</td><td class=\"num\">100%</td></tr>"
        s += "<tr><td>ISW-like definition of the Kharkiv exception: border areas within GMLRS reach (\(fmt(gmlrsKm)) km of Ukraine) in Belgorod, Kursk and Bryansk</td><td class=\"num\">\(grouped(m[1].areaKm2))</td><td class=\"num\">±\(groupedUp(m[1].areaBoundKm2))</td><td class=\"num\"><b>\(share(m[1]))</b></td></tr>"
        s += "<tr><td>This scenario's definition (<code>kharkiv-border-area</code>: Russia within \(fmt(gmlrsKm)) km of Kharkiv oblast)</td><td class=\"num\">\(grouped(m[2].areaKm2))</td><td class=\"num\">±\(groupedUp(m[2].areaBoundKm2))</td><td class=\"num\"><b>\(share(m[2]))</b></td></tr>"
        if m.count > 3 {
            s += "<tr><td>With the June 2024 widening to Sumy oblast (<code>sumy-kharkiv-border-area</code>)</td><td class=\"num\">\(grouped(m[3].areaKm2))</td><td class=\"num\">±\(groupedUp(m[3].areaBoundKm2))</td><td class=\"num\"><b>\(share(m[3]))</b></td></tr>"
        }
        s += "<tr><td>ISW, assessment of 9–10 June 2024 (published)</td><td></td><td></td><td class=\"num\"><b>at most 16%</b></td></tr></tbody></table>"
        s += """
            <p>Differences of definition, which explain why the figures need not agree:</p><ul>
            <li><b>Where reach is measured from.</b> Here: all of Ukraine in its internationally recognised borders (the de jure view, Crimea included). ISW measured from the territory Ukraine controlled; the areas it did not control, Crimea included, add Russian territory within 300 km here (a larger denominator), which lowers the share.</li>
            <li><b>What counts as the border area.</b> ISW took the areas within HIMARS/GMLRS reach in three regions (Belgorod, Kursk, Bryansk) — the reading after the US clarified the policy covered \"anywhere Russian forces are coming across the border\". The scenario's narrower reading is Russia within \(fmt(gmlrsKm)) km of Kharkiv oblast only, as first reported on 30 May 2024. No official map exists.</li>
            <li><b>Ranges.</b> GMLRS \(fmt(gmlrsKm)) km lies within the published values (about 77–92 km); ATACMS 300 km is the long-range ATACMS figure (officials named no variant). A shorter GMLRS range shrinks the numerator roughly in proportion.</li>
            <li><b>Geometry.</b> Distances here are geodesics on the WGS84 ellipsoid to Natural Earth 1:10m borders; ISW's map method is not published.</li></ul>
            """
        return s
    }

    func maps(_ sites: [Site]) throws -> String {
        var s = ""
        for entry in rangedItems {
            let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            let verdicts = sites.isEmpty ? [] : SiteClassifier(analysis: a).classify(sites, measure: false).verdicts
            let zones = try measured(a).zones
            s += "<figure class=\"map\">\(ReachMap.draw(a, zones: zones, sites: verdicts, title: "\(entry.item.name) on \(keyDate), as written"))<figcaption>\(escapeXML(entry.item.name)) on \(keyDate): band within \(fmt(entry.item.rangeKm!)) km of \(entry.recipient), zones permitted by \(a.required.joined(separator: " + ")).</figcaption></figure>"
        }
        if let longest = rangedItems.max(by: { $0.item.rangeKm! < $1.item.rangeKm! }) {
            let a = try analysis(longest.id, recipient: longest.recipient, date: keyDate, variant: nil)
            let za = try measured(a).zones
            for variant in scenario.variantOrder {
                let b = try analysis(longest.id, recipient: longest.recipient, date: keyDate, variant: variant)
                let map = try Comparison.map(a, za, b, try measured(b).zones, labelA: "as written", labelB: variant, title: "\(longest.item.name) on \(keyDate): as written vs \(variant)")
                s += "<figure class=\"map\">\(map)<figcaption>What variant <b>\(escapeXML(variant))</b> moves for \(escapeXML(longest.item.name)).</figcaption></figure>"
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
