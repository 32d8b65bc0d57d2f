import Foundation

/// A rigorous bound on the geodesic distance from `center` to any point of a latitude/longitude cell:
/// along the centre's meridian to the point's latitude, then along that parallel. The geodesic is no
/// longer than that path, bounded with the largest meridian radius and parallel radius in the cell.
public func cellRadiusMeters(south: Double, north: Double, west: Double, east: Double, center: GeoPoint) -> Double {
    let maxAbs = min(90, max(abs(south), abs(north))) * .pi / 180
    let minAbs = (south <= 0 && north >= 0) ? 0 : min(abs(south), abs(north)) * .pi / 180
    let e2 = WGS84.eccentricitySquared, a = WGS84.equatorialRadiusMeters
    let meridianRadius = a * (1 - e2) / pow(1 - e2 * sin(maxAbs) * sin(maxAbs), 1.5)
    let parallelRadius = a * cos(minAbs) / (1 - e2 * sin(minAbs) * sin(minAbs)).squareRoot()
    let alongMeridian = meridianRadius * max(north - center.latitude, center.latitude - south) * .pi / 180
    let alongParallel = parallelRadius * max(east - center.longitude, center.longitude - west) * .pi / 180
    return (alongMeridian + alongParallel) * (1 + 1e-9) + 1e-6
}
