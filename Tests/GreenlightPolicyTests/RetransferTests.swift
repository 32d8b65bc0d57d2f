import Foundation
import Testing
@testable import GreenlightPolicy

/// Transfers as uses (docs/scenario-format.md, "Transfers as uses"): the retransfer conformance suite,
/// the re-export example, and decisions read field by field against expectations worked out by hand.
@Suite struct RetransferTests {
    static let suite = ProjectPaths.packageRoot.appendingPathComponent("tests/conformance-retransfer/cases.yaml")
    static let example = ProjectPaths.packageRoot.appendingPathComponent("Scenarios/reexport-2022-2023/cases.yaml")

    func engine() throws -> PolicyEngine {
        let file = try CaseFile.load(contentsOf: Self.suite)
        return try PolicyEngine(scenario: try ScenarioLoader.load(contentsOf: file.scenarioURL))
    }

    func retransfer(_ recipient: String, _ item: String, to destination: String, on date: String, supplier: String? = nil) -> UseRequest {
        UseRequest(recipient: recipient, item: item, use: "retransfer", date: CalendarDay(date)!, destination: destination, supplier: supplier)
    }

    @Test(arguments: [(suite, 25), (example, 8)])
    func casesPass(_ url: URL, _ count: Int) throws {
        let file = try CaseFile.load(contentsOf: url)
        let report = try file.check(scenario: try ScenarioLoader.load(contentsOf: file.scenarioURL))
        #expect(report.cases.count == count)
        for c in report.cases where !c.passed { Issue.record("\(c.name): \(c.problems.joined(separator: "; "))") }
        #expect(report.failed == 0)
    }

    /// XA's forbid (tanks to XD in 2022) wins over its partners permit, and the explanation says so.
    @Test func aForbidExplainsTheRefusal() throws {
        let d = try engine().decide(retransfer("XC", "tank", to: "XD", on: "2022-06-01"))
        #expect(d.decision == .deny && d.required == ["XB", "XA"] && d.missing == ["XA"])
        let xa = try #require(d.authorities.first { $0.state == "XA" })
        #expect(xa.deciding.map(\.id) == ["xa-no-tanks-to-xd-2022"])
        #expect(xa.explanation == "State A (fictional) forbids it: xa-no-tanks-to-xd-2022 (hypothetical); a forbid wins over the permit of xa-retransfer-partners (hypothetical)")
        #expect(xa.requiredBecause == ["origin: Tank (fictional) is made in XA"])
        let xb = try #require(d.authorities.first { $0.state == "XB" })
        #expect(xb.requiredBecause == ["supplier: transferred Tank (fictional) to XC on 2021-06-01"])
    }

    /// A destination outside XA's list: the nearest miss names the destination filter.
    @Test func anUncoveredDestinationIsTheNearestMiss() throws {
        let d = try engine().decide(retransfer("XC", "tank", to: "XF", on: "2023-03-01"))
        let xa = try #require(d.authorities.first { $0.state == "XA" })
        #expect(xa.verdict == .deny)
        #expect(xa.nearestMisses.map(\.policy.id) == ["xa-retransfer-partners", "xa-training"])
        #expect(xa.nearestMisses[0].failures == ["destination XF is not among [XC, XD, XE]"])
        #expect(xa.nearestMisses[1].failures == ["use 'retransfer' is not among [training]"])
    }

    /// Naming one of two suppliers: only it is asked, and a note names the other.
    @Test func namingASupplierLeavesTheOtherOut() throws {
        let e = try engine()
        let both = try e.decide(retransfer("XE", "mortar", to: "XD", on: "2023-03-01"))
        #expect(both.required == ["XA", "XB", "XH"] && both.missing == ["XB"])
        let fromXA = try e.decide(retransfer("XE", "mortar", to: "XD", on: "2023-03-01", supplier: "XA"))
        #expect(fromXA.decision == .permit && fromXA.required == ["XA", "XH"])
        #expect(fromXA.notes == ["the request concerns the Mortar (fictional) that XA supplied: XB also supplied XE with it and is not asked"])
        let fromXC = try e.decide(retransfer("XE", "mortar", to: "XD", on: "2023-03-01", supplier: "XC"))
        #expect(fromXC.decision == .deny && fromXC.reason == "not-transferred")
        #expect(fromXC.notes.first == "no transfer of Mortar (fictional) from XC to XE on or before 2023-03-01")
        // The fast paths read the same compiled question.
        #expect(e.isPermitted(retransfer("XE", "mortar", to: "XD", on: "2023-03-01", supplier: "XA")))
        #expect(!e.isPermitted(retransfer("XE", "mortar", to: "XD", on: "2023-03-01")))
        #expect(e.missingStateIndexes(retransfer("XE", "mortar", to: "XD", on: "2023-03-01", supplier: "XC")) == nil)
    }

    /// The JSON echo carries destination and supplier, and the direct writer equals JSONEncoder on every case.
    @Test func theJSONFormEchoesDestinationAndSupplier() throws {
        let file = try CaseFile.load(contentsOf: Self.suite)
        let e = try engine()
        for c in file.cases {
            let d = try e.decide(c.request)
            let direct = try JSONSerialization.jsonObject(with: Data(d.jsonBytes)) as! NSDictionary
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(d)) as! NSDictionary
            #expect(direct == encoded, "\(c.name)")
        }
        let d = try e.decide(retransfer("XE", "mortar", to: "XD", on: "2023-03-01", supplier: "XB"))
        let request = try #require((try JSONSerialization.jsonObject(with: Data(d.jsonBytes)) as! NSDictionary)["request"] as? NSDictionary)
        #expect(request["destination"] as? String == "XD" && request["supplier"] as? String == "XB" && request["use"] as? String == "retransfer")
    }

    /// Requests that misuse the new fields are refused with the field at fault, never decided.
    @Test func misusedFieldsAreRefusedWithTheirField() throws {
        let e = try engine()
        let day = CalendarDay("2023-03-01")!
        let refused: [(UseRequest, String, String)] = [
            (UseRequest(recipient: "XB", item: "tank", use: "retransfer", date: day), "destination", "use 'retransfer' needs a destination: the state the recipient would pass the item to"),
            (UseRequest(recipient: "XB", item: "tank", use: "training", date: day, destination: "XD"), "destination", "destination XD is given for use 'training': only use 'retransfer' has a destination"),
            (retransfer("XB", "tank", to: "XB", on: "2023-03-01"), "destination", "destination XB is the recipient itself: a retransfer passes the item to another state"),
            (retransfer("XB", "tank", to: "xd", on: "2023-03-01"), "destination", "destination 'xd' is not a state declared in the scenario; did you mean 'XD'?"),
            (retransfer("XB", "tank", to: "XD", on: "2023-03-01", supplier: "ZZ"), "supplier", "supplier 'ZZ' is not a state declared in the scenario (declared: XA, XB, XC, XD, XE, XF, XG, XH)"),
            (UseRequest(recipient: "XB", item: "tank", use: "Retransfer", date: day, destination: "XD"), "use", "unknown use 'Retransfer'; did you mean 'retransfer'?"),
        ]
        for (request, field, message) in refused {
            #expect { try e.decide(request) } throws: { error in
                guard let error = error as? InputError else { return false }
                return error.field == field && error.message == message
            }
        }
    }

    /// The loader refuses a destinations filter that no retransfer can meet.
    @Test func aDestinationsFilterBesideOtherUsesIsRefused() throws {
        let yaml = """
            greenlight: 1
            states: {XA: {}, XB: {}}
            items: {tank: {origin: XA}}
            policies:
              - {id: p, authority: XA, effect: permit, uses: [strike, patrol], destinations: [XB], status: hypothetical}
            """
        #expect { try ScenarioLoader.load(yaml: yaml, file: "inline.yaml") } throws: { error in
            guard let errors = error as? InputErrors, errors.errors.count == 1 else { return false }
            let e = errors.errors[0]
            return e.location.line == 5 && e.location.column > 0
                && e.message == "policy p filters on destinations but its uses [strike, patrol] do not include 'retransfer': only a retransfer has a destination"
        }
    }
}
