import CProj
import Foundation
import Synchronization

/// An area on the WGS84 ellipsoid bounded by polygons whose edges are geodesics: one or more
/// polygons, each an exterior ring with optional holes. Rings may cross the antimeridian and
/// contain a pole.
///
/// Built from lines and points instead (`init(lines:points:context:)`) it is a geometry without
/// interior: it contains nothing, has no area, and its distance is the unsigned geodesic distance to
/// the nearest point of its geodesic polylines and points, by the same solver behind the same index.
///
/// Queries are exact predicates (see DESIGN.md, "Geometry semantics"): containment by meridian ray
/// casting, distances by an exact point-to-geodesic solver behind an index with rigorous bounds.
public final class GeodesicMultiPolygon: Sendable {
    /// Polygons → rings (the first is the exterior) → closed lists of positions.
    public let polygons: [[[GeoPoint]]]
    /// Polylines (each at least 2 positions) and points of a geometry without interior.
    public let lines: [[GeoPoint]]
    public let points: [GeoPoint]
    /// Whether this is made of lines and points only: it has no inside, so containment questions,
    /// areas and signed distances do not apply to it (callers refuse them).
    public var isLineal: Bool { polygons.isEmpty }
    /// What the queries search, built on the first query: many areas are only drawn or clipped
    /// (a country's 36,000 edges cost a tenth of a second to prepare), never queried.
    ///
    /// Held as the bits of a retained reference and lent out without retaining it: queries run millions
    /// of times on both cores, and a reference count (or a copy of the grid's arrays) touched by every
    /// query would bounce between the cores' caches (a tenfold slowdown, measured).
    private let structures = Atomic<UInt>(0)
    private let building = Mutex<Void>(())
    var edges: GeodesicEdges { withStructures { $0.edges } }
    /// A latitude/longitude box containing the area (`east` may exceed 180 across the antimeridian),
    /// from the vertices with a margin for how far a geodesic edge can bow poleward beyond its ends.
    public let boundingBox: GeoBox
    /// Whether a ring encircles a pole or has a vertex at one (zones, drawn in a planar frame, refuse these).
    public let touchesPole: Bool

    /// Builds the area after checking each ring's shape (positions, closure, range); `context`
    /// names the input in error messages. Use `validated(polygons:context:)` for input a user brings.
    public init(polygons: [[[GeoPoint]]], context: String = "area") throws(GeometryError) {
        if polygons.isEmpty { throw GeometryError(.emptyGeometry, context: context, message: "empty geometry: no polygon") }
        for (p, polygon) in polygons.enumerated() {
            if polygon.isEmpty { throw GeometryError(.emptyGeometry, context: "\(context), polygon \(p + 1)", place: GeometryPlace(polygon: p + 1), message: "empty polygon: no ring") }
            for (r, ring) in polygon.enumerated() {
                let here = "\(context), polygon \(p + 1), ring \(r + 1)"
                let place = GeometryPlace(polygon: p + 1, ring: r + 1)
                if ring.count < 4 { throw GeometryError(.tooFewPositions, context: here, place: place, message: "a ring needs at least 4 positions (first = last), found \(ring.count)") }
                for (k, point) in ring.enumerated() {
                    if let problem = GeoPoint.problem(latitude: point.latitude, longitude: point.longitude) {
                        throw GeometryError(.coordinateOutOfRange, context: "\(here), position \(k + 1)", place: GeometryPlace(polygon: p + 1, ring: r + 1, position: k + 1), message: problem)
                    }
                }
                let first = ring[0], last = ring[ring.count - 1]
                if first.latitude != last.latitude || wrapDegrees(first.longitude - last.longitude) != 0 {
                    throw GeometryError(.unclosedRing, context: here, place: place, message: "ring is not closed: the last position must equal the first")
                }
            }
        }
        self.polygons = polygons
        lines = []
        points = []
        touchesPole = PoleTopology(rings: polygons.flatMap { $0 }).touchesPole
        boundingBox = touchesPole ? GeoBox(south: -90, north: 90, west: -180, east: 180) : GeodesicMultiPolygon.box(polygons.flatMap { $0 })
    }

    /// A geometry without interior: geodesic polylines and points (at least one of either).
    public init(lines: [[GeoPoint]], points: [GeoPoint], context: String = "geometry") throws(GeometryError) {
        if lines.isEmpty && points.isEmpty { throw GeometryError(.emptyGeometry, context: context, message: "empty geometry: no line or point") }
        for (l, line) in lines.enumerated() {
            if line.count < 2 { throw GeometryError(.tooFewPositions, context: "\(context), line \(l + 1)", place: GeometryPlace(ring: l + 1), message: "a line needs at least 2 positions, found \(line.count)") }
        }
        for (k, point) in (lines.flatMap { $0 } + points).enumerated() {
            if let problem = GeoPoint.problem(latitude: point.latitude, longitude: point.longitude) {
                throw GeometryError(.coordinateOutOfRange, context: "\(context), position \(k + 1)", message: problem)
            }
        }
        polygons = []
        self.lines = lines
        self.points = points
        touchesPole = false
        boundingBox = GeodesicMultiPolygon.box(lines + points.map { [$0, $0] })
    }

    /// Builds an area a user brings after the full validity check (`PolygonValidation`): no
    /// self-intersection, holes inside and smaller than their shell, no zero-area ring, no repeated
    /// position. Errors carry the problem and the polygon, ring and position.
    public static func validated(polygons: [[[GeoPoint]]], context: String) throws(GeometryError) -> GeodesicMultiPolygon {
        try PolygonValidation.validate(polygons, context: context)
        return try GeodesicMultiPolygon(polygons: polygons, context: context)
    }

    /// Builds the search structures behind the queries now rather than on the first query (for
    /// timing, or before handing the area to several threads).
    public func prepareQueries() { _ = withStructures { _ in 0 } }

    @inline(__always)
    private func withStructures<R>(_ body: (QueryStructures) -> R) -> R {
        var bits = structures.load(ordering: .acquiring)
        if bits == 0 { bits = buildStructures() }
        return Unmanaged<QueryStructures>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)._withUnsafeGuaranteedRef(body)
    }

    /// Builds the structures once and publishes them; a thread that asks meanwhile waits for them
    /// rather than building a second copy.
    @inline(never)
    private func buildStructures() -> UInt {
        building.withLock { _ in
            let existing = structures.load(ordering: .acquiring)
            if existing != 0 { return existing }
            let built = isLineal ? QueryStructures(lines: lines, points: points) : QueryStructures(rings: polygons.flatMap { $0 })
            let bits = UInt(bitPattern: Unmanaged.passRetained(built).toOpaque())
            structures.store(bits, ordering: .releasing)
            return bits
        }
    }

    deinit {
        let bits = structures.load(ordering: .acquiring)
        if bits != 0 { Unmanaged<QueryStructures>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!).release() }
    }

    /// The box of the vertices of open or closed lines, grown by a bound on how far each geodesic
    /// edge bows poleward past its ends: on a sphere a chord of length L between points at latitude φ
    /// reaches about tan φ · L²/(8R) further; twice that, with the smallest radius of curvature, from
    /// an over-estimate of L, plus a metre.
    static func box(_ lines: [[GeoPoint]]) -> GeoBox {
        var south = 90.0, north = -90.0
        var spans: [(Double, Double)] = []
        for line in lines {
            for (k, p) in line.enumerated() {
                south = min(south, p.latitude); north = max(north, p.latitude)
                guard k > 0 else { continue }
                let a = line[k - 1]
                let dLon = wrapDegrees(p.longitude - a.longitude)
                spans.append((a.longitude, dLon))
                let latitude = max(abs(a.latitude), abs(p.latitude))
                let lengthMeters = 111_700 * (abs(p.latitude - a.latitude) + abs(dLon) * cos(min(abs(a.latitude), abs(p.latitude)) * .pi / 180))
                let bow = bowMeters(lengthMeters: lengthMeters, latitude: latitude)
                let bowDegrees = bow / 110_000
                north = max(north, max(a.latitude, p.latitude) + bowDegrees)
                south = min(south, min(a.latitude, p.latitude) - bowDegrees)
            }
        }
        let window = LongitudeWindow(count: spans.count) { spans[$0] }
        return GeoBox(south: max(-90, south), north: min(90, north), west: window.originLongitude, east: window.originLongitude + window.windowDegrees)
    }

    /// Number of positions in all rings (closing positions included), lines and points.
    /// How far an edge of about this length, reaching this latitude, may stray from the straight
    /// longitude/latitude segment between its ends (with ample margin).
    static func bowMeters(lengthMeters: Double, latitude: Double) -> Double {
        2 * (1 + tan(min(89.9, latitude) * .pi / 180)) * lengthMeters * lengthMeters / (8 * WGS84.minimumCurvatureRadiusMeters) + 1
    }

    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } + lines.reduce(0) { $0 + $1.count } + points.count }

    /// Whether the point lies inside the area (holes excluded). Exact except within ~1 µm of the boundary.
    public func contains(_ point: GeoPoint) -> Bool { !isLineal && withStructures { $0.grid.contains(point) } }

    /// Geodesic distance in metres from the point to the nearest point of the boundary.
    public func distanceToBoundaryMeters(_ point: GeoPoint) -> Double { withStructures { $0.nearest.distanceToBoundaryMeters(point) } }

    /// The nearest point of the boundary and the exact geodesic distance to it, in metres.
    public func nearestBoundaryPoint(_ point: GeoPoint) -> (meters: Double, foot: GeoPoint) { withStructures { $0.nearest.nearestBoundaryPoint(point) } }

    /// The nearest boundary point with the edge it lies on and where along it.
    func nearestFoot(_ point: GeoPoint, guess: EdgeFootGuess? = nil) -> EdgeFoot { withStructures { $0.nearest.nearestFoot(point, guess: guess) } }

    /// Geodesic distance in metres from the point to the area: 0 inside.
    public func distanceMeters(_ point: GeoPoint) -> Double {
        contains(point) ? 0 : distanceToBoundaryMeters(point)
    }

    /// Cheap rigorous bounds on the signed distance (no geodesic solved): lower ≤ signed distance ≤ upper.
    public func signedDistanceBounds(_ point: GeoPoint) -> (lower: Double, upper: Double) {
        let b = withStructures { $0.nearest.distanceBounds(point) }
        return contains(point) ? (-b.upper, -b.lower) : (b.lower, b.upper)
    }

    /// Signed distance in metres: negative inside (its magnitude is the depth), positive outside.
    /// For lines and points (no inside) it is the plain distance.
    public func signedDistanceMeters(_ point: GeoPoint) -> Double {
        let d = distanceToBoundaryMeters(point)
        return contains(point) ? -d : d
    }

    /// Signed distances (as `signedDistanceMeters`) for `count` points given as latitude/longitude
    /// pairs, written to `distances` in the same order. The points are answered in an order of cells
    /// of 1/4°, so that consecutive queries walk the same part of the index while it is in cache, and
    /// each query's search starts from the distance to the previous one's foot.
    public func signedDistancesMeters(latitudeLongitude pairs: UnsafeBufferPointer<Double>, into distances: UnsafeMutableBufferPointer<Double>) {
        let count = pairs.count / 2
        precondition(distances.count >= count)
        // Cell (serpentine rows, so that the end of a row is next to the start of the following one)
        // in the high bits, the point's position in the low 32.
        var keyed = [UInt64](repeating: 0, count: count)
        for i in 0..<count {
            let row = UInt64(max(0, min(719, (pairs[2 * i] + 90) * 4)))
            var column = UInt64(max(0, min(1439, (pairs[2 * i + 1] + 180) * 4)))
            if row & 1 == 1 { column = 1439 - column }
            keyed[i] = (row * 1440 + column) << 32 | UInt64(i)
        }
        keyed.sort()
        withStructures { structures in
            // Each foot is a boundary point near the next query: its distance starts the search.
            var previousFoot: GeoPoint?
            for key in keyed {
                let i = Int(key & 0xFFFF_FFFF)
                let point = GeoPoint(latitude: pairs[2 * i], longitude: pairs[2 * i + 1])
                let foot = structures.nearest.nearestFoot(point, near: previousFoot)
                if foot.edge >= 0 { previousFoot = foot.point }
                distances[i] = !isLineal && structures.grid.contains(point) ? -foot.meters : foot.meters
            }
        }
    }

    /// Whether the point is within `meters` of the area (inside counts); stops as soon as the answer is known.
    public func isWithin(meters: Double, of point: GeoPoint) -> Bool {
        if contains(point) { return true }
        return withStructures { $0.nearest.boundaryIsWithin(meters: meters, of: point) }
    }

    /// Geodesic area in square metres (Karney's `geod_polygonarea`, holes subtracted). Each ring
    /// stands for the smaller of the two regions it bounds, whichever way it is wound (RFC 7946).
    public var areaSquareMeters: Double { areaAndPerimeter.areaSquareMeters }

    /// Total length of all rings in metres (holes included), as GeographicLib's Planimeter reports it.
    public var perimeterMeters: Double { areaAndPerimeter.perimeterMeters }

    private var areaAndPerimeter: (areaSquareMeters: Double, perimeterMeters: Double) {
        var total = 0.0, length = 0.0
        for polygon in polygons {
            for (r, ring) in polygon.enumerated() {
                let measured = PolygonValidation.ringAreaAndPerimeter(ring)
                // geod_polygonarea's signed area is that of the smaller region, negative when clockwise.
                total += r == 0 ? abs(measured.area) : -abs(measured.area)
                length += measured.perimeter
            }
        }
        return (total, length)
    }
}

/// The search structures behind an area's queries: its geodesic edges, the containment grid and the
/// nearest-edge index.
final class QueryStructures: Sendable {
    let edges: GeodesicEdges
    let grid: ContainmentGrid
    let nearest: BoundaryDistanceIndex

    init(rings: [[GeoPoint]]) {
        let edges = GeodesicEdges(rings: rings)
        self.edges = edges
        // The grid and the index depend on the edges only: built side by side (a country's take a
        // tenth of a second each, before the first answer).
        nonisolated(unsafe) var grid: ContainmentGrid?
        nonisolated(unsafe) var nearest: BoundaryDistanceIndex?
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            if k == 0 { grid = ContainmentGrid(edges: edges, poles: PoleTopology(rings: rings)) } else { nearest = BoundaryDistanceIndex(edges: edges) }
        }
        self.grid = grid!
        self.nearest = nearest!
    }

    init(lines: [[GeoPoint]], points: [GeoPoint]) {
        edges = GeodesicEdges(rings: [], polylines: lines, points: points)
        grid = ContainmentGrid(edges: edges)
        nearest = BoundaryDistanceIndex(edges: edges)
    }
}
