import ArgumentParser
import Foundation
import GreenlightPolicy

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a cases file: each case's decision against its expectations.",
        discussion: """
            Prints one line per failing case (expected vs actual) and ends with "N passed, M failed".
            Exit 0 when all pass, 1 when any fails, 2 when the input is invalid.
            --coverage also lists the policies that decide no case, the intervals between change dates in which no
            case is dated, and the named areas in which no case's target lies.
              greenlight check Scenarios/ukraine-2024-2025/cases.yaml
              greenlight check --coverage Scenarios/ukraine-2024-2025/cases.yaml
            """
    )

    @Argument(help: "The cases file (greenlight-cases: 1).") var cases: String
    @Flag(help: "Also report what no case exercises: policies, date intervals, areas.") var coverage = false
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        guard FileManager.default.fileExists(atPath: cases) else { throw exitInvalid("\(cases): no such file") }
        let file: CaseFile
        do { file = try CaseFile.load(contentsOf: URL(fileURLWithPath: cases)) } catch { throw exitInvalid(error) }
        let scenario = try loadScenario(file.scenarioURL.path)
        let report: CheckReport
        do { report = try file.check(scenario: scenario) } catch { throw exitInvalid(error) }
        var covered: CaseCoverage?
        if coverage { do { covered = try file.coverage(scenario: scenario) } catch { throw exitInvalid(error) } }
        if format == .json {
            if let covered { try printJSON(CheckWithCoverage(check: report, coverage: covered)) } else { try printJSON(report) }
        } else {
            for c in report.cases where !c.passed { print("FAIL \(c.name): \(c.problems.joined(separator: "; "))") }
            print("\(report.passed) passed, \(report.failed) failed")
            if let c = covered {
                print("coverage: \(c.policies - c.policiesNotDeciding.count)/\(c.policies) policies decide some case, \(c.intervals - c.intervalsWithoutCase.count)/\(c.intervals) date intervals have a case, \(c.areas - c.areasWithoutTarget.count)/\(c.areas) areas hold a target")
                for id in c.policiesNotDeciding { print("  policy deciding no case: \(id)") }
                for i in c.intervalsWithoutCase { print("  no case dated \(i.from.map(\.description) ?? "…") to \(i.until.map(\.description) ?? "…")") }
                for a in c.areasWithoutTarget { print("  no case's target in area \(a)") }
            }
        }
        if report.failed > 0 { throw ExitCode(1) }
    }
}

/// `check --coverage --format json`: the results and the coverage.
struct CheckWithCoverage: Encodable {
    var check: CheckReport
    var coverage: CaseCoverage
}
