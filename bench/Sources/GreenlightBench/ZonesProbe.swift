import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

/// `zones-probe`: the analysis of `greenlight zones` measured in the process, loading excluded. The
/// scenario and its borders are loaded first (untimed, as PostGIS's tables are loaded before its
/// query is timed), then one monotonic interval covers `ReachAnalysis.zones`: the question compiled
/// by the kernel, contours traced, areas clipped, the overlays, the finished polygons and their
/// geodesic areas. The question is built by the same library call as the CLI's (`use` strike,
/// category military, recipient and launch area by default). Nothing is cached before the interval:
/// each run is a fresh process. Prints the interval and each zone's area (the bench checks them
/// against the file `greenlight zones` writes: one question, one number).
func runZonesProbe(_ arguments: [String]) {
    guard let path = option("--scenario", in: arguments), let item = option("--item", in: arguments),
          let day = option("--date", in: arguments).flatMap(CalendarDay.init) else {
        fail("usage: greenlight-bench zones-probe --scenario FILE --item ID --date YYYY-MM-DD [--within AREA] [--tolerance-m M]")
    }
    let tolerance = option("--tolerance-m", in: arguments).flatMap(Double.init) ?? ReachZones.defaultToleranceMeters
    do {
        let scenario = try ScenarioLoader.load(contentsOf: URL(fileURLWithPath: path))
        let engine = try PolicyEngine(scenario: scenario, variant: option("--variant", in: arguments))
        var zones: ReachZones!
        let t = try seconds {
            let analysis = try ReachAnalysis(engine: engine, item: item, date: day, use: "strike", category: "military", recipient: nil,
                                         launchArea: nil, within: option("--within", in: arguments), launchAreaFiles: false)
            zones = try analysis.zones(toleranceMeters: tolerance)
        }
        var areas: [String: Double] = ["in_range": zones.inRange.areaKm2, "permitted": zones.permitted.areaKm2]
        for (state, zone) in zones.permittedBy { areas["permitted_by \(state)"] = zone.areaKm2 }
        printJSON(["seconds": t, "areas_km2": areas, "vertices": zones.inRange.vertexCount + zones.permitted.vertexCount])
    } catch {
        fail("\(error)")
    }
}
