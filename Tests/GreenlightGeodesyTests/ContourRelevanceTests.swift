import Foundation
import Testing
@testable import GreenlightGeodesy

/// The tracer takes long steps only where `ContourRelevance` says a point is far from the territory.
/// That claim is held against the exact geodesic distance to the boundary and the exact containment
/// test (GeographicLib's solvers behind `GeodesicMultiPolygon`), on Russia's 36,000 vertices.
@Suite struct ContourRelevanceTests {
    @Test func farPointsAreOutsideAndBeyondTheMarginByTheExactDistance() throws {
        let russia = try #require(try ReferenceGeography.shared.country("RU"))
        let margin = 50_000.0
        let relevance = ContourRelevance(territory: russia, marginMeters: margin)
        var far = 0, clearInside = 0, clear = 0
        // Around Ukraine's 300 km ring and the Russian border, Poland to the Volga, Turkey to Karelia, on
        // an even spread of points (the plastic number's sequence).
        for k in 1...4_000 {
            let u = (Double(k) * 0.7548776662466927).truncatingRemainder(dividingBy: 1), v = (Double(k) * 0.5698402909980532).truncatingRemainder(dividingBy: 1)
            let p = GeoPoint(latitude: 40 + 25 * u, longitude: 14 + 36 * v)
            guard relevance.isClearOfBoundary(p) else { continue }
            clear += 1
            let distance = russia.distanceToBoundaryMeters(p)
            #expect(distance > margin, "clear of the boundary by the grid, yet \(distance) m from it at \(p)")
            let inside = relevance.planarContains(p)
            #expect(inside == russia.contains(p), "the crossing count and the geodesic containment disagree at \(p)")
            if inside { clearInside += 1 } else { far += 1 }
        }
        // The test means something only if both sides were met often.
        #expect(far > 500 && clearInside > 200, "far \(far), clear inside \(clearInside) of \(clear) clear points")
    }

    @Test func nothingIsFarAroundAPoleOrNextToTheBoundary() throws {
        let russia = try #require(try ReferenceGeography.shared.country("RU"))
        let relevance = ContourRelevance(territory: russia, marginMeters: 50_000)
        #expect(!relevance.isClearOfBoundary(GeoPoint(latitude: 88.9, longitude: 10)))
        // Belgorod, 30 km from the Ukrainian border.
        #expect(!relevance.isClearOfBoundary(GeoPoint(latitude: 50.6, longitude: 36.6)))
    }

    /// A buffer traced with the territory given matches the one traced without it inside the
    /// territory (the same area to within both bounds), and costs fewer vertices.
    @Test func aBufferTracedForATerritoryIsTheSameInsideIt() throws {
        let russia = try #require(try ReferenceGeography.shared.country("RU"))
        let ukraine = try #require(try ReferenceGeography.shared.country("UA"))
        let domain = ukraine.boundingBox.expanded(byMeters: 300_000)
        let everywhere = BufferContour(area: ukraine, radiusMeters: 300_000, chordToleranceMeters: 5, maximumStepMeters: 25_000)
        var near = everywhere
        near.relevance = ContourRelevance(territory: russia, marginMeters: ZoneGeometry.relevanceMarginMeters)
        let full = try everywhere.rings(), cut = try near.rings()
        let fullVertices: Int = full.reduce(0) { $0 + $1.count }, cutVertices: Int = cut.reduce(0) { $0 + $1.count }
        #expect(cutVertices * 10 < fullVertices * 8, "\(cutVertices) vertices against \(fullVertices)")
        // The same buffer ∩ Russia, measured on the finished zones.
        let a = ZoneGeometry(domain: domain, toleranceMeters: 10), b = ZoneGeometry(domain: domain, toleranceMeters: 10, within: russia)
        let zoneA = try a.zone(try a.intersection([try a.buffer(ukraine, meters: 300_000), try a.area(russia)]))
        let zoneB = try b.zone(try b.intersection([try b.buffer(ukraine, meters: 300_000), try b.area(russia)]))
        #expect(abs(zoneA.areaKm2 - zoneB.areaKm2) <= zoneA.areaBoundKm2 + zoneB.areaBoundKm2, "\(zoneA.areaKm2) km² against \(zoneB.areaKm2) km²")
        #expect(abs(zoneA.areaKm2 - zoneB.areaKm2) < 1, "\(zoneA.areaKm2) km² against \(zoneB.areaKm2) km²")
    }
}
