import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightPolicy

struct WhenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "when",
        abstract: "When a use at one place is permitted: the date intervals, each with its deciding policies or nearest misses.",
        discussion: """
              greenlight when Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --target 51.7,36.2,military/airfield
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The item id.") var item: String
    @Option(help: "LAT,LON[,CATEGORY] of the target.") var target: String
    @Option(help: "The state that uses the item (default: the state that received it, or UA).") var recipient: String?
    @Option(help: "The use.") var use = "strike"
    @Option(help: "A variant of the scenario.") var variant: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        let target = try PointOption.target(target)
        let s = try loadScenario(scenario)
        let holder = recipient ?? s.defaultRecipient(of: item)
        let request = UseRequest(recipient: holder, item: item, use: use, date: CalendarDay("2000-01-01")!,
                                 target: target, variant: variant)
        let dates: PermittedDates
        do { dates = try PermittedDates.build(engine: try PolicyEngine(scenario: s, variant: variant), request: request) } catch { throw exitInvalid(error, options: Decide.optionOfField) }
        if format == .json { try printJSON(dates); return }
        for i in dates.intervals {
            print("\(i.from.map(\.description) ?? "…") to \(i.until.map(\.description) ?? "…"): \(i.verdict.rawValue.uppercased())\(i.reason.map { " (\($0))" } ?? "")")
            for a in i.authorities {
                print("  \(a.state) \(a.verdict.rawValue): \(a.explanation)")
            }
        }
    }
}
