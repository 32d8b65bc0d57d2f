import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy
import Testing

/// `lint` on a fixture with planted defects (each must be found, nothing else may be), on the shipped
/// flagship (its findings must be exactly the ones its README explains), and `when` against `decide`.
@Suite struct LintAndWhenTests {
    static let planted = ZoneTests.fixtures.appendingPathComponent("lint-planted.yaml")

    @Test func lintFindsEveryPlantedDefect() throws {
        let lint = try ScenarioLint.run(try ScenarioLoader.load(contentsOf: Self.planted))
        let found = Set(lint.findings.map { "\($0.kind.rawValue) \($0.subject)" })
        // What the fixture plants (its PLANTED comments), one or more of each kind.
        let planted: Set<String> = [
            "unknown-de-minimis-group ASEAN", "unused-area spare", "empty-variant nothing", "duplicate-policy border-again",
            "never-transferred late-window", "authority-never-required xx-permit", "target-out-of-range moscow-permit",
            "empty-target-area nowhere-permit", "permit-covered border", "permit-covered border-again", "permit-covered kharkiv-only",
            "permit-overridden belgorod-centre", "forbid-never-bites no-inside-ukraine", "forbid-never-bites no-transport",
        ]
        #expect(found == planted, "missing: \(planted.subtracting(found).sorted()); unexpected: \(found.subtracting(planted).sorted())")
        #expect(Set(lint.findings.map(\.kind)).count >= 10)
        // Findings about policies point at the policy's line in the file.
        let text = try String(contentsOf: Self.planted, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for f in lint.findings where f.location.line > 0 {
            #expect(text[f.location.line - 1].contains("id: \(f.subject)"), "\(f.kind) \(f.subject) at line \(f.location.line)")
        }
    }

    /// A variant's policies are linted with that variant applied (they may name its items, transfers and
    /// states), and a variant that only adds facts is not empty; a variant policy that can never apply
    /// even then is still found.
    @Test func lintReadsVariantPoliciesInTheirVariant() throws {
        let yaml = """
        greenlight: 1
        areas: {UA: {country: UA}}
        states: {GB: {name: United Kingdom}, UA: {name: Ukraine}}
        items: {base-item: {origin: GB}}
        transfers: [{id: base-transfer, item: base-item, from: GB, to: UA, date: 2023-01-01}]
        jurisdiction: [{rule: supplier}, {rule: see-through, regime: partner-consent}]
        policies:
          - {id: gb-in-ukraine, authority: GB, effect: permit, uses: [strike], item_origin: [GB], target_in: UA, status: official}
        variants:
          facts-only:
            description: only facts
            remove_transfers: [base-transfer]
            add_items: {other-item: {origin: GB}}
            add_transfers: [{item: other-item, from: GB, to: UA, date: 2023-01-01}]
          partner:
            description: a partner state whose consent the variant's item needs
            add_states: {XX: {name: partner}}
            add_items: {partner-item: {origin: GB, components: [{origin: XX, regime: partner-consent}]}}
            add_transfers: [{item: partner-item, from: GB, to: UA, date: 2023-01-01}]
            add:
              - {id: xx-in-ukraine, authority: XX, effect: permit, uses: [strike], items: [partner-item], target_in: UA, status: hypothetical}
              - {id: xx-too-early, authority: XX, effect: permit, uses: [strike], recipients: [UA], items: [partner-item], until: 2022-12-31, status: hypothetical}
        """
        let lint = try ScenarioLint.run(try ScenarioLoader.load(yaml: yaml, file: "variant-lint.yaml"))
        let found = Set(lint.findings.map { "\($0.kind.rawValue) \($0.subject)" })
        #expect(found == ["never-transferred xx-too-early"], "\(found.sorted())")
    }

    @Test func lintOnTheFlagshipReportsOnlyWhatItsReadmeExplains() throws {
        let lint = try ScenarioLint.run(try ScenarioLoader.load(contentsOf: SiteTests.flagship))
        let readme = try String(contentsOf: SiteTests.flagship.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        // The README's lint section lists each finding as "- `kind` `subject`: why".
        let section = try #require(readme.components(separatedBy: "## Lint findings").dropFirst().first?.components(separatedBy: "\n## ").first)
        let explained = Set(section.split(separator: "\n").filter { $0.hasPrefix("- `") }.map { line in
            line.split(separator: "`").enumerated().filter { $0.offset == 1 || $0.offset == 3 }.map { String($0.element) }.joined(separator: " ")
        })
        let found = Set(lint.findings.map { "\($0.kind.rawValue) \($0.subject)" })
        #expect(!found.isEmpty && found == explained, "not explained: \(found.subtracting(explained).sorted()); explained but not found: \(explained.subtracting(found).sorted())")
    }

    @Test func whenAgreesWithDecide() throws {
        let scenario = try ScenarioLoader.load(contentsOf: SiteTests.flagship)
        let engine = try PolicyEngine(scenario: scenario)
        let ua = try #require(try ReferenceGeography.shared.country("UA", view: scenario.view))
        let box = ua.boundingBox.expanded(byMeters: 300_000)
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        let categories = ["military", "military/airfield", "military/launch-site", "civilian/energy"]
        for k in 0..<50 {
            let item = ["atacms-m39a1", "storm-shadow", "gmlrs", "scalp-eg"][k % 4]
            let point = GeoPoint(latitude: Double.random(in: box.south...box.north, using: &rng), longitude: Double.random(in: box.west...box.east, using: &rng))
            let request = UseRequest(recipient: "UA", item: item, use: "strike", date: CalendarDay("2000-01-01")!,
                                     target: .init(point: point, category: categories[k % categories.count]))
            let dates = try PermittedDates.build(engine: engine, request: request)
            #expect(dates.intervals.first?.from == nil && dates.intervals.last?.until == nil)
            for (i, interval) in dates.intervals.enumerated() {
                // The interval's ends, and a day inside it; open ends reach a year out.
                let first = interval.from ?? day(interval.until!, plus: -365), last = interval.until ?? day(interval.from!, plus: 365)
                for d in [first, last, day(first, plus: Int.random(in: 0...max(0, last.ordinal - first.ordinal), using: &rng))] {
                    var r = request
                    r.date = d
                    #expect(try engine.decide(r).decision == interval.verdict, "\(item) at \(point) on \(d): interval \(i) says \(interval.verdict)")
                    checked += 1
                }
                if i > 0 { #expect(dates.intervals[i - 1].until!.next == interval.from!) }
            }
        }
        print("when: \(checked) decisions re-decided inside the reported intervals at 50 random points")
    }

    func day(_ d: CalendarDay, plus days: Int) -> CalendarDay {
        var x = d
        for _ in 0..<abs(days) { x = days > 0 ? x.next : x.previous }
        return x
    }
}
