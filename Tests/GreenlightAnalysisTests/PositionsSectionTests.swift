import Foundation
import GreenlightPolicy
import Testing
@testable import GreenlightAnalysis

/// The report's positions and events section on the flagship, in both languages, and the Dutch table
/// of its fixed texts: every `text("…")` literal of the section's source file has a Dutch entry.
@Suite struct PositionsSectionTests {
    static let scenario: Scenario = try! ScenarioLoader.load(contentsOf: SiteTests.flagship)

    func section(_ language: ReportLanguage) -> String {
        ScenarioReport(scenario: Self.scenario, cases: nil, keyDate: CalendarDay("2024-11-20")!, territory: "RU", toleranceMeters: 100, siteCount: 0)
            .positionsSection(ReportText(language))
    }

    @Test func theEnglishSectionListsEveryPositionAndEvent() {
        let html = section(.en)
        // Ten positions and five events in the flagship: one table row each, plus the two header rows.
        let rows = html.components(separatedBy: "<tr>" as String).count - 1
        #expect(rows == 10 + 5 + 2)
        #expect(html.contains("<td class=\"stance-reluctant\">reluctant</td>"))
        #expect(html.contains("declared threat"))
        #expect(html.contains("12 September 2024"))
        #expect(html.contains("18 November 2025"))
        #expect(html.contains("“terughoudend”"))
        #expect(html.contains("Events reported by parties"))
        #expect(html.contains("reported: NOS, 12 September 2024"))
        // An event reported two days after it happened is cited with that report, not as not yet evidenced.
        #expect(html.contains("reported: Euromaidan Press, 28 December 2024"))
        #expect(!html.contains(">hypothetical<"))
    }

    @Test func theDutchSectionHasNoEnglishFixedText() {
        let html = section(.nl)
        #expect(html.contains("Standpunten van staten"))
        #expect(html.contains("<td class=\"stance-declared-threat\">verklaarde dreiging</td>"))
        #expect(html.contains("12 september 2024"))
        #expect(html.contains("gemeld: NOS, 12 september 2024"))
        for (english, dutch) in ReportTranslations.positions where english != dutch && english.count > 12 {
            #expect(!html.contains(english), "English fixed text in the Dutch section: \(english)")
        }
    }

    @Test func everyFixedTextOfTheSectionHasItsDutch() throws {
        let source = try String(contentsOf: SiteTests.packageRoot.appendingPathComponent("Sources/GreenlightAnalysis/ScenarioReport+Positions.swift"), encoding: .utf8)
            + (try String(contentsOf: SiteTests.packageRoot.appendingPathComponent("Sources/GreenlightAnalysis/ScenarioReport.swift"), encoding: .utf8))
                .components(separatedBy: "\n").filter { $0.contains("positionsSection") }.joined(separator: "\n")
        let regex = try NSRegularExpression(pattern: #"text\("((?:[^"\\]|\\.)*)""#)
        let literals = regex.matches(in: source, range: NSRange(source.startIndex..., in: source)).map { String(source[Range($0.range(at: 1), in: source)!]) }
        #expect(literals.count >= 25)
        for english in literals { #expect(ReportTranslations.dutch[english] != nil, "no Dutch for \(english)") }
    }
}
