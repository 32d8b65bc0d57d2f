import ArgumentParser
import Foundation
import GreenlightPolicy

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a cases file: each case's decision against its expectations.",
        discussion: """
            Prints one line per failing case (expected vs actual) and ends with "N passed, M failed".
            Exit 0 when all pass, 1 when any fails, 2 when the input is invalid.
              greenlight check Scenarios/ukraine-2024/cases.yaml
            """
    )

    @Argument(help: "The cases file (greenlight-cases: 1).") var cases: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        guard FileManager.default.fileExists(atPath: cases) else { throw exitInvalid("\(cases): no such file") }
        let file: CaseFile
        do { file = try CaseFile.load(contentsOf: URL(fileURLWithPath: cases)) } catch { throw exitInvalid(error) }
        let scenario = try loadScenario(file.scenarioURL.path)
        let report: CheckReport
        do { report = try file.check(scenario: scenario) } catch { throw exitInvalid(error) }
        if format == .json {
            try printJSON(report)
        } else {
            for c in report.cases where !c.passed { print("FAIL \(c.name): \(c.problems.joined(separator: "; "))") }
            print("\(report.passed) passed, \(report.failed) failed")
        }
        if report.failed > 0 { throw ExitCode(1) }
    }
}
