import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Draws a reach question on the map: reference borders, the launch area, the band in range, the
/// zones where every required authority permits, and sites coloured by decision.
public enum ReachMap {
    public static let permittedColor = "#1a9850", inRangeColor = "#fdae61", launchColor = "#4575b4"
    public static let deniedColor = "#d73027", outOfRangeColor = "#bdbdbd"

    public static func box(for analysis: ReachAnalysis) -> GeoBox {
        let launch = analysis.question.launchArea.boundingBox ?? analysis.domain
        return launch.union(analysis.domain).expanded(byMeters: 60_000)
    }

    /// Reference borders in the scenario's view, as a base layer.
    public static func drawBorders(on canvas: inout MapCanvas, view: BorderView) {
        let geography = ReferenceGeography.shared
        guard let detailed = try? geography.detailedCountryCodes() else { return }
        var drawn = Set<String>(), covered: GeoBox?
        for code in detailed {
            guard let country = try? geography.country(code, view: view) else { continue }
            covered = covered.map { $0.union(country.boundingBox) } ?? country.boundingBox
            guard country.boundingBox.intersection(canvas.box) != nil else { continue }
            canvas.rings(country.polygons.flatMap { $0 }, fill: "#f7f7f2", stroke: "#7a7a7a", strokeWidth: 0.7)
            drawn.insert(code)
        }
        // Beyond the detailed region, the world file's countries (read only for such maps).
        if let covered, covered.union(canvas.box) == covered { return }
        for code in (try? geography.availableCodes().countries) ?? [] where !drawn.contains(code) {
            guard let country = try? geography.country(code, view: view), country.boundingBox.intersection(canvas.box) != nil else { continue }
            canvas.rings(country.polygons.flatMap { $0 }, fill: "#f7f7f2", stroke: "#7a7a7a", strokeWidth: 0.7)
        }
    }

    /// A question's map: borders, the band in range and the zone every required authority permits
    /// (the certified polygons, drawn as smooth paths), launch area, territory, sites, labels; with
    /// `moves` (`reach --sites-before`), an arrow from each moved site's old position to its new one.
    public static func draw(_ analysis: ReachAnalysis, zones: ReachZones, sites: [SiteVerdict], moves: [SiteMoves.Move] = [],
                            title: String, widthPixels: Double = 960, text: ReportText = ReportText(.en)) -> String {
        var box = box(for: analysis)
        // Moves may start or end out of range: the map shows both ends of every arrow.
        for move in moves {
            for p in [move.from, move.to] {
                box = box.union(GeoBox(south: p.latitude, north: p.latitude, west: p.longitude, east: p.longitude).expanded(byMeters: 15_000))
            }
        }
        var canvas = MapCanvas(box: box, widthPixels: widthPixels)
        canvas.text = text
        let q = analysis.question
        drawBorders(on: &canvas, view: analysis.engine.scenario.view)
        canvas.rings(zones.inRange.polygons.flatMap { $0 }, fill: inRangeColor, stroke: "#e08a3c", strokeWidth: 0.5, opacity: 0.5,
                     label: q.withinLabel.map { text("within {0} km of {1} in {2} — {3} km²", text.quantity(analysis.rangeKm), q.launchAreaLabel, $0, text.number(zones.inRange.areaKm2)) }
                        ?? text("within {0} km of {1} — {2} km²", text.quantity(analysis.rangeKm), q.launchAreaLabel, text.number(zones.inRange.areaKm2)))
        canvas.rings(zones.permitted.polygons.flatMap { $0 }, fill: permittedColor, stroke: "#0f6b38", strokeWidth: 0.6, opacity: 0.7,
                     label: text("permitted by {0} — {1} km²", analysis.required.isEmpty ? text("everyone (no consent needed)") : analysis.required.joined(separator: " + "), text.number(zones.permitted.areaKm2)))
        drawOutlines(on: &canvas, analysis, text: text)
        if !sites.isEmpty {
            let shown = sites.count > 4000 ? stride(from: 0, to: sites.count, by: sites.count / 4000 + 1).map { sites[$0] } : sites
            let inTerritory = shown.filter(\.inTerritory)
            canvas.points(inTerritory.filter { $0.inRange && $0.permitted }.map(\.site.point), color: permittedColor, label: text("synthetic site: permitted, in range"))
            canvas.points(inTerritory.filter { $0.inRange && !$0.permitted }.map(\.site.point), color: deniedColor, label: text("synthetic site: in range, not permitted"))
            canvas.points(inTerritory.filter { !$0.inRange }.map(\.site.point), color: outOfRangeColor, label: text("synthetic site: out of range"))
        }
        drawMoves(on: &canvas, moves, text: text)
        MapLabeling.drawLabels(on: &canvas, regionCodes: regionCodes(analysis.engine.scenario))
        let caption = text("Borders: Natural Earth (public domain), {0} view.", analysis.engine.scenario.view.rawValue) + " " + toleranceCaption(zones.toleranceMeters, text: text)
            + (sites.isEmpty ? "" : " " + text("Sites are synthetic."))
            + (moves.isEmpty ? "" : " " + text("Arrows run from each site's position in the before file to its position in the after file (drawn straight; distances are geodesic)."))
        return canvas.svg(title: title, caption: caption)
    }

    public static let leftPermittedColor = "#8e0152", cameIntoPermittedColor = "#0f6b38", otherMoveColor = "#404040"

    /// Arrows for the sites whose position changed, coloured by what the move did to the permitted
    /// zone; at most 4,000 are drawn (an even sample), the legend counts all of them.
    static func drawMoves(on canvas: inout MapCanvas, _ moves: [SiteMoves.Move], text: ReportText) {
        let moved = moves.filter { $0.from != $0.to }
        guard !moved.isEmpty else { return }
        let groups: [(String, String, (SiteMoves.Move) -> Bool)] = [
            (leftPermittedColor, "moved site: left the permitted zone", { $0.before.isInPermittedZone && !$0.after.isInPermittedZone }),
            (cameIntoPermittedColor, "moved site: came into the permitted zone", { !$0.before.isInPermittedZone && $0.after.isInPermittedZone }),
            (otherMoveColor, "moved site: in or out of the permitted zone as before", { $0.before.isInPermittedZone == $0.after.isInPermittedZone }),
        ]
        let step = moved.count > 4000 ? moved.count / 4000 + 1 : 1
        for (color, label, belongs) in groups {
            let members = moved.filter(belongs)
            guard !members.isEmpty else { continue }
            let shown = stride(from: 0, to: members.count, by: step).map { members[$0] }
            canvas.arrows(shown.map { ($0.from, $0.to) }, color: color, label: "\(text(label)) (\(text.number(Double(members.count))))")
        }
    }

    /// What every zone map says of its zones.
    static func toleranceCaption(_ meters: Double, text: ReportText = ReportText(.en)) -> String {
        text("Zones are polygons on the WGS84 ellipsoid whose boundary lies within {0} m of the exact one; areas are their geodesic areas.", text.quantity(meters))
    }

    /// The launch area and the measured territory as outlines.
    static func drawOutlines(on canvas: inout MapCanvas, _ analysis: ReachAnalysis, text: ReportText = ReportText(.en)) {
        if case let .polygon(shape, label) = analysis.question.launchArea {
            canvas.rings(shape.polygons.flatMap { $0 }, fill: "none", stroke: launchColor, strokeWidth: 1.6, label: text("launch area {0}", label))
        }
        if let within = analysis.question.within, case let .polygon(shape, label) = within {
            canvas.rings(shape.polygons.flatMap { $0 }, fill: "none", stroke: "#542788", strokeWidth: 1.1, label: text("territory measured: {0}", label))
        }
    }

    /// The first-level regions a scenario names in its areas (ISO 3166-2 codes): the ones its zones are about.
    static func regionCodes(_ scenario: Scenario) -> Set<String> {
        var codes = Set<String>()
        func visit(_ a: AreaPredicate) {
            switch a {
            case let .polygon(_, label): if label.contains("-") && label.count <= 6 { codes.insert(label) }
            case .circle: break
            case let .within(_, inner), let .not(inner): visit(inner)
            case let .any(parts), let .all(parts): parts.forEach(visit)
            }
        }
        scenario.areas.values.forEach(visit)
        return codes
    }

    /// An SVG wrapped in a minimal self-contained HTML page.
    public static func html(svg: String, title: String, summary: String) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(escapeXML(title))</title>
        <style>body{font-family:sans-serif;margin:24px;color:#222}pre{background:#f4f4f4;padding:12px}svg{max-width:100%;height:auto}</style></head>
        <body><h1>\(escapeXML(title))</h1><figure class="map">\(svg)</figure><pre>\(escapeXML(summary))</pre></body></html>
        """
    }
}
