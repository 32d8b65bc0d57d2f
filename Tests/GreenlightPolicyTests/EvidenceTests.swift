import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// Dated evidence: the status in force on a decision date, worked out by hand from the fixture
/// `Fixtures/evidence/scenario.yaml` and the rule "strongest status among the evidence dated on or
/// before the date; undated evidence counts on every date; none yet: hypothetical, not yet evidenced".
@Suite struct EvidenceTests {
    static let scenario: Scenario = try! ScenarioLoader.load(contentsOf: ProjectPaths.fixture("evidence/scenario.yaml"))
    static let kharkivRU = GeoPoint(latitude: 50.6, longitude: 36.6)      // Belgorod oblast, Russia
    static let kharkivUA = GeoPoint(latitude: 49.99, longitude: 36.23)    // Kharkiv, Ukraine

    func decide(_ item: String, _ date: String, at point: GeoPoint, variant: String? = nil) throws -> Decision {
        let engine = try PolicyEngine(scenario: Self.scenario, variant: variant)
        return try engine.decide(UseRequest(recipient: "UA", item: item, use: "strike", date: CalendarDay(date)!,
                                            target: .init(point: point, category: nil), variant: variant))
    }

    func us(_ d: Decision) -> AuthorityVerdict { d.authorities.first { $0.state == "US" }! }

    @Test func onTheDayOfTheFirstReportThePolicyIsReportedWithThatSource() throws {
        // us-kharkiv: reported 2024-05-30 (Politico), official 2024-05-31. On 30 May only the report is in force.
        let d = try decide("gmlrs", "2024-05-30", at: Self.kharkivRU)
        #expect(d.decision == .permit)
        let p = try #require(us(d).deciding.first)
        #expect(p.id == "us-kharkiv")
        #expect(p.status == .reported)
        #expect(p.source == "Politico")
        #expect(p.evidence?.date == CalendarDay("2024-05-30"))
        #expect(p.notYetEvidenced == nil)
        #expect(us(d).explanation == "United States permits it: us-kharkiv (reported)")
    }

    @Test func theDayAfterTheOfficialStatementItIsOfficial() throws {
        for date in ["2024-05-31", "2024-09-01"] {
            let p = try #require(us(try decide("gmlrs", date, at: Self.kharkivRU)).deciding.first)
            #expect(p.status == .official, "\(date)")
            #expect(p.source == "US Secretary of State", "\(date)")
            #expect(p.evidence?.title == "press remarks", "\(date)")
        }
    }

    @Test func beforeAnyEvidenceTheFactIsShownAsHypotheticalAndStillCounts() throws {
        // us-ua-territory has one piece, official on 2022-07-01. On 2022-06-25 nothing is dated on or
        // before the date: the policy still permits (status is never decisive), shown as hypothetical.
        let d = try decide("gmlrs", "2022-06-25", at: Self.kharkivUA)
        #expect(d.decision == .permit)
        let p = try #require(us(d).deciding.first)
        #expect(p.id == "us-ua-territory")
        #expect(p.status == .hypothetical)
        #expect(p.notYetEvidenced == true)
        #expect(p.firstEvidence?.date == CalendarDay("2022-07-01"))
        #expect(p.firstEvidence?.status == .official)
        #expect(p.source == nil)
        // From its date on, official.
        let later = try #require(us(try decide("gmlrs", "2022-07-01", at: Self.kharkivUA)).deciding.first)
        #expect(later.status == .official)
        #expect(later.notYetEvidenced == nil)
    }

    @Test func aTransfersStatusMovesFromReportedToOfficial() throws {
        // t-gmlrs: reported 2022-06-23 (Outlet B), official 2022-07-01 (Outlet D).
        let early = us(try decide("gmlrs", "2022-06-25", at: Self.kharkivUA))
        #expect(early.requiredBecause == ["supplier: transferred GMLRS to UA on 2022-06-23 (reported: Outlet B, 2022-06-23)"])
        #expect(early.facts.map(\.kind) == [.transfer])
        #expect(early.facts.first?.standing.status == .reported)
        #expect(early.facts.first?.standing.evidence?.url == "https://example.org/b")
        let late = us(try decide("gmlrs", "2022-07-02", at: Self.kharkivUA))
        #expect(late.requiredBecause == ["supplier: transferred GMLRS to UA on 2022-06-23 (official: Outlet D, 2022-07-01)"])
        #expect(late.facts.first?.standing.evidence?.quote == "delivered")
    }

    @Test func theOldKeysAreOneUndatedPiece() throws {
        // gb-any has `status: official, source: UK MoD`: official with that source on every date, no evidence object.
        let d = try decide("storm-shadow", "2023-05-15", at: Self.kharkivUA)
        let gb = try #require(d.authorities.first { $0.state == "GB" })
        let p = try #require(gb.deciding.first)
        #expect(p.status == .official)
        #expect(p.source == "UK MoD")
        #expect(p.evidence == nil)
        #expect(gb.requiredBecause == ["supplier: transferred Storm Shadow to UA on 2023-05-11 (official: UK MoD)"])
        let policy = try #require(Self.scenario.policies.first { $0.id == "gb-any" })
        #expect(policy.evidence.pieces == [Evidence(status: .official, source: "UK MoD")])
        #expect(policy.status == .official)
    }

    @Test func aComponentNotYetEvidencedIsHypotheticalThenReported() throws {
        // The navigation unit is first reported 2023-05-20; on 2023-05-15 it is not yet evidenced.
        let early = us(try decide("storm-shadow", "2023-05-15", at: Self.kharkivUA))
        #expect(early.requiredBecause == ["see-through ITAR: contains navigation unit from US (hypothetical: not yet evidenced on 2023-05-15 (first reported 2023-05-20, Outlet A))"])
        #expect(early.facts.first?.kind == .component)
        #expect(early.facts.first?.standing.notYetEvidenced == true)
        let late = us(try decide("storm-shadow", "2023-05-20", at: Self.kharkivUA))
        #expect(late.requiredBecause == ["see-through ITAR: contains navigation unit from US (reported: Outlet A, 2023-05-20)"])
    }

    @Test func aHypotheticalTransferPrintsAsHypothetical() throws {
        // The base scenario's US → UA Storm Shadow transfer of 2024-01-01 is `status: hypothetical`.
        let u = us(try decide("storm-shadow", "2024-02-01", at: Self.kharkivUA))
        #expect(u.requiredBecause.first == "supplier: transferred Storm Shadow to UA on 2024-01-01 (hypothetical)")
        #expect(u.facts.first?.standing.status == .hypothetical)
    }

    @Test func standingRule() {
        let d = { CalendarDay($0)! }
        let facts = FactEvidence([Evidence(date: d("2024-01-10"), status: .official, source: "A"),
                                  Evidence(date: d("2024-01-05"), status: .reported, source: "B"),
                                  Evidence(date: d("2024-01-20"), status: .official, source: "C"),
                                  Evidence(date: d("2024-01-01"), status: .hypothetical, source: "D")])
        #expect(facts.standing(on: d("2023-12-31")).status == .hypothetical)
        #expect(facts.standing(on: d("2023-12-31")).notYetEvidenced == true)
        #expect(facts.standing(on: d("2023-12-31")).firstEvidence?.source == "D")
        #expect(facts.standing(on: d("2024-01-01")).source == "D")
        #expect(facts.standing(on: d("2024-01-01")).notYetEvidenced == nil)
        #expect(facts.standing(on: d("2024-01-09")).source == "B")
        #expect(facts.standing(on: d("2024-01-10")).source == "A")
        #expect(facts.standing(on: d("2024-02-01")).source == "A")    // the earliest official piece
        #expect(facts.standing(on: nil).status == .official)
        // An undated piece counts on every date; a weaker dated one never lowers a stronger one.
        let mixed = FactEvidence([Evidence(status: .reported, source: "old"), Evidence(date: d("2024-03-01"), status: .official, source: "new")])
        #expect(mixed.standing(on: d("2020-01-01")).status == .reported)
        #expect(mixed.standing(on: d("2024-03-01")).status == .official)
        // No evidence: no status; added by a variant without evidence: hypothetical.
        #expect(FactEvidence().standing(on: d("2024-01-01")).status == nil)
        #expect(FactEvidence(addedByVariant: "v").standing(on: d("2024-01-01")).status == .hypothetical)
    }

    @Test func directJSONStillEqualsTheEncodedDecisionWithEvidence() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (item, date, point, variant) in [("gmlrs", "2022-06-25", Self.kharkivUA, nil as String?), ("gmlrs", "2024-05-30", Self.kharkivRU, nil),
                                             ("storm-shadow", "2023-05-15", Self.kharkivUA, nil),
                                             ("tomahawk", "2025-11-05", GeoPoint(latitude: 53.25, longitude: 34.37), "tomahawk")] {
            let d = try decide(item, date, at: point, variant: variant)
            let a = try JSONSerialization.jsonObject(with: Data(d.jsonBytes)) as! NSDictionary
            let b = try JSONSerialization.jsonObject(with: encoder.encode(d)) as! NSDictionary
            #expect(a == b, "\(item) \(date)")
        }
    }

    @Test func requireEvidenceNamesEveryFactWithoutADatedSource() {
        // Hand-listed: the Storm Shadow item (old keys, undated), both of its undated transfers, and
        // gb-any. The tomahawk variant's additions are hypothetical suppositions and need none.
        let problems = Self.scenario.factsWithoutDatedSource()
        #expect(problems.map(\.location.line) == [21, 41, 42, 64])
        #expect(problems[0].message.hasPrefix("item storm-shadow has no dated public source"))
        #expect(problems[3].message.hasPrefix("policy gb-any has no dated public source"))
        #expect(problems.allSatisfy { $0.location.column > 0 && $0.location.file.hasSuffix("evidence/scenario.yaml") })
    }
}
