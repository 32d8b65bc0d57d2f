import Foundation

/// Nearest-edge search with rigorous lower bounds.
///
/// A bounding-volume hierarchy of axis-aligned boxes in earth-centred 3-D space holds every edge
/// together with its bulge (so the box contains every point of the geodesic edge). The 3-D distance
/// to a box or to an edge's chord, less the bulge, never exceeds the geodesic distance, so whole
/// subtrees are discarded without solving anything. The surviving candidates are sorted by an
/// estimate and solved exactly one by one, stopping as soon as the next lower bound is no better
/// than the best exact distance found: in practice a handful of edges per query.
struct BoundaryDistanceIndex: Sendable {
    private struct Node: Sendable {
        var lower: Vector3, upper: Vector3
        var first: Int32, count: Int32     // leaf: range in `order`; inner: count = 0, first = right child
    }

    private struct Candidate { var edge: Int32; var lower: Double; var chord: Double }

    private let edges: GeodesicEdges
    private var nodes: [Node] = []
    private var order: [Int32]
    private static let leafSize = 4

    init(edges: GeodesicEdges) {
        self.edges = edges
        order = (0..<Int32(edges.count)).map { $0 }
        guard edges.count > 0 else { return }
        var boxesLower = [Vector3](), boxesUpper = [Vector3](), centres = [Vector3]()
        for i in 0..<edges.count {
            let a = edges.chordStart[i], b = edges.chordEnd[i], h = edges.bulgeMeters[i]
            boxesLower.append(Vector3(x: min(a.x, b.x) - h, y: min(a.y, b.y) - h, z: min(a.z, b.z) - h))
            boxesUpper.append(Vector3(x: max(a.x, b.x) + h, y: max(a.y, b.y) + h, z: max(a.z, b.z) + h))
            centres.append((a + b) * 0.5)
        }
        nodes.reserveCapacity(2 * edges.count / BoundaryDistanceIndex.leafSize + 2)
        build(0, edges.count, boxesLower, boxesUpper, centres)
    }

    @discardableResult
    private mutating func build(_ start: Int, _ end: Int, _ lo: [Vector3], _ hi: [Vector3], _ centre: [Vector3]) -> Int {
        var lower = Vector3(x: .infinity, y: .infinity, z: .infinity)
        var upper = Vector3(x: -.infinity, y: -.infinity, z: -.infinity)
        var cLower = lower, cUpper = upper
        for k in start..<end {
            let i = Int(order[k])
            lower = Vector3(x: min(lower.x, lo[i].x), y: min(lower.y, lo[i].y), z: min(lower.z, lo[i].z))
            upper = Vector3(x: max(upper.x, hi[i].x), y: max(upper.y, hi[i].y), z: max(upper.z, hi[i].z))
            let c = centre[i]
            cLower = Vector3(x: min(cLower.x, c.x), y: min(cLower.y, c.y), z: min(cLower.z, c.z))
            cUpper = Vector3(x: max(cUpper.x, c.x), y: max(cUpper.y, c.y), z: max(cUpper.z, c.z))
        }
        let index = nodes.count
        nodes.append(Node(lower: lower, upper: upper, first: Int32(start), count: Int32(end - start)))
        if end - start <= BoundaryDistanceIndex.leafSize { return index }
        // Split at the median of the widest axis of the centres.
        let extent = cUpper - cLower
        let axis = extent.x >= extent.y && extent.x >= extent.z ? 0 : (extent.y >= extent.z ? 1 : 2)
        func key(_ i: Int32) -> Double { let c = centre[Int(i)]; return axis == 0 ? c.x : (axis == 1 ? c.y : c.z) }
        let middle = (start + end) / 2
        var slice = Array(order[start..<end])
        slice.sort { key($0) < key($1) }
        order.replaceSubrange(start..<end, with: slice)
        nodes[index].count = 0
        build(start, middle, lo, hi, centre)
        nodes[index].first = Int32(build(middle, end, lo, hi, centre))
        return index
    }

    @inline(__always)
    private static func distanceToBox(_ p: Vector3, _ node: Node) -> Double {
        let dx = max(node.lower.x - p.x, 0, p.x - node.upper.x)
        let dy = max(node.lower.y - p.y, 0, p.y - node.upper.y)
        let dz = max(node.lower.z - p.z, 0, p.z - node.upper.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// A much tighter lower bound on the geodesic distance from the point to edge `e` than its chord:
    /// the ball of radius ρ = b²/a (the smallest radius of curvature) touching the ellipsoid from
    /// inside at the point lies wholly inside it (Blaschke's rolling theorem: no principal curvature
    /// exceeds 1/ρ). Projecting onto that convex ball shortens every path, and the projection of a
    /// path along the surface joins the point to the projection of the edge point, so the geodesic
    /// is at least ρ times the angle at the ball's centre. The angle is bounded below over the edge's
    /// chord swollen by its bulge. Slack at 300 km: about 1 m, against 28 m for the chord.
    @inline(__always)
    private func ballLowerBound(_ p: Vector3, normal u: Vector3, edge e: Int) -> Double {
        let rho = WGS84.minimumCurvatureRadiusMeters
        let centre = p - u * rho
        let a = edges.chordStart[e] - centre, b = edges.chordEnd[e] - centre, h = edges.bulgeMeters[e]
        let alongA = a.dot(u), alongB = b.dot(u)
        let flatA = a - u * alongA, flatB = b - u * alongB
        let across = max(0, Vector3(x: 0, y: 0, z: 0).distanceToSegment(flatA, flatB).distance - h)
        let along = max(alongA, alongB) + h
        return max(0, rho * atan2(across, along) * (1 - 1e-10) - 1e-6)
    }

    @inline(__always)
    private static func unitNormal(_ point: GeoPoint) -> Vector3 {
        let phi = point.latitude * .pi / 180, lambda = point.longitude * .pi / 180
        return Vector3(x: cos(phi) * cos(lambda), y: cos(phi) * sin(lambda), z: sin(phi))
    }

    /// Depth-first search of the hierarchy, nearer child first, without heap allocation. Calls
    /// `visit(edge, lowerBound, chord)` for every edge whose lower bound is below the current limit,
    /// which `visit` may lower; the search skips every box at or beyond it.
    @inline(__always)
    private func search(_ p: Vector3, limit: inout Double, _ visit: (Int, Double, Double, inout Double) -> Bool) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { stack in
            var top = 0
            stack[0] = 0
            top = 1
            while top > 0 {
                top -= 1
                let index = Int(stack[top])
                let node = nodes[index]
                if BoundaryDistanceIndex.distanceToBox(p, node) >= limit { continue }
                if node.count > 0 {
                    for k in Int(node.first)..<Int(node.first + node.count) {
                        let e = Int(order[k])
                        let chord = p.distanceToSegment(edges.chordStart[e], edges.chordEnd[e]).distance
                        let lower = max(0, chord - edges.bulgeMeters[e])
                        if lower >= limit { continue }
                        if !visit(e, lower, chord, &limit) { return }
                    }
                } else if top + 2 <= 128 {
                    let left = index + 1, right = Int(node.first)
                    let dl = BoundaryDistanceIndex.distanceToBox(p, nodes[left]), dr = BoundaryDistanceIndex.distanceToBox(p, nodes[right])
                    if dl < dr { stack[top] = Int32(right); stack[top + 1] = Int32(left) } else { stack[top] = Int32(left); stack[top + 1] = Int32(right) }
                    top += 2
                }
            }
        }
    }

    /// Cheap rigorous bounds on the distance to the boundary: no geodesic is solved.
    func distanceBounds(_ point: GeoPoint) -> (lower: Double, upper: Double) {
        guard !nodes.isEmpty else { return (.infinity, .infinity) }
        let p = WGS84.ecef(latitude: point.latitude, longitude: point.longitude)
        var upper = Double.infinity, lower = Double.infinity
        search(p, limit: &upper) { e, lb, _, limit in
            limit = min(limit, GeodesicEdges.geodesicUpperBound(chordMeters: (p - edges.chordStart[e]).length))
            lower = min(lower, lb)
            return true
        }
        return (min(lower, upper), upper)
    }

    /// Exact geodesic distance (metres) from the point to the nearest point of any edge.
    func distanceToBoundaryMeters(_ point: GeoPoint) -> Double { nearestBoundaryPoint(point).meters }

    /// Exact geodesic distance (metres) to the boundary and the nearest boundary point.
    func nearestBoundaryPoint(_ point: GeoPoint) -> (meters: Double, foot: GeoPoint) {
        let n = nearestFoot(point)
        return (n.meters, n.point)
    }

    /// The nearest boundary point with the edge it lies on and where along it.
    func nearestFoot(_ point: GeoPoint) -> EdgeFoot {
        guard !nodes.isEmpty else { return EdgeFoot(meters: .infinity, point: point, edge: -1, alongMeters: 0) }
        let p = WGS84.ecef(latitude: point.latitude, longitude: point.longitude)
        // First pass: the vertices' chords give an upper bound; collect the edges that could beat it
        // (in a stack buffer: this runs for every point of a stream, so no heap allocation).
        return withUnsafeTemporaryAllocation(of: Candidate.self, capacity: 512) { buffer in
            var upper = Double.infinity
            var count = 0
            var spilled: [Candidate] = []
            search(p, limit: &upper) { e, lb, chord, limit in
                limit = min(limit, GeodesicEdges.geodesicUpperBound(chordMeters: (p - edges.chordStart[e]).length))
                let c = Candidate(edge: Int32(e), lower: lb, chord: chord)
                if count < buffer.count { buffer[count] = c; count += 1 } else { spilled.append(c) }
                return true
            }
            func evaluate(_ list: UnsafeMutableBufferPointer<Candidate>) -> EdgeFoot {
                var found = list
                found.sort { $0.chord < $1.chord }
                var best = EdgeFoot(meters: .infinity, point: point, edge: -1, alongMeters: 0)
                let u = BoundaryDistanceIndex.unitNormal(point)
                for candidate in found where candidate.lower < min(best.meters, upper.nextUp) {
                    if best.meters < .infinity && ballLowerBound(p, normal: u, edge: Int(candidate.edge)) >= best.meters { continue }
                    let n = edges.exactFoot(from: point, pointECEF: p, edge: Int(candidate.edge))
                    if n.meters < best.meters { best = n }
                }
                return best
            }
            if spilled.isEmpty { return evaluate(UnsafeMutableBufferPointer(rebasing: buffer[0..<count])) }
            var all = Array(buffer[0..<count]) + spilled
            return all.withUnsafeMutableBufferPointer { evaluate($0) }
        }
    }

    /// Whether some point of the boundary is within `meters` of the point; stops as soon as it is known.
    func boundaryIsWithin(meters: Double, of point: GeoPoint) -> Bool {
        guard !nodes.isEmpty else { return false }
        let p = WGS84.ecef(latitude: point.latitude, longitude: point.longitude)
        var limit = meters.nextUp
        var accepted = false
        var found: [(edge: Int32, lower: Double, chord: Double)] = []
        search(p, limit: &limit) { e, lb, chord, _ in
            if GeodesicEdges.geodesicUpperBound(chordMeters: (p - edges.chordStart[e]).length) <= meters { accepted = true; return false }
            found.append((Int32(e), lb, chord))
            return true
        }
        if accepted { return true }
        if found.isEmpty { return false }
        found.sort { $0.chord < $1.chord }
        let u = BoundaryDistanceIndex.unitNormal(point)
        for candidate in found where ballLowerBound(p, normal: u, edge: Int(candidate.edge)) <= meters {
            if edges.exactDistanceMeters(from: point, pointECEF: p, edge: Int(candidate.edge)) <= meters { return true }
        }
        return false
    }
}
