import Foundation

/// Exact point-in-area for geodesic edges, accelerated by a latitude/longitude grid.
///
/// The principle is ray casting along the point's meridian towards the North Pole: a meridian is a
/// geodesic, longitude is monotonic along every edge, so each edge crosses it at most once and the
/// crossing latitude can be found exactly. The grid makes this cheap: cells that no edge touches
/// (by the edge's exact latitude/longitude extent) are wholly inside or wholly outside, and are
/// answered by one lookup; in a cell that edges touch, the ray only walks up to the next clean cell.
/// Areas may contain a pole or have a vertex at one: the ray then ends in the state `PoleTopology`
/// gives for its meridian at the North Pole instead of outside.
struct ContainmentGrid: Sendable {
    private enum CellState: UInt8 { case outside = 0, inside = 1, boundary = 2, unknown = 3 }

    private let edges: GeodesicEdges
    private let poles: PoleTopology
    private let originLongitude: Double     // western end of the longitude window
    private let windowDegrees: Double       // ≤ 360
    private let bottomLatitude: Double
    private let cellDegrees: Double
    private let rows: Int, columns: Int
    private var states: [UInt8]
    private let cellEdgeStart: [Int32]
    private let cellEdges: [Int32]

    init(edges: GeodesicEdges, poles: PoleTopology = PoleTopology(rings: [])) {
        self.edges = edges
        self.poles = poles
        let n = edges.count
        let window = LongitudeWindow(count: n) { (edges.startPoint[$0].longitude, edges.longitudeSpan[$0]) }
        let originLongitude = window.originLongitude, windowDegrees = window.windowDegrees
        self.originLongitude = originLongitude
        self.windowDegrees = windowDegrees
        let south = edges.minimumLatitude.min() ?? 0, north = edges.maximumLatitude.max() ?? 0
        let latitudeSpan = max(north - south, 1e-6)
        let targetCells = Double(min(4_000_000, max(4096, n * 32)))
        var cell = (windowDegrees * latitudeSpan / targetCells).squareRoot()
        cell = max(cell, 1e-4)
        cellDegrees = cell
        let columns = max(1, Int((windowDegrees / cell).rounded(.up)))
        let bottomLatitude = south - cell
        let rows = Int(((north + cell - bottomLatitude) / cell).rounded(.up)) + 1
        self.columns = columns; self.bottomLatitude = bottomLatitude; self.rows = rows
        // Register every edge in the cells its extent overlaps (two passes, compressed rows).
        var counts = [Int32](repeating: 0, count: rows * columns + 1)
        func forEachCell(ofEdge i: Int, _ body: (Int) -> Void) {
            let start = edges.startPoint[i].longitude, span = edges.longitudeSpan[i]
            let relativeStart = ContainmentGrid.positiveDegrees(start - originLongitude)
            let lo = min(relativeStart, relativeStart + span), hi = max(relativeStart, relativeStart + span)
            let c0 = Int(floor(lo / cell)), c1 = Int(floor(hi / cell))
            let r0 = max(0, Int(floor((edges.minimumLatitude[i] - bottomLatitude) / cell)))
            let r1 = min(rows - 1, Int(floor((edges.maximumLatitude[i] - bottomLatitude) / cell)))
            for c in c0...c1 {
                var column = c % columns
                if column < 0 { column += columns }
                // A window narrower than 360° never wraps; skip cells past its end.
                if windowDegrees < 360 && (c < 0 || c >= columns) { continue }
                for r in r0...r1 { body(r * columns + column) }
            }
        }
        for i in 0..<n { forEachCell(ofEdge: i) { counts[$0 + 1] += 1 } }
        for k in 0..<(rows * columns) { counts[k + 1] += counts[k] }
        var fill = counts
        var list = [Int32](repeating: 0, count: Int(counts[rows * columns]))
        for i in 0..<n { forEachCell(ofEdge: i) { list[Int(fill[$0])] = Int32(i); fill[$0] += 1 } }
        cellEdgeStart = counts
        cellEdges = list
        states = [UInt8](repeating: CellState.unknown.rawValue, count: rows * columns)
        for k in 0..<(rows * columns) where counts[k + 1] > counts[k] { states[k] = CellState.boundary.rawValue }
        // Classify clean cells from the top row down: a clean cell below a clean cell shares its state
        // (no edge between them); otherwise cast the ray from its centre.
        for r in stride(from: rows - 1, through: 0, by: -1) {
            for c in 0..<columns where states[r * columns + c] == CellState.unknown.rawValue {
                // The top row casts its ray: above it is the pole, whose state depends on the meridian.
                let above = r + 1 < rows ? states[(r + 1) * columns + c] : CellState.boundary.rawValue
                if above != CellState.boundary.rawValue {
                    states[r * columns + c] = above
                } else {
                    let centreLatitude = bottomLatitude + (Double(r) + 0.5) * cell
                    // The last column may reach past the window's end, where no point of it falls: cast
                    // from the middle of the part inside the window (past it, other edges would apply).
                    let westEdge = Double(c) * cell, eastEdge = min(Double(c + 1) * cell, windowDegrees)
                    let centreLongitude = originLongitude + (westEdge + eastEdge) / 2
                    states[r * columns + c] = walkUp(row: r, column: c, latitude: centreLatitude, longitude: centreLongitude)
                        ? CellState.inside.rawValue : CellState.outside.rawValue
                }
            }
        }
    }

    @inline(__always)
    private static func positiveDegrees(_ x: Double) -> Double {
        var y = x.truncatingRemainder(dividingBy: 360)
        if y < 0 { y += 360 }
        return y
    }

    /// Whether the area contains the point (exact, for points more than ~1 µm from the boundary).
    func contains(_ p: GeoPoint) -> Bool {
        let rowPosition = (p.latitude - bottomLatitude) / cellDegrees
        if !(rowPosition >= 0) && !(rowPosition < 0) { return false }
        // Above every edge the ray meets nothing before the pole.
        if rowPosition >= Double(rows) { return poles.insideAtNorthPole(longitude: p.longitude) }
        let columnPosition = ContainmentGrid.positiveDegrees(p.longitude - originLongitude) / cellDegrees
        if columnPosition >= Double(columns) { return false }
        // Below every edge (an area around the South Pole) the bottom row's clean cell answers.
        let r = max(0, Int(rowPosition)), c = min(columns - 1, Int(columnPosition))
        if rowPosition < 0 { return states[c] == CellState.inside.rawValue }
        let state = states[r * columns + c]
        if state != CellState.boundary.rawValue { return state == CellState.inside.rawValue }
        return walkUp(row: r, column: c, latitude: p.latitude, longitude: p.longitude)
    }

    /// Parity of the meridian ray from the point up to the first clean cell, combined with that cell's state.
    private func walkUp(row: Int, column: Int, latitude: Double, longitude: Double) -> Bool {
        var inside = false
        var r = row
        while true {
            let k = r * columns + column
            let cellLow = r == row ? latitude : bottomLatitude + Double(r) * cellDegrees
            let cellHigh = bottomLatitude + Double(r + 1) * cellDegrees
            for j in Int(cellEdgeStart[k])..<Int(cellEdgeStart[k + 1]) {
                let e = Int(cellEdges[j])
                guard edges.crossesMeridian(e, longitude: longitude) else { continue }
                let lo = edges.minimumLatitude[e], hi = edges.maximumLatitude[e]
                if hi < cellLow || lo >= cellHigh { continue }
                if lo >= cellLow && hi < cellHigh { inside.toggle(); continue }
                let crossing = edges.latitudeOfCrossing(e, longitude: longitude)
                if crossing >= cellLow && crossing < cellHigh { inside.toggle() }
            }
            r += 1
            if r >= rows { return inside != poles.insideAtNorthPole(longitude: longitude) }
            let above = states[r * columns + column]
            if above != CellState.boundary.rawValue { return inside != (above == CellState.inside.rawValue) }
        }
    }
}
