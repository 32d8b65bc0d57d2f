import ArgumentParser
import Foundation
import GreenlightPolicy

struct Consents: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List whose consent an item in a recipient's hands needs, and why.",
        discussion: """
            Each reason shows the status in force on the date of the fact behind it (a transfer, the item,
            a component) and its source; what a variant adds is hypothetical unless its evidence says otherwise.
              greenlight consents Scenarios/ukraine-2024-2025/scenario.yaml --item storm-shadow --recipient UA --date 2024-09-12
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The item id.") var item: String
    @Option(help: "The state holding the item.") var recipient: String
    @Option(help: "Count transfers up to this date (YYYY-MM-DD); all transfers when omitted.") var date: String?
    @Option(help: "A variant of the scenario (its added items and transfers count).") var variant: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    struct Output: Encodable {
        var item: String, recipient: String, date: String?, variant: String?
        var transferred: Bool, suppliers: [String], required: [RequiredAuthority]
    }

    func run() throws {
        let day = try date.map { try parseDay($0, option: "--date") }
        let s: Scenario
        do { s = try loadScenario(scenario).applying(variant: variant) } catch let error as InputError { throw exitInvalid(error) }
        guard s.items[item] != nil else { throw exitInvalid("unknown item '\(item)' (items: \(s.itemOrder.joined(separator: ", ")))") }
        guard s.states[recipient] != nil else { throw exitInvalid("recipient '\(recipient)' is not declared (states: \(s.stateOrder.joined(separator: ", ")))") }
        let d = s.requiredAuthorities(item: item, recipient: recipient, date: day)
        if format == .json {
            try printJSON(Output(item: item, recipient: recipient, date: day?.description, variant: variant, transferred: d.transferred, suppliers: d.suppliers, required: d.authorities))
            return
        }
        print("\(item) held by \(recipient)\(day.map { " on \($0)" } ?? "")\(variant.map { " (variant \($0))" } ?? ""):")
        if !d.transferred { print("  not transferred to \(recipient)\(day.map { " on or before \($0)" } ?? ""): any use is denied (not-transferred)") }
        if d.authorities.isEmpty { print("  no state's consent is required") }
        for a in d.authorities {
            print("  \(a.state) (\(s.states[a.state]?.name ?? a.state))")
            for why in a.reasons { print("    - \(why)") }
        }
    }
}
