import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure what a policy scenario puts within reach: area in range, area permitted, sites by decision.",
        discussion: """
            Areas are the geodesic areas of the question's zones: polygons whose boundary lies within
            --tolerance-m of the exact one (the same zones `greenlight zones` writes), with a rigorous bound.
            Sites (CSV lat,lon,category[,id] or GeoJSON points) stream in constant memory.
              greenlight reach Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --date 2024-06-10 --within RU
              greenlight reach Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --date 2024-09-12 --variant full-lift \\
                --within RU --sites sites.csv --map reach.svg --format json
            With --sites-before, the sites of both files are matched by id (each file needs an id column,
            each id once) and counted per category: left the range, came into range, stayed in, stayed out,
            and the same for the permitted zone; ids in one file only are counted as added or removed.
            The map draws each move as an arrow from the old position to the new one.
              greenlight reach Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --date 2024-11-20 --within RU \\
                --sites Scenarios/ukraine-2024-2025/sites-after.csv --sites-before Scenarios/ukraine-2024-2025/sites-before.csv --map moved.svg
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @OptionGroup var question: ReachOptions
    @Option(help: "Sites to classify: CSV (lat,lon,category[,id]) or GeoJSON points.") var sites: String?
    @Option(help: "The same sites at an earlier time (matched with --sites by id): count which left or came into range and the permitted zone.")
    var sitesBefore: String?
    @OptionGroup var tolerance: ToleranceOption
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Write per-site results (GeoJSON, or CSV when the name ends in .csv).") var geojson: String?
    @Option(help: "Write a map: OUT.svg, OUT.html or OUT.png (PNG needs rsvg-convert, Debian package librsvg2-bin).") var map: String?

    func validate() throws {
        if geojson != nil && sites == nil { throw ValidationError("--geojson writes per-site results and needs --sites FILE") }
        if sitesBefore != nil && sites == nil { throw ValidationError("--sites-before compares with the sites of --sites FILE, and needs it") }
    }

    func run() throws {
        if let map { do { _ = try MapFile.format(ofPath: map) } catch { throw exitInvalid(error) } }
        let s = try loadScenario(scenario)
        let analysis = try question.analysis(scenario: s)
        let zones = try tolerance.zones(analysis)
        let areas = ReachAreas(zones, required: analysis.required, transferred: analysis.transferred, rangeKm: analysis.rangeKm)
        var report = ReachReport(scenario: s.name, item: question.item, itemName: analysis.engine.scenario.items[question.item]?.name ?? question.item, recipient: analysis.question.recipient,
                                 date: analysis.question.date, variant: question.variant, category: question.place.category,
                                 launchArea: analysis.question.launchAreaLabel, within: question.place.within, areas: areas, sites: nil, notes: [])
        var drawn: [SiteVerdict] = []
        if let sitesBefore, let sites { report.moves = try compareSites(before: sitesBefore, after: sites, analysis: analysis) }
        if let sites {
            let result = try classifySites(path: sites, analysis: analysis, output: geojson)
            report.sites = result.counts
            drawn = result.sample
        }
        if let map { try writeMap(map, analysis: analysis, zones: zones, sites: drawn, moves: report.moves?.moves ?? [], report: report) }
        if format == .json { try printJSON(report) } else { print(report.text) }
    }

    func writeMap(_ path: String, analysis: ReachAnalysis, zones: ReachZones, sites: [SiteVerdict], moves: [SiteMoves.Move], report: ReachReport) throws {
        let title = "\(report.itemName): reach and permitted zones on \(report.date)\(report.variant.map { " (\($0))" } ?? "")\(moves.isEmpty ? "" : ", sites that moved")"
        let svg = ReachMap.draw(analysis, zones: zones, sites: sites, moves: moves, title: title)
        do { try MapFile.write(svg: svg, html: { ReachMap.html(svg: svg, title: title, summary: report.text) }, to: path) } catch { throw exitInvalid(error) }
    }
}

/// The zones' certified boundary tolerance, shared by every command that measures areas.
struct ToleranceOption: ParsableArguments {
    @Option(help: "Certified boundary tolerance of the zones, metres (areas carry the bound it implies).")
    var toleranceM: Double = ReachZones.defaultToleranceMeters

    func validate() throws {
        guard toleranceM.isFinite, toleranceM >= 0.1, toleranceM <= 10_000 else { throw ValidationError("--tolerance-m must be a number of metres within [0.1, 10000]") }
    }

    /// The question's zones, or exit 2 with the geometry problem.
    func zones(_ analysis: ReachAnalysis) throws -> ReachZones {
        do { return try analysis.zones(toleranceMeters: toleranceM) } catch { throw exitInvalid(error) }
    }
}

/// Where a reach question looks and for what: shared by reach, timeline and compare.
struct ReachPlace: ParsableArguments {
    @Option(help: "The recipient (default: the state that received the item, or UA).") var recipient: String?
    @Option(help: "The use (default: strike).") var use = "strike"
    @Option(help: "Target category that policies are matched against.") var category = "military"
    @Option(help: "Launch area: an area of the scenario, a country or region code, or a GeoJSON file (polygons, or lines and points) (default: the recipient's country).") var launchArea: String?
    @Option(help: "Limit the measured territory to this area, e.g. RU.") var within: String?

    func analysis(scenario s: Scenario, item: String, date: CalendarDay, variant: String?) throws -> ReachAnalysis {
        do {
            return try ReachAnalysis(engine: try PolicyEngine(scenario: s, variant: variant), item: item, date: date, use: use,
                                     category: category, recipient: recipient, launchArea: launchArea, within: within, launchAreaFiles: true)
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

/// Matches two site files by id and counts the moves for the question, or exit 2 naming file and line.
func compareSites(before: String, after: String, analysis: ReachAnalysis) throws -> SiteMoves {
    for path in [before, after] where !FileManager.default.fileExists(atPath: path) { throw exitInvalid("\(path): no such file") }
    do {
        return try SiteMoves(before: try IdentifiedSites(url: URL(fileURLWithPath: before), name: before),
                             after: try IdentifiedSites(url: URL(fileURLWithPath: after), name: after), analysis: analysis)
    } catch { throw exitInvalid(error) }
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
        var checked = Set<String>()
        try SiteReader(url: URL(fileURLWithPath: path)).forEachBatch { batch in
            // A site category in other capitals than the scenario's is refused, as on the command line.
            for site in batch {
                guard let c = site.category, checked.insert(c).inserted else { continue }
                do throws(InputError) { try analysis.engine.names.checkCategory(c) } catch { throw InputError(SourceLocation(file: path, line: 0, column: 0), "site \(EchoedText.capped(site.id)): \(error.message)", code: error.code) }
            }
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
