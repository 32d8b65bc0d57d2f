import ArgumentParser
import Foundation
import GreenlightGeodesy
import GreenlightPolicy

struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide one proposed use and explain who must consent and why.",
        discussion: """
              greenlight decide Scenarios/ukraine-2024/scenario.yaml --recipient UA --item storm-shadow \\
                --use strike --date 2024-09-12 --target 51.6,36.9,military/airfield --launch 49.98,36.25
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
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        let day = try parseDay(date, option: "--date")
        var request = UseRequest(recipient: recipient, item: item, use: use, date: day, variant: variant)
        if let target {
            let parts = target.split(separator: ",", maxSplits: 2).map(String.init)
            guard parts.count >= 2 else { throw exitInvalid("--target: expected LAT,LON[,CATEGORY], found '\(target)'") }
            request.target = UseRequest.Target(point: try parsePoint(parts[0], parts[1], option: "--target"), category: parts.count == 3 ? parts[2] : nil)
        }
        if let launch {
            let parts = launch.split(separator: ",").map(String.init)
            guard parts.count == 2 else { throw exitInvalid("--launch: expected LAT,LON, found '\(launch)'") }
            request.launch = try parsePoint(parts[0], parts[1], option: "--launch")
        }
        let s = try loadScenario(scenario)
        let decision: Decision
        do { decision = try PolicyEngine(scenario: s, variant: variant).decide(request) } catch { throw exitInvalid(error) }
        if format == .json { try printJSON(decision) } else { print(DecisionText.render(decision)) }
    }
}

func parsePoint(_ lat: String, _ lon: String, option: String) throws -> GeoPoint {
    guard let la = Double(lat.trimmingCharacters(in: .whitespaces)), let lo = Double(lon.trimmingCharacters(in: .whitespaces)) else {
        throw exitInvalid("\(option): expected numbers LAT,LON, found '\(lat),\(lon)'")
    }
    if let problem = GeoPoint.problem(latitude: la, longitude: lo) { throw exitInvalid("\(option): \(problem)") }
    return GeoPoint(latitude: la, longitude: lo)
}
