import Foundation
import GreenlightGeodesy
import GreenlightPolicy

extension RegionFormula {
    /// The part of `within` where the formula holds, as a zone shape. Working inside `within` keeps
    /// every intermediate geometry small: complements become differences, never the whole map.
    func shape(within: ZoneGeometry.Shape, _ g: ZoneGeometry, fields: inout ZoneMemo) throws(GeometryError) -> ZoneGeometry.Shape {
        let made = try shapeWithoutNote(within: within, g, fields: &fields)
        // Every part of a formula is built within `within`, so the result lies in each field `within`
        // lies in, and in the field itself when the formula is one.
        if made !== within {
            var inside = fields.fieldsHolding(within)
            if case let .field(f) = self { inside.insert(f.key) }
            fields.note(made, inside: inside)
        }
        return made
    }

    private func shapeWithoutNote(within: ZoneGeometry.Shape, _ g: ZoneGeometry, fields: inout ZoneMemo) throws(GeometryError) -> ZoneGeometry.Shape {
        switch self {
        case let .constant(v):
            return v ? within : try g.empty()
        case let .field(f):
            let key = f.key
            // A shape already inside the field (the range, clipped to the territory, asked again for the
            // territory) is its own intersection with it: no overlay.
            if fields.fieldsHolding(within).contains(key) { return within }
            // A field clipped to the range is the same for every date and variant of a question.
            if let range = fields.inRange, range.shape === within {
                if let rings = clippedFields[ClippedFieldKey(range: range.key, field: key)] { return try g.reuse(rings) }
                // The range lies in its territory, so an area that meets the territory only along their
                // border (a neighbour) meets the range nowhere. That is decided beside the contours
                // (`ZoneGeometry.prebuild`); the overlay with the range, where borders coincide over
                // hundreds of kilometres, is among the costliest a zone has. When GEOS cannot decide, the
                // overlay below does the work.
                if let territory = range.territory, case let .polygon(area, _) = f.shape, f.offsetMeters <= 0, area !== territory,
                   (try? g.interiorsMeet(territory, area)) == false {
                    return try g.empty()
                }
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

    /// The polygon fields the formula's zone is built from, with their buffer distances (0: the area
    /// itself), for `ZoneGeometry.prebuild`. Circles are cheap and left out.
    var polygonFields: [(area: GeodesicMultiPolygon, bufferMeters: Double)] {
        switch self {
        case .constant: return []
        case let .field(f):
            guard case let .polygon(area, _) = f.shape else { return [] }
            return [(area, max(0, f.offsetMeters))]
        case let .and(parts), let .or(parts): return parts.flatMap(\.polygonFields)
        case let .not(inner): return inner.polygonFields
        }
    }

    /// The areas (unbuffered polygon fields) the formula's zone within a range over `territory` meets
    /// only inside the territory, each paired with it, for `ZoneGeometry.prebuild`.
    func territoryPairs(_ territory: GeodesicMultiPolygon) -> [(GeodesicMultiPolygon, GeodesicMultiPolygon)] {
        polygonFields.filter { $0.bufferMeters == 0 && $0.area !== territory }.map { (territory, $0.area) }
    }

    /// The formula with its constants folded (a permit with no area is `true`, no forbid is `false`), so
    /// that a zone is never run through an overlay that cannot change it.
    var folded: RegionFormula { simplified { _ in nil } }

    /// The fields a shape of this formula lies in for certain: those it is the conjunction of.
    var conjunctFields: Set<FieldKey> {
        switch self {
        case let .field(f): return [f.key]
        case let .and(parts): return parts.reduce(into: []) { $0.formUnion($1.conjunctFields) }
        default: return []
        }
    }

    /// What one zone build remembers: each field's shape, the in-range shape whose clipped fields
    /// are shared across builds, and which fields each shape built lies in.
    struct ZoneMemo {
        var fields: [FieldKey: ZoneGeometry.Shape] = [:]
        /// The in-range shape, its cache key, and the territory it was clipped to (when that is a polygon).
        var inRange: (shape: ZoneGeometry.Shape, key: InRangeKey, territory: GeodesicMultiPolygon?)?
        /// Shapes (held, so that identities stay unique) with the fields they lie in.
        private var inside: [(shape: ZoneGeometry.Shape, fields: Set<FieldKey>)] = []

        /// The fields `shape` is known to lie in.
        func fieldsHolding(_ shape: ZoneGeometry.Shape) -> Set<FieldKey> {
            inside.last { $0.shape === shape }?.fields ?? []
        }

        /// Records that `shape` lies in each of `fields` (adding to what is known of it).
        mutating func note(_ shape: ZoneGeometry.Shape, inside fields: Set<FieldKey>) {
            let known = fieldsHolding(shape)
            guard !fields.isSubset(of: known) else { return }
            inside.append((shape, known.union(fields)))
        }
    }


}

extension RegionFormula.Field {
    /// The field's region `value ≤ 0` as a zone shape: the polygon, its buffer, or a circle.
    func shape(_ g: ZoneGeometry, cache: inout [RegionFormula.FieldKey: ZoneGeometry.Shape]) throws(GeometryError) -> ZoneGeometry.Shape {
        let key = self.key
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
