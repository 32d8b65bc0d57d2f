import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// The compiled hot path (`isPermitted`) must give the same verdict as the explained decision.
@Suite struct FastPathTests {
    @Test(arguments: ["ukraine-2024", "export-compliance", "filters-and-areas"])
    func sameVerdictOnEveryConformanceCase(_ name: String) throws {
        let file = try CaseFile.load(contentsOf: ProjectPaths.shared.appendingPathComponent("conformance/\(name)/cases.yaml"))
        let scenario = try ScenarioLoader.load(contentsOf: file.scenarioURL)
        for c in file.cases {
            let engine = try PolicyEngine(scenario: scenario, variant: c.request.variant)
            #expect(engine.isPermitted(c.request) == (try engine.decide(c.request).decision == .permit), "\(c.name)")
        }
    }

    @Test func sameVerdictOnRandomFlagshipRequests() throws {
        let scenario = try ScenarioLoader.load(contentsOf: ProjectPaths.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml"))
        var seed: UInt64 = 12345
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 11 }
        func unit() -> Double { Double(next() % 1_000_000) / 1_000_000 }
        let categories = ["military/airfield", "military/launch-site", "military", "energy/plant", "military-industrial/plant"]
        let days = ["2023-05-10", "2023-05-11", "2023-07-11", "2024-04-17", "2024-05-29", "2024-05-30", "2024-06-20", "2024-08-16", "2024-09-12", "2024-11-16", "2024-11-17", "2024-11-20", "2024-11-23", "2025-01-01"]
        var permits = 0
        for variant in [nil] + scenario.variantOrder {
            let engine = try PolicyEngine(scenario: scenario, variant: variant)
            for _ in 0..<400 {
                let r = UseRequest(recipient: ["UA", "GB", "RU"][Int(next() % 3)], item: scenario.itemOrder[Int(next() % UInt64(scenario.itemOrder.count))],
                                   use: ["strike", "strike", "training"][Int(next() % 3)], date: CalendarDay(days[Int(next() % UInt64(days.count))])!,
                                   target: .init(point: GeoPoint(latitude: 44 + unit() * 12, longitude: 30 + unit() * 16), category: categories[Int(next() % 5)]))
                let fast = engine.isPermitted(r), full = try engine.decide(r).decision == .permit
                #expect(fast == full, "\(r)")
                if full { permits += 1 }
            }
        }
        #expect(permits > 50) // the sample exercises permits, not only denials
    }
}

extension FastPathTests {
    @Test func missingAuthoritiesMatchTheExplainedDecision() throws {
        for name in ["ukraine-2024", "export-compliance", "filters-and-areas"] {
            let file = try CaseFile.load(contentsOf: ProjectPaths.shared.appendingPathComponent("conformance/\(name)/cases.yaml"))
            let scenario = try ScenarioLoader.load(contentsOf: file.scenarioURL)
            for c in file.cases {
                let engine = try PolicyEngine(scenario: scenario, variant: c.request.variant)
                let d = try engine.decide(c.request)
                let fast = engine.missingStateIndexes(c.request)
                if d.reason == "not-transferred" { #expect(fast == nil, "\(c.name)"); continue }
                #expect(Set(fast?.map { scenario.stateOrder[Int($0)] } ?? ["?"]) == Set(d.missing), "\(c.name)")
            }
        }
    }
}
