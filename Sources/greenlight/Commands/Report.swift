import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one self-contained HTML report of a scenario: consents, cases, reach tables, timeline, maps.",
        discussion: """
              greenlight report Scenarios/ukraine-2024-2025/scenario.yaml --out out/ukraine-2024-2025 --within RU --date 2024-09-12
              greenlight report Scenarios/ukraine-2024-2025/scenario.yaml --out out/nl --within RU --date 2024-09-12 --lang nl
            Writes OUT/report.html (no network needed to view it). The cases file beside the scenario
            (cases.yaml) is run and shown when it exists. --lang nl writes it in Dutch: every fixed text,
            numbers (483.837 km²) and dates (12 september 2024), and the scenario's own texts that carry
            a Dutch translation ({en: …, nl: …}).
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "Output folder.") var out: String
    @Option(help: "Key date for maps and variants (default: the latest date a policy starts).") var date: String?
    @Option(help: "Territory measured, e.g. RU (default: everything in range).") var within: String?
    @OptionGroup var tolerance: ToleranceOption
    @Option(help: "Number of synthetic sites drawn in range for the maps and counts.") var sites = 400
    @Option(help: "Language of the report: en or nl.") var lang: ReportLanguage = .en

    func run() throws {
        let s = try loadScenario(scenario)
        let casesURL = URL(fileURLWithPath: scenario).deletingLastPathComponent().appendingPathComponent("cases.yaml")
        var cases: CaseFile?
        if FileManager.default.fileExists(atPath: casesURL.path) {
            do { cases = try CaseFile.load(contentsOf: casesURL) } catch { throw exitInvalid(error) }
        }
        // By default the latest date a policy starts; a scenario without one, its first transfer.
        var keyDate = s.policies.compactMap(\.from).max() ?? ReportPeriod(s)?.start ?? CalendarDay.today
        if let date { keyDate = try parseDay(date, option: "--date") }
        if let within { do { _ = try AreaLookup.resolve(within, in: s) } catch { throw exitInvalid(error) } }
        var report = ScenarioReport(scenario: s, cases: cases, keyDate: keyDate, territory: within, toleranceMeters: tolerance.toleranceM, siteCount: sites, language: lang)
        let bar = ProgressBar("report")
        report.progress = { _, fraction in bar.update(fraction) }
        let html: String
        do { html = try report.render() } catch let e as InputError { throw exitInvalid(e) } catch let e as InputErrors { throw exitInvalid(e) } catch let e as GeometryError { throw exitInvalid(e) } catch let e as SiteFileErrors { throw exitInvalid(e) }
        bar.finish()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: out).appendingPathComponent("report.html").path
        let file = try AtomicOutputFile(path)
        file.write(html)
        try file.commit()
        print("wrote \(path) (\(html.utf8.count / 1024) KiB)")
    }
}

extension ReportLanguage: ExpressibleByArgument {}
