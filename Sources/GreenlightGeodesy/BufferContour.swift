import Foundation

/// The boundary of a buffer — the points at exactly `radiusMeters` geodesic distance from an area —
/// traced on the exact distance field.
///
/// A walk along the contour: from a point on it, step along the tangent (perpendicular to the
/// geodesic from the nearest boundary point), then put the new vertex back on the contour by
/// root-finding the signed distance along the normal. Steps are spaced by the contour's curvature:
/// the contour is made of arcs of geodesic circles of radius R around vertices (curvature at most
/// about 1/R) and of curves parallel to edges (nearly straight), so a geodesic chord of length h
/// strays at most h²/(8R) from it. Where the nearest feature jumps (the concave corners where two
/// circles meet) a chord would cut the corner: each chord's interior is checked on the distance field
/// at three points and halved until it stays within the tolerance, which brackets every corner.
struct BufferContour {
    let area: GeodesicMultiPolygon
    let radiusMeters: Double
    /// How far a chord of the traced ring may stray from the true contour.
    let chordToleranceMeters: Double
    /// No step is longer, so that callers' densification stays cheap and no feature is stepped over.
    let maximumStepMeters: Double
    /// Root-finding stops when the vertex's distance is within this of the radius.
    static let rootToleranceMeters = 0.001

    private let geodesic = WGS84.shared

    /// Signed distance minus the radius: 0 on the contour, negative inside the buffer.
    func excess(_ p: GeoPoint) -> Double {
        let n = area.nearestBoundaryPoint(p)
        return (area.contains(p) ? -n.meters : n.meters) - radiusMeters
    }

    /// The outward normal's azimuth at a point near the contour: along the geodesic from the nearest
    /// boundary point through the point (reversed inside the area).
    func outwardAzimuth(at p: GeoPoint) -> Double {
        let n = area.nearestBoundaryPoint(p)
        if n.meters < 1e-6 { return 0 }
        let inverse = geodesic.inverse(n.foot, p)
        return area.contains(p) ? inverse.azimuth2Degrees + 180 : inverse.azimuth2Degrees
    }

    /// The point on the contour along the geodesic through `p` with azimuth `azimuth`: a bracketed
    /// secant (Illinois) search on the arc length. The signed distance changes by at most the
    /// distance moved, which bounds the first bracket.
    func settle(_ p: GeoPoint, azimuth: Double) -> GeoPoint? {
        func at(_ t: Double) -> GeoPoint { t == 0 ? p : geodesic.direct(from: p, azimuthDegrees: azimuth, distanceMeters: t).point }
        var t0 = 0.0, f0 = excess(p)
        if abs(f0) <= Self.rootToleranceMeters { return p }
        // Grow a bracket: the root lies at least |f0| away along the normal.
        var t1 = -f0 * 1.02, f1 = excess(at(t1))
        var grow = 0
        while (f0 < 0) == (f1 < 0) {
            grow += 1
            if grow > 40 { return nil }
            t0 = t1; f0 = f1
            t1 = t1 * 2 + (t1 >= 0 ? 1 : -1) * max(1, abs(f1))
            f1 = excess(at(t1))
        }
        var side = 0
        for _ in 0..<80 {
            let t = (t0 * f1 - t1 * f0) / (f1 - f0)
            let f = excess(at(t))
            if abs(f) <= Self.rootToleranceMeters || abs(t1 - t0) < 1e-4 { return at(t) }
            if (f < 0) == (f1 < 0) {
                t1 = t; f1 = f
                if side == -1 { f0 /= 2 }
                side = -1
            } else {
                t0 = t; f0 = f
                if side == 1 { f1 /= 2 }
                side = 1
            }
        }
        return nil
    }

    /// The longest step whose chord stays within the tolerance on a circle of radius R (a little
    /// margin for the ellipsoid), capped by the maximum step.
    var curvatureStepMeters: Double {
        min(maximumStepMeters, (8 * chordToleranceMeters * radiusMeters / 1.05).squareRoot())
    }

    /// Whether the geodesic chord a–b stays within the tolerance of the contour at its quarter points
    /// (the vertices will move out by up to two thirds of the chord's sagitta, see `ring`), and the
    /// signed distance minus the radius at its midpoint (negative: the chord cuts inside the curve).
    func chord(_ a: GeoPoint, _ b: GeoPoint) -> (fits: Bool, midpointExcess: Double) {
        let points = geodesic.densify(a, b, spacingMeters: max(1, geodesic.distanceMeters(a, b) / 4))
        var middle = 0.0
        for (k, p) in points.enumerated() where k > 0 && k < points.count - 1 {
            let e = excess(p)
            if k == 2 { middle = e }
            if abs(e) > chordToleranceMeters * 0.75 { return (false, e) }
        }
        return (true, middle)
    }

    /// One closed ring of the contour through `start` (which must lie on it), counterclockwise (the
    /// buffer on the left), first position repeated at the end.
    ///
    /// On a convex arc a chord lies inside the curve by its sagitta s, so vertices exactly on the curve
    /// would make the polygon systematically smaller. Each vertex is therefore moved outward along its
    /// normal by two thirds of the mean sagitta of its two chords: the boundary then strays at most
    /// (2/3)s from the curve on either side instead of s on one side, and the area has no bias.
    func ring(from start: GeoPoint, maximumVertices: Int = 2_000_000) throws(GeometryError) -> [GeoPoint] {
        let onContour = try walk(from: start, maximumVertices: maximumVertices)
        var sagitta = onContour.sagittas
        sagitta.append(sagitta.first ?? 0)
        var ring: [GeoPoint] = []
        ring.reserveCapacity(onContour.points.count)
        for (k, p) in onContour.points.dropLast().enumerated() {
            let before = sagitta[k == 0 ? sagitta.count - 2 : k - 1], after = sagitta[k]
            let shift = max(0, 2.0 / 3.0 * (before + after) / 2)
            ring.append(shift > 0 ? geodesic.direct(from: p, azimuthDegrees: outwardAzimuth(at: p), distanceMeters: shift).point : p)
        }
        ring.append(ring[0])
        return ring
    }

    /// The contour's vertices (closed) and, per chord, its sagitta (positive where it cuts inside).
    private func walk(from start: GeoPoint, maximumVertices: Int) throws(GeometryError) -> (points: [GeoPoint], sagittas: [Double]) {
        var ring = [start]
        var sagittas: [Double] = []
        var current = start
        var walked = 0.0
        let fullStep = curvatureStepMeters
        var step = fullStep
        while ring.count < maximumVertices {
            let toStart = geodesic.distanceMeters(current, start)
            if ring.count > 3 && walked > 2 * fullStep && toStart <= step * 1.5 {
                let closing = chord(current, start)
                if closing.fits { ring.append(start); sagittas.append(-closing.midpointExcess); return (ring, sagittas) }
                step = max(0.5, toStart * 0.6)
            }
            let normal = outwardAzimuth(at: current)
            let forward = geodesic.direct(from: current, azimuthDegrees: normal - 90, distanceMeters: step)
            guard let next = settle(forward.point, azimuth: forward.azimuthDegrees + 90) else {
                throw GeometryError(context: "buffer of \(radiusMeters / 1000) km", message: "the contour could not be followed near \(forward.point.latitude), \(forward.point.longitude)")
            }
            let length = geodesic.distanceMeters(current, next)
            let check = chord(current, next)
            if step > 0.5 && (!check.fits || length > step * 2) {
                step /= 2
                continue
            }
            ring.append(next)
            sagittas.append(-check.midpointExcess)
            walked += length
            current = next
            step = min(fullStep, step * 2)
        }
        throw GeometryError(context: "buffer of \(radiusMeters / 1000) km", message: "the contour did not close after \(maximumVertices) vertices")
    }

    /// A point on the contour north of the area's part `polygon` (from its northernmost vertex).
    func seed(polygon: [[GeoPoint]]) -> GeoPoint? {
        guard let top = polygon.first?.max(by: { $0.latitude < $1.latitude }) else { return nil }
        let guess = geodesic.direct(from: top, azimuthDegrees: 0, distanceMeters: radiusMeters).point
        return settle(guess, azimuth: 0)
    }

    /// Every outer ring of the contour: one walk per part of the area whose seed is not already on a
    /// traced ring.
    func rings() throws(GeometryError) -> [[GeoPoint]] {
        var rings: [[GeoPoint]] = []
        for polygon in area.polygons {
            guard let s = seed(polygon: polygon) else {
                throw GeometryError(context: "buffer of \(radiusMeters / 1000) km", message: "no point of the contour found north of a part of the area")
            }
            let onTraced = rings.contains { ring in ring.contains { geodesic.distanceMeters($0, s) <= curvatureStepMeters } }
            if !onTraced { rings.append(try ring(from: s)) }
        }
        return rings
    }
}
