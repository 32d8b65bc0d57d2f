import CGEOS
import Foundation

/// Boolean operations on polygons in the longitude/latitude plane, by GEOS (the overlay engine under
/// shapely, PostGIS and QGIS) through its reentrant C API.
///
/// GEOS sees straight edges between the coordinates it is given. Callers densify geodesic edges first
/// (`ZoneGeometry.densified`) so that a straight longitude/latitude edge stays within a known distance
/// of the geodesic it stands for; the zone tolerance budget accounts for it.
///
/// One overlay owns one GEOS context and the geometries made in it; it is used by one thread at a time.
final class PlanarOverlay {
    let context: GEOSContextHandle_t
    private(set) var lastError = ""

    init() {
        context = GEOS_init_r()
        let box = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(context, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<PlanarOverlay>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
        }, box)
    }

    deinit { GEOS_finish_r(context) }

    /// A geometry owned by this overlay.
    final class Geometry {
        let pointer: OpaquePointer
        // Strong: the context must outlive every geometry made in it.
        let overlay: PlanarOverlay
        init(_ pointer: OpaquePointer, _ overlay: PlanarOverlay) { self.pointer = pointer; self.overlay = overlay }
        deinit { GEOSGeom_destroy_r(overlay.context, pointer) }
    }

    private func wrap(_ p: OpaquePointer?, _ what: String) throws(GeometryError) -> Geometry {
        guard let p else { throw GeometryError(context: "polygon overlay (GEOS)", message: "\(what) failed: \(lastError)") }
        return Geometry(p, self)
    }

    /// A ring as a GEOS linear ring; `x` is longitude (already in the caller's longitude frame), `y` latitude.
    private func ring(_ points: [GeoPoint]) -> OpaquePointer? {
        var buffer = [Double]()
        buffer.reserveCapacity(points.count * 2 + 2)
        for p in points { buffer.append(p.longitude); buffer.append(p.latitude) }
        if let first = points.first, let last = points.last, first != last { buffer.append(first.longitude); buffer.append(first.latitude) }
        let sequence = buffer.withUnsafeBufferPointer { GEOSCoordSeq_copyFromBuffer_r(context, $0.baseAddress, UInt32(buffer.count / 2), 0, 0) }
        guard let sequence else { return nil }
        return GEOSGeom_createLinearRing_r(context, sequence)
    }

    /// Polygons (exterior ring first, then holes) as one GEOS MultiPolygon. Rings need not be valid
    /// as given; `valid(_:)` repairs them.
    func multiPolygon(_ polygons: [[[GeoPoint]]]) throws(GeometryError) -> Geometry {
        var parts: [OpaquePointer?] = []
        for polygon in polygons where !polygon.isEmpty && polygon[0].count >= 4 {
            guard let shell = ring(polygon[0]) else { throw GeometryError(context: "polygon overlay (GEOS)", message: "ring: \(lastError)") }
            var holes: [OpaquePointer?] = polygon.dropFirst().filter { $0.count >= 4 }.map { ring($0) }
            let made = holes.withUnsafeMutableBufferPointer { GEOSGeom_createPolygon_r(context, shell, $0.baseAddress, UInt32($0.count)) }
            parts.append(made)
        }
        if parts.isEmpty { return try wrap(GEOSGeom_createEmptyCollection_r(context, Int32(GEOS_MULTIPOLYGON.rawValue)), "empty") }
        let made = parts.withUnsafeMutableBufferPointer { GEOSGeom_createCollection_r(context, Int32(GEOS_MULTIPOLYGON.rawValue), $0.baseAddress, UInt32($0.count)) }
        return try wrap(made, "multipolygon")
    }

    /// An axis-aligned rectangle (west, south, east, north in the caller's frame).
    func rectangle(west: Double, south: Double, east: Double, north: Double) throws(GeometryError) -> Geometry {
        try multiPolygon([[[GeoPoint(latitude: south, longitude: west), GeoPoint(latitude: south, longitude: east),
                            GeoPoint(latitude: north, longitude: east), GeoPoint(latitude: north, longitude: west),
                            GeoPoint(latitude: south, longitude: west)]]])
    }

    func empty() throws(GeometryError) -> Geometry { try multiPolygon([]) }

    func isValid(_ g: Geometry) -> Bool { GEOSisValid_r(context, g.pointer) == 1 }

    /// Why GEOS finds the geometry invalid ("Valid Geometry" when it is valid).
    func validityReason(_ g: Geometry) -> String {
        guard let reason = GEOSisValidReason_r(context, g.pointer) else { return lastError }
        defer { GEOSFree_r(context, reason) }
        return String(cString: reason)
    }

    /// The geometry itself when valid, else GEOS's repair (structure-preserving make-valid), polygons only.
    func valid(_ g: Geometry) throws(GeometryError) -> Geometry {
        if isValid(g) { return g }
        let repaired = try wrap(GEOSMakeValid_r(context, g.pointer), "make-valid")
        return try polygonal(repaired)
    }

    func intersection(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Geometry { try polygonal(try wrap(GEOSIntersection_r(context, a.pointer, b.pointer), "intersection")) }
    func union(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Geometry { try polygonal(try wrap(GEOSUnion_r(context, a.pointer, b.pointer), "union")) }
    func difference(_ a: Geometry, _ b: Geometry) throws(GeometryError) -> Geometry { try polygonal(try wrap(GEOSDifference_r(context, a.pointer, b.pointer), "difference")) }
    func unaryUnion(_ a: Geometry) throws(GeometryError) -> Geometry { try polygonal(try wrap(GEOSUnaryUnion_r(context, a.pointer), "union")) }

    /// Fast clip to a rectangle (GEOS's rectangle clipper; the result may need `valid`).
    func clip(_ g: Geometry, west: Double, south: Double, east: Double, north: Double) throws(GeometryError) -> Geometry {
        try polygonal(try wrap(GEOSClipByRect_r(context, g.pointer, west, south, east, north), "clip"))
    }

    /// The geometry's bounding box in the caller's frame; nil when it is empty.
    func bounds(_ g: Geometry) -> (west: Double, south: Double, east: Double, north: Double)? {
        guard !isEmpty(g) else { return nil }
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        guard GEOSGeom_getXMin_r(context, g.pointer, &west) == 1, GEOSGeom_getYMin_r(context, g.pointer, &south) == 1,
              GEOSGeom_getXMax_r(context, g.pointer, &east) == 1, GEOSGeom_getYMax_r(context, g.pointer, &north) == 1 else { return nil }
        return (west, south, east, north)
    }

    /// The geometry snapped to a grid of `gridSize` degrees with its topology kept valid (GEOS's
    /// precision reducer), so that what is written at that precision is what was checked.
    func snapped(_ g: Geometry, gridSize: Double) throws(GeometryError) -> Geometry {
        try polygonal(try wrap(GEOSGeom_setPrecision_r(context, g.pointer, gridSize, 0), "precision"))
    }

    /// Whether the interiors of two geometries share a point (DE-9IM `T********`); nil when GEOS fails.
    func interiorsIntersect(_ a: Geometry, _ b: Geometry) -> Bool? {
        switch GEOSRelatePattern_r(context, a.pointer, b.pointer, "T********") {
        case 1: return true
        case 0: return false
        default: return nil
        }
    }

    func isEmpty(_ g: Geometry) -> Bool { GEOSisEmpty_r(context, g.pointer) == 1 }

    /// GEOS's buffer in the plane (negative: an inset), polygons only; metric only for planar metre coordinates.
    func buffer(_ g: Geometry, distance: Double) throws(GeometryError) -> Geometry {
        try polygonal(try wrap(GEOSBuffer_r(context, g.pointer, distance, 8), "buffer"))
    }

    /// A point inside the geometry (GEOS's point on surface), or nil when it is empty.
    func pointOnSurface(_ g: Geometry) -> (x: Double, y: Double)? {
        guard !isEmpty(g), let p = GEOSPointOnSurface_r(context, g.pointer) else { return nil }
        defer { GEOSGeom_destroy_r(context, p) }
        var x = 0.0, y = 0.0
        guard GEOSisEmpty_r(context, p) == 0, GEOSGeomGetX_r(context, p, &x) == 1, GEOSGeomGetY_r(context, p, &y) == 1 else { return nil }
        return (x, y)
    }

    /// The planar area (in the coordinates' squared units).
    func planarArea(_ g: Geometry) -> Double {
        var area = 0.0
        return GEOSArea_r(context, g.pointer, &area) == 1 ? area : 0
    }

    /// The polygons of a geometry (polygons → rings → closed positions; x as longitude), dropping
    /// lower-dimensional pieces an overlay can leave behind (touching lines and points).
    func polygons(_ g: Geometry) -> [[[GeoPoint]]] {
        var out: [[[GeoPoint]]] = []
        collect(g.pointer, into: &out)
        return out
    }

    private func collect(_ g: OpaquePointer, into out: inout [[[GeoPoint]]]) {
        let type = GEOSGeomTypeId_r(context, g)
        if type == Int32(GEOS_POLYGON.rawValue) {
            if GEOSisEmpty_r(context, g) == 1 { return }
            var polygon: [[GeoPoint]] = []
            if let shell = GEOSGetExteriorRing_r(context, g) { polygon.append(points(shell)) }
            let holes = GEOSGetNumInteriorRings_r(context, g)
            if holes > 0 { for k in 0..<holes { if let h = GEOSGetInteriorRingN_r(context, g, k) { polygon.append(points(h)) } } }
            out.append(polygon)
        } else if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            let n = GEOSGetNumGeometries_r(context, g)
            if n > 0 { for k in 0..<n { if let part = GEOSGetGeometryN_r(context, g, k) { collect(part, into: &out) } } }
        }
    }

    private func points(_ ring: OpaquePointer) -> [GeoPoint] {
        guard let sequence = GEOSGeom_getCoordSeq_r(context, ring) else { return [] }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(context, sequence, &size)
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        _ = buffer.withUnsafeMutableBufferPointer { GEOSCoordSeq_copyToBuffer_r(context, sequence, $0.baseAddress, 0, 0) }
        return (0..<Int(size)).map { GeoPoint(latitude: buffer[2 * $0 + 1], longitude: buffer[2 * $0]) }
    }

    /// Keeps only the polygonal part of an overlay's result, as a MultiPolygon.
    private func polygonal(_ g: Geometry) throws(GeometryError) -> Geometry {
        let type = GEOSGeomTypeId_r(context, g.pointer)
        if type == Int32(GEOS_MULTIPOLYGON.rawValue) { return g }
        return try multiPolygon(polygons(g))
    }
}
