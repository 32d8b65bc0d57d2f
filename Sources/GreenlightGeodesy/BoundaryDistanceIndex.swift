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

    private struct Candidate { var leaf: Int32; var lower: Double; var chord: Double }

    /// An edge's chord as the search tests it, stored in the hierarchy's leaf order so that a leaf's
    /// edges are read from one stretch of memory.
    private struct LeafEdge {
        var start: Vector3
        var direction: Vector3
        /// 1 / |direction|², or 0 for an edge of no length.
        var inverseLengthSquared: Double
        var bulgeMeters: Double
        var edge: Int
    }

    /// The hierarchy's nodes and leaf edges in memory of their own: the search reads them through
    /// pointers, with no array retained or checked per query.
    private final class Tree: @unchecked Sendable {
        let nodes: UnsafeMutableBufferPointer<Node>
        let leafEdges: UnsafeMutableBufferPointer<LeafEdge>
        init(nodes: [Node], leafEdges: [LeafEdge]) {
            self.nodes = .allocate(capacity: nodes.count)
            _ = self.nodes.initialize(from: nodes)
            self.leafEdges = .allocate(capacity: leafEdges.count)
            _ = self.leafEdges.initialize(from: leafEdges)
        }
        deinit { nodes.deallocate(); leafEdges.deallocate() }
    }

    private let edges: GeodesicEdges
    private let tree: Tree
    private static let leafSize = 4

    init(edges: GeodesicEdges) {
        self.edges = edges
        var order = (0..<Int32(edges.count)).map { $0 }
        var nodes: [Node] = []
        if edges.count > 0 {
            var boxesLower = [Vector3](), boxesUpper = [Vector3](), centres = [Vector3]()
            for i in 0..<edges.count {
                let a = edges.chordStart[i], b = edges.chordEnd[i], h = edges.bulgeMeters[i]
                boxesLower.append(Vector3(x: min(a.x, b.x) - h, y: min(a.y, b.y) - h, z: min(a.z, b.z) - h))
                boxesUpper.append(Vector3(x: max(a.x, b.x) + h, y: max(a.y, b.y) + h, z: max(a.z, b.z) + h))
                centres.append((a + b) * 0.5)
            }
            nodes.reserveCapacity(2 * edges.count / BoundaryDistanceIndex.leafSize + 2)
            BoundaryDistanceIndex.build(0, edges.count, boxesLower, boxesUpper, centres, &nodes, &order)
        }
        let leafEdges = order.map { i in
            let e = Int(i), a = edges.chordStart[e], ab = edges.chordEnd[e] - a
            let lengthSquared = ab.lengthSquared
            return LeafEdge(start: a, direction: ab, inverseLengthSquared: lengthSquared > 0 ? 1 / lengthSquared : 0, bulgeMeters: edges.bulgeMeters[e], edge: e)
        }
        tree = Tree(nodes: nodes, leafEdges: leafEdges)
    }

    @discardableResult
    private static func build(_ start: Int, _ end: Int, _ lo: [Vector3], _ hi: [Vector3], _ centre: [Vector3], _ nodes: inout [Node], _ order: inout [Int32]) -> Int {
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
        // Only the halves matter (each child orders its own): a selection, not a sort, of the median.
        order.withUnsafeMutableBufferPointer { o in
            var lo = start, hi = end - 1
            while lo < hi {
                let pivot = key(o[(lo + hi) / 2])
                var i = lo, j = hi
                while i <= j {
                    while key(o[i]) < pivot { i += 1 }
                    while key(o[j]) > pivot { j -= 1 }
                    if i <= j { o.swapAt(i, j); i += 1; j -= 1 }
                }
                if middle <= j { hi = j } else if middle >= i { lo = i } else { break }
            }
        }
        nodes[index].count = 0
        build(start, middle, lo, hi, centre, &nodes, &order)
        nodes[index].first = Int32(build(middle, end, lo, hi, centre, &nodes, &order))
        return index
    }

    @inline(__always)
    private static func squaredDistanceToBox(_ p: Vector3, _ node: Node) -> Double {
        let dx = max(node.lower.x - p.x, 0, p.x - node.upper.x)
        let dy = max(node.lower.y - p.y, 0, p.y - node.upper.y)
        let dz = max(node.lower.z - p.z, 0, p.z - node.upper.z)
        return dx * dx + dy * dy + dz * dz
    }

    /// A much tighter lower bound on the geodesic distance from the point to edge `e` than its chord:
    /// the ball of radius ρ = b²/a (the smallest radius of curvature) touching the ellipsoid from
    /// inside at the point lies wholly inside it (Blaschke's rolling theorem: no principal curvature
    /// exceeds 1/ρ). Projecting onto that convex ball shortens every path, and the projection of a
    /// path along the surface joins the point to the projection of the edge point, so the geodesic
    /// is at least ρ times the angle at the ball's centre. The angle is bounded below over the edge's
    /// chord swollen by its bulge. Slack at 300 km: about 1 m, against 28 m for the chord.
    @inline(__always)
    private static func ballLowerBound(_ p: Vector3, normal u: Vector3, leaf: LeafEdge) -> Double {
        let rho = WGS84.minimumCurvatureRadiusMeters
        let centre = p - u * rho
        let a = leaf.start - centre, b = leaf.start + leaf.direction - centre, h = leaf.bulgeMeters
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
    /// `visit(leaf, lowerBound, chord)` (`leaf` indexes `leafEdges`) for every edge whose lower bound is below the current limit,
    /// which `visit` may lower; the search skips every box at or beyond it.
    ///
    /// Distances to boxes are compared squared (no square root per node), each box's distance is
    /// computed once, when its parent pushes it, and an edge's chord distance is taken only when its
    /// square is below (limit + bulge)².
    @inline(__always)
    private static func search(_ p: Vector3, _ nodes: UnsafeMutableBufferPointer<Node>, _ leafEdges: UnsafeMutableBufferPointer<LeafEdge>,
                               limit: inout Double, _ visit: (Int, Double, Double, inout Double) -> Bool) {
        // The deepest path is about log2(edges / leafSize) nodes (15 for 37,000 edges); each level
        // leaves at most one entry behind, so 64 entries never fill. 64 × 16 bytes is what Swift always
        // keeps on the stack (larger temporary buffers may go to the heap: a malloc per query).
        withUnsafeTemporaryAllocation(of: (index: Int32, squaredDistance: Double).self, capacity: 64) { stack in
            stack[0] = (0, BoundaryDistanceIndex.squaredDistanceToBox(p, nodes[0]))
            var top = 1
            var limitSquared = limit * limit
            do {
                while top > 0 {
                    top -= 1
                    let (index, boxSquared) = stack[top]
                    if boxSquared >= limitSquared { continue }
                    let node = nodes[Int(index)]
                    if node.count > 0 {
                        for k in Int(node.first)..<Int(node.first + node.count) {
                            let leaf = leafEdges[k]
                            let toStart = p - leaf.start
                            let t = min(1, max(0, toStart.dot(leaf.direction) * leaf.inverseLengthSquared))
                            let chordSquared = (toStart - leaf.direction * t).lengthSquared
                            let reach = limit + leaf.bulgeMeters
                            if chordSquared >= reach * reach { continue }
                            let chord = chordSquared.squareRoot()
                            let lower = max(0, chord - leaf.bulgeMeters)
                            if lower >= limit { continue }
                            if !visit(k, lower, chord, &limit) { return }
                            limitSquared = limit * limit
                        }
                    } else {
                        precondition(top + 2 <= 64, "nearest-edge search deeper than its stack")
                        let left = Int(index) + 1, right = Int(node.first)
                        let dl = BoundaryDistanceIndex.squaredDistanceToBox(p, nodes[left]), dr = BoundaryDistanceIndex.squaredDistanceToBox(p, nodes[right])
                        if dl < dr {
                            stack[top] = (Int32(right), dr); stack[top + 1] = (Int32(left), dl)
                        } else {
                            stack[top] = (Int32(left), dl); stack[top + 1] = (Int32(right), dr)
                        }
                        top += 2
                    }
                }
            }
        }
    }

    /// Cheap rigorous bounds on the distance to the boundary: no geodesic is solved.
    func distanceBounds(_ point: GeoPoint) -> (lower: Double, upper: Double) {
        let nodes = tree.nodes, leafEdges = tree.leafEdges
        guard !nodes.isEmpty else { return (.infinity, .infinity) }
        let p = WGS84.ecef(latitude: point.latitude, longitude: point.longitude)
        var upper = Double.infinity, lower = Double.infinity
        BoundaryDistanceIndex.search(p, nodes, leafEdges, limit: &upper) { k, lb, _, limit in
            let toVertex = (p - leafEdges[k].start).length
            if toVertex < limit { limit = min(limit, GeodesicEdges.geodesicUpperBound(chordMeters: toVertex)) }
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
    ///
    /// The closures below capture only pointers and an unretained reference (`self` owns both): this
    /// runs for every point of a stream on every core, and retaining shared objects per query would
    /// make the cores fight over their reference counts.
    ///
    /// `near`, when given, is a point of the boundary (the foot of a nearby query): its chord bounds
    /// the distance from above before the search starts, so that far boxes are skipped from the top.
    /// `guess`, when given, is where on which edge the caller expects the foot (a point it built on
    /// that edge's perpendicular): that edge's solver starts there.
    func nearestFoot(_ point: GeoPoint, near: GeoPoint? = nil, guess: EdgeFootGuess? = nil) -> EdgeFoot {
        let nodes = tree.nodes, leafEdges = tree.leafEdges
        let edges = Unmanaged.passUnretained(self.edges)
        guard !nodes.isEmpty else { return EdgeFoot(meters: .infinity, point: point, edge: -1, alongMeters: 0) }
        let p = WGS84.ecef(latitude: point.latitude, longitude: point.longitude)
        // First pass: the vertices' chords give an upper bound; collect the edges that could beat it
        // (in a stack buffer of at most 1 KiB, which Swift always keeps on the stack: this runs for every
        // point of a stream; a query has 7.6 candidates on average, the rare longer list spills).
        // The foot is on an edge to within nanometres; a micrometre covers it.
        let start = near.map { GeodesicEdges.geodesicUpperBound(chordMeters: (p - WGS84.ecef(latitude: $0.latitude, longitude: $0.longitude)).length) + 1e-6 } ?? .infinity
        return withUnsafeTemporaryAllocation(of: Candidate.self, capacity: 40) { buffer in
            var upper = start
            var count = 0
            var spilled: [Candidate] = []
            BoundaryDistanceIndex.search(p, nodes, leafEdges, limit: &upper) { k, lb, chord, limit in
                // The upper bound is never below the chord to the vertex: only a nearer vertex can lower the limit.
                let toVertex = (p - leafEdges[k].start).length
                if toVertex < limit { limit = min(limit, GeodesicEdges.geodesicUpperBound(chordMeters: toVertex)) }
                let c = Candidate(leaf: Int32(k), lower: lb, chord: chord)
                if count < buffer.count { buffer[count] = c; count += 1 } else { spilled.append(c) }
                return true
            }
            func evaluate(_ list: UnsafeMutableBufferPointer<Candidate>) -> EdgeFoot {
                // A query has a handful of candidates (7.6 on average for 1,000,000 random points
                // around Russia), too few for the library sort's set-up to pay: insertion sort, unless
                // the list is long.
                var found = list
                if found.count > 32 {
                    found.sort { $0.chord < $1.chord }
                } else {
                    for j in 1..<max(1, found.count) {
                        let c = found[j]
                        var k = j
                        while k > 0 && found[k - 1].chord > c.chord { found[k] = found[k - 1]; k -= 1 }
                        found[k] = c
                    }
                }
                var best = EdgeFoot(meters: .infinity, point: point, edge: -1, alongMeters: 0)
                let u = BoundaryDistanceIndex.unitNormal(point)
                var memo: VertexInverse?
                for candidate in found where candidate.lower < min(best.meters, upper.nextUp) {
                    let leaf = leafEdges[Int(candidate.leaf)]
                    if best.meters < .infinity && BoundaryDistanceIndex.ballLowerBound(p, normal: u, leaf: leaf) >= best.meters { continue }
                    let startAlong = guess.flatMap { $0.edge == leaf.edge ? $0.alongMeters : nil }
                    let n = edges._withUnsafeGuaranteedRef { $0.exactFoot(from: point, pointECEF: p, edge: leaf.edge, memo: &memo, startAlongMeters: startAlong) }
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
        let nodes = tree.nodes, leafEdges = tree.leafEdges
        let edges = Unmanaged.passUnretained(self.edges)
        guard !nodes.isEmpty else { return false }
        let p = WGS84.ecef(latitude: point.latitude, longitude: point.longitude)
        var limit = meters.nextUp
        var accepted = false
        var found: [Candidate] = []
        BoundaryDistanceIndex.search(p, nodes, leafEdges, limit: &limit) { k, lb, chord, _ in
            if GeodesicEdges.geodesicUpperBound(chordMeters: (p - leafEdges[k].start).length) <= meters { accepted = true; return false }
            found.append(Candidate(leaf: Int32(k), lower: lb, chord: chord))
            return true
        }
        if accepted { return true }
        if found.isEmpty { return false }
        found.sort { $0.chord < $1.chord }
        let u = BoundaryDistanceIndex.unitNormal(point)
        var memo: VertexInverse?
        for candidate in found {
            let leaf = leafEdges[Int(candidate.leaf)]
            if BoundaryDistanceIndex.ballLowerBound(p, normal: u, leaf: leaf) > meters { continue }
            if edges._withUnsafeGuaranteedRef({ $0.exactFoot(from: point, pointECEF: p, edge: leaf.edge, memo: &memo) }).meters <= meters { return true }
        }
        return false
    }
}

/// Where on which edge a caller expects a point's nearest boundary point (see `nearestFoot`).
struct EdgeFootGuess {
    var edge: Int
    var alongMeters: Double
}
