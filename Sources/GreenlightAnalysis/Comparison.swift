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
    /// The scenario's positions on what the comparison is about, beside it, never in it (see `Comparison.positions`).
    public var positions: [PositionNote] = []

    enum CodingKeys: String, CodingKey {
        case labelA = "a_label", labelB = "b_label", a, b, onlyAKm2 = "only_a_km2", onlyBKm2 = "only_b_km2", areaErrorKm2 = "area_error_km2"
        case sitesOnlyA = "sites_only_a", sitesOnlyB = "sites_only_b", sitesBoth = "sites_both", positions
    }

    public var text: String {
        var lines = ["A: \(labelA)", "B: \(labelB)", ""]
        lines.append("permitted under A: \(km2(a.permittedKm2)) (\(String(format: "%.1f", a.sharePermitted * 100))% of \(km2(a.inRangeKm2)) in range)")
        lines.append("permitted under B: \(km2(b.permittedKm2)) (\(String(format: "%.1f", b.sharePermitted * 100))% of \(km2(b.inRangeKm2)) in range)")
        lines.append("permitted under A only: \(km2(onlyAKm2))")
        lines.append("permitted under B only: \(km2(onlyBKm2))")
        lines.append("area error bound: ±\(grouped(areaErrorKm2.rounded(.up))) km²")
        if let oa = sitesOnlyA, let ob = sitesOnlyB, let both = sitesBoth {
            lines.append("sites permitted in range: A only \(oa), B only \(ob), both \(both)")
        }
        lines += PositionNote.textLines(positions)
        return lines.joined(separator: "\n")
    }
}

public enum Comparison {
    /// Builds both questions' zones and what flips between them: the same zones `reach` measures, so
    /// the figures for A and B are the ones `reach` prints for the same questions.
    public static func compare(_ a: ReachAnalysis, _ b: ReachAnalysis, labelA: String, labelB: String,
                               toleranceMeters: Double = ReachZones.defaultToleranceMeters) throws(GeometryError) -> ComparisonReport {
        try compare(a, try a.zones(toleranceMeters: toleranceMeters), b, try b.zones(toleranceMeters: toleranceMeters), labelA: labelA, labelB: labelB).report
    }

    /// The report and the three difference zones (both, A only, B only) from built zones.
    public static func compare(_ a: ReachAnalysis, _ za: ReachZones, _ b: ReachAnalysis, _ zb: ReachZones, labelA: String, labelB: String)
        throws(GeometryError) -> (report: ComparisonReport, both: ZonePolygons, onlyA: ZonePolygons, onlyB: ZonePolygons) {
        let g = ZoneGeometry(domain: a.domain.union(b.domain), toleranceMeters: max(za.toleranceMeters, zb.toleranceMeters))
        let pa = try g.shape(za.permitted), pb = try g.shape(zb.permitted)
        let both = try g.zone(try g.intersection([pa, pb])), onlyA = try g.zone(try g.difference(pa, pb)), onlyB = try g.zone(try g.difference(pb, pa))
        func areas(_ analysis: ReachAnalysis, _ z: ReachZones) -> ReachAreas {
            ReachAreas(z, required: analysis.required, transferred: analysis.transferred, rangeKm: analysis.rangeKm)
        }
        let report = ComparisonReport(labelA: labelA, labelB: labelB, a: areas(a, za), b: areas(b, zb), onlyAKm2: onlyA.areaKm2, onlyBKm2: onlyB.areaKm2,
                                      areaErrorKm2: max(onlyA.areaBoundKm2, onlyB.areaBoundKm2), sitesOnlyA: nil, sitesOnlyB: nil, sitesBoth: nil,
                                      positions: positions(a, b))
        return (report, both, onlyA, onlyB)
    }

    /// The positions to show beside a comparison: those about the debate, about either variant, or
    /// about a policy that applies to one question and not the other (what the comparison moves),
    /// stated on or before the later date.
    public static func positions(_ a: ReachAnalysis, _ b: ReachAnalysis) -> [PositionNote] {
        func applying(_ x: ReachAnalysis) -> Set<String> {
            Set(x.compiled.authorities.flatMap { $0.permits.map(\.policy.id) + $0.forbids.map(\.policy.id) })
        }
        let pa = applying(a), pb = applying(b)
        return a.engine.scenario.positions(on: max(a.question.date, b.question.date), variants: [a.question.variant, b.question.variant].compactMap { $0 },
                                           policies: pa.symmetricDifference(pb), required: Set(a.required + b.required))
    }

    /// A map of what flips: permitted under A only, under B only, under both.
    public static func map(_ a: ReachAnalysis, _ za: ReachZones, _ b: ReachAnalysis, _ zb: ReachZones, labelA: String, labelB: String, title: String,
                           text: ReportText = ReportText(.en)) throws(GeometryError) -> String {
        let flips = try compare(a, za, b, zb, labelA: labelA, labelB: labelB)
        let box = ReachMap.box(for: a).union(ReachMap.box(for: b))
        var canvas = MapCanvas(box: box)
        canvas.text = text
        ReachMap.drawBorders(on: &canvas, view: a.engine.scenario.view)
        canvas.rings(za.inRange.polygons.flatMap { $0 }, fill: ReachMap.inRangeColor, stroke: "none", opacity: 0.4, label: text("in range"))
        canvas.rings(flips.both.polygons.flatMap { $0 }, fill: "#1a9850", stroke: "#0f6b38", strokeWidth: 0.5, opacity: 0.75, label: text("permitted under both — {0} km²", text.number(flips.both.areaKm2)))
        canvas.rings(flips.onlyA.polygons.flatMap { $0 }, fill: "#762a83", stroke: "#4d1a56", strokeWidth: 0.5, opacity: 0.8, label: text("permitted under A only ({0}) — {1} km²", labelA, text.number(flips.onlyA.areaKm2)))
        canvas.rings(flips.onlyB.polygons.flatMap { $0 }, fill: "#2166ac", stroke: "#123f6b", strokeWidth: 0.5, opacity: 0.8, label: text("permitted under B only ({0}) — {1} km²", labelB, text.number(flips.onlyB.areaKm2)))
        ReachMap.drawOutlines(on: &canvas, a, text: text)
        MapLabeling.drawLabels(on: &canvas, regionCodes: ReachMap.regionCodes(a.engine.scenario))
        return canvas.svg(title: title, caption: text("Borders: Natural Earth (public domain).") + " " + ReachMap.toleranceCaption(za.toleranceMeters, text: text))
    }
}
