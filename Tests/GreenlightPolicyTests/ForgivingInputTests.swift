import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// Issue 11, item 2: names that differ only in capitals are refused with a suggestion, never answered
/// differently; a request without a target is decidable when no policy that applies to it needs one;
/// group warnings.
@Suite struct ForgivingInputTests {
    static let yaml = """
        greenlight: 1
        areas:
          RU: {country: RU}
        states:
          US: {groups: [NATO]}
          GB: {groups: [NATO, AUKUS]}
          UA:
        items:
          gmlrs: {origin: US}
          shadow: {origin: GB}
        transfers:
          - {item: gmlrs, from: US, to: UA, date: 2022-06-01}
          - {item: shadow, from: GB, to: UA, date: 2023-05-01}
        jurisdiction:
          - {rule: supplier}
          - {rule: de-minimis, regime: EAR, percent: 10, group_percent: {NATO: 25, E1: 25}}
        policies:
          - {id: us-defence, authority: US, effect: permit, uses: [defence], status: official}
          - {id: us-strike-ru, authority: US, effect: permit, uses: [strike], target_in: RU, categories: [military], status: official}
          - {id: us-late, authority: US, effect: forbid, uses: [defence], target_in: RU, from: 2030-01-01, status: hypothetical}
          - {id: us-shadow-only, authority: US, effect: forbid, items: [shadow], categories: [military], status: official}
          - {id: gb-air-defence, authority: GB, effect: permit, uses: [defence], categories: [military/air], status: official}
        """

    static let scenario = try! ScenarioLoader.load(yaml: yaml, file: "forgiving.yaml")
    static let engine = try! PolicyEngine(scenario: scenario)
    static let day = CalendarDay("2024-06-01")!

    func request(_ use: String, item: String = "gmlrs", recipient: String = "UA", category: String? = nil, target: Bool = true) -> UseRequest {
        UseRequest(recipient: recipient, item: item, use: use, date: Self.day,
                   target: target ? .init(point: GeoPoint(latitude: 51, longitude: 37), category: category) : nil)
    }

    func refusal(_ r: UseRequest) -> InputError? {
        do { _ = try Self.engine.decide(r); return nil } catch { return error }
    }

    @Test func aUseInOtherCapitalsIsRefusedWithASuggestion() throws {
        let e = try #require(refusal(request("Strike", category: "military")))
        #expect(e.field == "use")
        #expect(e.message == "unknown use 'Strike'; did you mean 'strike'?")
    }

    @Test func aCategoryInOtherCapitalsIsRefusedWithASuggestion() throws {
        let e = try #require(refusal(request("strike", category: "Military/Airfield")))
        #expect(e.field == "category")
        #expect(e.message == "unknown category 'Military/Airfield'; did you mean 'military/airfield'?")
        // A deeper filter in other capitals is caught even when a shallower one matches as written.
        let deeper = try #require(refusal(request("defence", category: "military/Air")))
        #expect(deeper.message.contains("did you mean 'military/air'?"))
    }

    @Test func openEndedNamesWithoutATwinStayValid() throws {
        #expect(refusal(request("training", category: "civil/port")) == nil)
        #expect(try Self.engine.decide(request("strike", category: "military/airfield")).decision == .permit)
    }

    @Test func recipientsAndItemsInOtherCapitalsGetASuggestion() throws {
        let r = try #require(refusal(request("strike", recipient: "ua")))
        #expect(r.field == "recipient" && r.message.hasSuffix("did you mean 'UA'?"))
        let i = try #require(refusal(request("strike", item: "GMLRS")))
        #expect(i.field == "item" && i.message.hasSuffix("did you mean 'gmlrs'?"))
    }

    @Test func aTargetlessRequestIsDecidableWhenNoApplyingPolicyNeedsATarget() throws {
        // us-defence applies and has no place filter; us-strike-ru (other use), us-late (not yet in force)
        // and us-shadow-only (other item) need a target but do not apply.
        let d = try Self.engine.decide(request("defence", target: false))
        #expect(d.decision == .permit)
        #expect(d.authorities.first?.deciding.map(\.id) == ["us-defence"])
    }

    @Test func aTargetlessRequestIsRefusedWhenAnApplyingPolicyNeedsATarget() throws {
        // us-strike-ru applies by use, recipient, item and date, and filters on area and category.
        let e = try #require(refusal(request("strike", target: false)))
        #expect(e.field == "target" && e.message.contains("policy us-strike-ru applies to this request"))
        // A categories filter alone needs a target too (gb-air-defence, for shadow).
        let gb = try #require(refusal(request("defence", item: "shadow", target: false)))
        #expect(gb.message.contains("policy us-shadow-only") || gb.message.contains("policy gb-air-defence"))
    }

    @Test func aTargetlessRequestForAnItemNotTransferredIsDecided() throws {
        let r = UseRequest(recipient: "UA", item: "shadow", use: "strike", date: CalendarDay("2023-01-01")!)
        #expect(try Self.engine.decide(r).reason == "not-transferred")
    }

    @Test func groupWarnings() {
        let messages = Self.scenario.warnings.map(\.message)
        #expect(messages.contains { $0.contains("threshold for group 'E1', which no state belongs to") })
        #expect(messages.contains { $0.contains("group 'AUKUS' is named by no de-minimis threshold") })
        #expect(!messages.contains { $0.contains("'NATO'") })
        #expect(Self.scenario.warnings.allSatisfy { $0.location.line > 0 })
    }
}
