import Foundation

/// Where a traced buffer boundary can matter: in or near the territory a zone is clipped to.
///
/// A zone built inside a territory T depends on a buffer B only through B ∩ T, so any B' that
/// differs from B only outside T gives the same zone. The contour tracer uses this to take long
/// steps where the contour is certainly far from T (see `BufferContour`): at a point outside T and
/// more than `marginMeters` from its boundary, decided with rigorous bounds and no geodesic solved:
/// - clear of the boundary: no vertex of T lies in the latitude/longitude box that holds every point
///   within `marginMeters` plus half T's longest edge (every boundary point lies within half an edge
///   of a vertex);
/// - outside: a crossing count on the ring vertices as given, which agrees with the geodesic edges'
///   count at a point that far from every edge (the two differ only within an edge's bow of it).
public final class ContourRelevance: @unchecked Sendable {
    public let territory: GeodesicMultiPolygon
    public let marginMeters: Double
    /// Cells of `cellDegrees` holding at least one vertex of the territory, as a bitmap by row and column.
    private let occupied: [UInt64]
    /// Every boundary point lies within this of a vertex (half the longest edge, an upper bound).
    private let halfEdgeMeters: Double
    /// False when the edges may bow from their straight longitude/latitude segments by too much for
    /// the crossing count to be trusted at the margin (or the territory is no area): then nothing is clear.
    private let usable: Bool

    static let cellDegrees = 0.25
    private static let rows = 720, columns = 1440
    /// Lower bound on the meridian arc per degree of latitude (the radius of curvature a(1 - e²) at the equator).
    private static let meridianMetersPerDegree = 110_574.0
    /// Upper bound on both radii of curvature (at the poles, a / sqrt(1 - e²)).
    private static let largestCurvatureRadiusMeters = 6_399_594.0

    public init(territory: GeodesicMultiPolygon, marginMeters: Double) {
        self.territory = territory
        self.marginMeters = marginMeters
        var bits = [UInt64](repeating: 0, count: (Self.rows * Self.columns + 63) / 64)
        var longest = 0.0, highest = 0.0
        for polygon in territory.polygons {
            for ring in polygon {
                var previous: (latitude: Double, longitude: Double, cosine: Double)?
                for p in ring {
                    let (row, column) = Self.cell(p.latitude, p.longitude)
                    let index = row * Self.columns + column
                    bits[index >> 6] |= 1 << UInt64(index & 63)
                    let cosine = cos(p.latitude * .pi / 180)
                    defer { previous = (p.latitude, p.longitude, cosine) }
                    guard let a = previous else { continue }
                    // The path along one end's meridian to the other's latitude, then along that parallel
                    // (the one at the higher latitude, the shorter): no shorter than the geodesic.
                    let dPhi = abs(p.latitude - a.latitude) * .pi / 180, dLambda = abs(wrapDegrees(p.longitude - a.longitude)) * .pi / 180
                    longest = max(longest, Self.largestCurvatureRadiusMeters * (dPhi + min(cosine, a.cosine) * dLambda))
                    highest = max(highest, abs(p.latitude))
                }
            }
        }
        occupied = bits
        halfEdgeMeters = longest / 2 * (1 + 1e-9) + 1e-3
        // The bow bound of `GeodesicMultiPolygon.box`, for the longest edge at the highest latitude.
        let bow = GeodesicMultiPolygon.bowMeters(lengthMeters: longest, latitude: highest)
        usable = !territory.isLineal && !territory.touchesPole && bow < marginMeters / 4
    }

    private static func cell(_ latitude: Double, _ longitude: Double) -> (Int, Int) {
        let row = min(rows - 1, max(0, Int(((latitude + 90) / cellDegrees).rounded(.down))))
        var column = Int(((longitude + 180) / cellDegrees).rounded(.down)) % columns
        if column < 0 { column += columns }
        return (row, column)
    }

    /// Whether no point of the territory's boundary lies within `marginMeters` of the point.
    public func isClearOfBoundary(_ p: GeoPoint) -> Bool {
        guard usable else { return false }
        let reach = marginMeters + halfEdgeMeters
        // Any point within `reach` lies within these degrees: the meridian arc bounds the latitude
        // change, and the parallel's radius at the highest latitude reachable bounds the longitude change.
        let dLatitude = reach / Self.meridianMetersPerDegree
        let highest = abs(p.latitude) + dLatitude
        guard highest < 89 else { return false }
        let dLongitude = reach / (WGS84.equatorialRadiusMeters * cos(highest * .pi / 180)) * 180 / .pi
        guard dLongitude < 90 else { return false }
        let (r0, _) = Self.cell(p.latitude - dLatitude, 0), (r1, _) = Self.cell(p.latitude + dLatitude, 0)
        let c0 = Int(((p.longitude - dLongitude + 180) / Self.cellDegrees).rounded(.down))
        let c1 = Int(((p.longitude + dLongitude + 180) / Self.cellDegrees).rounded(.down))
        for row in r0...r1 {
            for c in c0...c1 {
                var column = c % Self.columns
                if column < 0 { column += Self.columns }
                let index = row * Self.columns + column
                if occupied[index >> 6] & (1 << UInt64(index & 63)) != 0 { return false }
            }
        }
        return true
    }

    /// Whether the point lies in the territory, by the crossings of its meridian north of it with the
    /// straight longitude/latitude segments between the vertices. Only meaningful for a point clear of
    /// the boundary (`isClearOfBoundary`): there the geodesic edges cross on the same side.
    public func planarContains(_ p: GeoPoint) -> Bool {
        var inside = false
        for polygon in territory.polygons {
            for ring in polygon {
                for k in 1..<max(1, ring.count) {
                    let a = ring[k - 1], b = ring[k]
                    let d1 = wrapDegrees(a.longitude - p.longitude), d2 = wrapDegrees(b.longitude - p.longitude)
                    // Half-open, as for the geodesic edges: a crossing at a vertex counts once.
                    guard GeodesicEdges.crossesMeridian(startOffset: d1, endOffset: d2) else { continue }
                    let latitude = a.latitude + (b.latitude - a.latitude) * d1 / (d1 - d2)
                    if latitude > p.latitude { inside.toggle() }
                }
            }
        }
        return inside
    }

    /// One relevance per territory and margin for the process (its grid is read by every tracer).
    public static func of(_ territory: GeodesicMultiPolygon, marginMeters: Double) -> ContourRelevance {
        relevances.value(RelevanceKey(territory: ObjectIdentifier(territory), marginMeters: marginMeters), keeping: [territory]) {
            ContourRelevance(territory: territory, marginMeters: marginMeters)
        }
    }
}

struct RelevanceKey: Hashable, Sendable { var territory: ObjectIdentifier; var marginMeters: Double }
let relevances = ProcessCache<RelevanceKey, ContourRelevance>(limit: 64)
