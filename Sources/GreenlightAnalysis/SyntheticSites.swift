import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// An endless, deterministic sequence of synthetic sites uniform by area inside an area: points are
/// drawn uniformly in equal-area coordinates over the area's box and kept when inside (rejection).
/// Ids say `synthetic-…`; categories are drawn uniformly from the list.
public struct SyntheticSites: Sequence, IteratorProtocol, Sendable {
    private let area: AreaPredicate
    private let box: GeoBox
    private let categories: [String]
    private let ySouth: Double, yNorth: Double
    private var random: SplitMix64
    private var produced = 0
    private var attempts = 0

    public init(area: AreaPredicate, seed: UInt64, categories: [String]) {
        self.area = area
        box = area.boundingBox ?? .world
        self.categories = categories
        ySouth = EqualAreaCell.equalAreaY(latitude: Swift.max(-90, box.south))
        yNorth = EqualAreaCell.equalAreaY(latitude: Swift.min(90, box.north))
        // The offset keeps every seed drawing the same sites as before the generator was shared.
        random = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
    }

    public mutating func next() -> Site? {
        while attempts < 10_000_000 + produced * 1000 {
            attempts += 1
            let y = ySouth + (yNorth - ySouth) * random.unit()
            let lon = wrap(box.west + (box.east - box.west) * random.unit())
            let p = GeoPoint(latitude: EqualAreaCell.latitude(equalAreaY: y), longitude: lon)
            let category = categories[Int(random.next() % UInt64(categories.count))]
            guard area.contains(p) else { continue }
            produced += 1
            return Site(point: p, category: category, id: String(format: "synthetic-%07d", produced))
        }
        return nil
    }

    private func wrap(_ lon: Double) -> Double { lon > 180 ? lon - 360 : (lon < -180 ? lon + 360 : lon) }
}
