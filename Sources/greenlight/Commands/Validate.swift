import ArgumentParser
import Foundation
import GreenlightPolicy

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file and report every problem with file:line:column.",
        discussion: """
            Exit 0 when the scenario is valid, 2 otherwise. Warnings (a state group no de-minimis threshold
            names, a threshold for a group no state has) go to standard error; with --strict they fail (exit 2).
            With --require-evidence every fact (policy, transfer, item, component, and what variants add
            unless it is hypothetical) must carry evidence with a source and a date; each one without is
            named with file:line:column and the command fails (exit 2).
              greenlight validate Scenarios/ukraine-2024-2025/scenario.yaml --strict
              greenlight validate Scenarios/ukraine-2024-2025/scenario.yaml --require-evidence
            """
    )

    @Argument(help: "The scenario file (YAML, format version 1).")
    var scenario: String
    @Flag(help: "Fail (exit 2) when there are warnings.") var strict = false
    @Flag(help: "Fail (exit 2) for every fact without a dated public source (evidence with a source and a date).") var requireEvidence = false

    func run() throws {
        let s = try loadScenario(scenario)
        for w in s.warnings { FileHandle.standardError.write(Data("\(w)\n".utf8)) }
        if strict && !s.warnings.isEmpty {
            throw exitInvalid("\(scenario): \(s.warnings.count) warning\(s.warnings.count == 1 ? "" : "s") with --strict")
        }
        if requireEvidence {
            let unsourced = s.factsWithoutDatedSource()
            if !unsourced.isEmpty { throw exitInvalid(unsourced.map(\.description).joined(separator: "\n")) }
        }
        print("\(scenario): valid — \(s.states.count) states, \(s.items.count) items, \(s.transfers.count) transfers, \(s.policies.count) policies, \(s.variants.count) variants, \(s.areas.count) named areas (view \(s.view.rawValue))")
    }
}
