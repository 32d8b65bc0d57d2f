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
        guard let codes = try? geography.availableCodes().countries else { return }
        for code in codes {
            guard let country = try? geography.country(code, view: view), country.boundingBox.intersection(canvas.box) != nil else { continue }
            canvas.rings(country.polygons.flatMap { $0 }, fill: "#f7f7f2", stroke: "#7a7a7a", strokeWidth: 0.7)
        }
    }

    public static func draw(_ analysis: ReachAnalysis, sites: [SiteVerdict], title: String, widthPixels: Double = 960) -> String {
        let box = box(for: analysis)
        var canvas = MapCanvas(box: box, widthPixels: widthPixels)
        drawBorders(on: &canvas, view: analysis.engine.scenario.view)
        let displayKm = max(1, (box.east - box.west) * 111 * cos((box.south + box.north) / 2 * .pi / 180) / 320)
        let zones = AreaQuadrature(domain: analysis.domain, resolutionKm: displayKm).cells([analysis.inRange, analysis.permitted])
        canvas.cells(zones[0], fill: inRangeColor, opacity: 0.55, label: "within \(fmt(analysis.rangeKm)) km of \(analysis.question.launchAreaLabel)\(analysis.question.withinLabel.map { " in \($0)" } ?? "")")
        canvas.cells(zones[1], fill: permittedColor, opacity: 0.75, label: "permitted by \(analysis.required.isEmpty ? "everyone (no consent needed)" : analysis.required.joined(separator: " + "))")
        if case let .polygon(shape, label) = analysis.question.launchArea {
            canvas.rings(shape.polygons.flatMap { $0 }, fill: "none", stroke: launchColor, strokeWidth: 1.6, label: "launch area \(label)")
        }
        if let within = analysis.question.within, case let .polygon(shape, label) = within {
            canvas.rings(shape.polygons.flatMap { $0 }, fill: "none", stroke: "#542788", strokeWidth: 1.1, label: "territory measured: \(label)")
        }
        if !sites.isEmpty {
            let shown = sites.count > 4000 ? stride(from: 0, to: sites.count, by: sites.count / 4000 + 1).map { sites[$0] } : sites
            let inTerritory = shown.filter(\.inTerritory)
            canvas.points(inTerritory.filter { $0.inRange && $0.permitted }.map(\.site.point), color: permittedColor, label: "synthetic site: permitted, in range")
            canvas.points(inTerritory.filter { $0.inRange && !$0.permitted }.map(\.site.point), color: deniedColor, label: "synthetic site: in range, not permitted")
            canvas.points(inTerritory.filter { !$0.inRange }.map(\.site.point), color: outOfRangeColor, label: "synthetic site: out of range")
        }
        let caption = "Borders: Natural Earth (public domain), \(analysis.engine.scenario.view.rawValue) view. Zones measured on the WGS84 ellipsoid, drawn at ~\(fmt(displayKm.rounded())) km cells. Sites are synthetic."
        return canvas.svg(title: title, caption: caption)
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
