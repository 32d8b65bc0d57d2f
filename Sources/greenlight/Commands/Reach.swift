import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure what a policy scenario puts within reach: area in range, area permitted, sites by decision.",
        discussion: """
            Areas are measured on the WGS84 ellipsoid by adaptive quadrature of the exact predicates, with a
            rigorous error bound. Sites (CSV lat,lon,category[,id] or GeoJSON points) stream in constant memory.
              greenlight reach Scenarios/ukraine-2024/scenario.yaml --item atacms-m39a1 --date 2024-06-10 --within RU
              greenlight reach Scenarios/ukraine-2024/scenario.yaml --item atacms-m39a1 --date 2024-09-12 --variant full-lift \\
                --within RU --sites sites.csv --map reach.svg --format json
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @OptionGroup var question: ReachOptions
    @Option(help: "Sites to classify: CSV (lat,lon,category[,id]) or GeoJSON points.") var sites: String?
    @Option(help: "Finest cell size of the area measurement, km.") var resolutionKm: Double = 2
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Write per-site results (GeoJSON, or CSV when the name ends in .csv).") var geojson: String?
    @Option(help: "Write a map: OUT.svg or OUT.html.") var map: String?

    func validate() throws {
        guard resolutionKm.isFinite, resolutionKm > 0 else { throw ValidationError("--resolution-km must be a number greater than 0") }
    }

    func run() throws {
        let s = try loadScenario(scenario)
        let analysis = try question.analysis(scenario: s)
        let progress = ProgressBar("measuring areas")
        let areas = analysis.measure(resolutionKm: resolutionKm, progress: progress.callback)
        progress.finish()
        var report = ReachReport(scenario: s.name, item: question.item, itemName: s.items[question.item]!.name, recipient: analysis.question.recipient,
                                 date: analysis.question.date, variant: question.variant, category: question.place.category,
                                 launchArea: analysis.question.launchAreaLabel, within: question.place.within, areas: areas, sites: nil, notes: [])
        var drawn: [SiteVerdict] = []
        if let sites {
            let result = try classifySites(path: sites, analysis: analysis, output: geojson)
            report.sites = result.counts
            drawn = result.sample
        }
        if let map { try writeMap(map, analysis: analysis, sites: drawn, report: report) }
        if format == .json { try printJSON(report) } else { print(report.text) }
    }

    func writeMap(_ path: String, analysis: ReachAnalysis, sites: [SiteVerdict], report: ReachReport) throws {
        let title = "\(report.itemName): reach and permitted zones on \(report.date)\(report.variant.map { " (\($0))" } ?? "")"
        let svg = ReachMap.draw(analysis, sites: sites, title: title)
        let out = try AtomicOutputFile(path)
        out.write(path.lowercased().hasSuffix(".html") ? ReachMap.html(svg: svg, title: title, summary: report.text) : svg)
        try out.commit()
    }
}

/// Where a reach question looks and for what: shared by reach, timeline and compare.
struct ReachPlace: ParsableArguments {
    @Option(help: "The recipient (default: the state that received the item, or UA).") var recipient: String?
    @Option(help: "The use (default: strike).") var use = "strike"
    @Option(help: "Target category that policies are matched against.") var category = "military"
    @Option(help: "Launch area: an area of the scenario, a country or region code (default: the recipient's country).") var launchArea: String?
    @Option(help: "Limit the measured territory to this area, e.g. RU.") var within: String?

    func analysis(scenario s: Scenario, item: String, date: CalendarDay, variant: String?) throws -> ReachAnalysis {
        do {
            return try ReachAnalysis(engine: try PolicyEngine(scenario: s, variant: variant), item: item, date: date, use: use,
                                     category: category, recipient: recipient, launchArea: launchArea, within: within)
        } catch { throw exitInvalid(error) }
    }
}

/// A date given on the command line, or exit 2 naming the option.
func parseDay(_ text: String, option: String) throws -> CalendarDay {
    guard let d = CalendarDay(text) else { throw exitInvalid("\(option): expected a real date YYYY-MM-DD, found '\(text)'") }
    return d
}

/// The options that define one reach question.
struct ReachOptions: ParsableArguments {
    @Option(help: "The item id.") var item: String
    @Option(help: "The date, YYYY-MM-DD.") var date: String
    @Option(help: "A variant of the scenario.") var variant: String?
    @OptionGroup var place: ReachPlace

    func analysis(scenario s: Scenario) throws -> ReachAnalysis {
        try place.analysis(scenario: s, item: item, date: try parseDay(date, option: "--date"), variant: variant)
    }
}

/// Streams a site file through the classifier; per-site output is written atomically (nothing partial
/// on failure). Returns the counts and a sample of verdicts for maps.
func classifySites(path: String, analysis: ReachAnalysis, output: String?) throws -> (counts: SiteCounts, sample: [SiteVerdict]) {
    guard FileManager.default.fileExists(atPath: path) else { throw exitInvalid("\(path): no such file") }
    let classifier = SiteClassifier(analysis: analysis)
    var counts = SiteCounts()
    var sample: [SiteVerdict] = []
    let writer = try output.map { try SiteOutput(path: $0) }
    let progress = ProgressBar("classifying sites")
    let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 1)
    var seen = 0.0
    do {
        try SiteReader(url: URL(fileURLWithPath: path)).forEachBatch { batch in
            let result = classifier.classify(batch, measure: writer != nil)
            counts.add(result.counts)
            writer?.write(result.verdicts, defaultCategory: analysis.question.category)
            if sample.count < 20_000 { sample += result.verdicts.prefix(20_000 - sample.count) }
            seen += Double(batch.count) * 40
            progress.update(seen / size)
        }
        progress.finish()
        try writer?.commit()
    } catch {
        progress.finish()
        writer?.discard()
        throw exitInvalid(error)
    }
    return (counts, sample)
}
