/// Natural Earth (like most datasets) splits areas that straddle the antimeridian into parts that meet
/// along the ±180° meridian. Those meridian edges are where the parts meet, not a border: a point in
/// Chukotka is not 400 m from Russia's edge because the data was cut there. This finds, along the
/// meridian, the latitudes that edges on both sides cover; only the rest of such edges is boundary.
struct AntimeridianCut {
    private var shared: [(Double, Double)] = []

    static func isOnAntimeridian(_ a: GeoPoint, _ b: GeoPoint) -> Bool {
        abs(a.longitude) == 180 && abs(b.longitude) == 180 && a.longitude == b.longitude
    }

    init(rings: [[GeoPoint]]) {
        var east: [(Double, Double)] = [], west: [(Double, Double)] = []
        for ring in rings {
            for i in 0..<(ring.count - 1) where AntimeridianCut.isOnAntimeridian(ring[i], ring[i + 1]) {
                let interval = (min(ring[i].latitude, ring[i + 1].latitude), max(ring[i].latitude, ring[i + 1].latitude))
                if ring[i].longitude > 0 { east.append(interval) } else { west.append(interval) }
            }
        }
        for e in AntimeridianCut.union(east) {
            for w in AntimeridianCut.union(west) {
                let lo = max(e.0, w.0), hi = min(e.1, w.1)
                if lo < hi { shared.append((lo, hi)) }
            }
        }
    }

    private static func union(_ intervals: [(Double, Double)]) -> [(Double, Double)] {
        var result: [(Double, Double)] = []
        for interval in intervals.sorted(by: { $0.0 < $1.0 }) {
            if let last = result.last, interval.0 <= last.1 { result[result.count - 1].1 = max(last.1, interval.1) } else { result.append(interval) }
        }
        return result
    }

    /// The parts of the meridian edge a–b that are real border, as latitude intervals.
    func border(of a: GeoPoint, _ b: GeoPoint) -> [(Double, Double)] {
        var pieces = [(min(a.latitude, b.latitude), max(a.latitude, b.latitude))]
        for (lo, hi) in shared {
            pieces = pieces.flatMap { piece -> [(Double, Double)] in
                var out: [(Double, Double)] = []
                if piece.0 < min(lo, piece.1) { out.append((piece.0, min(lo, piece.1))) }
                if max(hi, piece.0) < piece.1 { out.append((max(hi, piece.0), piece.1)) }
                return out
            }
        }
        return pieces
    }
}
