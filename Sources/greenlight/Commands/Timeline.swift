import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightPolicy

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "At every date a policy starts or ends: the permitted area, its share, and site counts.",
        discussion: """
              greenlight timeline Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --within RU --from 2024-01-01 --to 2024-12-31 --chart t.svg
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The item id.") var item: String
    @Option(help: "First date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last date (YYYY-MM-DD).") var to: String?
    @Option(help: "A variant of the scenario.") var variant: String?
    @OptionGroup var place: ReachPlace
    @Option(help: "Sites to count at each date.") var sites: String?
    @OptionGroup var tolerance: ToleranceOption
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Write an SVG chart.") var chart: String?

    func validate() throws {
        // Real dates are checked in run (exit 2 naming the option); here only their order.
        if let from, let to, let a = CalendarDay(from), let b = CalendarDay(to), b < a {
            throw ValidationError("--from \(from) is after --to \(to): give the first date in --from")
        }
    }

    func run() throws {
        let start = try from.map { try parseDay($0, option: "--from") }, end = try to.map { try parseDay($0, option: "--to") }
        let s = try loadScenario(scenario)
        let base = try place.analysis(scenario: s, item: item, date: start ?? CalendarDay("2024-01-01")!, variant: variant)
        let dates = TimelineDates.changePoints(engine: base.engine, item: item, recipient: base.question.recipient, from: start, to: end)
        var points: [TimelinePoint] = []
        let progress = ProgressBar("timeline")
        for (i, (date, changes)) in dates.enumerated() {
            let analysis = try place.analysis(scenario: s, item: item, date: date, variant: variant)
            let areas = ReachAreas(try tolerance.zones(analysis), required: analysis.required, transferred: analysis.transferred, rangeKm: analysis.rangeKm)
            var counts: SiteCounts?
            if let sites { counts = try classifySites(path: sites, analysis: analysis, output: nil).counts }
            points.append(TimelinePoint(date: date, changes: changes, areas: areas, sites: counts))
            progress.update(Double(i + 1) / Double(dates.count))
        }
        progress.finish()
        points = TimelineEvents.attach(s.events, to: points, end: end)
        if let chart {
            let out = try AtomicOutputFile(chart)
            out.write(TimelineChart.svg(points, title: "\(((try? s.applying(variant: variant))?.items[item]?.name) ?? item): area permitted over time\(variant.map { " (\($0))" } ?? "")",
                                        end: TimelineEvents.chartEnd(points, end: end), events: points.flatMap(\.events)))
            try out.commit()
        }
        if format == .json { try printJSON(points); return }
        print("date        in range km²   permitted km²  share   sites in range/permitted   changes")
        for p in points {
            let sitesText = p.sites.map { "\($0.inRange)/\($0.permittedInRange)" } ?? "-"
            print(String(format: "%@  %12.0f  %14.0f  %5.1f%%  %-25@  %@", p.date.description, p.areas.inRangeKm2, p.areas.permittedKm2,
                         p.areas.sharePermitted * 100, sitesText, p.changes.joined(separator: "; ")))
        }
        for line in TimelineEvents.textLines(points) { print(line) }
    }
}
