import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Moves synthetic sites away from a launch area, for a demonstration of sites that moved
/// (`greenlight sites synth --relocate-from before.csv --deeper-km K`). It models nothing about real
/// installations: it only makes an "after" set whose ids and categories are those of the "before" set.
///
/// Each site outside the launch area is taken a distance drawn uniformly in [0, K) km deeper: it walks
/// in steps of at most 2 km, each along the geodesic from the **nearest point of the launch area**
/// through the site and on beyond it (Karney's direct problem, exact on WGS84), the nearest point found
/// again after every step. The nearest point is chosen rather than the centroid because "deeper" means
/// further from where launches happen (beside a long border, the centroid's direction runs along it).
/// Finding it again at each step is what keeps the walk away from the area: behind a concave border
/// (a region that juts into the launch area) one straight geodesic from the first nearest point can lead
/// back towards another part of the border. Each step adds its length to the distance from the area
/// while that nearest point stays the nearest (for a circle or a straight border, the whole walk is one
/// geodesic and the site ends exactly the drawn distance deeper); the distance actually gained is
/// reported beside the displacement. A site inside the launch area (or within 1 m of its boundary,
/// where the direction is undefined) stays where it is.
///
/// The distance drawn depends only on the seed and the site's id, not on the order of the file.
public struct SiteRelocation: Sendable {
    public let launchArea: AreaPredicate
    public let maximumKm: Double
    public let seed: UInt64
    /// The longest step of the walk, metres.
    public static let stepMeters = 2_000.0

    /// One relocated site (a site that stayed has 0 for every distance).
    public struct Relocated: Sendable {
        public var site: Site
        public var from: GeoPoint
        /// The distance drawn for the site: how much deeper it was sent, km.
        public var drawnKm: Double
        /// The geodesic distance from the old position to the new one, km.
        public var movedKm: Double
        /// How much further from the launch area the new position is than the old one, km.
        public var deeperKm: Double
    }

    /// `launchArea` must support buffers (countries, regions, circles, `within_km` of them, unions:
    /// the areas whose nearest point is exact).
    public init(launchArea: AreaPredicate, maximumKm: Double, seed: UInt64) throws(InputError) {
        guard launchArea.supportsBuffer else {
            throw InputError(SourceLocation(file: "--launch-area", line: 0, column: 0),
                             "the launch area must be a country, region, circle, buffer or union of them (its nearest point is needed)", field: "launch_area", code: .invalidGeometry)
        }
        guard maximumKm.isFinite, maximumKm > 0, maximumKm <= 20_000 else {
            throw InputError(SourceLocation(file: "--deeper-km", line: 0, column: 0),
                             "expected a distance in km greater than 0 and at most 20000, found \(maximumKm)", field: "deeper_km", code: .outOfRange)
        }
        self.launchArea = launchArea; self.maximumKm = maximumKm; self.seed = seed
    }

    /// The site moved away from the launch area.
    public func relocate(_ site: Site) -> Relocated {
        let start = site.point
        let stayed = Relocated(site: site, from: start, drawnKm: 0, movedKm: 0, deeperKm: 0)
        let drawnKm = maximumKm * Self.unit(seed: seed, id: site.id)
        var p = start
        var left = drawnKm * 1000
        while left > 0 {
            guard let foot = Self.nearestPoint(of: launchArea, to: p) else { break }
            let line = WGS84.shared.inverse(foot, p)
            guard line.distanceMeters >= 1 else { break }
            let step = min(left, Self.stepMeters)
            // The azimuth at the site of the geodesic from the foot: going on along it leads away.
            p = WGS84.shared.direct(from: p, azimuthDegrees: line.azimuth2Degrees, distanceMeters: step).point
            left -= step
        }
        guard p != start else { return stayed }
        var moved = site
        moved.point = p
        let deeper = (launchArea.distanceMeters(p).meters - launchArea.distanceMeters(start).meters) / 1000
        return Relocated(site: moved, from: start, drawnKm: drawnKm, movedKm: WGS84.shared.distanceMeters(start, p) / 1000, deeperKm: deeper)
    }

    /// Every site of a file moved, in file order (on every core: each site's walk is independent).
    public func relocate(_ file: IdentifiedSites) -> [Relocated] {
        let sites = file.sites
        let out = ParallelSlots<Relocated?>(count: sites.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: sites.count) { i in out[i] = relocate(sites[i]) }
        return (0..<sites.count).map { out[$0]! }
    }

    /// The nearest point of the area to `p`, or nil when `p` is inside it.
    static func nearestPoint(of area: AreaPredicate, to p: GeoPoint) -> GeoPoint? {
        switch area {
        case let .polygon(shape, _):
            if shape.contains(p) { return nil }
            return shape.nearestBoundaryPoint(p).foot
        case let .circle(center, radius):
            let line = WGS84.shared.inverse(center, p)
            if line.distanceMeters <= radius { return nil }
            return WGS84.shared.direct(from: center, azimuthDegrees: line.azimuth1Degrees, distanceMeters: radius).point
        case let .within(meters, inner):
            // The nearest point of a buffer lies on the geodesic from the nearest point of what it buffers.
            guard let q = nearestPoint(of: inner, to: p) else { return nil }
            let line = WGS84.shared.inverse(q, p)
            if line.distanceMeters <= meters { return nil }
            return WGS84.shared.direct(from: q, azimuthDegrees: line.azimuth1Degrees, distanceMeters: meters).point
        case let .any(parts):
            var best: (GeoPoint, Double)?
            for part in parts {
                guard let q = nearestPoint(of: part, to: p) else { return nil }
                let d = WGS84.shared.distanceMeters(q, p)
                if best == nil || d < best!.1 { best = (q, d) }
            }
            return best?.0
        case .all, .not:
            return nil // refused by init: see `supportsBuffer`
        }
    }

    /// A number in [0, 1) from the seed and the id alone (FNV-1a of the id's bytes, mixed by SplitMix64).
    static func unit(seed: UInt64, id: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var random = SplitMix64(seed: seed ^ hash)
        return random.unit()
    }
}
