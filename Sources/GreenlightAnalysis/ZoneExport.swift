import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// The zones of a question as file features (`greenlight zones`): one per zone, with the question
/// and the measured area in the properties; over a period, one per zone per interval between change
/// dates with `valid_from`/`valid_until`, so that QGIS's temporal controller can play the history.
public enum ZoneExport {
    /// The features of one question's zones; `validity` is the interval they hold (both days inclusive).
    public static func features(_ a: ReachAnalysis, _ zones: ReachZones, validity: (from: CalendarDay, until: CalendarDay)? = nil) -> [ZoneFeature] {
        let q = a.question
        func feature(_ kind: String, authority: String?, _ zone: ZonePolygons) -> ZoneFeature {
            var properties: [(name: String, value: ZoneFeature.Value)] = [
                ("zone", .text(kind)), ("authority", authority.map { .text($0) } ?? .null),
                ("scenario", .text(a.engine.scenario.name)), ("variant", q.variant.map { .text($0) } ?? .null),
                ("item", .text(q.item)), ("recipient", .text(q.recipient)), ("use", .text(q.use)), ("category", .text(q.category)),
                ("date", .text(q.date.description)), ("area_km2", .number(zone.areaKm2)), ("area_bound_km2", .number(zone.areaBoundKm2)),
                ("tolerance_m", .number(zone.toleranceMeters)),
            ]
            if let validity {
                properties.append(("valid_from", .text(validity.from.description)))
                properties.append(("valid_until", .text(validity.until.description)))
            }
            return ZoneFeature(properties: properties, polygons: zone.polygons)
        }
        return [feature("in_range", authority: nil, zones.inRange), feature("permitted", authority: nil, zones.permitted)]
            + zones.permittedBy.map { feature("permitted_by", authority: $0.state, $0.zone) }
    }

    /// The intervals between change dates within [from, to]: each starts at a change date (or `from`)
    /// and holds until the day before the next one (or `to`).
    public static func intervals(engine: PolicyEngine, item: String, recipient: String, from: CalendarDay, to: CalendarDay) -> [(from: CalendarDay, until: CalendarDay, changes: [String])] {
        let points = TimelineDates.changePoints(engine: engine, item: item, recipient: recipient, from: from, to: to)
        return points.enumerated().map { i, point in
            (point.0, i + 1 < points.count ? points[i + 1].0.previous : to, point.1)
        }
    }
}
