import CProj
import Foundation

/// The boundary edges of an area, each a geodesic between consecutive ring vertices, with what the
/// queries need precomputed: the C geodesic line (to evaluate points along the edge exactly), the
/// 3-D chord and a rigorous bound on how far the edge bulges from it, and latitude/longitude extents.
///
/// Owns the C `geod_geodesicline` array; it never leaves this module.
final class GeodesicEdges: @unchecked Sendable {
    /// Longer edges are split into pieces of at most this length. A piece is the same geodesic, so
    /// the geometry is unchanged; short pieces keep the chord bounds tight and the distance along a
    /// piece unimodal for the exact solver.
    static let maximumPieceMeters = 100_000.0

    let count: Int
    let lines: UnsafeMutablePointer<geod_geodesicline>
    let lengthMeters: [Double]
    let startPoint: [GeoPoint]
    /// The end vertex exactly as given, and the edge's azimuth there (the start's is the line's `azi1`):
    /// a foot at an end is measured from the vertex itself, so that the two edges meeting there solve
    /// the same inverse problem once (see `VertexInverse`).
    let endPoint: [GeoPoint]
    let endAzimuth: [Double]
    /// The vertex longitudes exactly as given, so that two edges sharing a vertex agree on which side
    /// of a meridian it lies (the half-open crossing rule then counts it once).
    let startLongitude: [Double]
    let endLongitude: [Double]
    /// Longitude extent: the edge runs from `startPoint.longitude` monotonically by `longitudeSpan` degrees.
    let longitudeSpan: [Double]
    let minimumLatitude: [Double]
    let maximumLatitude: [Double]
    let chordStart: [Vector3]
    let chordEnd: [Vector3]
    /// Upper bound, in metres, on the distance of any point of the edge from its chord.
    let bulgeMeters: [Double]

    /// Edges of closed rings (cut where data was split at the antimeridian), of open lines, and
    /// points as edges of length 0 (the exact solver then measures the distance to the point).
    init(rings: [[GeoPoint]], polylines: [[GeoPoint]] = [], points: [GeoPoint] = []) {
        let g = WGS84.shared.geodesic
        var pieces: [(GeoPoint, GeoPoint)] = []
        let cut = AntimeridianCut(rings: rings)
        for (index, ring) in (rings + polylines).enumerated() {
            let isRing = index < rings.count
            for i in 0..<(ring.count - 1) {
                var a = ring[i], b = ring[i + 1]
                if a.latitude == b.latitude && (wrapDegrees(a.longitude - b.longitude) == 0 || abs(a.latitude) == 90) { continue }
                // An edge to a pole runs along the meridian of its other end, whatever longitude the
                // pole vertex was written with; give the pole that longitude so crossings are judged right.
                if abs(b.latitude) == 90 { b.longitude = a.longitude } else if abs(a.latitude) == 90 { a.longitude = b.longitude }
                if isRing && AntimeridianCut.isOnAntimeridian(a, b) {
                    for (lo, hi) in cut.border(of: a, b) {
                        pieces.append((GeoPoint(latitude: lo, longitude: a.longitude), GeoPoint(latitude: hi, longitude: a.longitude)))
                    }
                    continue
                }
                // Most edges are far shorter than a piece: the chord's upper bound on the geodesic
                // settles it without solving the inverse problem.
                let chord = (WGS84.ecef(latitude: a.latitude, longitude: a.longitude) - WGS84.ecef(latitude: b.latitude, longitude: b.longitude)).length
                if GeodesicEdges.geodesicUpperBound(chordMeters: chord) <= GeodesicEdges.maximumPieceMeters
                    || WGS84.shared.distanceMeters(a, b) <= GeodesicEdges.maximumPieceMeters {
                    pieces.append((a, b))
                } else {
                    let points = WGS84.shared.densify(a, b, spacingMeters: GeodesicEdges.maximumPieceMeters)
                    for j in 0..<(points.count - 1) { pieces.append((points[j], points[j + 1])) }
                }
            }
        }
        for p in points { pieces.append((p, p)) }
        count = pieces.count
        lines = .allocate(capacity: max(1, count))
        let n = count
        var lengthMeters = [Double](repeating: 0, count: n), startPoint = [GeoPoint](repeating: GeoPoint(latitude: 0, longitude: 0), count: n)
        var endPoint = startPoint, endAzimuth = lengthMeters
        var longitudeSpan = [Double](repeating: 0, count: n), startLongitude = [Double](repeating: 0, count: n), endLongitude = [Double](repeating: 0, count: n)
        var minimumLatitude = [Double](repeating: 0, count: n), maximumLatitude = [Double](repeating: 0, count: n)
        var chordStart = [Vector3](repeating: Vector3(x: 0, y: 0, z: 0), count: n), chordEnd = chordStart
        var bulgeMeters = [Double](repeating: 0, count: n)
        // Positions along an edge are all that is asked of its line (the solver's reduced lengths come
        // from inverse problems).
        let caps = GEOD_LATITUDE.rawValue | GEOD_LONGITUDE.rawValue | GEOD_AZIMUTH.rawValue | GEOD_DISTANCE_IN.rawValue
        let rho = WGS84.minimumCurvatureRadiusMeters
        let lines = self.lines
        // Each piece's geodesic line is solved independently: on both cores for large areas (a
        // country's 36,000 edges take a third of a second on one).
        lengthMeters.withUnsafeMutableBufferPointer { lengthMeters in
        startPoint.withUnsafeMutableBufferPointer { startPoint in
        endPoint.withUnsafeMutableBufferPointer { endPoint in
        endAzimuth.withUnsafeMutableBufferPointer { endAzimuth in
        longitudeSpan.withUnsafeMutableBufferPointer { longitudeSpan in
        startLongitude.withUnsafeMutableBufferPointer { startLongitude in
        endLongitude.withUnsafeMutableBufferPointer { endLongitude in
        minimumLatitude.withUnsafeMutableBufferPointer { minimumLatitude in
        maximumLatitude.withUnsafeMutableBufferPointer { maximumLatitude in
        chordStart.withUnsafeMutableBufferPointer { chordStart in
        chordEnd.withUnsafeMutableBufferPointer { chordEnd in
        bulgeMeters.withUnsafeMutableBufferPointer { bulgeMeters in
            // Each index is written by exactly one iteration, so sharing the buffers is safe.
            nonisolated(unsafe) let lengthMeters = lengthMeters
            nonisolated(unsafe) let startPoint = startPoint
            nonisolated(unsafe) let endPoint = endPoint
            nonisolated(unsafe) let endAzimuth = endAzimuth
            nonisolated(unsafe) let longitudeSpan = longitudeSpan
            nonisolated(unsafe) let startLongitude = startLongitude
            nonisolated(unsafe) let endLongitude = endLongitude
            nonisolated(unsafe) let minimumLatitude = minimumLatitude
            nonisolated(unsafe) let maximumLatitude = maximumLatitude
            nonisolated(unsafe) let chordStart = chordStart
            nonisolated(unsafe) let chordEnd = chordEnd
            nonisolated(unsafe) let bulgeMeters = bulgeMeters
            nonisolated(unsafe) let lines = lines, g = g
            let pieces = pieces
            // A country's edges in two halves at least, solved on both cores when one is free (a first
            // query on a neighbour of a few thousand edges). Called from the zones' prebuild, where both
            // cores are already busy, Dispatch runs the halves in turn: no gain there.
            let chunks = n < 2_048 ? 1 : max(2, (n + 4_095) / 4_096)
            let chunkSize = (n + chunks - 1) / chunks
            let body: @Sendable (Int) -> Void = { chunk in
                for i in (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize) {
                    let (a, b) = pieces[i]
                    geod_inverseline(lines + i, g, a.latitude, a.longitude, b.latitude, b.longitude, caps)
                    let line = lines[i]
                    var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
                    geod_genposition(lines + i, GEOD_LONG_UNROLL.rawValue, line.s13, &lat2, &lon2, &azi2, nil, nil, nil, nil, nil)
                    let length = line.s13
                    lengthMeters[i] = length
                    startPoint[i] = GeoPoint(latitude: a.latitude, longitude: line.lon1)
                    endPoint[i] = b
                    endAzimuth[i] = azi2
                    startLongitude[i] = a.longitude
                    endLongitude[i] = b.longitude
                    // A meridian edge to a pole keeps its longitude (the unrolled longitude at the pole is arbitrary).
                    longitudeSpan[i] = abs(a.latitude) == 90 || abs(b.latitude) == 90 ? 0 : lon2 - line.lon1
                    // Latitude extent: the ends, or the geodesic's vertex when the edge passes through it.
                    var lo = min(a.latitude, b.latitude), hi = max(a.latitude, b.latitude)
                    let northboundAtStart = cos(line.azi1 * .pi / 180), northboundAtEnd = cos(azi2 * .pi / 180)
                    if (northboundAtStart > 0) != (northboundAtEnd > 0) {
                        let cosBeta0 = abs(line.salp0), sinBeta0 = (1 - cosBeta0 * cosBeta0).squareRoot()
                        let vertexLatitude = atan2(sinBeta0, (1 - WGS84.flattening) * cosBeta0) * 180 / .pi
                        if northboundAtStart > 0 { hi = max(hi, vertexLatitude) } else { lo = min(lo, -vertexLatitude) }
                    }
                    minimumLatitude[i] = lo - 1e-9
                    maximumLatitude[i] = hi + 1e-9
                    chordStart[i] = WGS84.ecef(latitude: a.latitude, longitude: a.longitude)
                    chordEnd[i] = WGS84.ecef(latitude: b.latitude, longitude: b.longitude)
                    // A curve of length L whose curvature is at most 1/rho stays within (1 - cos(L/2rho)) rho of
                    // its chord (and always within L/2). Geodesics have no curvature but the surface's normal one.
                    let halfAngle = length / (2 * rho)
                    let bulge = halfAngle < .pi / 2 ? (1 - cos(halfAngle)) * rho : length / 2
                    bulgeMeters[i] = min(length / 2, bulge) * (1 + 1e-9) + 1e-9
                }
            }
            if chunks > 1 { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) } else if chunks == 1 { body(0) }
        }}}}}}}}}}}}
        self.endPoint = endPoint; self.endAzimuth = endAzimuth
        self.startLongitude = startLongitude; self.endLongitude = endLongitude
        self.lengthMeters = lengthMeters; self.startPoint = startPoint; self.longitudeSpan = longitudeSpan
        self.minimumLatitude = minimumLatitude; self.maximumLatitude = maximumLatitude
        self.chordStart = chordStart; self.chordEnd = chordEnd; self.bulgeMeters = bulgeMeters
    }

    /// Schur's comparison theorem: a curve whose curvature never exceeds 1/ρ is no longer than the
    /// circular arc of radius ρ over the same chord. Geodesics qualify with ρ = b²/a, so this turns a
    /// chord into a rigorous upper bound on the geodesic distance.
    @inline(__always)
    static func geodesicUpperBound(chordMeters chord: Double) -> Double {
        let rho = WGS84.minimumCurvatureRadiusMeters
        let x = chord / (2 * rho)
        return x < 1 ? 2 * rho * asin(x) * (1 + 1e-12) : .infinity
    }

    deinit { lines.deallocate() }

    /// Whether edge `i` crosses the meridian `longitude`, counted half-open so that a crossing at a
    /// shared vertex is counted once.
    @inline(__always)
    func crossesMeridian(_ i: Int, longitude: Double) -> Bool {
        GeodesicEdges.crossesMeridian(startOffset: wrapDegrees(startLongitude[i] - longitude), endOffset: wrapDegrees(endLongitude[i] - longitude))
    }

    /// The half-open crossing rule on an edge's end longitudes relative to the meridian (wrapped to
    /// (-180, 180]): one end east of it, the other not.
    @inline(__always)
    static func crossesMeridian(startOffset d1: Double, endOffset d2: Double) -> Bool {
        // An edge spans less than 180° of longitude, so a sign change across more than 180° is the
        // opposite meridian, not this one.
        (d1 > 0) != (d2 > 0) && abs(d1 - d2) < 180
    }

    /// The latitude at which edge `i` crosses the meridian `longitude` (the edge must cross it).
    /// Longitude is monotonic along a geodesic, so a safeguarded Newton iteration on the arc length converges.
    func latitudeOfCrossing(_ i: Int, longitude: Double) -> Double {
        let line = lines + i
        let length = lengthMeters[i]
        let target = wrapDegrees(longitude - startPoint[i].longitude) // relative to the start
        let span = longitudeSpan[i]
        // Relative target in the edge's unrolled frame.
        var t = target
        if span > 0 && t < 0 { t += 360 } else if span < 0 && t > 0 { t -= 360 }
        var lo = 0.0, hi = length
        var s = span != 0 ? length * (t / span) : 0
        var latitude = startPoint[i].latitude
        for _ in 0..<60 {
            var lat = 0.0, lon = 0.0, azi = 0.0
            geod_genposition(line, GEOD_LONG_UNROLL.rawValue, s, &lat, &lon, &azi, nil, nil, nil, nil, nil)
            latitude = lat
            let error = (lon - startPoint[i].longitude) - t // degrees, positive when past the meridian (for span > 0)
            if abs(error) < 1e-13 { break }
            if (error > 0) == (span > 0) { hi = s } else { lo = s }
            // dλ/ds = sin α / (N cos φ), in degrees per metre.
            let phi = lat * .pi / 180
            let n = WGS84.equatorialRadiusMeters / (1 - WGS84.eccentricitySquared * sin(phi) * sin(phi)).squareRoot()
            let slope = sin(azi * .pi / 180) / (n * cos(phi)) * 180 / .pi
            var next = slope != 0 ? s - error / slope : .nan
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - s) < 1e-7 { s = next; geod_genposition(line, GEOD_LONG_UNROLL.rawValue, s, &lat, &lon, nil, nil, nil, nil, nil, nil); latitude = lat; break }
            s = next
        }
        return latitude
    }
}
