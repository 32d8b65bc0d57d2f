import Foundation
import GreenlightGeodesy

/// libFuzzer entry: every input is read as GeoJSON (`GeoJSONReader.read`, its fast path and, when that
/// declines, Foundation's parser with precise messages) and, when it reads, built into a geometry with
/// the full validity check (`GeoJSONReader.geometry`). Any input must give features or a typed
/// `GeoJSONError` — never a crash or a hang — and every position the reader accepts must be a real one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let features: [GeoJSONFeature]
    do { features = try GeoJSONReader.read(data: data, file: "fuzz.geojson") } catch { return 0 }
    for feature in features {
        for polygon in feature.polygons { for ring in polygon { ring.forEach(checkPosition) } }
        for line in feature.lines { line.forEach(checkPosition) }
        feature.points.forEach(checkPosition)
    }
    _ = try? GeoJSONReader.geometry(data: data, file: "fuzz.geojson")
    return 0
}

/// A position read from a file is finite and on the globe, whatever the input (the reader must refuse
/// the others with a message naming them).
func checkPosition(_ p: GeoPoint) {
    precondition(p.latitude.isFinite && p.longitude.isFinite && abs(p.latitude) <= 90 && abs(p.longitude) <= 180,
                 "accepted position \(p.latitude), \(p.longitude)")
}
