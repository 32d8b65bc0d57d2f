import Foundation
import GreenlightGeodesy
import GreenlightPolicy

extension ScenarioReport {
    /// The questions the scenario declares (`questions:`), in its order: each one's figure and bound,
    /// its share of another question when it names one, and the figures others published beside it with
    /// their sources and how their definitions differ. Nil when the scenario declares none.
    func questionsSection(_ text: ReportText) throws -> String? {
        guard !scenario.questions.isEmpty else { return nil }
        var figures: [String: QuestionFigure] = [:]
        for q in scenario.questions {
            figures[q.id] = try q.figure(engine: try engines.engine(scenario, variant: q.variant), keyDate: keyDate, toleranceMeters: toleranceMeters)
        }
        func share(_ q: ScenarioQuestion) -> Double? {
            guard let of = q.shareOf, let whole = figures[of], whole.km2 > 0 else { return nil }
            return figures[q.id]!.km2 / whole.km2
        }
        var s = "<table class=\"questions\"><thead><tr><th>\(text("question"))</th><th>km²</th><th>\(text("error bound"))</th><th>\(text("share"))</th><th>\(text("what is measured"))</th></tr></thead><tbody>"
        for q in scenario.questions {
            let f = figures[q.id]!
            var shareCell = ""
            if let x = share(q), let of = q.shareOf, let whole = scenario.questions.first(where: { $0.id == of }) {
                shareCell = "<b>\(text.percent(x))</b><br><small>\(escapeXML(text("of: {0}", text(whole.name))))</small>"
            }
            s += "<tr id=\"question-\(escapeXML(q.id))\"><td>\(escapeXML(text(q.name)))</td><td class=\"num\">\(text.number(f.km2))</td><td class=\"num\">±\(text.numberUp(f.boundKm2))</td>"
            s += "<td class=\"share\">\(shareCell)</td><td><small>\(escapeXML(measured(q, f, text)))</small></td></tr>"
        }
        s += "</tbody></table>"
        for q in scenario.questions where !q.published.isEmpty || !q.notes.isEmpty {
            let f = figures[q.id]!
            s += "<div class=\"question\" id=\"published-\(escapeXML(q.id))\"><h3>\(escapeXML(text(q.name)))</h3>"
            if !q.published.isEmpty {
                s += "<table class=\"published\"><thead><tr><th>\(text("published figure"))</th><th>\(text("source"))</th><th>\(text("this scenario"))</th><th>\(text("how the definitions differ"))</th></tr></thead><tbody>"
                for p in q.published {
                    // A percentage sits beside the question's share, anything else beside its km².
                    let ours = p.unit.en == "%" && share(q) != nil ? text.percent(share(q)!) : "\(text.number(f.km2)) km²"
                    var source = "<b>\(escapeXML(p.source))</b>, \(text.date(p.date))"
                    if let title = p.title {
                        source += ", " + (p.url.map { "<a href=\"\(escapeXML($0))\">\(escapeXML(title))</a>" } ?? "<i>\(escapeXML(title))</i>")
                    } else if let url = p.url { source += ", <a href=\"\(escapeXML(url))\">\(escapeXML(url))</a>" }
                    if let quote = p.quote { source += "<br><small>“\(escapeXML(quote))”</small>" }
                    let definition = p.definition.isEmpty ? "" : "<ul>" + p.definition.map { "<li>\(escapeXML(text($0)))</li>" }.joined() + "</ul>"
                    s += "<tr><td><b>\(escapeXML(text.published(p)))</b></td><td class=\"source\">\(source)</td><td class=\"num\">\(ours)</td><td>\(definition)</td></tr>"
                }
                s += "</tbody></table>"
            }
            if !q.notes.isEmpty { s += "<ul class=\"notes\">" + q.notes.map { "<li>\(escapeXML(text($0)))</li>" }.joined() + "</ul>" }
            s += "</div>"
        }
        return s
    }

    /// What a question measures, in words: the area, within which range of which launch area, in which
    /// territory, on which date, under which variant.
    func measured(_ q: ScenarioQuestion, _ f: QuestionFigure, _ text: ReportText) -> String {
        let launch = f.territory.question.launchAreaLabel
        var s = q.within.map { text("within {0} km of {1}, in {2}", text.quantity(f.rangeKm), launch, $0.label) } ?? text("within {0} km of {1}", text.quantity(f.rangeKm), launch)
        if let area = q.area { s = text("{0}, {1}", area.label, s) }
        if let item = q.item { s += "; " + text("range of {0}", f.territory.engine.scenario.items[item]?.name ?? item) }
        s += "; " + text.date(f.date)
        if let v = q.variant { s += "; " + text("variant {0}", v) }
        return s
    }
}
