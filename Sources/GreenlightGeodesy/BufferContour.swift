import Foundation

/// The boundary of a buffer — the points at exactly `radiusMeters` geodesic distance from an area —
/// traced on the exact distance field.
///
/// The contour is made of pieces of two kinds: arcs of geodesic circles of radius R about boundary
/// vertices, and curves parallel to edges at R. A walk builds each vertex on the piece it is on
/// instead of searching for it: from a vertex whose nearest boundary point (its foot) is inside an
/// edge, the foot slides along the edge and the next vertex stands on the edge's perpendicular at R;
/// from a foot at an end vertex, the next vertex turns about it on the circle. One exact distance
/// query then confirms the vertex: no boundary point nearer than R (else it is moved onto the nearer
/// feature's piece and confirmed again). Steps are spaced by the contour's curvature (a geodesic chord
/// of length h strays at most about h²/(8R)).
///
/// A chord between two vertices whose feet lie on one edge's buffer stays within its sagitta of the
/// contour (that buffer is convex, and every boundary point is at least R from both ends). Where the
/// two feet's pieces differ (a concave corner, where two circles or parallels meet) the corner is found
/// by a root search along the current piece on the distance to the next piece's edge, and becomes a
/// vertex. Where construction does not apply, the walk falls back to search: a tangent step settled
/// on the contour by root-finding, its chord checked at three points on the distance field and halved
/// until it fits.
struct BufferContour {
    let area: GeodesicMultiPolygon
    let radiusMeters: Double
    /// How far a chord of the traced ring may stray from the true contour.
    let chordToleranceMeters: Double
    /// No step is longer, so that callers' densification stays cheap and no feature is stepped over.
    let maximumStepMeters: Double
    /// Root-finding stops when the vertex's distance is within this of the radius.
    static let rootToleranceMeters = 0.001
    /// Where the contour can matter (nil: everywhere). Far from it the walk takes long steps, see `walk`.
    var relevance: ContourRelevance? = nil

    private let geodesic = WGS84.shared

    /// Signed distance minus the radius: 0 on the contour, negative inside the buffer.
    func excess(_ p: GeoPoint) -> Double {
        let n = area.nearestBoundaryPoint(p)
        return (area.contains(p) ? -n.meters : n.meters) - radiusMeters
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
        try tracedRing(from: start, maximumVertices: maximumVertices).points
    }

    /// The ring of `ring(from:)` with each chord's sagitta (positive where it cuts inside).
    private func tracedRing(from start: GeoPoint, maximumVertices: Int = 2_000_000) throws(GeometryError) -> (points: [GeoPoint], sagittas: [Double]) {
        let onContour = try walk(from: start, maximumVertices: maximumVertices)
        var sagitta = onContour.sagittas
        sagitta.append(sagitta.first ?? 0)
        var ring: [GeoPoint] = []
        ring.reserveCapacity(onContour.points.count)
        for (k, p) in onContour.points.dropLast().enumerated() {
            let before = sagitta[k == 0 ? sagitta.count - 2 : k - 1], after = sagitta[k]
            let shift = max(0, 2.0 / 3.0 * (before + after) / 2)
            ring.append(shift > 0 ? geodesic.direct(from: p, azimuthDegrees: onContour.outward[k], distanceMeters: shift).point : p)
        }
        ring.append(ring[0])
        return (ring, onContour.sagittas)
    }

    /// A vertex of the walk: a point on the contour with its nearest boundary point (the foot), the
    /// azimuth at the foot towards it and the outward normal's azimuth at it.
    private struct Vertex {
        var point: GeoPoint
        var foot: EdgeFoot
        var azimuthAtFoot: Double
        var outwardAzimuth: Double
    }

    /// The point with its foot, if it lies on the contour: no boundary point nearer than the radius
    /// (less the root tolerance), none farther, and outside the area.
    private func vertex(onContour p: GeoPoint) -> Vertex? {
        vertex(p, ifOnContourWith: area.nearestFoot(p))
    }

    private func vertex(_ p: GeoPoint, ifOnContourWith f: EdgeFoot) -> Vertex? {
        guard abs(f.meters - radiusMeters) <= Self.rootToleranceMeters, !area.contains(p) else { return nil }
        return vertex(p, foot: f)
    }

    /// `f` must be the foot measured from `p` (its azimuths are those of the geodesic between them).
    private func vertex(_ p: GeoPoint, foot f: EdgeFoot) -> Vertex {
        Vertex(point: p, foot: f, azimuthAtFoot: f.azimuthAtFootTowardsPointDegrees, outwardAzimuth: f.azimuthAwayFromFootDegrees)
    }

    /// The point `h` metres further along the contour of the vertex's own foot feature, built on it
    /// rather than searched for: where the foot is inside an edge, the contour is the curve parallel
    /// to the edge, so the foot slides `h` along the edge and the point stands on the edge's
    /// perpendicular geodesic at the radius; where the foot is an end vertex, the contour is the
    /// geodesic circle about it, and the point turns by `h` of arc. Counterclockwise, like the walk.
    /// With the point, where its foot is by construction (the nearest-point search starts there).
    private func advance(_ v: Vertex, by h: Double) -> (point: GeoPoint, foot: EdgeFootGuess) {
        let edges = area.edges
        let f = v.foot
        let length = edges.lengthMeters[f.edge]
        if f.alongMeters > 0 && f.alongMeters < length {
            let edgeAzimuth = edges.position(edge: f.edge, alongMeters: f.alongMeters).azimuthDegrees
            // Which side of the edge the contour runs on; walking counterclockwise around the buffer
            // moves the foot forward along the edge on its right-hand side and backward on its left.
            let side: Double = sin((v.azimuthAtFoot - edgeAzimuth) * .pi / 180) >= 0 ? 1 : -1
            let s = f.alongMeters + side * h
            if s > 0 && s < length {
                let q = edges.position(edge: f.edge, alongMeters: s)
                return (geodesic.direct(from: q.point, azimuthDegrees: q.azimuthDegrees + 90 * side, distanceMeters: radiusMeters).point, EdgeFootGuess(edge: f.edge, alongMeters: s))
            }
            // Past the edge's end: round its end vertex by what is left of the step. (The solver
            // places a foot only to about a metre along the edge, where the distance is flat, so a
            // foot just short of an end may really be the end vertex: this also moves on from there.)
            let end = edges.position(edge: f.edge, alongMeters: s <= 0 ? 0 : length).point
            let remaining = max(0, h - (s <= 0 ? f.alongMeters : length - f.alongMeters))
            let turnFrom = geodesic.inverse(end, v.point).azimuth1Degrees
            return (geodesic.direct(from: end, azimuthDegrees: turnFrom - remaining / circleArcPerRadianMeters * 180 / .pi, distanceMeters: radiusMeters).point,
                    EdgeFootGuess(edge: f.edge, alongMeters: s <= 0 ? 0 : length))
        }
        return (geodesic.direct(from: f.point, azimuthDegrees: v.azimuthAtFoot - h / circleArcPerRadianMeters * 180 / .pi, distanceMeters: radiusMeters).point,
                EdgeFootGuess(edge: f.edge, alongMeters: f.alongMeters))
    }

    /// Arc length of the geodesic circle of the radius per radian of turn (its reduced length, on a
    /// sphere of the mean radius: this only sizes steps).
    private var circleArcPerRadianMeters: Double {
        let meanRadius = 6_371_008.8
        return meanRadius * sin(min(radiusMeters / meanRadius, .pi / 2))
    }

    /// An edge whose own buffer of the radius holds both vertices on its boundary. The buffer of one
    /// geodesic segment is convex, so the chord between them lies inside it (no point of the chord is
    /// farther than the radius from the boundary); and no chord between two contour points comes
    /// nearer to the boundary than its sagitta (every boundary point is at least the radius from both
    /// ends). Such a chord needs no check: it strays from the contour by at most its sagitta.
    private func sharedFeature(_ a: Vertex, _ b: Vertex) -> Int? {
        if a.foot.edge == b.foot.edge { return a.foot.edge }
        let reach = radiusMeters + Self.rootToleranceMeters
        if a.foot.point == b.foot.point { return a.foot.edge }
        if area.edges.exactFoot(from: a.point, edge: b.foot.edge).meters <= reach { return b.foot.edge }
        if area.edges.exactFoot(from: b.point, edge: a.foot.edge).meters <= reach { return a.foot.edge }
        return nil
    }

    /// A chord to the next vertex: how far its midpoint lies inside the buffer of the shared edge (its
    /// sagitta there), and its length.
    private func measuredStep(from a: Vertex, to b: Vertex, edge: Int) -> Step {
        let inverse = geodesic.inverse(a.point, b.point)
        let middle = geodesic.direct(from: a.point, azimuthDegrees: inverse.azimuth1Degrees, distanceMeters: inverse.distanceMeters / 2).point
        // Between two feet on the edge, the midpoint's foot is near halfway between them.
        let along = a.foot.edge == edge && b.foot.edge == edge ? (a.foot.alongMeters + b.foot.alongMeters) / 2 : nil
        return Step(vertex: b, sagitta: radiusMeters - area.edges.exactFoot(from: middle, edge: edge, startAlongMeters: along).meters, lengthMeters: inverse.distanceMeters)
    }

    /// The next vertex of the walk, with its chord's sagitta (positive where it cuts inside) and length.
    private struct Step {
        var vertex: Vertex
        var sagitta: Double
        var lengthMeters: Double
    }

    /// The next vertex after `current`, built on the contour `step` metres on, with the chord's
    /// sagitta; nil when construction does not apply (the caller then searches, see `searchedStep`).
    ///
    /// The built point is checked on the whole boundary. When another feature is nearer, the point is
    /// moved out along the geodesic from that feature's foot to the radius and checked again. When the
    /// two vertices share no feature, or the moved point is not on the contour either, the contour has
    /// a corner between them, where the next feature's circle or parallel meets the current one: it is
    /// found by a root search along the current feature's contour on the distance to that one edge, and
    /// becomes the next vertex.
    ///
    /// Moving the point is what carries the walk smoothly from an edge's parallel onto its end vertex's
    /// circle. At a corner it usually lands inside the current feature's buffer instead (the part of
    /// the current piece beyond the corner projects onto the part of the next piece that the current
    /// buffer covers): then only the corner search applies. Leaving that to the search fallback stalls
    /// where the corner is sharp (a thin notch of the outside, between two parts of the boundary nearly
    /// twice the radius apart): no tangent step past the notch's tip settles near it, so every step is
    /// halved to end short of the tip and the walk creeps towards it by halves.
    private func builtStep(from current: Vertex, step: Double) -> Step? {
        let (candidate, guess) = advance(current, by: step)
        let f = area.nearestFoot(candidate, guess: guess)
        var next = vertex(candidate, ifOnContourWith: f)
        if next == nil {
            guard !area.contains(candidate) else { return nil }
            let moved = geodesic.direct(from: f.point, azimuthDegrees: geodesic.inverse(f.point, candidate).azimuth1Degrees, distanceMeters: radiusMeters).point
            let movedFoot = area.nearestFoot(moved)
            next = vertex(moved, ifOnContourWith: movedFoot)
            if next == nil {
                // A corner: the candidate is nearer than the radius to the edge of its foot, or (where
                // that edge is the current one's, the walk passing from a vertex's circle onto the
                // edge's parallel) the moved point is nearer to another edge.
                for edge in [f.edge, movedFoot.edge] where isAhead(edge, of: current) {
                    if let found = corner(from: current, step: step, edge: edge) { return found }
                }
                return nil
            }
        }
        guard let found = next else { return nil }
        if let edge = sharedFeature(current, found) {
            return measuredStep(from: current, to: found, edge: edge)
        }
        // A corner: along the current feature's contour, where the next vertex's edge comes within the radius.
        return corner(from: current, step: step, edge: found.foot.edge)
    }

    /// Whether `edge` is a feature the walk can turn onto at a corner ahead: farther than the radius
    /// from the current vertex (clear of the root tolerance). The current vertex's own edge, or one
    /// that meets the contour at the vertex itself, would give a corner at no distance, a step that
    /// stays put.
    private func isAhead(_ edge: Int, of current: Vertex) -> Bool {
        area.edges.exactFoot(from: current.point, edge: edge).meters > radiusMeters + Self.rootToleranceMeters
    }

    /// The corner within `step` along the current feature's contour: where the distance to `edge`
    /// falls to the radius (an Illinois search), as a vertex whose foot is on `edge`, so that the walk
    /// continues along that edge's piece. When a third edge is nearer than the radius at the root, the
    /// corner is before it: the search is repeated on that edge, short of the root.
    private func corner(from current: Vertex, step: Double, edge first: Int) -> Step? {
        var edge = first
        var limit = step
        for _ in 0..<8 {
            func gap(_ t: Double) -> (Double, GeoPoint) {
                let p = advance(current, by: t).point
                return (area.edges.exactFoot(from: p, edge: edge).meters - radiusMeters, p)
            }
            var t0 = 0.0, g0 = area.edges.exactFoot(from: current.point, edge: edge).meters - radiusMeters
            var t1 = limit, (g1, _) = gap(limit)
            guard g0 > 0, g1 < 0 else { return nil }
            var side = 0
            var root: (t: Double, point: GeoPoint)?
            for _ in 0..<100 {
                let t = (t0 * g1 - t1 * g0) / (g1 - g0)
                let (g, p) = gap(t)
                if abs(g) <= Self.rootToleranceMeters / 2 || t1 - t0 < 1e-6 { root = (t, p); break }
                if g > 0 {
                    t0 = t; g0 = g
                    if side == 1 { g1 /= 2 }
                    side = 1
                } else {
                    t1 = t; g1 = g
                    if side == -1 { g0 /= 2 }
                    side = -1
                }
            }
            guard let (t, p) = root else { return nil }
            let nearest = area.nearestFoot(p)
            if let corner = vertex(p, ifOnContourWith: nearest) {
                // Continue along the next feature from here.
                let onNext = vertex(p, foot: area.edges.exactFoot(from: p, edge: edge))
                guard let shared = sharedFeature(current, corner) else { return nil }
                var step = measuredStep(from: current, to: corner, edge: shared)
                step.vertex = onNext
                return step
            }
            guard nearest.meters < radiusMeters, nearest.edge != edge, t > 0, !area.contains(p), isAhead(nearest.edge, of: current) else { return nil }
            edge = nearest.edge
            limit = t
        }
        return nil
    }

    /// The next vertex found by search instead (the tangent step settled on the contour by root
    /// finding, the chord checked on the distance field and halved until it fits): slower, used
    /// where `builtStep` does not apply.
    private func searchedStep(from current: Vertex, step initial: Double) throws(GeometryError) -> Step {
        var step = initial
        while true {
            let forward = geodesic.direct(from: current.point, azimuthDegrees: current.outwardAzimuth - 90, distanceMeters: step)
            guard let next = settle(forward.point, azimuth: forward.azimuthDegrees + 90) else {
                throw GeometryError(context: "buffer of \(radiusMeters / 1000) km", message: "the contour could not be followed near \(forward.point.latitude), \(forward.point.longitude)")
            }
            let length = geodesic.distanceMeters(current.point, next)
            let check = chord(current.point, next)
            if !check.fits || length > step * 2 {
                // Never accept such a chord, however short the step: below half a metre a chord that
                // does not fit is a settle that went somewhere else (the tip of a notch the tangent
                // cannot round), and accepting it jumped the walk onto another stretch of the contour,
                // where it went round and round without closing.
                guard step > 0.5 else {
                    throw GeometryError(context: "buffer of \(radiusMeters / 1000) km", message: "the contour could not be followed near \(current.point.latitude), \(current.point.longitude)")
                }
                step /= 2
                continue
            }
            return Step(vertex: vertex(next, foot: area.nearestFoot(next)), sagitta: -check.midpointExcess, lengthMeters: length)
        }
    }

    /// The longest step the walk takes far from what matters (nil: no relevance given, or the margin
    /// too narrow for long steps at this radius). Whatever a long step from a vertex changes lies
    /// within the step, the next chord (at most twice the curvature step: a searched step may double)
    /// and the width of what they stand for (a sagitta of at most `longStepSagittaMeters`, as for any
    /// built step, and vertices moved out by two thirds of one) of that vertex. The walk takes long
    /// steps only from vertices outside the relevant territory and farther than the margin from it,
    /// and the step is sized to keep 10 km of the margin spare (twice over for the chords): the region
    /// misses the territory, so the buffer is unchanged inside it.
    var longStepMeters: Double? {
        guard let relevance else { return nil }
        let long = min(maximumStepMeters, relevance.marginMeters - 10_000 - 2 * Self.longStepSagittaMeters - 4 * curvatureStepMeters)
        return long >= 2 * curvatureStepMeters ? long : nil
    }
    static let longStepSagittaMeters = 2_000.0

    /// Whether the contour point lies in the relevant territory, when it is clear of the territory's
    /// boundary by the margin; nil when it is not (or no relevance is given). A point reached from a
    /// clear one by a chord shorter than the margin is on the same side (every point of the chord is
    /// within half its length of an end, so the chord never reaches the boundary): the crossing count
    /// runs once per stretch.
    private func side(of p: GeoPoint, after previous: Bool?, stepMeters: Double) -> Bool? {
        guard let relevance, relevance.isClearOfBoundary(p) else { return nil }
        if let previous, stepMeters < relevance.marginMeters { return previous }
        return relevance.planarContains(p)
    }

    /// The contour's vertices (closed) and, per chord, its sagitta (positive where it cuts inside).
    private func walk(from start: GeoPoint, maximumVertices: Int) throws(GeometryError) -> (points: [GeoPoint], outward: [Double], sagittas: [Double]) {
        let first = vertex(start, foot: area.nearestFoot(start))
        var ring = [first]
        var sagittas: [Double] = []
        var current = first
        var walked = 0.0
        var stalled = false
        let fullStep = curvatureStepMeters
        // Whether the current vertex lies in the relevant territory, when it is clear of its boundary (nil otherwise).
        var currentSide = side(of: first.point, after: nil, stepMeters: 0)
        let startECEF = WGS84.ecef(latitude: start.latitude, longitude: start.longitude)
        let long = longStepMeters
        while ring.count < maximumVertices {
            var step = fullStep
            // The distance back to the start is at least the 3-D chord and at most its bound; it is
            // solved only where they do not settle the two tests below (near the start, and long steps).
            let toStartChord = (WGS84.ecef(latitude: current.point.latitude, longitude: current.point.longitude) - startECEF).length
            let unsettledForLongStep = long.map { toStartChord <= 2 * $0 && GeodesicEdges.geodesicUpperBound(chordMeters: toStartChord) > 2 * $0 } ?? false
            let toStart = toStartChord <= fullStep * 1.5 || unsettledForLongStep ? geodesic.distanceMeters(current.point, start) : toStartChord
            if ring.count > 3 && walked > 2 * fullStep && toStart <= fullStep * 1.5 {
                if toStart <= fullStep, let edge = sharedFeature(current, first) {
                    ring.append(first); sagittas.append(measuredStep(from: current, to: first, edge: edge).sagitta)
                    return (ring.map(\.point), ring.map(\.outwardAzimuth), sagittas)
                }
                let closing = chord(current.point, start)
                if closing.fits && toStart <= fullStep { ring.append(first); sagittas.append(-closing.midpointExcess); return (ring.map(\.point), ring.map(\.outwardAzimuth), sagittas) }
                step = max(0.5, toStart * 0.6)
            }
            var next: Step?
            // Far outside what matters, one long built step (never near the start, so that the closing
            // test above still sees the walk come back).
            if let long, currentSide == false, toStart > 2 * long, let built = builtStep(from: current, step: long) {
                let length = built.lengthMeters
                if length <= long && abs(built.sagitta) <= Self.longStepSagittaMeters && !(length < Self.rootToleranceMeters && stalled) { next = built }
            }
            // A built step longer than asked for (the point was moved to another feature far on) is
            // retried shorter, so that no chord exceeds the curvature step.
            if next == nil {
                var tries = step
                for _ in 0..<4 {
                    guard let built = builtStep(from: current, step: tries) else { break }
                    let length = built.lengthMeters
                    // A corner at the vertex itself moves the walk onto the next feature without moving
                    // it; twice in a row would be a walk that stays put: search instead.
                    if length < Self.rootToleranceMeters && stalled { break }
                    if length <= min(fullStep, max(tries * 1.5, 1)) && built.sagitta <= chordToleranceMeters {
                        next = built
                        break
                    }
                    tries /= 2
                }
            }
            let chosen: Step
            if let next { chosen = next } else { chosen = try searchedStep(from: current, step: step) }
            let length = chosen.lengthMeters
            stalled = length < Self.rootToleranceMeters
            walked += length
            currentSide = side(of: chosen.vertex.point, after: currentSide, stepMeters: length)
            ring.append(chosen.vertex)
            sagittas.append(chosen.sagitta)
            current = chosen.vertex
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
        var rings: [(points: [GeoPoint], sagittas: [Double])] = []
        for polygon in area.polygons {
            guard let s = seed(polygon: polygon) else {
                throw GeometryError(context: "buffer of \(radiusMeters / 1000) km", message: "no point of the contour found north of a part of the area")
            }
            let onTraced = rings.contains { ring in
                ring.points.contains { geodesic.distanceMeters($0, s) <= curvatureStepMeters } || Self.passes(near: s, ring)
            }
            if !onTraced { rings.append(try tracedRing(from: s)) }
        }
        return rings.map(\.points)
    }

    /// Whether a contour point lies on a traced ring: within some chord's reach of it (its sagitta, the
    /// vertices' outward move, the chord tolerance and the 3-D chord's dip below the geodesic). Long
    /// steps put vertices far apart, so the nearest vertex alone does not tell.
    private static func passes(near s: GeoPoint, _ ring: (points: [GeoPoint], sagittas: [Double])) -> Bool {
        let p = WGS84.ecef(latitude: s.latitude, longitude: s.longitude)
        var a = WGS84.ecef(latitude: ring.points[0].latitude, longitude: ring.points[0].longitude)
        for k in 1..<ring.points.count {
            let b = WGS84.ecef(latitude: ring.points[k].latitude, longitude: ring.points[k].longitude)
            defer { a = b }
            let direction = b - a, lengthSquared = direction.lengthSquared
            let t = lengthSquared > 0 ? min(1, max(0, (p - a).dot(direction) / lengthSquared)) : 0
            let sagitta = k - 1 < ring.sagittas.count ? abs(ring.sagittas[k - 1]) : 0
            let reach = 2 * sagitta + lengthSquared / (8 * WGS84.minimumCurvatureRadiusMeters) * 1.01 + 10
            if (p - a - direction * t).lengthSquared <= reach * reach { return true }
        }
        return false
    }
}
