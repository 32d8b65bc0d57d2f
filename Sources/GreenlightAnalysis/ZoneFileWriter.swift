import Foundation
import GreenlightPolicy

/// Writes zones as a GeoJSON, KML or GeoPackage file (by the path's extension) for QGIS, GDAL and
/// Google Earth. The file appears at `path` only when complete: it is written beside it under a
/// temporary name and renamed over it on success, and removed on failure.
public enum ZoneFileWriter {
    /// Writes `features` to `path` as one layer named `layerName`.
    /// - Throws: `InputError` (field "output") for an unknown extension, `OutputFileError` for features the
    ///   format cannot hold, or the file system's error; no file is left behind in any case.
    public static func write(_ features: [ZoneFeature], to path: String, layerName: String = "zones") throws {
        let format = try ZoneFileFormat.forPath(path)
        try validate(features, path: path)
        switch format {
        case .geojson: try writeText(to: path) { GeoJSONZoneEncoder.write(features, layerName: layerName, to: $0) }
        case .kml: try writeText(to: path) { KMLZoneEncoder.write(features, layerName: layerName, to: $0) }
        case .geopackage: try GeoPackageZoneWriter.write(features, to: path, layerName: layerName)
        }
    }

    private static func writeText(to path: String, _ body: (AtomicOutputFile) throws -> Void) throws {
        let file = try AtomicOutputFile(path)
        do {
            try body(file)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Checks what every format relies on: closed rings of at least 4 positions, longitudes in
    /// [-180, 180], latitudes in [-90, 90], finite numbers.
    static func validate(_ features: [ZoneFeature], path: String) throws(OutputFileError) {
        for (f, feature) in features.enumerated() {
            for (name, value) in feature.properties {
                if case .number(let x) = value, !x.isFinite {
                    throw OutputFileError(path: path, message: "feature \(f): property '\(name)' is \(x), not a finite number")
                }
            }
            for (p, polygon) in feature.polygons.enumerated() {
                if polygon.isEmpty { throw OutputFileError(path: path, message: "feature \(f), polygon \(p): no ring") }
                for (r, ring) in polygon.enumerated() {
                    let place = "feature \(f), polygon \(p), ring \(r)"
                    guard ring.count >= 4, ring.first == ring.last else {
                        throw OutputFileError(path: path, message: "\(place): a ring needs at least 4 positions, the last equal to the first")
                    }
                    for point in ring where !(point.longitude >= -180 && point.longitude <= 180 && point.latitude >= -90 && point.latitude <= 90) {
                        throw OutputFileError(path: path, message: "\(place): position (lat \(point.latitude), lon \(point.longitude)) is outside lon [-180, 180], lat [-90, 90]")
                    }
                }
            }
        }
    }
}
