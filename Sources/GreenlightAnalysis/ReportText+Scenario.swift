import Foundation
import GreenlightPolicy

extension ReportText {
    /// A scenario's own text in this language (its English when it carries no translation).
    public func callAsFunction(_ scenarioText: LocalizedText) -> String { scenarioText.text(language.rawValue) }

    /// A quantity such as a range or a tolerance: whole numbers without decimals (300), others with
    /// one (84.5 in English, 84,5 in Dutch).
    public func quantity(_ x: Double) -> String { number(x, decimals: x == x.rounded() ? 0 : 1) }

    /// A publication date in words: a day (9 June 2024), or a month alone (August 2024).
    public func date(_ d: PublishedDate) -> String {
        if let day = d.day { return date(day) }
        return "\(Self.monthNames[language]![d.month - 1]) \(d.year)"
    }

    /// A published value with its qualifier and unit: "at most 16%", "at least 245 Russian military objects".
    public func published(_ figure: PublishedFigure) -> String {
        let text = self
        let value = number(NSDecimalNumber(decimal: figure.value).doubleValue, decimals: figure.decimals)
        let unit = self(figure.unit)
        let amount = unit == "%" ? value + "%" : value + " " + unit
        switch figure.qualifier {
        case .atMost?: return text("at most {0}", amount)
        case .atLeast?: return text("at least {0}", amount)
        case .about?: return text("about {0}", amount)
        case .exactly?, nil: return amount
        }
    }
}
