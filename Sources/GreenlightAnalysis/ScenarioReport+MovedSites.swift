import Foundation
import GreenlightGeodesy
import GreenlightPolicy

extension ScenarioReport {
    /// The section on sites that moved, for a scenario that names two site files (`site_files:`): per
    /// ranged item on the key date (as written), how many of the sites in both files left or came into
    /// range and the permitted zone, and how many are in one file only; per category for the item of
    /// longest range, with its map, where each move is an arrow. The counts are those of
    /// `greenlight reach --sites AFTER --sites-before BEFORE` for the same question (``SiteMoves``).
    /// Empty when the scenario names no site files.
    func movedSitesSection(_ text: ReportText) throws -> String {
        guard let files = scenario.siteFiles else { return "" }
        // A bad site file ends the report with its lines (SiteFileErrors, exit 2), as in `reach`.
        let before = try IdentifiedSites(url: files.before), after = try IdentifiedSites(url: files.after)
        var s = "<p>"
        s += text("The same sites at two times, matched by id: {0} sites in {1} (before) and {2} sites in {3} (after).",
                  text.number(Double(before.sites.count)), "<code>\(escapeXML(files.beforePath))</code>",
                  text.number(Double(after.sites.count)), "<code>\(escapeXML(files.afterPath))</code>")
        s += " "
        s += files.synthetic
            ? text("The sites are synthetic points made for a demonstration, not real installations: Greenlight models no weapon effects and only counts which points fall in which policy zone before and after.")
            : text("The sites are the scenario author's data: Greenlight proposes no targets and models no weapon effects; it only counts which points fall in which policy zone before and after.")
        s += "</p><p>"
        s += text("For each item on {0}, as written: a site is in range when it lies within the item's range of the launch area (and inside the territory measured), and in the permitted zone when, in range, every required state also permits a strike on its category. Each site in both files counts in exactly one of left, came in, stayed in and stayed out for each of the two questions; sites in one file only are counted apart.",
                  text.date(keyDate))
        s += "</p>"
        var longest: (entry: (id: String, item: Item, recipient: String), analysis: ReachAnalysis, moves: SiteMoves)?
        var rows = ""
        for entry in rangedItems {
            let a = try analysis(entry.id, recipient: entry.recipient, date: keyDate, variant: nil)
            let moves = try SiteMoves(before: before, after: after, analysis: a)
            rows += "<tr><td>\(escapeXML(entry.item.name))</td>" + Self.movedCells(moves.all, text) + "</tr>"
            if longest == nil || entry.item.rangeKm! > longest!.entry.item.rangeKm! { longest = (entry, a, moves) }
        }
        s += "<table class=\"moved-sites\">\(Self.movedHeader(text("item"), text))<tbody>\(rows)</tbody></table>"
        guard let longest else { return s + "<p>" + text("The scenario has no item with a range and a recipient: nothing to count.") + "</p>" }

        let name = longest.entry.item.name
        s += "<h3>" + escapeXML(text("{0}: by category", name)) + "</h3>"
        var categoryRows = ""
        for (category, counts) in longest.moves.byCategory.sorted(by: { $0.key < $1.key }) {
            categoryRows += "<tr><td><code>\(escapeXML(category))</code></td>" + Self.movedCells(counts, text) + "</tr>"
        }
        s += "<table class=\"moved-sites-by-category\">\(Self.movedHeader(text("category"), text))<tbody>\(categoryRows)</tbody></table>"

        let zones = try measured(longest.analysis).zones
        let verdicts = SiteClassifier(analysis: longest.analysis).classify(after.sites, measure: false).verdicts
        let title = text("{0} on {1}: sites that moved", name, text.date(keyDate))
        let map = ReachMap.draw(longest.analysis, zones: zones, sites: verdicts, moves: longest.moves.moves, title: title, text: text)
        s += "<figure class=\"map moved-sites-map\">\(map)<figcaption>"
        s += escapeXML(text("Each arrow runs from a site's position in the before file to its position in the after file; the dots are the sites after the move, coloured by decision."))
        s += "</figcaption></figure>"
        if files.synthetic {
            s += "<p class=\"note\">" + text("A synthetic after set is made with {0}: each site moves away from the launch area by up to the given distance. The figures show how such a move changes the counts, not where any real site is.",
                                              "<code>greenlight sites synth --relocate-from BEFORE --deeper-km K --launch-area AREA</code>") + "</p>"
        }
        return s
    }

    /// The two header rows of a moved-sites table.
    static func movedHeader(_ first: String, _ text: ReportText) -> String {
        let four = [text("left"), text("came in"), text("stayed in"), text("stayed out")].map { "<th>\(escapeXML($0))</th>" }.joined()
        return "<thead><tr><th rowspan=\"2\">\(escapeXML(first))</th><th rowspan=\"2\">\(escapeXML(text("in both files")))</th><th rowspan=\"2\">\(escapeXML(text("moved")))</th>"
            + "<th colspan=\"4\">\(escapeXML(text("in range")))</th><th colspan=\"4\">\(escapeXML(text("in the permitted zone")))</th>"
            + "<th rowspan=\"2\">\(escapeXML(text("only after (added)")))</th><th rowspan=\"2\">\(escapeXML(text("only before (removed)")))</th></tr>"
            + "<tr>\(four)\(four)</tr></thead>"
    }

    /// The cells of one row: matched, moved, the two questions' crossings, added, removed.
    static func movedCells(_ c: SiteMoves.Counts, _ text: ReportText) -> String {
        let values = [c.matched, c.moved, c.range.left, c.range.cameIn, c.range.stayedIn, c.range.stayedOut,
                      c.permittedZone.left, c.permittedZone.cameIn, c.permittedZone.stayedIn, c.permittedZone.stayedOut,
                      c.added.total, c.removed.total]
        return values.map { "<td class=\"num\">\(text.number(Double($0)))</td>" }.joined()
    }
}
