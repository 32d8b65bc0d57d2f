import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightPolicy

struct WhereCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "where",
        abstract: "Where a use is permitted over time: one row per interval between change dates, with km² and the policies that open it.",
        discussion: """
            The figures are the areas of the question's certified zones on each interval's first day: the same
            zones, and the same km², as `timeline`, `reach` and `zones` give for that date.
              greenlight where Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --within RU --from 2024-01-01 --to 2024-12-31 \\
                -o where.geojson --map where.svg
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The item id.") var item: String
    @Option(help: "A variant of the scenario.") var variant: String?
    @OptionGroup var place: ReachPlace
    @Option(help: "First day (default: the question's first change date).") var from: String?
    @Option(help: "Last day (default: the question's last change date).") var to: String?
    @OptionGroup var tolerance: ToleranceOption
    @Option(name: .shortAndLong, help: "Write the zones: .geojson, .kml or .gpkg, with valid_from/valid_until.") var output: String?
    @Option(help: "Write small multiples, one panel per interval: OUT.svg, OUT.html or OUT.png.") var map: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        if let output { do { _ = try ZoneFileFormat.forPath(output) } catch { throw exitInvalid(error) } }
        if let map { do { _ = try MapFile.format(ofPath: map) } catch { throw exitInvalid(error) } }
        let s = try loadScenario(scenario)
        var start = try from.map { try parseDay($0, option: "--from") }, end = try to.map { try parseDay($0, option: "--to") }
        if start == nil || end == nil {
            let probe = try place.analysis(scenario: s, item: item, date: start ?? end ?? CalendarDay("2000-01-01")!, variant: variant)
            guard let changes = PermittedHistory.changeSpan(of: probe) else { throw exitInvalid("\(item): nothing in the scenario changes its question; give --from and --to") }
            start = start ?? changes.first; end = end ?? max(changes.last, start!)
        }
        guard !(end! < start!) else { throw exitInvalid("--to \(end!) is before --from \(start!)") }
        let progress = ProgressBar("tracing zones")
        let history: PermittedHistory
        do {
            history = try PermittedHistory.build(from: start!, to: end!, toleranceMeters: tolerance.toleranceM,
                                                 analysis: { try place.analysis(scenario: s, item: item, date: $0, variant: variant) }, progress: progress.update)
        } catch let e as ExitCode { throw e } catch { throw exitInvalid(error) }
        progress.finish()
        if let output { do { try ZoneFileWriter.write(history.features, to: output) } catch { throw exitInvalid(error) } }
        if let map {
            let title = "\(((try? s.applying(variant: variant))?.items[item]?.name) ?? item): where it is permitted, \(start!) to \(end!)\(variant.map { " (\($0))" } ?? "")"
            let svg = HistoryMap.svg(history, title: title)
            do { try MapFile.write(svg: svg, html: { ReachMap.html(svg: svg, title: title, summary: WhereText.render(history)) }, to: map) } catch { throw exitInvalid(error) }
        }
        if format == .json { try printJSON(history) } else { print(WhereText.render(history)) }
    }
}

/// The text form of a permitted history.
enum WhereText {
    static func render(_ h: PermittedHistory) -> String {
        var lines = ["from        until        permitted km²   in range km²  share   by authority (km²: opened by; closed by)"]
        for r in h.rows {
            let by = r.authorities.map { a in
                "\(a.state) \(String(format: "%.0f", a.km2)): \(a.openedBy.isEmpty ? "-" : a.openedBy.joined(separator: ", "))\(a.closedBy.isEmpty ? "" : "; closed by \(a.closedBy.joined(separator: ", "))")"
            }.joined(separator: " | ")
            lines.append(String(format: "%@  %@  %14.0f  %13.0f  %5.1f%%  %@", r.from.description, r.until.description, r.permittedKm2, r.inRangeKm2,
                                r.share * 100, r.transferred ? by : "not transferred"))
        }
        lines.append("areas within ± the bound of each row's zones (tolerance \(h.toleranceM) m)")
        return lines.joined(separator: "\n")
    }
}
