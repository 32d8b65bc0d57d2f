import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy
import Testing

/// Questions declared in the scenario (`questions:`), the charts' period from the scenario's own dates,
/// variant maps for every item a variant changes, and reports with no flagship text in them.
@Suite struct ReportQuestionsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ yaml: String) throws -> Scenario { try ScenarioLoader.load(yaml: yaml, file: "test.yaml") }

    /// A range alone from a small circle: two questions whose figures are known by hand (see below).
    static let circles = """
    greenlight: 1
    name: circles
    states: {XA: {name: A}}
    questions:
      - id: disc
        name: {en: Within 100 km of the point, nl: Binnen 100 km van het punt}
        range_km: 99
        launch_area: {circle: {lat: 0.0, lon: 20.0, radius_km: 1}}
      - id: half-radius
        name: Within 50 km
        range_km: 99
        launch_area: {circle: {lat: 0.0, lon: 20.0, radius_km: 1}}
        area: {circle: {lat: 0.0, lon: 20.0, radius_km: 50}}
        share_of: disc
        published:
          - {value: 25.0, qualifier: about, unit: "%", source: Outlet, date: 2024-08, definition: [{en: flat, nl: plat}]}
    """

    @Test func questionsLoadWithTheirFields() throws {
        let s = try Self.load(Self.circles)
        #expect(s.questions.map(\.id) == ["disc", "half-radius"])
        let q = s.questions[1]
        #expect(q.shareOf == "disc" && q.rangeKm == 99 && q.item == nil && q.area != nil)
        let p = try #require(q.published.first)
        #expect(p.decimals == 1 && p.qualifier == .about && p.date.day == nil && p.date.month == 8 && p.date.year == 2024)
        #expect(s.questions[0].name.text("nl") == "Binnen 100 km van het punt" && s.questions[0].name.text("en") == "Within 100 km of the point")
        #expect(q.name.text("nl") == "Within 50 km")       // no Dutch: the English
        #expect(ReportText(.nl).published(p) == "ongeveer 25,0%" && ReportText(.en).published(p) == "about 25.0%")
    }

    /// A geodesic disc of radius 100 km at the equator: π r² (1 − K r²/12) with K = 1/(M N), M and N the
    /// ellipsoid's radii of curvature there (6335.439 and 6378.137 km): 31,415.28 km². A disc of 50 km
    /// inside it is a quarter of it to within 2e-5.
    @Test func aRangeAloneMeasuresTheDiscAndItsShare() throws {
        let s = try Self.load(Self.circles)
        let engine = try PolicyEngine(scenario: s)
        let day = CalendarDay("2024-01-01")!
        let disc = try s.questions[0].figure(engine: engine, keyDate: day, toleranceMeters: 10)
        let expected = Double.pi * 100 * 100 * (1 - 100.0 * 100 / (12 * 6335.439 * 6378.137))
        #expect(abs(disc.km2 - expected) <= disc.boundKm2 + 1, "disc \(disc.km2) vs \(expected) ± \(disc.boundKm2)")
        #expect(disc.boundKm2 > 0 && disc.boundKm2 < 20)
        let half = try s.questions[1].figure(engine: engine, keyDate: day, toleranceMeters: 10)
        #expect(abs(half.km2 / disc.km2 - 0.25) < 0.0005, "share \(half.km2 / disc.km2)")
    }

    /// A question's territory is the zone `reach` measures: the same km², exactly, for the same item,
    /// launch area and territory.
    @Test func aQuestionWithoutAreaIsTheReachFigure() throws {
        let s = try ScenarioLoader.load(contentsOf: Self.root.appendingPathComponent("docs/examples/questions/scenario.yaml"))
        let engine = try PolicyEngine(scenario: s)
        let day = CalendarDay("2024-03-01")!
        let q = try #require(s.questions.first { $0.id == "in-range" })
        let figure = try q.figure(engine: engine, keyDate: day, toleranceMeters: 10)
        let reach = try ReachAnalysis(engine: engine, item: "rocket", date: day, within: "RU").measure(toleranceMeters: 10)
        #expect(figure.km2 == reach.inRangeKm2)
    }

    @Test func aQuestionMayNameAnItemItsVariantAdds() throws {
        let yaml = Self.circles + """

          - {id: later, name: Later, item: tomahawk, variant: tomahawk, date: 2025-10-01}
        items: {}
        """
        // The item only exists in the variant: accepted with the variant, refused without (q08 fixture).
        let withVariant = yaml.replacingOccurrences(of: "items: {}", with: """
        transfers: []
        variants:
          tomahawk:
            add_states: {US: {name: United States}}
            add_items: {tomahawk: {name: Tomahawk, origin: US, range_km: 1600}}
            add_transfers: [{item: tomahawk, from: US, to: XA, date: 2025-10-01}]
        """)
        let s = try Self.load(withVariant)
        #expect(s.questions.last?.item == "tomahawk" && s.questions.last?.variant == "tomahawk")
    }

    // MARK: the charts' period

    /// Changes that run into 2026: first transfer 2025-03-01, a policy until 2026-04-30 (its change is the
    /// day after, 2026-05-01), evidence of 2025-02-01 before the first transfer (it does not move the
    /// start). Span 426 days, margin max(31, 426 / 20) = 31 days: the charts run to 2026-06-01.
    static let into2026 = """
    greenlight: 1
    name: into 2026
    areas: {XA: {circle: {lat: 10.0, lon: 10.0, radius_km: 50}}}
    states: {XA: {name: A}, XB: {name: B}}
    items: {dart: {name: Dart, origin: XB, range_km: 40}, stone: {name: Stone, origin: XB, range_km: 20}}
    transfers:
      - {item: dart, from: XB, to: XA, date: 2025-03-01}
      - {item: stone, from: XB, to: XA, date: 2025-04-01}
    jurisdiction: [{rule: supplier}]
    policies:
      - id: xb-near
        authority: XB
        effect: permit
        items: [dart]
        target_in: {circle: {lat: 10.0, lon: 10.5, radius_km: 30}}
        from: 2025-06-01
        until: 2026-04-30
        evidence: [{date: 2025-02-01, status: reported, source: Outlet}]
      - {id: xb-stone, authority: XB, effect: permit, items: [stone], target_in: {circle: {lat: 10.0, lon: 10.0, radius_km: 60}}, from: 2025-05-01, status: reported}
    variants:
      dart-only: {description: drop the dart permit, remove: [xb-near]}
      both: {description: everything permitted, add: [{id: xb-all, authority: XB, effect: permit, status: hypothetical}], remove: [xb-near, xb-stone]}
    """

    @Test func theChartsSpanEveryChangeIntoTwentyTwentySix() throws {
        let s = try Self.load(Self.into2026)
        let period = try #require(ReportPeriod(s))
        #expect(period == ReportPeriod(start: CalendarDay("2025-03-01")!, end: CalendarDay("2026-06-01")!))
        let html = try ScenarioReport(scenario: s, cases: nil, keyDate: CalendarDay("2025-06-01")!, territory: nil, toleranceMeters: 10, siteCount: 20).render()
        let spans = Self.matches(#"data-start="([0-9-]+)" data-end="([0-9-]+)""#, in: html)
        #expect(spans.count == 2, "one chart per ranged item")
        #expect(spans.allSatisfy { $0 == ["2025-03-01", "2026-06-01"] }, "\(spans)")
        #expect(!html.contains("2025-01-31"))
    }

    /// The flagship's first transfer is the GMLRS arrival of 2022-06-23; its last change in 2024 is
    /// 2024-11-23 (README): the charts start at the first and end more than a month after the last.
    @Test func theFlagshipPeriod() throws {
        let s = try ScenarioLoader.load(contentsOf: Self.root.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml"))
        let period = try #require(ReportPeriod(s))
        #expect(period.start == CalendarDay("2022-06-23")!)
        #expect(period.end.ordinal - CalendarDay("2024-11-23")!.ordinal >= 31)
    }

    /// Variant `dart-only` changes the dart alone (the stone's permit stays); `both` changes both items.
    @Test func variantMapsForEveryItemTheVariantChanges() throws {
        let s = try Self.load(Self.into2026)
        let html = try ScenarioReport(scenario: s, cases: nil, keyDate: CalendarDay("2025-06-01")!, territory: nil, toleranceMeters: 10, siteCount: 0).render()
        let maps = Self.matches(#"class="map variant" data-variant="([a-z-]+)" data-item="([a-z-]+)""#, in: html)
        #expect(maps == [["dart-only", "dart"], ["both", "dart"], ["both", "stone"]], "\(maps)")
    }

    // MARK: no flagship text elsewhere

    static let flagshipWords = ["ATACMS", "Kharkiv", "ISW", "GMLRS", "Storm Shadow", "Russian territory", "Belgorod", "Kursk", "16%", "debate"]

    @Test(arguments: ["reexport", "minimal"])
    func noFlagshipTextInOtherReports(_ which: String) throws {
        let s = which == "reexport"
            ? try ScenarioLoader.load(contentsOf: Self.root.appendingPathComponent("Scenarios/reexport-2022-2023/scenario.yaml"))
            : try Self.load(Self.into2026)
        let keyDate = s.policies.compactMap(\.from).max()!
        for language in ReportLanguage.allCases {
            let html = try ScenarioReport(scenario: s, cases: nil, keyDate: keyDate, territory: nil, toleranceMeters: 10, siteCount: 10, language: language).render()
            for word in Self.flagshipWords { #expect(!html.contains(word), "\(which) (\(language)) contains '\(word)'") }
            #expect(!html.contains("id=\"questions\""), "no questions section without declared questions")
        }
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1..<m.numberOfRanges).map { String(text[Range(m.range(at: $0), in: text)!]) }
        }
    }
}
