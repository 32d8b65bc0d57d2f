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
    func exactFoot(from point: GeoPoint, edge i: Int, startAlongMeters: Double? = nil) -> EdgeFoot {
        var memo: VertexInverse?
        return exactFoot(from: point, pointECEF: WGS84.ecef(latitude: point.latitude, longitude: point.longitude), edge: i, memo: &memo, startAlongMeters: startAlongMeters)
    }

    /// The same, given the point's earth-centred coordinates (the index has them already).
    func exactFoot(from point: GeoPoint, pointECEF: Vector3, edge i: Int) -> EdgeFoot {
        var memo: VertexInverse?
        return exactFoot(from: point, pointECEF: pointECEF, edge: i, memo: &memo)
    }

    /// The same, remembering in `memo` the inverse problem solved at an end vertex. A point far from a
    /// detailed border is nearest to a vertex far more often than to the inside of an edge, and then
    /// both edges meeting there are candidates: the second reuses the first's solution (one query,
    /// one point, the same vertex: the same inverse problem).
    ///
    /// `startAlongMeters`, when given, is where the iteration starts (a caller that built the point on
    /// this edge's perpendicular knows its foot): from the root itself one inverse problem confirms it.
    /// Otherwise it starts at the projection of the point on the edge's chord.
    func exactFoot(from point: GeoPoint, pointECEF: Vector3, edge i: Int, memo: inout VertexInverse?, startAlongMeters: Double? = nil) -> EdgeFoot {
        let g = WGS84.shared.geodesic
        let line = lines + i
        let length = lengthMeters[i]
        var s = startAlongMeters.map { min(length, max(0, $0)) } ?? length * pointECEF.distanceToSegment(chordStart[i], chordEnd[i]).t
        var lo = 0.0, hi = length
        var best = Double.infinity
        var foot = startPoint[i]
        var bestAlong = 0.0
        var bestAzimuths = (fromPoint: 0.0, arriving: 0.0)
        func result(_ meters: Double) -> EdgeFoot {
            EdgeFoot(meters: meters, point: foot, edge: i, alongMeters: bestAlong, azimuthFromPointDegrees: bestAzimuths.fromPoint, azimuthArrivingDegrees: bestAzimuths.arriving)
        }
        for _ in 0..<40 {
            var at: GeoPoint, aziEdge: Double
            var d = 0.0, aziDepart = 0.0, aziArrive = 0.0, m12 = 0.0, bigM21 = 0.0
            let atEnd = s <= 0 || s >= length
            if atEnd {
                // An end vertex as given, with the edge's azimuth there: no position to solve.
                if s <= 0 { s = 0; at = startPoint[i]; aziEdge = line.pointee.azi1 } else { s = length; at = endPoint[i]; aziEdge = endAzimuth[i] }
            } else {
                var lat = 0.0, lon = 0.0, azi = 0.0
                geod_genposition(line, 0, s, &lat, &lon, &azi, nil, nil, nil, nil, nil)
                at = GeoPoint(latitude: lat, longitude: lon); aziEdge = azi
            }
            if atEnd, let m = memo, m.vertex == at {
                (d, aziDepart, aziArrive, m12, bigM21) = (m.meters, m.azimuthDeparting, m.azimuthArriving, m.reducedLengthMeters, m.geodesicScale21)
            } else {
                var bigM12 = 0.0
                geod_geninverse(g, point.latitude, point.longitude, at.latitude, at.longitude, &d, &aziDepart, &aziArrive, &m12, &bigM12, &bigM21, nil)
                if atEnd { memo = VertexInverse(vertex: at, meters: d, azimuthDeparting: aziDepart, azimuthArriving: aziArrive, reducedLengthMeters: m12, geodesicScale21: bigM21) }
            }
            if d < best { best = d; foot = at; bestAlong = s; bestAzimuths = (aziDepart, aziArrive) }
            if d < 1e-9 { return result(0) }
            let theta = (aziEdge - aziArrive) * .pi / 180
            let slope = cos(theta)
            if slope > 0 { hi = s } else { lo = s }
            if slope >= 0 && s <= 0 { return result(best) }
            if slope <= 0 && s >= length { return result(best) }
            let sinTheta = sin(theta)
            let curvature = sinTheta * sinTheta * bigM21 / m12
            if curvature > 0 {
                let gain = slope * slope / (2 * curvature)
                if gain < 1e-5 { return result(best) }
                var next = s - slope / curvature
                if next <= lo || next >= hi {
                    // Outside the bracket: try the bracket's end if it is an end of the edge, else bisect.
                    next = next <= lo ? (lo == 0 ? 0 : (lo + s) / 2) : (hi == length ? length : (s + hi) / 2)
                }
                if abs(next - s) < 1e-9 { return result(best) }
                s = next
            } else {
                // Near a maximum or beyond a conjugate point: fall back to bisection.
                let next = slope > 0 ? (lo + s) / 2 : (s + hi) / 2
                if abs(next - s) < 1e-9 { return result(best) }
                s = next
            }
        }
        return result(best)
    }
}

/// The inverse problem from a query point to one boundary vertex: distance, azimuth on arrival, and
/// the reduced length and geodesic scale the solver's Newton step needs.
struct VertexInverse {
    var vertex: GeoPoint
    var meters: Double
    var azimuthDeparting: Double
    var azimuthArriving: Double
    var reducedLengthMeters: Double
    var geodesicScale21: Double
}

/// The nearest point of one boundary edge to a point: the distance, the foot, which edge and how
/// far along it (metres from its start; 0 or its length when the foot is an end vertex).
struct EdgeFoot {
    var meters: Double
    var point: GeoPoint
    var edge: Int
    var alongMeters: Double
    /// The geodesic from the point to the foot: its azimuth at the point, and on arrival at the foot
    /// (from the inverse problem that measured it; 0 when no edge was measured).
    var azimuthFromPointDegrees = 0.0
    var azimuthArrivingDegrees = 0.0

    /// The azimuth at the foot towards the point.
    var azimuthAtFootTowardsPointDegrees: Double { EdgeFoot.reversed(azimuthArrivingDegrees) }
    /// The azimuth at the point away from the foot (the outward normal of the distance field).
    var azimuthAwayFromFootDegrees: Double { EdgeFoot.reversed(azimuthFromPointDegrees) }

    private static func reversed(_ azimuth: Double) -> Double { azimuth > 0 ? azimuth - 180 : azimuth + 180 }
}

extension GeodesicEdges {
    /// The point of edge `i` at `alongMeters` from its start, and the edge's azimuth there.
    func position(edge i: Int, alongMeters s: Double) -> (point: GeoPoint, azimuthDegrees: Double) {
        var lat = 0.0, lon = 0.0, azi = 0.0
        geod_genposition(lines + i, 0, s, &lat, &lon, &azi, nil, nil, nil, nil, nil)
        return (GeoPoint(latitude: lat, longitude: lon), azi)
    }
}
