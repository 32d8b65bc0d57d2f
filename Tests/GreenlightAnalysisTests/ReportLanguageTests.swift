import Foundation
import GreenlightAnalysis
import GreenlightPolicy
import Testing

/// Dutch and English reports: every fixed text the code writes has a Dutch entry, a Dutch report holds
/// no English fixed text, and numbers and dates follow the language.
@Suite struct ReportLanguageTests {
    static let sources = ReportQuestionsTests.root.appendingPathComponent("Sources/GreenlightAnalysis")

    /// Every `text("…")` literal of the analysis sources (comments left out), unescaped as Swift reads it.
    static func literals() throws -> [(file: String, text: String)] {
        var found: [(String, String)] = []
        let regex = try NSRegularExpression(pattern: #"\btext\("((?:[^"\\]|\\.)*)""#)
        for name in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() where name.hasSuffix(".swift") {
            let code = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
            for line in code.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let s = String(line)
                for m in regex.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                    found.append((name, String(s[Range(m.range(at: 1), in: s)!]).replacingOccurrences(of: "\\\"", with: "\"")))
                }
            }
        }
        return found
    }

    @Test func everyFixedTextHasADutchEntry() throws {
        let all = try Self.literals()
        #expect(all.count >= 90, "the scan found \(all.count) texts: it is broken")
        for (file, english) in all {
            #expect(!english.contains("\\("), "\(file): '\(english)' interpolates: use {0} placeholders")
            #expect(ReportTranslations.dutch[english] != nil, "\(file): no Dutch for '\(english)'")
        }
    }

    @Test func aKeyInTwoTablesHasOneTranslation() {
        var seen: [String: String] = [:]
        for part in ReportTranslations.parts {
            for (english, dutch) in part {
                if let other = seen[english] { #expect(other == dutch, "'\(english)': '\(other)' and '\(dutch)'") }
                seen[english] = dutch
            }
        }
    }

    /// The words the report looks up by value, not by literal: each enumeration's every case.
    @Test func valuesLookedUpByNameHaveDutch() {
        let words = PolicyStatus.allCases.map(\.rawValue) + ["permit", "forbid", "deny", "not-transferred", "supplier", "origin"]
            + ["de-jure", "de-facto"]
        for w in words { #expect(ReportTranslations.dutch[w] != nil, "no Dutch for '\(w)'") }
    }

    @Test func dutchNumbersAndDates() {
        let nl = ReportText(.nl), en = ReportText(.en)
        #expect(nl.number(483_837.4) == "483.837" && en.number(483_837.4) == "483,837")
        #expect(nl.number(1_234_567.25, decimals: 1) == "1.234.567,2" || nl.number(1_234_567.25, decimals: 1) == "1.234.567,3")
        #expect(nl.percent(0.125) == "12,5%" && en.percent(0.125) == "12.5%")
        #expect(nl.numberUp(55.2) == "56")
        #expect(nl.quantity(84) == "84" && nl.quantity(84.5) == "84,5" && en.quantity(84.5) == "84.5")
        #expect(nl.date(CalendarDay("2024-09-12")!) == "12 september 2024" && en.date(CalendarDay("2024-09-12")!) == "12 September 2024")
        #expect(nl.date(PublishedDate("2024-08")!) == "augustus 2024" && en.date(PublishedDate("2024-06-09")!) == "9 June 2024")
        #expect(nl("Summary") == "Samenvatting" && en("Summary") == "Summary")
        #expect(nl("{0} on {1}: as written vs {2}", "A", "B", "C") == "A op B: zoals geschreven tegenover C")
    }

    /// The visible text of a page: tags, the style sheet and attributes removed, entities decoded.
    static func visibleText(_ html: String) -> String {
        var s = html.replacingOccurrences(of: #"<style>[\s\S]*?</style>"#, with: " ", options: .regularExpression)
        s = s.replacingOccurrences(of: #"<[^>]*>"#, with: "\n", options: .regularExpression)
        for (entity, char) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] { s = s.replacingOccurrences(of: entity, with: char) }
        return s
    }

    /// The English of every entry whose Dutch differs, as the pieces between its placeholders: none of
    /// the longer pieces, and no short entry as a whole line (a table head, a legend), is in the Dutch
    /// report (pieces the Dutch keeps, such as km², aside). Scenario texts (names, ids, sources) are the
    /// scenario's and stay as written.
    static func englishLeftIn(_ html: String) -> [String] {
        let lines = Set(visibleText(html).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let text = visibleText(html)
        var left: [String] = []
        for (english, dutch) in ReportTranslations.dutch where english != dutch {
            let pieces = english.pieces(separatedBy: try! NSRegularExpression(pattern: #"\{\d\}"#))
            // A piece the Dutch keeps as it is (km², Scenario) proves nothing.
            for piece in pieces.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }) where !piece.isEmpty && !dutch.contains(piece) {
                if piece.count >= 12 ? text.contains(piece) : lines.contains(piece) { left.append(piece) }
            }
        }
        return left
    }

    @Test func theDutchReportHoldsNoEnglishFixedText() throws {
        let s = try ScenarioLoader.load(yaml: ReportQuestionsTests.into2026, file: "into-2026.yaml")
        let report = { (language: ReportLanguage) in
            try ScenarioReport(scenario: s, cases: nil, keyDate: CalendarDay("2025-06-01")!, territory: nil, toleranceMeters: 10, siteCount: 20, language: language).render()
        }
        let nl = try report(.nl), en = try report(.en)
        #expect(nl.contains("<html lang=\"nl\">") && en.contains("<html lang=\"en\">"))
        #expect(Self.englishLeftIn(nl).isEmpty, "English in the Dutch report: \(Self.englishLeftIn(nl))")
        // The check can fail: the English report is full of the same pieces.
        #expect(Self.englishLeftIn(en).count >= 20)
        #expect(nl.contains("1 juni 2025") && nl.contains("Samenvatting") && nl.contains("toegestaan km²"))
    }

    /// The scenario's own name and its variants' descriptions may carry their Dutch beside the English:
    /// each report prints its language's, and a text without a translation prints its English in both.
    @Test func scenarioNameAndVariantDescriptionsInEitherLanguage() throws {
        let yaml = ReportQuestionsTests.into2026
            .replacingOccurrences(of: "name: into 2026", with: "name: {en: Into the next year, nl: Tot in het volgende jaar}")
            .replacingOccurrences(of: "{description: drop the dart permit,", with: "{description: {en: Drop the dart permit, nl: Zonder de toestemming voor de dart},")
        let s = try ScenarioLoader.load(yaml: yaml, file: "into-2026.yaml")
        #expect(s.name == "Into the next year")
        #expect(s.variants["dart-only"]?.description == "Drop the dart permit")
        let report = { (language: ReportLanguage) in
            try ScenarioReport(scenario: s, cases: nil, keyDate: CalendarDay("2025-06-01")!, territory: nil, toleranceMeters: 10, siteCount: 0, language: language).render()
        }
        let nl = try report(.nl), en = try report(.en)
        let nlHas: (String) -> Bool = { nl.contains($0) }, enHas: (String) -> Bool = { en.contains($0) }
        #expect(nlHas("<title>Tot in het volgende jaar"))
        #expect(nlHas("Zonder de toestemming voor de dart"))
        #expect(!nlHas("Into the next year"))
        #expect(!nlHas("Drop the dart permit"))
        #expect(enHas("<title>Into the next year"))
        #expect(enHas("Drop the dart permit"))
        #expect(!enHas("Zonder de toestemming"))
        // Untranslated: the English in both.
        #expect(nlHas("everything permitted"))
        #expect(enHas("everything permitted"))
        // A language the format does not know is refused at its line.
        let bad = yaml.replacingOccurrences(of: "nl: Tot in het volgende jaar", with: "de: Ins nächste Jahr")
        #expect(throws: (any Error).self) { try ScenarioLoader.load(yaml: bad, file: "into-2026.yaml") }
    }
}

extension String {
    func pieces(separatedBy regex: NSRegularExpression) -> [String] {
        var out: [String] = [], last = startIndex
        for m in regex.matches(in: self, range: NSRange(startIndex..., in: self)) {
            let r = Range(m.range, in: self)!
            out.append(String(self[last..<r.lowerBound])); last = r.upperBound
        }
        out.append(String(self[last...]))
        return out
    }
}
