import ArgumentParser
import Foundation
import GreenlightGeodesy
import GreenlightPolicy

struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide one proposed use and explain who must consent and why.",
        discussion: """
              greenlight decide Scenarios/ukraine-2024-2025/scenario.yaml --recipient UA --item storm-shadow \\
                --use strike --date 2024-09-12 --target 51.6,36.9,military/airfield --launch 49.98,36.25
            A retransfer (re-export) names where the item would go; --supplier picks one supplier's delivery
            when several states supplied the item:
              greenlight decide Scenarios/reexport-2022-2023/scenario.yaml --recipient PL --item leopard-2a4 \\
                --use retransfer --destination UA --date 2023-01-25
            The JSON form (--format json) is documented in docs/decision-json.md.
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The state that uses the item.") var recipient: String
    @Option(help: "The item id.") var item: String
    @Option(help: "The use, e.g. strike.") var use: String
    @Option(help: "The date, YYYY-MM-DD.") var date: String
    @Option(help: "LAT,LON[,CATEGORY] of the target, e.g. 50.6,36.8,military/artillery.") var target: String?
    @Option(help: "LAT,LON of the launch point (reports distance and range).") var launch: String?
    @Option(help: "A variant of the scenario.") var variant: String?
    @Option(help: "For --use retransfer: the state the recipient would pass the item to.") var destination: String?
    @Option(help: "The supplier whose delivery of the item the request concerns, when several supplied it (default: every supplier).") var supplier: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    /// The option that gives each request field, for errors.
    static let optionOfField = ["recipient": "--recipient", "item": "--item", "use": "--use", "category": "--target", "target": "--target", "launch": "--launch",
                                "destination": "--destination", "supplier": "--supplier"]

    func run() throws {
        let day = try parseDay(date, option: "--date")
        var request = UseRequest(recipient: recipient, item: item, use: use, date: day, variant: variant, destination: destination, supplier: supplier)
        if let target { request.target = try PointOption.target(target) }
        if let launch { request.launch = try PointOption.launch(launch) }
        let s = try loadScenario(scenario)
        let decision: Decision
        let engine: PolicyEngine
        do { engine = try PolicyEngine(scenario: s, variant: variant) } catch { throw exitInvalid(error) }
        do { decision = try engine.decide(request) } catch { throw exitInvalid(error, options: Self.optionOfField) }
        warnUnnamed(use: use, category: request.target?.category, names: engine.names)
        if format == .json {
            // The content hash of the file's bytes, the one a server gives for the same bytes uploaded.
            var cited = decision
            cited.citation = DecisionCitation(content: try scenarioContentHash(scenario))
            try printJSON(cited)
        } else { print(DecisionText.render(decision)) }
    }
}

/// The content hash of a scenario file's bytes with the reference borders in use.
func scenarioContentHash(_ path: String) throws -> ScenarioContentHash {
    let bytes: Data
    do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw exitInvalid("\(path): cannot read the file (\(error.localizedDescription))") }
    do { return try ScenarioContentHash(scenarioBytes: bytes) } catch { throw exitInvalid("reference data: \(error)") }
}

/// A point from its two fields (blanks around them ignored), or exit 2 naming the option.
func parsePoint(_ lat: String, _ lon: String, option: String) throws -> GeoPoint {
    guard let la = Double(lat.trimmingCharacters(in: .whitespaces)), let lo = Double(lon.trimmingCharacters(in: .whitespaces)) else {
        throw exitInvalid("\(option): expected numbers LAT,LON, found '\(lat),\(lon)'")
    }
    if let problem = GeoPoint.problem(latitude: la, longitude: lo) { throw exitInvalid("\(option): \(problem)") }
    return GeoPoint(latitude: la, longitude: lo)
}
