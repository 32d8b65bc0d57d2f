import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Where a use is permitted over time (`greenlight where`): one row per interval between change dates,
/// each read from the question's certified zones at the interval's first day (the same zones, and so
/// the same km², as `timeline`, `reach` and `zones` give for that date).
public struct PermittedHistory: Sendable, Encodable {
    /// One interval: both days inclusive.
    public struct Row: Sendable, Encodable {
        public var from: CalendarDay
        public var until: CalendarDay
        /// What starts or ends on `from`.
        public var changes: [String]
        public var permittedKm2: Double, inRangeKm2: Double, share: Double
        /// The true areas lie within ± this of the figures.
        public var areaBoundKm2: Double
        public var transferred: Bool
        public var authorities: [Authority]
        enum CodingKeys: String, CodingKey {
            case from, until, changes, permittedKm2 = "permitted_km2", inRangeKm2 = "in_range_km2", share, areaBoundKm2 = "area_bound_km2"
            case transferred, authorities
        }
    }

    /// One required authority in an interval: what it permits in range, and the policies that make it so.
    public struct Authority: Sendable, Encodable {
        public var state: String
        public var km2: Double
        /// Its applicable permits whose area reaches into range.
        public var openedBy: [String]
        /// Its applicable forbids whose area reaches into range.
        public var closedBy: [String]
        enum CodingKeys: String, CodingKey { case state, km2, openedBy = "opened_by", closedBy = "closed_by" }
    }

    public var rows: [Row]
    public var toleranceM: Double
    /// Each row's analysis and zones (for files and maps), in row order.
    public var zones: [(analysis: ReachAnalysis, zones: ReachZones)] = []
    enum CodingKeys: String, CodingKey { case rows, toleranceM = "tolerance_m" }

    /// The history of a question over [from, to]; `analysis` gives the question at a date.
    public static func build(from: CalendarDay, to: CalendarDay, toleranceMeters: Double,
                             analysis: (CalendarDay) throws -> ReachAnalysis, progress: (Double) -> Void = { _ in }) throws -> PermittedHistory {
        let base = try analysis(from)
        let intervals = ZoneExport.intervals(engine: base.engine, item: base.question.item, recipient: base.question.recipient, from: from, to: to)
        var history = PermittedHistory(rows: [], toleranceM: toleranceMeters)
        // Launch area, range and territory are the same on every date: one builder, one in-range shape and
        // one memo of area shapes serve every interval's "does this policy reach into range" test.
        let g = ZoneGeometry(domain: base.domain, toleranceMeters: toleranceMeters, within: base.territory)
        let inRange = try g.shape(try base.zones(toleranceMeters: toleranceMeters).inRange)
        var memo = RegionFormula.ZoneMemo()
        for (i, interval) in intervals.enumerated() {
            let a = try analysis(interval.from)
            let zones = try a.zones(toleranceMeters: toleranceMeters)
            let areas = ReachAreas(zones, required: a.required, transferred: a.transferred, rangeKm: a.rangeKm)
            var authorities: [Authority] = []
            func reaching(_ policies: [ApplicablePolicy]) throws -> [String] {
                try policies.filter { p throws in !(try g.isEmpty(try p.area.folded.shape(within: inRange, g, fields: &memo), ignoringPiecesThinnerThan: 2.5 * toleranceMeters)) }.map(\.policy.id)
            }
            for (state, zone) in zones.permittedBy {
                let compiled = a.compiled.authorities.first { $0.state == state }!
                authorities.append(Authority(state: state, km2: zone.areaKm2, openedBy: try reaching(compiled.permits), closedBy: try reaching(compiled.forbids)))
            }
            history.rows.append(Row(from: interval.from, until: interval.until, changes: interval.changes, permittedKm2: areas.permittedKm2,
                                    inRangeKm2: areas.inRangeKm2, share: areas.sharePermitted, areaBoundKm2: areas.areaErrorKm2,
                                    transferred: a.transferred, authorities: authorities))
            history.zones.append((a, zones))
            progress(Double(i + 1) / Double(intervals.count))
        }
        return history
    }

    /// The first and last change dates of a question (nil when nothing changes it): the default period.
    public static func changeSpan(of a: ReachAnalysis) -> (first: CalendarDay, last: CalendarDay)? {
        let dates = TimelineDates.changePoints(engine: a.engine, item: a.question.item, recipient: a.question.recipient, from: nil, to: nil).map(\.0)
        guard let first = dates.first, let last = dates.last else { return nil }
        return (first, last)
    }

    /// The zones as file features, one per zone per interval, with `valid_from`/`valid_until`.
    public var features: [ZoneFeature] {
        zip(rows, zones).flatMap { row, z in ZoneExport.features(z.analysis, z.zones, validity: (row.from, row.until)) }
    }
}
