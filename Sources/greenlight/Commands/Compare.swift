import ArgumentParser
import Foundation
import GreenlightAnalysis
import GreenlightPolicy

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What a policy change moves: area and sites that flip between two variants or two dates.",
        discussion: """
              greenlight compare Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --date 2024-09-12 --variant full-lift --within RU
                (A = the scenario as written, B = the variant)
              greenlight compare Scenarios/ukraine-2024-2025/scenario.yaml --item atacms-m39a1 --date 2024-11-16 --date2 2024-11-17 --within RU
              greenlight compare ... --variant kursk-only-2024-09 --variant full-lift
            """
    )

    @Argument(help: "The scenario file.") var scenario: String
    @Option(help: "The item id.") var item: String
    @Option(help: "The date of A (and of B unless --date2).") var date: String
    @Option(help: "The date of B.") var date2: String?
    @Option(help: "Variants: one (B; A is the scenario as written) or two (A and B).") var variant: [String] = []
    @OptionGroup var place: ReachPlace
    @Option(help: "Sites whose decision may flip.") var sites: String?
    @OptionGroup var tolerance: ToleranceOption
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Write a difference map: OUT.svg, OUT.html or OUT.png (PNG needs rsvg-convert, Debian package librsvg2-bin).") var map: String?

    func validate() throws {
        if variant.count > 2 { throw ValidationError("give at most two --variant") }
        if date2 == nil && variant.isEmpty { throw ValidationError("give --date2 or one or two --variant to compare") }
    }

    func run() throws {
        if let map { do { _ = try MapFile.format(ofPath: map) } catch { throw exitInvalid(error) } }
        let s = try loadScenario(scenario)
        let dayA = try parseDay(date, option: "--date")
        let dayB = try date2.map { try parseDay($0, option: "--date2") } ?? dayA
        let variantA: String? = variant.count == 2 ? variant[0] : nil
        let variantB: String? = variant.count == 2 ? variant[1] : variant.first
        let a = try place.analysis(scenario: s, item: item, date: dayA, variant: variantA)
        let b = try place.analysis(scenario: s, item: item, date: dayB, variant: variantB)
        let labelA = "\(dayA)\(variantA.map { ", \($0)" } ?? ", as written")", labelB = "\(dayB)\(variantB.map { ", \($0)" } ?? ", as written")"
        let za = try tolerance.zones(a), zb = try tolerance.zones(b)
        var report: ComparisonReport
        do { report = try Comparison.compare(a, za, b, zb, labelA: labelA, labelB: labelB).report } catch { throw exitInvalid(error) }
        if let sites {
            guard FileManager.default.fileExists(atPath: sites) else { throw exitInvalid("\(sites): no such file") }
            let ca = SiteClassifier(analysis: a), cb = SiteClassifier(analysis: b)
            var onlyA = 0, onlyB = 0, both = 0
            do {
                try SiteReader(url: URL(fileURLWithPath: sites)).forEachBatch { batch in
                    let va = ca.classify(batch, measure: false).verdicts, vb = cb.classify(batch, measure: false).verdicts
                    for (x, y) in zip(va, vb) where x.inTerritory {
                        let pa = x.inRange && x.permitted, pb = y.inRange && y.permitted
                        if pa && pb { both += 1 } else if pa { onlyA += 1 } else if pb { onlyB += 1 }
                    }
                }
            } catch { throw exitInvalid(error) }
            report.sitesOnlyA = onlyA; report.sitesOnlyB = onlyB; report.sitesBoth = both
        }
        if let map {
            let title = "\(a.engine.scenario.items[item]?.name ?? item): A \(labelA) vs B \(labelB)"
            do {
                let svg = try Comparison.map(a, za, b, zb, labelA: labelA, labelB: labelB, title: title)
                try MapFile.write(svg: svg, html: { ReachMap.html(svg: svg, title: title, summary: report.text) }, to: map)
            } catch { throw exitInvalid(error) }
        }
        if format == .json { try printJSON(report) } else { print(report.text) }
    }
}
