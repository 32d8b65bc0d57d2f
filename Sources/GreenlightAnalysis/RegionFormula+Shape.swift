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
                if let rings = ClippedFieldCache.shared[range.key, key] { return try g.reuse(rings) }
                let clipped = try g.intersection([within, try f.shape(g, cache: &fields.fields)])
                ClippedFieldCache.shared.store(range.key, key, g.frameRings(clipped), keeping: f)
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
        var inRange: (shape: ZoneGeometry.Shape, key: InRangeCache.Key)?
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

/// Fields clipped to an in-range zone, as frame rings, for the process (see `InRangeCache`).
final class ClippedFieldCache: @unchecked Sendable {
    static let shared = ClippedFieldCache()
    private struct Key: Hashable { var range: InRangeCache.Key; var field: RegionFormula.FieldKey }
    private let lock = NSLock()
    private var entries: [Key: [[[GeoPoint]]]] = [:]
    // The fields' areas are kept alive so that an identifier is never reused while it is a key.
    private var kept: [RegionFormula.Field] = []
    subscript(range: InRangeCache.Key, field: RegionFormula.FieldKey) -> [[[GeoPoint]]]? {
        lock.lock(); defer { lock.unlock() }; return entries[Key(range: range, field: field)]
    }
    func store(_ range: InRangeCache.Key, _ field: RegionFormula.FieldKey, _ rings: [[[GeoPoint]]], keeping f: RegionFormula.Field) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 1024 { entries.removeAll(); kept.removeAll() }
        entries[Key(range: range, field: field)] = rings
        kept.append(f)
    }
}
