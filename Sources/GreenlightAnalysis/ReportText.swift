import Foundation
import GreenlightPolicy

/// The languages a report is written in (`greenlight report --lang`).
public enum ReportLanguage: String, CaseIterable, Sendable {
    case en, nl
}

/// A report's fixed texts and number and date formats in one language.
///
/// Fixed texts are keyed by their English wording, as gettext does: code writes `text("Summary")`,
/// and the Dutch comes from ``ReportTranslations``. A text missing from the table is a bug that a
/// test finds (it scans the sources for every `text("…")` literal); at run time it falls back to
/// the English rather than failing a report.
public struct ReportText: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// The fixed text `english` in this language.
    public func callAsFunction(_ english: String) -> String {
        language == .en ? english : (ReportTranslations.dutch[english] ?? english)
    }

    /// A fixed text with `{0}`, `{1}`, … placeholders, translated and then filled in with `values`
    /// (word order differs between languages, so placeholders are numbered, not positional).
    public func callAsFunction(_ english: String, _ values: String...) -> String {
        var s = self(english)
        for (i, v) in values.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: v) }
        return s
    }

    /// `x` rounded to `decimals`, digits grouped by thousands: 483,837.5 in English, 483.837,5 in Dutch.
    public func number(_ x: Double, decimals: Int = 0) -> String {
        let rounded = decimals == 0 ? x.rounded() : x
        let text = String(format: "%.\(decimals)f", abs(rounded))
        let parts = text.split(separator: ".", maxSplits: 1)
        let digits = String(parts[0])
        var whole = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { whole += groupSeparator }
            whole.append(ch)
        }
        let sign = rounded < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + whole + (parts.count > 1 ? decimalSeparator + parts[1] : "")
    }

    /// A bound rounded up to whole units, so that the printed bound never understates the computed one.
    public func numberUp(_ x: Double) -> String { number(x.rounded(.up)) }

    /// A share as a percentage with one decimal: 16.0% in English, 16,0% in Dutch.
    public func percent(_ fraction: Double) -> String { number(fraction * 100, decimals: 1) + "%" }

    /// A calendar day in words: 12 September 2024 in English, 12 september 2024 in Dutch.
    public func date(_ d: CalendarDay) -> String {
        "\(d.day) \(Self.monthNames[language]![d.month - 1]) \(d.year)"
    }

    var groupSeparator: String { language == .en ? "," : "." }
    var decimalSeparator: String { language == .en ? "." : "," }

    static let monthNames: [ReportLanguage: [String]] = [
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        .nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    ]
}

/// The Dutch of every fixed report text, keyed by its English. Each part of the report keeps its own
/// table (one per file, `ReportTranslations+Part.swift`) and lists it in ``dutch``.
public enum ReportTranslations {
    /// Every table merged; a key in two tables must have one translation (a test checks).
    public static let dutch: [String: String] = parts.reduce(into: [:]) { all, part in
        all.merge(part) { first, _ in first }
    }

    /// The tables of the report's parts.
    public static let parts: [[String: String]] = [common, report, questions, maps, timeline, positions, movedSites]

    /// Texts shared by every part.
    static let common: [String: String] = [
        "Summary": "Samenvatting",
    ]
}
