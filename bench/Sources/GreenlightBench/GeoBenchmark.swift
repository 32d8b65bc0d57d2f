import Foundation
import GreenlightGeodesy

/// Reads raw little-endian float64 (lat, lon) pairs.
func readPoints(_ path: String) -> [GeoPoint] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    return stride(from: 0, to: values.count - 1, by: 2).map { GeoPoint(latitude: values[$0], longitude: values[$0 + 1]) }
}

func runGeoBenchmark(_ arguments: [String]) {
    guard let path = option("--points", in: arguments) else { fail("geo needs --points FILE") }
    let points = readPoints(path)
    let subset = min(points.count, Int(option("--subset", in: arguments) ?? "100000") ?? 100_000)
    let radiusKm = Double(option("--radius-km", in: arguments) ?? "300") ?? 300
    let signedLimit = min(points.count, Int(option("--signed-points", in: arguments) ?? "\(points.count)") ?? points.count)
    let geography = ReferenceGeography.shared
    var russia: GeodesicMultiPolygon!, ukraine: GeodesicMultiPolygon!
    let buildSeconds = seconds {
        russia = try! geography.country("RU", view: .deFacto)!
        ukraine = try! geography.country("UA", view: .deJure)!
        // Edges, grid and index are built on first use: build them here, inside the timed build.
        russia.prepareQueries(); ukraine.prepareQueries()
    }
    var containsMask = [UInt8](repeating: 0, count: points.count)
    var inside = 0
    let containsSeconds = seconds {
        for (i, p) in points.enumerated() where russia.contains(p) { inside += 1; containsMask[i] = 1 }
    }
    let radius = radiusKm * 1000
    var withinMask = [UInt8](repeating: 0, count: points.count)
    var within = 0
    let withinSeconds = seconds {
        for (i, p) in points.enumerated() where ukraine.isWithin(meters: radius, of: p) { within += 1; withinMask[i] = 1 }
    }
    var withinSubset = 0
    let withinSubsetSeconds = seconds { for p in points.prefix(subset) where ukraine.isWithin(meters: radius, of: p) { withinSubset += 1 } }
    var sum = 0.0
    let signedSeconds = seconds { for p in points.prefix(signedLimit) { sum += russia.signedDistanceMeters(p) } }
    if let path = option("--contains-mask", in: arguments) { FileManager.default.createFile(atPath: path, contents: Data(containsMask)) }
    if let path = option("--within-mask", in: arguments) { FileManager.default.createFile(atPath: path, contents: Data(withinMask)) }
    printJSON([
        "points": points.count, "subset": subset, "build_seconds": buildSeconds,
        "russia_vertices": russia.vertexCount, "ukraine_vertices": ukraine.vertexCount,
        "contains": ["seconds": containsSeconds, "inside": inside],
        "within": ["radius_km": radiusKm, "seconds": withinSeconds, "count": within],
        "within_subset": ["seconds": withinSubsetSeconds, "count": withinSubset],
        "signed_distance": ["seconds": signedSeconds, "points": signedLimit, "mean_m": sum / Double(max(1, signedLimit))],
    ])
}
