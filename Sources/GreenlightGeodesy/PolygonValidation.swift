import CProj
import Foundation

/// The validity rules for polygons a user brings (OGC simple-feature validity, judged on geodesic
/// edges), each failure a `GeometryError` with its problem and place:
/// - every ring has ≥ 4 positions, is closed, has no two equal consecutive positions (refused, not
///   silently dropped: the file is wrong and the user should know where) and bounds a non-zero area;
/// - no two edges of a polygon cross (within one ring or between rings);
/// - every hole is smaller than its exterior ring and lies inside it.
///
/// Winding is not a validity rule: RFC 7946 §3.1.6 asks readers not to refuse rings wound the wrong
/// way, so each ring stands for the smaller of the two regions it bounds, whatever its orientation.
enum PolygonValidation {
    static func validate(_ polygons: [[[GeoPoint]]], context: String) throws(GeometryError) {
        if polygons.isEmpty { throw GeometryError(.emptyGeometry, context: context, message: "empty geometry: no polygon") }
        for (p, polygon) in polygons.enumerated() {
            let here = polygons.count > 1 ? "\(context), polygon \(p + 1)" : context
            if polygon.isEmpty { throw GeometryError(.emptyGeometry, context: here, place: GeometryPlace(polygon: p + 1), message: "empty polygon: no ring") }
            for (r, ring) in polygon.enumerated() {
                try checkRing(ring, context: "\(here), ring \(r + 1)", place: GeometryPlace(polygon: p + 1, ring: r + 1))
            }
            // Crossings first: a symmetric bow-tie measures 0, and is better named by its crossing.
            try checkCrossings(polygon, context: here, polygonNumber: p + 1)
            var areas: [Double] = []
            for (r, ring) in polygon.enumerated() {
                let measured = ringAreaAndPerimeter(ring)
                // A ring on one geodesic (or retracing itself) measures 0 up to rounding: far less than
                // any real sliver, whose area grows with its width times its perimeter.
                if abs(measured.area) <= 1e-12 * measured.perimeter * measured.perimeter {
                    throw GeometryError(.zeroAreaRing, context: "\(here), ring \(r + 1)", place: GeometryPlace(polygon: p + 1, ring: r + 1),
                                        message: "the ring bounds no area (its positions lie on one line)")
                }
                areas.append(abs(measured.area))
            }
            for r in 1..<max(1, polygon.count) where areas[r] >= areas[0] {
                throw GeometryError(.holeLargerThanShell, context: "\(here), ring \(r + 1)", place: GeometryPlace(polygon: p + 1, ring: r + 1),
                                    message: String(format: "hole larger than its exterior ring (%.6g km² against %.6g km²)", areas[r] / 1e6, areas[0] / 1e6))
            }
            if polygon.count > 1 { try checkHolesInside(polygon, context: here, polygonNumber: p + 1) }
        }
    }

    /// Shape of one ring: enough positions, in range, closed, no repeated consecutive position.
    static func checkRing(_ ring: [GeoPoint], context: String, place: GeometryPlace) throws(GeometryError) {
        for (k, point) in ring.enumerated() {
            if let problem = GeoPoint.problem(latitude: point.latitude, longitude: point.longitude) {
                var at = place; at.position = k + 1
                throw GeometryError(.coordinateOutOfRange, context: "\(context), position \(k + 1)", place: at, message: problem)
            }
        }
        if ring.count < 4 {
            throw GeometryError(.tooFewPositions, context: context, place: place, message: "a ring needs at least 4 positions (first = last), found \(ring.count)")
        }
        if ring[0] != ring[ring.count - 1] {
            throw GeometryError(.unclosedRing, context: context, place: place, message: "ring is not closed: the last position must equal the first")
        }
        for k in 1..<ring.count where ring[k] == ring[k - 1] {
            var at = place; at.position = k + 1
            throw GeometryError(.repeatedPosition, context: "\(context), position \(k + 1)", place: at,
                                message: "position \(k + 1) repeats position \(k) (\(ring[k].longitude), \(ring[k].latitude)); remove the duplicate")
        }
    }

    /// Signed area (counter-clockwise positive, the smaller region) and perimeter of a closed ring.
    static func ringAreaAndPerimeter(_ ring: [GeoPoint]) -> (area: Double, perimeter: Double) {
        var lats = ring.dropLast().map(\.latitude), lons = ring.dropLast().map(\.longitude)
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(WGS84.shared.geodesic, &lats, &lons, Int32(lats.count), &area, &perimeter)
        return (area, perimeter)
    }

    /// A unit vector on the auxiliary sphere (reduced latitude). Bessel's construction maps every
    /// geodesic to a great circle there, with a longitude that differs from λ by O(f); deciding
    /// crossings on those great circles misjudges only edges that meet within metres of tangency.
    private static func auxiliary(_ p: GeoPoint) -> Vector3 {
        let beta = atan((1 - WGS84.flattening) * tan(p.latitude * .pi / 180))
        let lambda = p.longitude * .pi / 180
        let c = abs(p.latitude) == 90 ? 0 : cos(beta)
        return Vector3(x: c * cos(lambda), y: c * sin(lambda), z: abs(p.latitude) == 90 ? (p.latitude > 0 ? 1 : -1) : sin(beta))
    }

    private struct Arc {
        var a: Vector3, b: Vector3, lower: Vector3, upper: Vector3
        var ring: Int, edge: Int
    }

    @inline(__always)
    private static func orientation(_ a: Vector3, _ b: Vector3, _ c: Vector3) -> Double {
        (a.y * b.z - a.z * b.y) * c.x + (a.z * b.x - a.x * b.z) * c.y + (a.x * b.y - a.y * b.x) * c.z
    }

    /// Whether arcs a–b and c–d cross at a point interior to both (S2's crossing rule on signs).
    private static func cross(_ s: Arc, _ t: Arc) -> Bool {
        let abc = orientation(s.a, s.b, t.a), abd = orientation(s.a, s.b, t.b)
        let cda = orientation(t.a, t.b, s.a), cdb = orientation(t.a, t.b, s.b)
        if abc == 0 || abd == 0 || cda == 0 || cdb == 0 { return false }
        return (abc > 0) != (abd > 0) && (cda > 0) != (cdb > 0) && (abd > 0) == (cda > 0)
    }

    /// Sweep-and-prune over the arcs' 3-D boxes: O(n log n) plus the pairs whose boxes overlap.
    private static func checkCrossings(_ polygon: [[GeoPoint]], context: String, polygonNumber: Int) throws(GeometryError) {
        var arcs: [Arc] = []
        for (r, ring) in polygon.enumerated() {
            for k in 0..<(ring.count - 1) {
                let a = auxiliary(ring[k]), b = auxiliary(ring[k + 1])
                let chord = (a - b).length
                if chord == 0 { continue }
                let h = chord * chord / 4 + 1e-15   // the arc stays within 1 - cos(θ/2) ≤ chord²/4 of its chord
                arcs.append(Arc(a: a, b: b,
                                lower: Vector3(x: min(a.x, b.x) - h, y: min(a.y, b.y) - h, z: min(a.z, b.z) - h),
                                upper: Vector3(x: max(a.x, b.x) + h, y: max(a.y, b.y) + h, z: max(a.z, b.z) + h),
                                ring: r, edge: k))
            }
        }
        arcs.sort { $0.lower.x < $1.lower.x }
        var active: [Int] = []
        for i in arcs.indices {
            let s = arcs[i]
            active.removeAll { arcs[$0].upper.x < s.lower.x }
            for j in active {
                let t = arcs[j]
                if t.upper.y < s.lower.y || s.upper.y < t.lower.y || t.upper.z < s.lower.z || s.upper.z < t.lower.z { continue }
                // Arcs that share a vertex (neighbours, or a ring going back over itself) meet there,
                // where the signs are rounding noise; what else they do is a zero-area or touching case.
                if s.a == t.a || s.a == t.b || s.b == t.a || s.b == t.b { continue }
                guard cross(s, t) else { continue }
                let (first, second) = (s.ring, s.edge) < (t.ring, t.edge) ? (s, t) : (t, s)
                let edgeText = { (arc: Arc) in "edge \(arc.edge + 1)–\(arc.edge + 2)" }
                if first.ring == second.ring {
                    throw GeometryError(.selfIntersection, context: "\(context), ring \(first.ring + 1)",
                                        place: GeometryPlace(polygon: polygonNumber, ring: first.ring + 1, position: second.edge + 1),
                                        message: "self-intersecting ring: \(edgeText(first)) crosses \(edgeText(second)) (positions \(first.edge + 1) and \(second.edge + 1))")
                }
                let problem: GeometryProblem = first.ring == 0 ? .holeOutsideShell : .selfIntersection
                let what = first.ring == 0 ? "the hole crosses its exterior ring" : "the hole crosses hole ring \(first.ring + 1)"
                throw GeometryError(problem, context: "\(context), ring \(second.ring + 1)",
                                    place: GeometryPlace(polygon: polygonNumber, ring: second.ring + 1, position: second.edge + 1),
                                    message: "\(what): its \(edgeText(second)) crosses ring \(first.ring + 1) \(edgeText(first))")
            }
            active.append(i)
        }
    }

    /// With no crossing, a hole is wholly inside or wholly outside its shell: one clear vertex decides.
    private static func checkHolesInside(_ polygon: [[GeoPoint]], context: String, polygonNumber: Int) throws(GeometryError) {
        let shell = try GeodesicMultiPolygon(polygons: [[polygon[0]]], context: context)
        for r in 1..<polygon.count {
            for (k, vertex) in polygon[r].enumerated() {
                let d = shell.signedDistanceMeters(vertex)
                if abs(d) < 1e-3 { continue }   // on the shell (touching is allowed): try the next vertex
                if d > 0 {
                    throw GeometryError(.holeOutsideShell, context: "\(context), ring \(r + 1)", place: GeometryPlace(polygon: polygonNumber, ring: r + 1, position: k + 1),
                                        message: String(format: "hole outside its exterior ring (position \(k + 1) is %.3f km outside it)", d / 1000))
                }
                break
            }
        }
    }
}
