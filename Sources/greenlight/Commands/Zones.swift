import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

struct ZonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "Write a question's zones (in range, permitted, permitted by each required state) as certified polygons.",
        discussion: """
            Each zone is a MultiPolygon on WGS84 whose boundary lies within --tolerance-m of the true one; its
            area_km2 is the geodesic area of the written polygons and area_bound_km2 bounds the difference to the
            true area. The format follows the file's extension: .geojson (RFC 7946), .kml, .gpkg (GeoPackage).
              greenlight zones Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --date 2024-11-20 --within RU -o zones.gpkg
              greenlight zones Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --from 2024-05-01 --to 2024-12-31 --within RU -o history.geojson
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The item id.") var item: String
    @Option(help: "The date, YYYY-MM-DD (or give --from and --to).") var date: String?
    @Option(help: "First day of a period: one feature per zone per interval between change dates.") var from: String?
    @Option(help: "Last day of the period.") var to: String?
    @Option(help: "A variant of the scenario.") var variant: String?
    @OptionGroup var place: ReachPlace
    @Option(help: "Certified boundary tolerance, metres.") var toleranceM: Double = ReachZones.defaultToleranceMeters
    @Option(name: .shortAndLong, help: "Output file: .geojson, .kml or .gpkg.") var output: String
    @Option(help: "text or json (the summary printed).") var format: OutputFormat = .text

    func validate() throws {
        guard toleranceM.isFinite, toleranceM >= 0.1, toleranceM <= 10_000 else { throw ValidationError("--tolerance-m must be a number of metres within [0.1, 10000]") }
        if date != nil && (from != nil || to != nil) { throw ValidationError("give --date, or --from and --to, not both") }
        if date == nil && (from == nil || to == nil) { throw ValidationError("give --date, or both --from and --to") }
    }

    func run() throws {
        do { _ = try ZoneFileFormat.forPath(output) } catch { throw exitInvalid(error) }
        let s = try loadScenario(scenario)
        var periods: [(date: CalendarDay, validity: (from: CalendarDay, until: CalendarDay)?)] = []
        if let date {
            periods = [(try parseDay(date, option: "--date"), nil)]
        } else {
            let start = try parseDay(from!, option: "--from"), end = try parseDay(to!, option: "--to")
            guard !(end < start) else { throw exitInvalid("--to \(end) is before --from \(start)") }
            let base = try place.analysis(scenario: s, item: item, date: start, variant: variant)
            periods = ZoneExport.intervals(engine: base.engine, item: item, recipient: base.question.recipient, from: start, to: end)
                .map { ($0.from, ($0.from, $0.until)) }
        }
        var features: [ZoneFeature] = []
        var summary: [ZoneSummary] = []
        let progress = ProgressBar("tracing zones")
        for (i, period) in periods.enumerated() {
            let analysis = try place.analysis(scenario: s, item: item, date: period.date, variant: variant)
            let zones: ReachZones
            do { zones = try analysis.zones(toleranceMeters: toleranceM) } catch { throw exitInvalid(error) }
            features += ZoneExport.features(analysis, zones, validity: period.validity)
            summary.append(ZoneSummary(date: period.date, until: period.validity?.until, zones: zones))
            progress.update(Double(i + 1) / Double(periods.count))
        }
        progress.finish()
        do { try ZoneFileWriter.write(features, to: output) } catch { throw exitInvalid(error) }
        if format == .json { try printJSON(summary); return }
        for entry in summary {
            print("\(entry.date)\(entry.until.map { " to \($0)" } ?? ""):")
            for z in entry.rows { print("  \(z.label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%12.1f", z.areaKm2)) km² ± \(String(format: "%.1f", z.boundKm2))  (\(z.vertices) vertices)") }
        }
        print("wrote \(features.count) features to \(output) (tolerance \(toleranceM) m)")
    }
}

/// What `zones` prints: per date, each zone's area and bound.
struct ZoneSummary: Encodable {
    struct Row: Encodable {
        var label: String
        var areaKm2: Double, boundKm2: Double, vertices: Int
        enum CodingKeys: String, CodingKey { case label = "zone", areaKm2 = "area_km2", boundKm2 = "area_bound_km2", vertices }
    }
    var date: CalendarDay
    var until: CalendarDay?
    var rows: [Row]
    init(date: CalendarDay, until: CalendarDay?, zones: ReachZones) {
        self.date = date; self.until = until
        func row(_ label: String, _ z: ZonePolygons) -> Row { Row(label: label, areaKm2: z.areaKm2, boundKm2: z.areaBoundKm2, vertices: z.vertexCount) }
        rows = [row("in_range", zones.inRange), row("permitted", zones.permitted)] + zones.permittedBy.map { row("permitted_by \($0.state)", $0.zone) }
    }
    enum CodingKeys: String, CodingKey { case date, until = "valid_until", rows = "zones" }
}
