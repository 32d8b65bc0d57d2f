import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Two configurations of one reach question (two variants, or two dates) and what flips between them.
public struct ComparisonReport: Sendable, Encodable {
    public var labelA: String
    public var labelB: String
    public var a: ReachAreas
    public var b: ReachAreas
    /// Permitted under A but not under B, and the reverse, in km² (with the error bound).
    public var onlyAKm2: Double
    public var onlyBKm2: Double
    public var areaErrorKm2: Double
    /// Sites that flip: permitted (in range) under A only, under B only.
    public var sitesOnlyA: Int?
    public var sitesOnlyB: Int?
    public var sitesBoth: Int?

    enum CodingKeys: String, CodingKey {
        case labelA = "a_label", labelB = "b_label", a, b, onlyAKm2 = "only_a_km2", onlyBKm2 = "only_b_km2", areaErrorKm2 = "area_error_km2"
        case sitesOnlyA = "sites_only_a", sitesOnlyB = "sites_only_b", sitesBoth = "sites_both"
    }

    public var text: String {
        var lines = ["A: \(labelA)", "B: \(labelB)", ""]
        lines.append("permitted under A: \(km2(a.permittedKm2)) (\(String(format: "%.1f", a.sharePermitted * 100))% of \(km2(a.inRangeKm2)) in range)")
        lines.append("permitted under B: \(km2(b.permittedKm2)) (\(String(format: "%.1f", b.sharePermitted * 100))% of \(km2(b.inRangeKm2)) in range)")
        lines.append("permitted under A only: \(km2(onlyAKm2))")
        lines.append("permitted under B only: \(km2(onlyBKm2))")
        lines.append("area error bound: ±\(km2(areaErrorKm2))")
        if let oa = sitesOnlyA, let ob = sitesOnlyB, let both = sitesBoth {
            lines.append("sites permitted in range: A only \(oa), B only \(ob), both \(both)")
        }
        return lines.joined(separator: "\n")
    }
}

public enum Comparison {
    /// Measures both configurations and the differences in one traversal.
    public static func compare(_ a: ReachAnalysis, _ b: ReachAnalysis, labelA: String, labelB: String, resolutionKm: Double,
                               progress: (@Sendable (Double) -> Void)? = nil) -> ComparisonReport {
        let pa = a.permitted, pb = b.permitted
        let domain = a.domain.union(b.domain)
        let m = AreaQuadrature(domain: domain, resolutionKm: resolutionKm).measure(
            [a.inRange, pa, b.inRange, pb, pa && !pb, pb && !pa], progress: progress)
        func areas(_ analysis: ReachAnalysis, _ inRange: AreaMeasurement, _ permitted: AreaMeasurement) -> ReachAreas {
            ReachAreas(inRangeKm2: inRange.km2, permittedKm2: permitted.km2, sharePermitted: inRange.km2 > 0 ? permitted.km2 / inRange.km2 : 0,
                       areaErrorKm2: max(inRange.errorBoundKm2, permitted.errorBoundKm2), byAuthority: [:], required: analysis.required,
                       transferred: analysis.transferred, rangeKm: analysis.rangeKm, resolutionKm: resolutionKm)
        }
        return ComparisonReport(labelA: labelA, labelB: labelB, a: areas(a, m[0], m[1]), b: areas(b, m[2], m[3]),
                                onlyAKm2: m[4].km2, onlyBKm2: m[5].km2, areaErrorKm2: max(m[4].errorBoundKm2, m[5].errorBoundKm2),
                                sitesOnlyA: nil, sitesOnlyB: nil, sitesBoth: nil)
    }

    /// A map of what flips: permitted under A only, under B only, under both.
    public static func map(_ a: ReachAnalysis, _ b: ReachAnalysis, labelA: String, labelB: String, title: String) -> String {
        let box = ReachMap.box(for: a).union(ReachMap.box(for: b))
        var canvas = MapCanvas(box: box)
        ReachMap.drawBorders(on: &canvas, view: a.engine.scenario.view)
        let displayKm = max(1, (box.east - box.west) * 111 * cos((box.south + box.north) / 2 * .pi / 180) / 320)
        let pa = a.permitted, pb = b.permitted
        let cells = AreaQuadrature(domain: a.domain.union(b.domain), resolutionKm: displayKm).cells([a.inRange || b.inRange, pa && pb, pa && !pb, pb && !pa])
        canvas.cells(cells[0], fill: ReachMap.inRangeColor, opacity: 0.4, label: "in range")
        canvas.cells(cells[1], fill: "#1a9850", opacity: 0.75, label: "permitted under both")
        canvas.cells(cells[2], fill: "#762a83", opacity: 0.8, label: "permitted under A only: \(labelA)")
        canvas.cells(cells[3], fill: "#2166ac", opacity: 0.8, label: "permitted under B only: \(labelB)")
        if case let .polygon(shape, label) = a.question.launchArea {
            canvas.rings(shape.polygons.flatMap { $0 }, fill: "none", stroke: ReachMap.launchColor, strokeWidth: 1.6, label: "launch area \(label)")
        }
        return canvas.svg(title: title, caption: "Borders: Natural Earth (public domain). Zones measured on the WGS84 ellipsoid, drawn at ~\(fmt(displayKm.rounded())) km cells.")
    }
}
