import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// Variants that add facts (`add_states`, `add_areas`, `add_items`, `add_transfers`, `remove_transfers`),
/// on `Fixtures/evidence/scenario.yaml`; every expectation is worked out by hand from the fixture.
@Suite struct VariantFactsTests {
    static var scenario: Scenario { EvidenceTests.scenario }
    static let bryansk = GeoPoint(latitude: 53.25, longitude: 34.37)    // Russia, outside Moscow city
    static let moscow = GeoPoint(latitude: 55.7558, longitude: 37.6173) // inside RU-MOW, the variant's `moscow` area

    func decide(_ item: String, _ date: String, at point: GeoPoint, variant: String?) throws -> Decision {
        try PolicyEngine(scenario: Self.scenario, variant: variant)
            .decide(UseRequest(recipient: "UA", item: item, use: "strike", date: CalendarDay(date)!, target: .init(point: point, category: nil), variant: variant))
    }

    @Test func anItemAndTransferAddedByAVariantAreDecidedAndShownAsHypothetical() throws {
        // 2025-10-15: only the US transfer (2025-10-01) counts; us-tomahawk permits in RU outside Moscow.
        let d = try decide("tomahawk", "2025-10-15", at: Self.bryansk, variant: "tomahawk")
        #expect(d.decision == .permit)
        #expect(d.required == ["US"])
        #expect(d.rangeKm == 1600)
        let us = try #require(d.authorities.first)
        #expect(us.requiredBecause == ["supplier: transferred Tomahawk to UA on 2025-10-01 (hypothetical: added by variant tomahawk)"])
        #expect(us.facts.first?.standing.status == .hypothetical)
        #expect(us.facts.first?.standing.addedByVariant == "tomahawk")
        let p = try #require(us.deciding.first)
        #expect(p.id == "us-tomahawk")
        #expect(p.status == .hypothetical)
        #expect(p.addedByVariant == "tomahawk")
    }

    @Test func aStateAddedByAVariantBecomesASupplierOnItsTransferDate() throws {
        // 2025-11-01: DE (added by the variant, no policy) has transferred too: required DE and US, DE missing.
        let before = try decide("tomahawk", "2025-10-31", at: Self.bryansk, variant: "tomahawk")
        #expect(before.required == ["US"])
        let d = try decide("tomahawk", "2025-11-01", at: Self.bryansk, variant: "tomahawk")
        #expect(d.decision == .deny)
        #expect(Set(d.required) == ["DE", "US"])
        #expect(d.missing == ["DE"])
        #expect(d.authorities.first { $0.state == "DE" }?.name == "Germany")
    }

    @Test func anAreaAddedByAVariantIsUsedByItsPolicy() throws {
        // Moscow city is inside RU but inside `moscow`, which us-tomahawk excludes.
        let d = try decide("tomahawk", "2025-10-15", at: Self.moscow, variant: "tomahawk")
        #expect(d.decision == .deny)
        #expect(d.missing == ["US"])
        // The misses failing one filter each, in scenario order: us-ua-territory (outside UA), us-kharkiv (items: gmlrs only), us-tomahawk.
        let misses = try #require(d.authorities.first?.nearestMisses)
        #expect(misses.map(\.policy.id) == ["us-ua-territory", "us-kharkiv", "us-tomahawk"])
        #expect(misses.last?.failures == ["target is inside moscow, which the policy excludes"])
    }

    @Test func beforeItsAddedTransferTheItemIsNotTransferred() throws {
        let d = try decide("tomahawk", "2025-09-30", at: Self.bryansk, variant: "tomahawk")
        #expect(d.decision == .deny)
        #expect(d.reason == "not-transferred")
    }

    @Test func withoutTheVariantItsFactsDoNotExist() throws {
        #expect(Self.scenario.items["tomahawk"] == nil)
        #expect(Self.scenario.states["DE"] == nil)
        #expect(Self.scenario.areas["moscow"] == nil)
        #expect(Self.scenario.transfers.count == 3)
        #expect(throws: InputError.self) { try decide("tomahawk", "2025-10-15", at: Self.bryansk, variant: nil) }
        let applied = try Self.scenario.applying(variant: "tomahawk")
        #expect(applied.transfers.count == 5)
        #expect(applied.itemOrder == ["gmlrs", "storm-shadow", "tomahawk"])
        #expect(applied.stateOrder == ["US", "GB", "UA", "DE"])
        #expect(applied.policies.map(\.id) == ["us-ua-territory", "us-kharkiv", "gb-any", "us-tomahawk"])
    }

    @Test func removeTransfersTakesTheSupplyAway() throws {
        // Base: GMLRS strike in Belgorod oblast on 2024-06-01 is permitted by us-kharkiv. Without t-gmlrs: not transferred.
        #expect(try decide("gmlrs", "2024-06-01", at: EvidenceTests.kharkivRU, variant: nil).decision == .permit)
        let d = try decide("gmlrs", "2024-06-01", at: EvidenceTests.kharkivRU, variant: "no-gmlrs")
        #expect(d.decision == .deny)
        #expect(d.reason == "not-transferred")
        #expect(try Self.scenario.applying(variant: "no-gmlrs").transfers.map(\.id) == ["t-ss", nil])
    }

    @Test func aVariantsAdditionWithEvidenceShowsThatEvidence() throws {
        let yaml = """
        greenlight: 1
        states: {US: , UA: }
        items: {x: {origin: US}}
        jurisdiction: [{rule: supplier}]
        policies: [{id: p, authority: US, effect: permit, status: official}]
        variants:
          v:
            add_transfers:
              - {item: x, from: US, to: UA, date: 2024-01-01, evidence: [{date: 2024-02-01, status: reported, source: Outlet E}]}
        """
        let s = try ScenarioLoader.load(yaml: yaml, file: "inline.yaml")
        let engine = try PolicyEngine(scenario: s, variant: "v")
        func because(_ date: String) throws -> [String] {
            try engine.decide(UseRequest(recipient: "UA", item: "x", use: "train", date: CalendarDay(date)!, variant: "v")).authorities[0].requiredBecause
        }
        // Reported once its evidence is dated; before that, not yet evidenced (hypothetical).
        #expect(try because("2024-02-01") == ["supplier: transferred x to UA on 2024-01-01 (reported: Outlet E, 2024-02-01; added by variant v)"])
        #expect(try because("2024-01-15") == ["supplier: transferred x to UA on 2024-01-01 (hypothetical: not yet evidenced on 2024-01-15 (first reported 2024-02-01, Outlet E); added by variant v)"])
    }
}
