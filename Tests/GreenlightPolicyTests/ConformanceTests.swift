import Foundation
import Testing
@testable import GreenlightPolicy

/// The shared conformance suites (must pass unchanged) and the flagship scenario's own cases.
@Suite struct ConformanceTests {
    static let suites = ["ukraine-2024", "export-compliance", "filters-and-areas"]

    func run(_ casesURL: URL) throws -> CheckReport {
        #expect(FileManager.default.fileExists(atPath: casesURL.path), "missing \(casesURL.path)")
        let file = try CaseFile.load(contentsOf: casesURL)
        let scenario = try ScenarioLoader.load(contentsOf: file.scenarioURL)
        return try file.check(scenario: scenario)
    }

    @Test(arguments: suites)
    func sharedSuitePasses(_ name: String) throws {
        let report = try run(ProjectPaths.shared.appendingPathComponent("conformance/\(name)/cases.yaml"))
        let expectedCounts = ["ukraine-2024": 27, "export-compliance": 23, "filters-and-areas": 27]
        #expect(report.cases.count == expectedCounts[name])
        for c in report.cases where !c.passed { Issue.record("\(name): \(c.name): \(c.problems.joined(separator: "; "))") }
        #expect(report.failed == 0)
    }

    @Test func flagshipCasesPass() throws {
        let report = try run(ProjectPaths.packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/cases.yaml"))
        #expect(report.cases.count >= 30)
        for c in report.cases where !c.passed { Issue.record("\(c.name): \(c.problems.joined(separator: "; "))") }
        #expect(report.failed == 0)
    }

    /// A broken expectation must be reported as a failure, with expected vs actual.
    @Test func aWrongExpectationFails() throws {
        let file = try CaseFile.load(contentsOf: ProjectPaths.shared.appendingPathComponent("conformance/ukraine-2024/cases.yaml"))
        var wrong = file
        wrong.cases = [file.cases[0]]
        wrong.cases[0].expect.decision = .deny
        wrong.cases[0].expect.missing = ["GB"]
        let report = try wrong.check(scenario: try ScenarioLoader.load(contentsOf: file.scenarioURL))
        #expect(report.failed == 1)
        #expect(report.cases[0].problems.contains("decision: expected deny, got permit"))
        #expect(report.cases[0].problems.contains("missing: expected [GB], got []"))
    }
}
