import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

func runReachProbe(_ arguments: [String]) {
    let scenario = try! ScenarioLoader.load(contentsOf: URL(fileURLWithPath: option("--scenario", in: arguments)!))
    let engine = try! PolicyEngine(scenario: scenario, variant: option("--variant", in: arguments))
    let q = ReachQuestion(recipient: "UA", item: option("--item", in: arguments)!, date: CalendarDay(option("--date", in: arguments)!)!,
                          variant: option("--variant", in: arguments), category: "military/airfield",
                          launchArea: try! AreaLookup.resolve("UA", in: scenario), launchAreaLabel: "UA",
                          within: try! AreaLookup.resolve("RU", in: scenario), withinLabel: "RU")
    let analysis = try! ReachAnalysis(engine: engine, question: q)
    let tolerance = Double(option("--tolerance-m", in: arguments) ?? "10")!
    var areas: ReachAreas!
    let t = seconds { areas = try! analysis.measure(toleranceMeters: tolerance) }
    let data = try! JSONEncoder().encode(areas)
    print(String(decoding: data, as: UTF8.self), "seconds", t)
}
