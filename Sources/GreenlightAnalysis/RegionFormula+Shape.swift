import GreenlightGeodesy
import GreenlightPolicy

extension RegionFormula {
    /// The part of `within` where the formula holds, as a zone shape. Working inside `within` keeps
    /// every intermediate geometry small: complements become differences, never the whole map.
    func shape(within: ZoneGeometry.Shape, _ g: ZoneGeometry, fields: inout [FieldKey: ZoneGeometry.Shape]) throws(GeometryError) -> ZoneGeometry.Shape {
        switch self {
        case let .constant(v):
            return v ? within : try g.empty()
        case let .field(f):
            return try g.intersection([within, try f.shape(g, cache: &fields)])
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

    /// Identifies a field's shape and distance, so that one geometry serves every formula that uses it.
    struct FieldKey: Hashable {
        var shape: Field.ShapeKey
        var offsetMeters: Double
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
