import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightPolicy

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find policies that never apply or never decide anything, forbids that never bite, unused areas and thresholds.",
        discussion: """
            Each finding carries its reason or proof: "never decides" findings are proved by a diff of the policy
            set with and without the policy (equivalent up to the zones' tolerance).
              greenlight lint Scenarios/ukraine-2024-2025/scenario.yaml --strict
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Flag(help: "Exit 1 when there are findings.") var strict = false
    @OptionGroup var tolerance: ToleranceOption
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        let s = try loadScenario(scenario)
        let lint: ScenarioLint
        let progress = ProgressBar("linting")
        do { lint = try ScenarioLint.run(s, toleranceMeters: tolerance.toleranceM, progress: progress.update) } catch { throw exitInvalid(error) }
        progress.finish()
        if format == .json { try printJSON(lint) } else {
            for f in lint.findings {
                print("\(f.location.file):\(f.location.line):\(f.location.column): \(f.kind.rawValue): \(f.message)\n    \(f.evidence)")
            }
            print(lint.findings.isEmpty ? "no findings" : "\(lint.findings.count) finding\(lint.findings.count == 1 ? "" : "s")")
        }
        if strict && !lint.findings.isEmpty { throw ExitCode(1) }
    }
}
