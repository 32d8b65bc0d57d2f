import Foundation

/// How an area meets the North Pole, for meridian ray casting (rays run north, so the South Pole
/// never matters to them).
///
/// In latitude/longitude, a ring that encircles a pole (its longitude winds by ±360°) is an open line
/// across the map, and a ring with a vertex at a pole runs along the pole's latitude between the
/// longitudes of the edges that meet there. Two facts make ray casting exact again:
/// - `northPoleInside`: whether the area contains the North Pole. Each encircling ring stands for the
///   smaller of its two regions (RFC 7946 readers accept either winding); the pole is in it when the
///   smaller region is the northern one.
/// - `northSpans`: the longitude intervals that rings with a vertex at the North Pole sweep through
///   at the pole. A ray along a meridian inside such an interval crosses the ring there, at 90°.
struct PoleTopology: Sendable {
    var northPoleInside = false
    /// (from, to) longitudes: the pole "edge" goes from `from` to `to` the short way round.
    var northSpans: [(Double, Double)] = []
    /// Whether any ring encircles a pole or has a vertex at one.
    var touchesPole = false

    init(rings: [[GeoPoint]]) {
        for ring in rings {
            let n = ring.count - 1
            guard n >= 3 else { continue }
            var winding = 0.0
            for k in 0..<n { winding += wrapDegrees(ring[k + 1].longitude - ring[k].longitude) }
            if abs(winding) > 180 {
                touchesPole = true
                // geod_polygonarea's signed area is the smaller region's, positive when it lies on
                // the left; an eastward ring has the north on its left.
                let area = PolygonValidation.ringAreaAndPerimeter(ring).area
                if (winding > 0) == (area > 0) { northPoleInside.toggle() }
            }
            // Runs of consecutive vertices at the North Pole, with the longitudes of the vertices before and after.
            guard let start = (0..<n).first(where: { ring[$0].latitude != 90 }) else { continue }
            var k = 0
            while k < n {
                let i = (start + k) % n
                if ring[i].latitude == 90 {
                    touchesPole = true
                    let before = ring[(i + n - 1) % n].longitude
                    var j = k
                    while ring[(start + j) % n].latitude == 90 { j += 1 }
                    let after = ring[(start + j) % n].longitude
                    northSpans.append((before, after))
                    k = j
                } else {
                    if ring[i].latitude == -90 { touchesPole = true }
                    k += 1
                }
            }
        }
    }

    /// Whether the meridian ray ends inside the area at the pole: the pole's own state, flipped by
    /// every pole span the meridian crosses (the same half-open rule as an edge's crossing).
    func insideAtNorthPole(longitude: Double) -> Bool {
        var inside = northPoleInside
        for (from, to) in northSpans {
            let d1 = wrapDegrees(from - longitude), d2 = wrapDegrees(to - longitude)
            if (d1 > 0) != (d2 > 0) && abs(d1 - d2) < 180 { inside.toggle() }
        }
        return inside
    }
}
