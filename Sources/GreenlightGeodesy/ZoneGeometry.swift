import CProj
import Foundation

/// Builds certified zone polygons: areas, buffers and circles turned into longitude/latitude
/// polygons whose boundary lies within a tolerance of the true one, combined by GEOS.
///
/// The tolerance budget, for a tolerance ε:
/// - traced buffer and circle boundaries: geodesic chords within 0.5 ε of the true contour;
/// - every edge (traced, or a border's own) is densified along its geodesic to at most
///   `maximumEdgeMeters`, so that the straight longitude/latitude edge GEOS sees stays within
///   0.1 ε of the geodesic (the deviation grows as L²·tan φ / 8a: about 5 km at 55°N for 10 m);
/// - borders keep their own vertices.
/// An intersection point of two such edges lies within the sum of their deviations of the true
/// crossing, so every written boundary point is within ε of the true boundary and back.
///
/// Work happens in a longitude frame centred on the domain, where GEOS's plane has no seam; results
/// are split at the antimeridian for output (RFC 7946).
public final class ZoneGeometry {
    public let toleranceMeters: Double
    public let domain: GeoBox
    let overlay = PlanarOverlay()
    /// Longitudes are taken into [frameCentre - 180, frameCentre + 180).
    let frameCentre: Double
    let maximumEdgeMeters: Double

    /// A zone under construction (a GEOS geometry in this builder's frame).
    public final class Shape {
        let geometry: PlanarOverlay.Geometry
        /// The builder's whole domain (`everything()`): every shape of the builder lies within it.
        let isDomain: Bool
        init(_ geometry: PlanarOverlay.Geometry, isDomain: Bool = false) { self.geometry = geometry; self.isDomain = isDomain }
    }

    /// Where this builder's zones can be: every zone it makes is to be clipped to this territory, so
    /// buffers are traced exactly only where they can meet it (`ContourRelevance`). Nil: everywhere.
    public let within: GeodesicMultiPolygon?

    /// How far from the territory a traced buffer keeps its full detail.
    public static let relevanceMarginMeters = 50_000.0

    /// A builder over `domain`; with `within`, for zones that will all be clipped to that territory.
    public init(domain: GeoBox, toleranceMeters: Double, within territory: GeodesicMultiPolygon? = nil) {
        self.domain = domain
        self.toleranceMeters = toleranceMeters
        within = territory
        // In [-180, 180]: a domain given a turn east (west 379.5°) works in the usual longitudes, so
        // that zones which do not cross the antimeridian need no split.
        frameCentre = remainder((domain.west + domain.east) / 2, 360)
        let latitude = min(85, max(abs(domain.south), abs(domain.north)))
        // L²·tan φ / (8a) is the bulge of an east-west geodesic off its straight line; diagonal ones
        // bulge up to 9% more (geographiclib, every 5° of azimuth at 55°N), so the limit keeps a
        // quarter in hand (checked the same way at 5°, 30°, 55°, 75° and 84°, and by DensificationTests): 1.25 L²·tan φ / (8a) ≤ 0.1 ε ⇒ L ≤ sqrt(0.64 ε a / tan φ), and at
        // most 20 km. At the default 10 m that is 5.3 km at 55°N (0.87 m off at worst), 2.1 km at 84°.
        let fromCurvature = (0.64 * toleranceMeters * WGS84.equatorialRadiusMeters / max(0.05, tan(latitude * .pi / 180))).squareRoot()
        maximumEdgeMeters = min(20_000, fromCurvature)
    }

    // MARK: frames

    private func inFrame(_ longitude: Double) -> Double {
        var l = longitude
        while l < frameCentre - 180 { l += 360 }
        while l >= frameCentre + 180 { l -= 360 }
        return l
    }

    /// A ring in the frame, unwrapped continuously and shifted so that it starts inside the frame.
    private func frameRing(_ ring: [GeoPoint]) -> [GeoPoint] {
        guard let first = ring.first else { return [] }
        var out = [GeoPoint(latitude: first.latitude, longitude: inFrame(first.longitude))]
        out.reserveCapacity(ring.count)
        for p in ring.dropFirst() {
            let previous = out[out.count - 1].longitude
            var l = p.longitude
            while l - previous > 180 { l -= 360 }
            while l - previous < -180 { l += 360 }
            out.append(GeoPoint(latitude: p.latitude, longitude: l))
        }
        return out
    }

    /// Each edge of a ring split along its geodesic so that no piece exceeds `maximumEdgeMeters`.
    func densified(_ ring: [GeoPoint]) -> [GeoPoint] {
        guard ring.count > 1 else { return ring }
        var out: [GeoPoint] = [ring[0]]
        out.reserveCapacity(ring.count)
        var chordEnd = WGS84.ecef(latitude: ring[0].latitude, longitude: ring[0].longitude)
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            // Most edges are far shorter than the limit: the chord's rigorous upper bound on the
            // geodesic settles that without solving the inverse problem.
            let chordStart = chordEnd
            chordEnd = WGS84.ecef(latitude: b.latitude, longitude: b.longitude)
            if GeodesicEdges.geodesicUpperBound(chordMeters: (chordEnd - chordStart).length) <= maximumEdgeMeters { out.append(b); continue }
            // Neighbouring areas run along their shared border in opposite directions. Solved from the
            // same end, the edge gets the very same points in both, so that GEOS meets coincident edges
            // (nothing between them) rather than nearly coincident ones (slivers, and slow noding).
            let fromA = (a.latitude, a.longitude) < (b.latitude, b.longitude)
            let (start, end) = fromA ? (a, b) : (b, a)
            // Positions along the geodesic (just the ends when it is short enough); keep longitudes
            // continuous with a.
            var pieces = WGS84.shared.densify(start, end, spacingMeters: maximumEdgeMeters)
            if !fromA { pieces.reverse() }
            for p in pieces.dropFirst() {
                var l = p.longitude
                let previous = out[out.count - 1].longitude
                while l - previous > 180 { l -= 360 }
                while l - previous < -180 { l += 360 }
                out.append(GeoPoint(latitude: p.latitude, longitude: l))
            }
        }
        return out
    }

    /// The frame's copy of a set of polygons, clipped to the domain (with copies a turn east and west
    /// where a ring reaches past the frame's seam). Rings are clipped before they are densified or
    /// checked, so a country's vertices far outside the domain cost nothing.
    private func shape(rings polygons: [[[GeoPoint]]]) throws(GeometryError) -> Shape {
        let (w, s, e, n) = clipBox
        var framed: [[[GeoPoint]]] = []
        for polygon in polygons {
            guard let first = polygon.first, !first.isEmpty else { continue }
            // The shell's box in one pass; its holes are framed only when some copy is kept (a
            // country's far parts are most of its vertices, and none of them is copied).
            let shell = frameRing(first)
            var west = Double.infinity, east = -Double.infinity, south = Double.infinity, north = -Double.infinity
            for p in shell {
                west = min(west, p.longitude); east = max(east, p.longitude)
                south = min(south, p.latitude); north = max(north, p.latitude)
            }
            guard north >= s, south <= n else { continue }
            var rings: [[GeoPoint]]?
            for shift in [0.0, 360, -360] {
                // Skip a copy whose box misses the clip box.
                if east + shift < w || west + shift > e { continue }
                if rings == nil { rings = [shell] + polygon.dropFirst().map { frameRing($0) } }
                framed.append(shift == 0 ? rings! : rings!.map { $0.map { GeoPoint(latitude: $0.latitude, longitude: $0.longitude + shift) } })
            }
        }
        let clipped = try overlay.clip(try overlay.multiPolygon(framed), west: w, south: s, east: e, north: n)
        // Densify what is left; a clipped ring's new edges along the box lie outside the domain proper.
        let dense = overlay.polygons(clipped).map { $0.map { densified($0) } }
        return Shape(try overlay.valid(try overlay.multiPolygon(dense)))
    }

    /// A shape made from an area (the area itself, or its buffer), clipped and densified once per
    /// domain and tolerance for the process.
    private func cachedShape(_ area: GeodesicMultiPolygon, bufferMeters: Double, make: () throws(GeometryError) -> Shape) throws(GeometryError) -> Shape {
        let within = bufferMeters > 0 ? self.within : nil
        let key = AreaShapeKey(area: ObjectIdentifier(area), box: clipBoxKey, bufferMeters: bufferMeters, toleranceMeters: toleranceMeters, edge: maximumEdgeMeters,
                               within: within.map { ObjectIdentifier($0) })
        if let rings = areaShapes[key] { return Shape(try overlay.multiPolygon(rings)) }
        let made = try make()
        areaShapes.store(key, overlay.polygons(made.geometry), keeping: [area] + (within.map { [$0] } ?? []))
        return made
    }

    /// The domain in the frame, grown a little so that clipping never touches a zone's own boundary.
    private var clipBox: (Double, Double, Double, Double) {
        let box = domain.expanded(byMeters: 20_000)
        let w = inFrame(box.west)
        let e = min(w + (box.east - box.west), frameCentre + 180)
        return (max(w, frameCentre - 180), max(-90, box.south), e, min(90, box.north))
    }

    private var clipBoxKey: ClipBoxKey {
        let (w, s, e, n) = clipBox
        return ClipBoxKey(west: w, south: s, east: e, north: n)
    }

    // MARK: basic zones

    /// Zones are drawn and combined in a planar longitude/latitude frame, where a polygon around a
    /// pole is not a polygon: refuse rather than draw a wrong shape (predicates and areas still work).
    static func refusePoles(_ area: GeodesicMultiPolygon) throws(GeometryError) {
        // The contour tracer follows outer contours only; around a line the buffer can have holes
        // (a line that comes back near itself) that it would miss: refuse rather than guess.
        if area.isLineal {
            throw GeometryError(.unsupported, context: "zones", message: "zones of distances to lines or points are not supported (their buffers can have holes the contour tracer does not certify); distances and within_km predicates are (geo distance, decide, sites)")
        }
        if area.touchesPole {
            throw GeometryError(.unsupported, context: "zones", message: "zones of areas that contain or touch a pole are not supported (distances, containment and areas are)")
        }
    }

    /// An area as given (its own vertices, edges densified along their geodesics).
    public func area(_ area: GeodesicMultiPolygon) throws(GeometryError) -> Shape {
        try ZoneGeometry.refusePoles(area)
        return try cachedShape(area, bufferMeters: 0) { () throws(GeometryError) in try shape(rings: area.polygons) }
    }

    /// The points within `meters` of an area (inside counts): the polygons bounded by the traced
    /// contour's outer rings, which enclose every part of the area.
    public func buffer(_ area: GeodesicMultiPolygon, meters: Double) throws(GeometryError) -> Shape {
        if meters <= 0 { return try self.area(area) }
        try ZoneGeometry.refusePoles(area)
        // The tracer follows outer contours only. A hole wider than twice the distance can keep a part
        // farther than the distance from the area, an inner contour it would miss: refuse, never guess.
        for polygon in area.polygons {
            for hole in polygon.dropFirst() where ZoneGeometry.smallerSideMeters(hole) > 2 * meters {
                throw GeometryError(context: "buffer of \(meters / 1000) km", message: "the area has a hole wider than twice the distance; zones of such buffers (with inner contours) are not supported")
            }
        }
        return try cachedShape(area, bufferMeters: meters) { () throws(GeometryError) in
            let chord = 0.5 * toleranceMeters
            let key = ContourKey(area: ObjectIdentifier(area), meters: meters, tolerance: chord, within: within.map { ObjectIdentifier($0) })
            let rings = try contours.value(key, keeping: [area] + (within.map { [$0] } ?? [])) { () throws(GeometryError) in
                // The area's own search structures first, then the relevance: made by the first tracer
                // that needs it (the others wait for it), so that in `prebuild` it is made beside them.
                area.prepareQueries()
                let relevance = within.map { ContourRelevance.of($0, marginMeters: ZoneGeometry.relevanceMarginMeters) }
                return try BufferContour(area: area, radiusMeters: meters, chordToleranceMeters: chord, maximumStepMeters: 25_000, relevance: relevance).rings()
            }
            return try shape(rings: rings.map { [$0] })
        }
    }

    /// Whether the interiors of two areas (both as given) share a point, decided once per domain and
    /// tolerance for the process. Neighbouring areas (a territory and the country next to it) meet only
    /// along their border, where their densified edges coincide (`densified`): then they share none.
    public func interiorsMeet(_ a: GeodesicMultiPolygon, _ b: GeodesicMultiPolygon) throws(GeometryError) -> Bool {
        let key = AreaPairKey(a: ObjectIdentifier(a), b: ObjectIdentifier(b), box: clipBoxKey, toleranceMeters: toleranceMeters, edge: maximumEdgeMeters)
        return try areaPairs.value(key, keeping: [a, b]) { () throws(GeometryError) in
            let first = try area(a), second = try area(b)
            // Interiors can meet only inside both boxes: each shape is related by its part in a box a
            // little larger than their common one, which holds every shared interior point inside it
            // (GEOS's relate nodes both geometries whole, and a territory can be a country of 36,000
            // vertices of which a neighbour's box holds only a part). The clipper may leave a ring
            // touching itself; such a part is repaired before the relate.
            guard let boxA = overlay.bounds(first.geometry), let boxB = overlay.bounds(second.geometry) else { return false }
            let margin = 0.01
            let west = max(boxA.west, boxB.west) - margin, east = min(boxA.east, boxB.east) + margin
            let south = max(boxA.south, boxB.south) - margin, north = min(boxA.north, boxB.north) + margin
            guard west < east, south < north else { return false }
            // A shape already inside the box is its own part (and valid, as every shape is).
            func part(_ shape: Shape, _ box: (west: Double, south: Double, east: Double, north: Double)) throws(GeometryError) -> PlanarOverlay.Geometry {
                if box.west >= west, box.east <= east, box.south >= south, box.north <= north { return shape.geometry }
                return try overlay.valid(try overlay.clip(shape.geometry, west: west, south: south, east: east, north: north))
            }
            let partA = try part(first, boxA), partB = try part(second, boxB)
            guard let meet = overlay.interiorsIntersect(partA, partB) else {
                throw GeometryError(context: "polygon overlay (GEOS)", message: "relate failed: \(overlay.lastError)")
            }
            return meet
        }
    }

    /// Builds the shapes of these areas (buffered by `bufferMeters`, 0 for the area itself), and
    /// whether the area `pairs` meet (`interiorsMeet`), into the process caches at once, on every core: each in a
    /// builder of its own over this domain and tolerance (GEOS contexts are per thread), the largest
    /// buffer first, then the pairs, then the other buffers and areas. Later `area`/`buffer`/`interiorsMeet`
    /// calls for them in any builder over the same domain then only rebuild the cached rings. A zone's
    /// traced contours are independent of each other, and tracing them is most of a zone's work.
    /// Failures are left for the caller's own build to report.
    public func prebuild(_ areas: [(area: GeodesicMultiPolygon, bufferMeters: Double)], pairs: [(GeodesicMultiPolygon, GeodesicMultiPolygon)] = []) {
        struct Job: Hashable { var area: ObjectIdentifier, bufferMeters: Double }
        var seen = Set<Job>()
        let jobs = areas.filter { seen.insert(Job(area: ObjectIdentifier($0.area), bufferMeters: $0.bufferMeters)).inserted }
            .sorted { $0.bufferMeters > $1.bufferMeters }
        var seenPairs = Set<[ObjectIdentifier]>()
        let pairJobs = pairs.filter { seenPairs.insert([ObjectIdentifier($0.0), ObjectIdentifier($0.1)]).inserted }
        guard jobs.count + pairJobs.count > 1 else { return }
        let domain = domain, tolerance = toleranceMeters, within = within
        // Handed out in index order to whichever core is free: the largest buffer first, then the
        // pairs (a relate over a country, with the two shapes it builds, costs about as much as a
        // contour: left last, it ran alone while the other core waited), then the rest.
        let first = min(1, jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count + pairJobs.count) { k in
            if k >= first && k < first + pairJobs.count {
                let (a, b) = pairJobs[k - first]
                _ = try? ZoneGeometry(domain: domain, toleranceMeters: tolerance, within: within).interiorsMeet(a, b)
                return
            }
            let job = jobs[k < first ? k : k - pairJobs.count]
            let g = ZoneGeometry(domain: domain, toleranceMeters: tolerance, within: within)
            _ = job.bufferMeters > 0 ? try? g.buffer(job.area, meters: job.bufferMeters) : try? g.area(job.area)
        }
    }

    /// A geodesic circle, with vertices on the circle spaced so that chords stay within 0.5 ε.
    public func circle(center: GeoPoint, radiusMeters: Double) throws(GeometryError) -> Shape {
        guard radiusMeters > 0 else { return try empty() }
        let sagitta = 0.5 * toleranceMeters
        let angle = radiusMeters > sagitta ? 2 * acos(1 - sagitta / radiusMeters) : .pi / 2
        let count = max(16, Int((2 * .pi / angle).rounded(.up)))
        var ring: [GeoPoint] = []
        for k in 0..<count {
            // Counterclockwise: azimuths decrease.
            ring.append(WGS84.shared.direct(from: center, azimuthDegrees: -360 * Double(k) / Double(count), distanceMeters: radiusMeters).point)
        }
        ring.append(ring[0])
        return try shape(rings: [[ring]])
    }

    /// A finished zone brought back into this builder (its frame and domain), e.g. to compare two zones.
    public func shape(_ zone: ZonePolygons) throws(GeometryError) -> Shape {
        try shape(rings: zone.polygons)
    }

    /// A shape's polygons in this builder's frame, to rebuild it later with `reuse` in a builder over the
    /// same domain (GEOS geometries belong to one builder).
    public func frameRings(_ shape: Shape) -> [[[GeoPoint]]] { overlay.polygons(shape.geometry) }

    /// A shape from `frameRings` of a builder over the same domain and tolerance: already valid,
    /// clipped and densified, so nothing is redone.
    public func reuse(_ rings: [[[GeoPoint]]]) throws(GeometryError) -> Shape { Shape(try overlay.multiPolygon(rings)) }

    /// Everything in the domain (the complement's universe).
    public func everything() throws(GeometryError) -> Shape {
        let (w, s, e, n) = clipBox
        return Shape(try overlay.rectangle(west: w, south: s, east: e, north: n), isDomain: true)
    }

    public func empty() throws(GeometryError) -> Shape { Shape(try overlay.empty()) }

    // MARK: operations

    public func intersection(_ shapes: [Shape]) throws(GeometryError) -> Shape {
        // Every shape is clipped to the domain, so the domain changes no intersection.
        let parts = shapes.filter { !$0.isDomain }
        if parts.count == 1 { return parts[0] }
        guard var result = parts.first?.geometry else {
            if let domain = shapes.first { return domain }
            return try everything()
        }
        for s in parts.dropFirst() {
            if overlay.isEmpty(result) { break }
            result = try overlay.intersection(result, s.geometry)
        }
        return Shape(result)
    }

    public func union(_ shapes: [Shape]) throws(GeometryError) -> Shape {
        guard var result = shapes.first?.geometry else { return try empty() }
        for s in shapes.dropFirst() { result = try overlay.union(result, s.geometry) }
        return Shape(result)
    }

    public func difference(_ a: Shape, _ b: Shape) throws(GeometryError) -> Shape {
        Shape(try overlay.difference(a.geometry, b.geometry))
    }

    public func complement(_ a: Shape) throws(GeometryError) -> Shape { try difference(try everything(), a) }

    public func isEmpty(_ a: Shape) -> Bool { overlay.isEmpty(a.geometry) }

    // MARK: output

    /// The finished zone: valid polygons split at the antimeridian, RFC 7946 winding, with the
    /// geodesic area of the written polygons and its bound.
    public func zone(_ shape: Shape) throws(GeometryError) -> ZonePolygons {
        // Snap to the precision files are written at (1e-9°, about 0.1 mm) and drop the slivers that
        // overlays leave where two zones share a border (pieces narrower than 1 cm).
        // Rounding alone usually keeps the polygons valid; GEOS's precision reducer repairs them when not.
        let rounded = overlay.polygons(shape.geometry).filter { !ZoneGeometry.isSliver($0) }
            .map { $0.map(ZoneGeometry.rounded).filter { $0.count >= 4 } }.filter { !$0.isEmpty }
        var polygons = rounded
        if !overlay.isValid(try overlay.multiPolygon(rounded)) {
            polygons = overlay.polygons(try overlay.snapped(shape.geometry, gridSize: ZoneGeometry.gridDegrees)).filter { !ZoneGeometry.isSliver($0) }
        }
        if polygons.allSatisfy({ $0.allSatisfy { $0.allSatisfy { abs($0.longitude) <= 180 } } }) {
            // Nothing crosses the antimeridian: only the winding to fix.
            return ZonePolygons(polygons: polygons.map { $0.enumerated().map { ZonePolygons.oriented($1, exterior: $0 == 0) } }, toleranceMeters: toleranceMeters)
        }
        var pieces: [[[GeoPoint]]] = []
        for shift in [-360.0, 0, 360] {
            // The part of the frame that maps to [-180, 180] after shifting by `shift`.
            let west = -180 - shift, east = 180 - shift
            let part = try overlay.intersection(try overlay.multiPolygon(polygons), try overlay.rectangle(west: west, south: -90, east: east, north: 90))
            for polygon in overlay.polygons(part) where !ZoneGeometry.isSliver(polygon) {
                pieces.append(polygon.enumerated().map { k, ring in
                    ZonePolygons.oriented(ring.map { GeoPoint(latitude: $0.latitude, longitude: clampLongitude($0.longitude + shift)) }, exterior: k == 0)
                })
            }
        }
        return ZonePolygons(polygons: pieces, toleranceMeters: toleranceMeters)
    }

    /// The smaller side of a ring's latitude/longitude box, in metres (an upper bound: sides measured
    /// along the equator-ward edge of the box).
    static func smallerSideMeters(_ ring: [GeoPoint]) -> Double {
        let lats = ring.map(\.latitude), lons = ring.map(\.longitude)
        let height = (lats.max()! - lats.min()!) * 111_700
        let width = (lons.max()! - lons.min()!) * 111_700 * cos(min(abs(lats.max()!), abs(lats.min()!)) * .pi / 180)
        return min(height, width)
    }

    /// The grid written coordinates are snapped to, degrees.
    static let gridDegrees = 1e-9

    /// A ring on the output grid, without the repeated positions rounding can leave.
    static func rounded(_ ring: [GeoPoint]) -> [GeoPoint] {
        var out: [GeoPoint] = []
        out.reserveCapacity(ring.count)
        for p in ring {
            let q = GeoPoint(latitude: (p.latitude / gridDegrees).rounded() * gridDegrees, longitude: (p.longitude / gridDegrees).rounded() * gridDegrees)
            if out.last != q { out.append(q) }
        }
        return out
    }

    /// A polygon narrower than 1 cm on average (twice its area over its perimeter): overlay noise.
    static func isSliver(_ polygon: [[GeoPoint]]) -> Bool {
        guard let shell = polygon.first else { return true }
        // Most polygons are plainly wider: a bound from the coordinates spares the geodesic measure.
        if planarWidthLowerBoundMeters(shell) > 1 { return false }
        let m = ZonePolygons.measure(shell)
        return m.perimeter == 0 || 2 * m.area / m.perimeter < 0.01
    }

    /// A lower bound on twice a ring's area over its perimeter, in metres, from its longitude/latitude
    /// coordinates: area scaled by the shortest degrees over the ring, perimeter by the longest (up to
    /// the straight lines standing for geodesic edges within 0.1 ε of them, far inside the 100× margin
    /// between the 1 m this is compared with and the 1 cm sliver limit).
    static func planarWidthLowerBoundMeters(_ ring: [GeoPoint]) -> Double {
        guard ring.count >= 4 else { return 0 }
        var twiceArea = 0.0, perimeter = 0.0, highest = 0.0
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            twiceArea += a.longitude * b.latitude - b.longitude * a.latitude
            perimeter += ((b.longitude - a.longitude) * (b.longitude - a.longitude) + (b.latitude - a.latitude) * (b.latitude - a.latitude)).squareRoot()
            highest = max(highest, abs(a.latitude))
        }
        guard perimeter > 0, highest < 89 else { return 0 }
        // 110,574 m × 111,320 m (the shortest degrees of latitude and of longitude at the equator) over
        // 111,700 m (the longest degree): the scale that makes area over perimeter a lower bound.
        let metresPerDegree = 110_000 * cos(highest * .pi / 180)
        return abs(twiceArea) / perimeter * metresPerDegree
    }

    /// Whether GEOS (OGC validity, as shapely and PostGIS check it) finds a finished zone's polygons
    /// valid as written, with its reason.
    public static func validity(_ zone: ZonePolygons) throws(GeometryError) -> (valid: Bool, reason: String) {
        let overlay = PlanarOverlay()
        let g = try overlay.multiPolygon(zone.polygons)
        return (overlay.isValid(g), overlay.validityReason(g))
    }
}

private func clampLongitude(_ l: Double) -> Double { min(180, max(-180, l)) }

/// A builder's clip box (`ZoneGeometry.clipBox`) as a cache key: the shapes of builders over the same
/// box are interchangeable. (A struct, not the tuple's description: that is made by reflection, slowly.)
struct ClipBoxKey: Hashable, Sendable { var west: Double, south: Double, east: Double, north: Double }

/// Areas (and their buffers) clipped to a domain and densified, as rings (GEOS geometries belong to
/// one builder): every question over the same territory and domain reuses them.
struct AreaShapeKey: Hashable, Sendable {
    var area: ObjectIdentifier; var box: ClipBoxKey; var bufferMeters: Double; var toleranceMeters: Double; var edge: Double; var within: ObjectIdentifier?
}
let areaShapes = ProcessCache<AreaShapeKey, [[[GeoPoint]]]>(limit: 256)

/// Whether two areas' interiors meet (`interiorsMeet`), for the process.
struct AreaPairKey: Hashable, Sendable { var a: ObjectIdentifier; var b: ObjectIdentifier; var box: ClipBoxKey; var toleranceMeters: Double; var edge: Double }
let areaPairs = ProcessCache<AreaPairKey, Bool>(limit: 1024)

/// Traced contour rings are the costly part of a zone and depend only on the area, the distance, the
/// tolerance and where they matter (the builder's territory, at the one relevance margin).
struct ContourKey: Hashable, Sendable { var area: ObjectIdentifier; var meters: Double; var tolerance: Double; var within: ObjectIdentifier? }
let contours = ProcessCache<ContourKey, [[GeoPoint]]>(limit: 256)
