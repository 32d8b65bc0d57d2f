import Foundation
import GreenlightGeodesy
import GreenlightPolicy
import GreenlightAnalysis

/// `policy --scenario FILE --requests FILE.jsonl [--repeat R]`: decisions without areas (bench/policy).
/// `policy-areas --scenario FILE --count N`: decisions with area conditions on synthetic requests.
func runPolicyBenchmark(_ arguments: [String]) {
    if arguments.contains("--count") { return runAreaPolicyBenchmark(arguments) }
    guard let scenarioPath = option("--scenario", in: arguments), let requestsPath = option("--requests", in: arguments) else {
        fail("policy needs --scenario FILE --requests FILE.jsonl")
    }
    let repeats = Int(option("--repeat", in: arguments) ?? "1") ?? 1
    let scenario: Scenario
    do { scenario = try ScenarioLoader.load(contentsOf: URL(fileURLWithPath: scenarioPath)) } catch { fail("\(error)") }
    guard let text = try? String(contentsOfFile: requestsPath, encoding: .utf8) else { fail("cannot read \(requestsPath)") }
    var requests: [UseRequest] = []
    for line in text.split(separator: "\n") where !line.isEmpty {
        guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let recipient = o["recipient"] as? String, let item = o["item"] as? String, let use = o["use"] as? String,
              let dateText = o["date"] as? String, let date = CalendarDay(dateText) else { fail("bad request line: \(line)") }
        let point = GeoPoint(latitude: o["lat"] as? Double ?? 0, longitude: o["lon"] as? Double ?? 0)
        requests.append(UseRequest(recipient: recipient, item: item, use: use, date: date,
                                   target: .init(point: point, category: o["category"] as? String)))
    }
    let engine: PolicyEngine
    do { engine = try PolicyEngine(scenario: scenario) } catch { fail("\(error)") }
    var permits = 0
    let elapsed = seconds {
        for _ in 0..<repeats { for r in requests where engine.isPermitted(r) { permits += 1 } }
    }
    if let path = option("--decisions", in: arguments) {
        FileManager.default.createFile(atPath: path, contents: Data(requests.map { engine.isPermitted($0) ? 1 : 0 }))
    }
    printJSON(["requests": requests.count, "repeat": repeats, "seconds": elapsed, "permits": permits / max(1, repeats),
               "decisions_per_second": Double(requests.count * repeats) / elapsed])
}

/// Random requests against the flagship scenario: every item, dates across 2023–2024, targets in a box
/// over Ukraine and western Russia, so that every area condition (countries, regions, buffers) is evaluated.
func runAreaPolicyBenchmark(_ arguments: [String]) {
    guard let scenarioPath = option("--scenario", in: arguments) else { fail("policy-areas needs --scenario FILE") }
    let count = Int(option("--count", in: arguments) ?? "100000") ?? 100_000
    let scenario: Scenario
    do { scenario = try ScenarioLoader.load(contentsOf: URL(fileURLWithPath: scenarioPath)) } catch { fail("\(error)") }
    var generator = SplitMix64(seed: 42)
    let categories = ["military/airfield", "military/artillery", "military/command", "military/depot", "military/launch-site", "energy/plant"]
    let start = CalendarDay("2023-01-01")!.ordinal
    let days = (0..<731).map { offset -> CalendarDay in
        var d = CalendarDay("2023-01-01")!
        while d.ordinal < start + offset { d = d.next }
        return d
    }
    let requests = (0..<count).map { _ in
        UseRequest(recipient: "UA", item: scenario.itemOrder[Int(generator.next() % UInt64(scenario.itemOrder.count))], use: "strike",
                   date: days[Int(generator.next() % UInt64(days.count))],
                   target: .init(point: GeoPoint(latitude: 44 + generator.unit() * 12, longitude: 30 + generator.unit() * 16),
                                 category: categories[Int(generator.next() % UInt64(categories.count))]))
    }
    let engine: PolicyEngine
    do { engine = try PolicyEngine(scenario: scenario) } catch { fail("\(error)") }
    var permits = 0
    let elapsed = seconds { for r in requests where engine.isPermitted(r) { permits += 1 } }
    printJSON(["requests": count, "seconds": elapsed, "permits": permits, "decisions_per_second": Double(count) / elapsed])
}


