import Foundation
import GreenlightGeodesy
import GreenlightPolicy

extension RegionFormula {
    /// The part of `within` where the formula holds, as a zone shape. Working inside `within` keeps
    /// every intermediate geometry small: complements become differences, never the whole map.
    func shape(within: ZoneGeometry.Shape, _ g: ZoneGeometry, fields: inout ZoneMemo) throws(GeometryError) -> ZoneGeometry.Shape {
        switch self {
        case let .constant(v):
            return v ? within : try g.empty()
        case let .field(f):
            let key = FieldKey(shape: f.shapeKey, offsetMeters: f.offsetMeters)
            // A field clipped to the range is the same for every date and variant of a question.
            if let range = fields.inRange, range.shape === within {
                if let rings = clippedFields[ClippedFieldKey(range: range.key, field: key)] { return try g.reuse(rings) }
                let clipped = try g.intersection([within, try f.shape(g, cache: &fields.fields)])
                var kept = range.key.areas as [AnyObject]
                if case let .polygon(area, _) = f.shape { kept.append(area) }
                clippedFields.store(ClippedFieldKey(range: range.key, field: key), g.frameRings(clipped), keeping: kept)
                return clipped
            }
            return try g.intersection([within, try f.shape(g, cache: &fields.fields)])
        case let .and(parts):
            var result = within
            for part in parts {
                if g.isEmpty(result) { break }
                result = try part.shape(within: result, g, fields: &fields)
            }
            return result
        case let .or(parts):
            return try g.union(try parts.map { part throws(GeometryError) in try part.shape(within: within, g, fields: &fields) })
        case let .not(inner):
            return try g.difference(within, try inner.shape(within: within, g, fields: &fields))
        }
    }

    /// The formula with its constants folded (a permit with no area is `true`, no forbid is `false`), so
    /// that a zone is never run through an overlay that cannot change it.
    var folded: RegionFormula { simplified { _ in nil } }

    /// What one zone build remembers: each field's shape, and the in-range shape whose clipped fields
    /// are shared across builds.
    struct ZoneMemo {
        var fields: [FieldKey: ZoneGeometry.Shape] = [:]
        var inRange: (shape: ZoneGeometry.Shape, key: InRangeKey)?
    }


}

extension RegionFormula.Field {
    /// The field's region `value ≤ 0` as a zone shape: the polygon, its buffer, or a circle.
    func shape(_ g: ZoneGeometry, cache: inout [RegionFormula.FieldKey: ZoneGeometry.Shape]) throws(GeometryError) -> ZoneGeometry.Shape {
        let key = RegionFormula.FieldKey(shape: shapeKey, offsetMeters: offsetMeters)
        if let made = cache[key] { return made }
        let made: ZoneGeometry.Shape
        switch shape {
        case let .polygon(area, _): made = offsetMeters > 0 ? try g.buffer(area, meters: offsetMeters) : try g.area(area)
        case let .circle(center): made = try g.circle(center: center, radiusMeters: offsetMeters)
        }
        cache[key] = made
        return made
    }
}

/// Fields clipped to an in-range zone, as frame rings, for the process.
struct ClippedFieldKey: Hashable, @unchecked Sendable { var range: InRangeKey; var field: RegionFormula.FieldKey }
let clippedFields = ProcessCache<ClippedFieldKey, [[[GeoPoint]]]>(limit: 1024)
