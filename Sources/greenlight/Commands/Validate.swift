import ArgumentParser
import Foundation
import GreenlightPolicy

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file and report every problem with file:line:column.",
        discussion: "Exit 0 when the scenario is valid, 2 otherwise.\n  greenlight validate Scenarios/ukraine-2024/scenario.yaml"
    )

    @Argument(help: "The scenario file (YAML, format version 1).")
    var scenario: String

    func run() throws {
        let s = try loadScenario(scenario)
        print("\(scenario): valid — \(s.states.count) states, \(s.items.count) items, \(s.transfers.count) transfers, \(s.policies.count) policies, \(s.variants.count) variants, \(s.areas.count) named areas (view \(s.view.rawValue))")
    }
}
