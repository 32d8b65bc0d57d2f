import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// Positions and events (issue 12 items 2 and 4) on the flagship and on small inline scenarios. The
/// expected positions are read off the flagship's `positions:` by hand: which are about the debate,
/// which about a policy or a variant, and their dates; a decision shows those stated on or before its
/// date that are about the debate, the variant asked or a policy it cites.
@Suite struct PositionsAndEventsTests {
    static let flagshipURL = ProjectPaths.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml")
    static let flagship: Scenario = try! ScenarioLoader.load(contentsOf: flagshipURL)
    static let K = GeoPoint(latitude: 51.9, longitude: 37.0)    // Kursk region, synthetic (cases.yaml)
    static let D = GeoPoint(latitude: 52.6, longitude: 39.6)    // Lipetsk region, synthetic (cases.yaml)

    func decide(_ item: String, _ date: String, at point: GeoPoint, variant: String? = nil, in scenario: Scenario = flagship) throws -> Decision {
        try PolicyEngine(scenario: scenario, variant: variant).decide(UseRequest(recipient: "UA", item: item, use: "strike", date: CalendarDay(date)!,
                                                                                  target: .init(point: point, category: "military/airfield"), variant: variant))
    }

    @Test func theFlagshipDeclaresTenPositionsAndFiveEvents() {
        let s = Self.flagship
        #expect(s.positions.count == 10)
        #expect(s.positions.filter { $0.about == .debate }.count == 6)
        #expect(s.positions.filter { $0.about == .variant("tomahawk-2025") }.count == 3)
        #expect(s.positions.filter { $0.about == .policy("us-kursk-clearance") }.count == 1)
        #expect(s.positions.filter { $0.stance == .declaredThreat }.map(\.state) == ["RU", "RU"])
        #expect(s.events.map(\.id) == ["atacms-bryansk", "atacms-taganrog", "storm-shadow-oryol", "storm-shadow-bryansk", "atacms-voronezh"])
        #expect(s.events.last?.date == CalendarDay("2025-11-18"))
        #expect(s.events.last?.claimedBy == ["Ukrainian General Staff", "Russian Ministry of Defence"])
        #expect(s.events[1].claimedBy == ["Russian Ministry of Defence"])     // a single text reads as a list of one
        if case .area(let name)? = s.events.last?.place { #expect(name == "voronezh-region") } else { Issue.record("the Voronezh event has no area") }
    }

    @Test func theSeedCaseShowsTheSeedsActorsBesideAnUnchangedAnswer() throws {
        let d = try decide("storm-shadow", "2024-09-12", at: Self.K)
        #expect(d.decision == .deny)
        #expect(Set(d.required) == ["GB", "US"])
        #expect(d.missing == ["US"])
        #expect(d.positions.map(\.state) == ["DE", "LT", "RU", "RU"])
        #expect(d.positions.map(\.stance) == [.reluctant, .supports, .declaredThreat, .declaredThreat])
        #expect(d.positions.allSatisfy { !$0.required })
        #expect(d.positions[0].label == "consulted, not required: DE reluctant (NOS, 2024-09-12)")
        #expect(d.positions[2].label == "declared threat: RU (President V. Putin, via NOS, 2024-09-12)")
        // The day before the seed, nothing has been said.
        #expect(try decide("storm-shadow", "2024-09-11", at: Self.K).positions.isEmpty)
    }

    @Test func aPositionOnADecidingPolicyShowsFromItsDateAndMarksARequiredState() throws {
        // ATACMS at K in January 2025 is permitted by us-kursk-clearance, which Trump opposed on 2024-12-12.
        let d = try decide("atacms-m39a1", "2025-01-10", at: Self.K)
        #expect(d.decision == .permit)
        #expect(d.authorities.first?.deciding.map(\.id) == ["us-kursk-clearance"])
        let trump = try #require(d.positions.first { $0.aboutKind == "policy" })
        #expect(trump.about == "us-kursk-clearance")
        #expect(trump.required)
        #expect(trump.label == "stated by a required state: US opposes (Time, 2024-12-12)")
        #expect(d.positions.count == 5)    // the four of the seed and Trump's
        let before = try decide("atacms-m39a1", "2024-12-11", at: Self.K)
        #expect(!before.positions.contains { $0.aboutKind == "policy" })
        // During the reported review a forbid decides: the clearance is not cited, nor the position on it.
        let review = try decide("atacms-m39a1", "2025-07-01", at: Self.K)
        #expect(review.decision == .deny)
        #expect(!review.positions.contains { $0.aboutKind == "policy" })
    }

    @Test func positionsOnAVariantShowOnlyUnderIt() throws {
        let d = try decide("tomahawk", "2025-11-18", at: Self.D, variant: "tomahawk-2025")
        #expect(d.decision == .permit)
        // Six on the debate (seed four, Merz, Kellogg) and the three on Tomahawk, oldest first.
        #expect(d.positions.count == 9)
        #expect(d.positions.suffix(3).map(\.stance) == [.conditional, .reluctant, .opposes])
        #expect(d.positions.suffix(3).map(\.date.description) == ["2025-10-12", "2025-10-17", "2025-11-02"])
        let onTheDay = try decide("tomahawk", "2025-10-17", at: Self.D, variant: "tomahawk-2025")
        #expect(onTheDay.positions.filter { $0.aboutKind == "variant" }.count == 2)
        let asWritten = try decide("atacms-m39a1", "2025-11-18", at: Self.D)
        #expect(!asWritten.positions.contains { $0.aboutKind == "variant" })
    }

    @Test func positionsNeverChangeADecision() throws {
        // Every flagship case, decided with and without the scenario's positions: the same answer.
        var bare = Self.flagship
        bare.positions = []
        let cases = try CaseFile.load(contentsOf: Self.flagshipURL.deletingLastPathComponent().appendingPathComponent("cases.yaml"))
        #expect(cases.cases.count == 96)
        var shown = 0
        for c in cases.cases {
            let with = try PolicyEngine(scenario: Self.flagship, variant: c.request.variant).decide(c.request)
            var without = try PolicyEngine(scenario: bare, variant: c.request.variant).decide(c.request)
            #expect(without.positions.isEmpty)
            shown += with.positions.count
            without.positions = with.positions
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            #expect(try encoder.encode(without) == encoder.encode(with), "\(c.name)")
        }
        #expect(shown > 0)
    }

    @Test func theDirectJSONWriterAgreesWithTheEncoderOnPositions() throws {
        let d = try decide("storm-shadow", "2024-09-12", at: Self.K)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try JSONSerialization.jsonObject(with: try encoder.encode(d)) as! NSDictionary
        let direct = try JSONSerialization.jsonObject(with: Data(d.jsonBytes)) as! NSDictionary
        #expect(encoded == direct)
        let positions = try #require(direct["positions"] as? [NSDictionary])
        #expect(positions.count == 4)
        #expect(positions[0]["stance"] as? String == "reluctant")
        #expect(positions[0]["required"] as? Bool == false)
        #expect(positions[0]["about_kind"] as? String == "debate")
    }

    // MARK: small scenarios

    static let base = """
        greenlight: 1
        areas:
          RU: {country: RU}
          bryansk: {region: RU-BRY}
        states:
          GB: {name: United Kingdom}
          UA: {name: Ukraine}
          DE: {name: Germany}
        items:
          missile: {origin: GB, range_km: 250, evidence: [{date: 2023-05-11, status: official, source: Outlet Z}]}
        transfers:
          - {item: missile, from: GB, to: UA, date: 2023-05-11, evidence: [{date: 2023-05-11, status: official, source: Outlet Z}]}
        jurisdiction:
          - {rule: supplier}
        policies:
          - {id: gb-ru, authority: GB, effect: permit, uses: [strike], target_in: RU, from: 2024-08-16, evidence: [{date: 2024-08-16, status: reported, source: Outlet A}]}
        variants:
          lift: {description: illustrative, add: [{id: gb-more, authority: GB, effect: permit, status: hypothetical}]}

        """

    func load(_ extra: String) throws(InputErrors) -> Scenario {
        try ScenarioLoader.load(yaml: Self.base + extra, file: "inline.yaml")
    }

    @Test func subjectsResolveToDebateVariantOrPolicyIncludingAVariantsPolicy() throws {
        let s = try load("""
            positions:
              - {state: DE, about: debate, stance: reluctant, date: 2024-09-12, evidence: [{date: 2024-09-12, status: reported, source: Outlet B}]}
              - {state: DE, about: lift, stance: opposes, date: 2024-09-12, evidence: [{date: 2024-09-12, status: reported, source: Outlet B}]}
              - {state: DE, about: gb-ru, stance: conditional, date: 2024-09-12, evidence: [{date: 2024-09-12, status: reported, source: Outlet B}]}
              - {state: DE, about: gb-more, stance: supports, date: 2024-09-12, evidence: [{date: 2024-09-12, status: reported, source: Outlet B}]}
            """)
        #expect(s.positions.map(\.about) == [.debate, .variant("lift"), .policy("gb-ru"), .policy("gb-more")])
        #expect(s.factsWithoutDatedSource().isEmpty)
    }

    @Test func aNameThatIsBothAVariantAndAPolicyIsRefused() {
        let yaml = Self.base.replacingOccurrences(of: "  lift: {", with: "  gb-ru: {") + """
            positions:
              - {state: DE, about: gb-ru, stance: opposes, date: 2024-09-12, status: reported, source: Outlet B}
            """
        #expect(throws: InputErrors.self) { try ScenarioLoader.load(yaml: yaml, file: "inline.yaml") }
        do { _ = try ScenarioLoader.load(yaml: yaml, file: "inline.yaml") } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].message.contains("names both a variant and a policy"))
            #expect(error.errors[0].location.line == 20)
        }
    }

    @Test func undatedPositionsAndEventsFailTheEvidenceRequirement() throws {
        let s = try load("""
            events:
              - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: Ministry A, place: {lat: 52.5, lon: 34.0}, status: reported, source: Outlet C}
            positions:
              - {state: DE, about: debate, stance: reluctant, date: 2024-09-12, status: reported, source: Outlet B}
            """)
        let problems = s.factsWithoutDatedSource().map(\.message)
        #expect(problems.count == 2)
        #expect(problems.contains { $0.hasPrefix("event e1 has no dated public source") })
        #expect(problems.contains { $0.hasPrefix("the position of DE on the debate has no dated public source") })
        if case let .point(lat, lon)? = s.events.first?.place { #expect(lat == 52.5 && lon == 34.0) } else { Issue.record("no point") }
    }

    @Test func anAreaUsedOnlyAsAnEventsPlaceCountsAsReferenced() throws {
        let s = try load("""
            events:
              - {id: e1, date: 2024-11-19, claim: a strike, claimed_by: [Ministry A], place: bryansk, evidence: [{date: 2024-11-19, status: reported, source: Outlet C}]}
            """)
        #expect(s.referencedAreas.contains("bryansk"))
    }
}
