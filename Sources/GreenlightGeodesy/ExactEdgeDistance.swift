import CProj
import Foundation

extension GeodesicEdges {
    /// The exact geodesic distance from `point` to edge `i`, in metres.
    ///
    /// Newton's method on the arc length `s` of the foot along the edge: with d(s) the distance from
    /// the point to the edge at `s`, d'(s) = cos(θ) where θ is the angle at the edge point between the
    /// edge and the geodesic arriving from the point, and d''(s) = sin²θ · M21/m12 (the geodesic
    /// curvature of the distance circle, from the reduced length and geodesic scale). Each step solves
    /// one inverse problem exactly, so every value is a true distance to a point of the edge (an upper
    /// bound) and the iteration stops when the remaining gain d'²/(2d'') is below 10 µm. Pieces are at
    /// most 100 km long, so d has at most one stationary point on a piece, and a minimum at an end is
    /// recognised by the sign of d' there.
    func exactDistanceMeters(from point: GeoPoint, pointECEF: Vector3, edge i: Int) -> Double {
        exactFoot(from: point, pointECEF: pointECEF, edge: i).meters
    }

    /// The nearest point of edge `i` (the foot), by the iteration described above.
    func exactFoot(from point: GeoPoint, edge i: Int) -> EdgeFoot {
        exactFoot(from: point, pointECEF: WGS84.ecef(latitude: point.latitude, longitude: point.longitude), edge: i)
    }

    /// The same, given the point's earth-centred coordinates (the index has them already).
    func exactFoot(from point: GeoPoint, pointECEF: Vector3, edge i: Int) -> EdgeFoot {
        let g = WGS84.shared.geodesic
        let line = lines + i
        let length = lengthMeters[i]
        var s = length * pointECEF.distanceToSegment(chordStart[i], chordEnd[i]).t
        var lo = 0.0, hi = length
        var best = Double.infinity
        var foot = startPoint[i]
        var bestAlong = 0.0
        for _ in 0..<40 {
            var lat = 0.0, lon = 0.0, aziEdge = 0.0
            geod_genposition(line, 0, s, &lat, &lon, &aziEdge, nil, nil, nil, nil, nil)
            var d = 0.0, aziArrive = 0.0, m12 = 0.0, bigM12 = 0.0, bigM21 = 0.0
            geod_geninverse(g, point.latitude, point.longitude, lat, lon, &d, nil, &aziArrive, &m12, &bigM12, &bigM21, nil)
            if d < best { best = d; foot = GeoPoint(latitude: lat, longitude: lon); bestAlong = s }
            if d < 1e-9 { return EdgeFoot(meters: 0, point: foot, edge: i, alongMeters: bestAlong) }
            let theta = (aziEdge - aziArrive) * .pi / 180
            let slope = cos(theta)
            if slope > 0 { hi = s } else { lo = s }
            if slope >= 0 && s <= 0 { return EdgeFoot(meters: best, point: foot, edge: i, alongMeters: bestAlong) }
            if slope <= 0 && s >= length { return EdgeFoot(meters: best, point: foot, edge: i, alongMeters: bestAlong) }
            let sinTheta = sin(theta)
            let curvature = sinTheta * sinTheta * bigM21 / m12
            if curvature > 0 {
                let gain = slope * slope / (2 * curvature)
                if gain < 1e-5 { return EdgeFoot(meters: best, point: foot, edge: i, alongMeters: bestAlong) }
                var next = s - slope / curvature
                if next <= lo || next >= hi {
                    // Outside the bracket: try the bracket's end if it is an end of the edge, else bisect.
                    next = next <= lo ? (lo == 0 ? 0 : (lo + s) / 2) : (hi == length ? length : (s + hi) / 2)
                }
                if abs(next - s) < 1e-9 { return EdgeFoot(meters: best, point: foot, edge: i, alongMeters: bestAlong) }
                s = next
            } else {
                // Near a maximum or beyond a conjugate point: fall back to bisection.
                let next = slope > 0 ? (lo + s) / 2 : (s + hi) / 2
                if abs(next - s) < 1e-9 { return EdgeFoot(meters: best, point: foot, edge: i, alongMeters: bestAlong) }
                s = next
            }
        }
        return EdgeFoot(meters: best, point: foot, edge: i, alongMeters: bestAlong)
    }
}

/// The nearest point of one boundary edge to a point: the distance, the foot, which edge and how
/// far along it (metres from its start; 0 or its length when the foot is an end vertex).
struct EdgeFoot {
    var meters: Double
    var point: GeoPoint
    var edge: Int
    var alongMeters: Double
}

extension GeodesicEdges {
    /// The point of edge `i` at `alongMeters` from its start, and the edge's azimuth there.
    func position(edge i: Int, alongMeters s: Double) -> (point: GeoPoint, azimuthDegrees: Double) {
        var lat = 0.0, lon = 0.0, azi = 0.0
        geod_genposition(lines + i, 0, s, &lat, &lon, &azi, nil, nil, nil, nil, nil)
        return (GeoPoint(latitude: lat, longitude: lon), azi)
    }
}
