import Foundation
import GreenlightGeodesy

/// GeoPackageBinary geometry blobs (GeoPackage 1.3, clause 2.1.3): header "GP", version 0, flags
/// (standard binary, envelope [minx, maxx, miny, maxy], little endian), the srs_id, the envelope,
/// then a little-endian WKB MultiPolygon of Polygons with x = longitude, y = latitude.
/// An empty multipolygon sets the empty flag and has no envelope.
enum GeoPackageGeometry {
    /// Bounds in degrees of longitude (x) and latitude (y).
    struct Envelope {
        var minX = Double.infinity, maxX = -Double.infinity
        var minY = Double.infinity, maxY = -Double.infinity
        static let empty = Envelope()
        var isEmpty: Bool { minX > maxX }

        mutating func add(_ polygons: [[[GeoPoint]]]) {
            for point in polygons.joined().joined() {
                minX = min(minX, point.longitude); maxX = max(maxX, point.longitude)
                minY = min(minY, point.latitude); maxY = max(maxY, point.latitude)
            }
        }

        func valueOrNil(_ side: KeyPath<Envelope, Double>) -> Double? { isEmpty ? nil : self[keyPath: side] }
    }

    static let wkbMultiPolygon: UInt32 = 6
    static let wkbPolygon: UInt32 = 3

    static func blob(_ polygons: [[[GeoPoint]]], srsID: Int32) -> Data {
        var envelope = Envelope.empty
        envelope.add(polygons)
        let points = polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + 32 + 9 + polygons.count * 9 + points * 16 + polygons.reduce(0) { $0 + $1.count } * 4)
        bytes.append(contentsOf: [0x47, 0x50, 0])  // "GP", version 0
        // Flags: bit 0 little endian, bits 1-3 envelope indicator (1 = [minx, maxx, miny, maxy]), bit 4 empty.
        bytes.append(envelope.isEmpty ? 0b0001_0001 : 0b0000_0011)
        append(UInt32(bitPattern: srsID), to: &bytes)
        if !envelope.isEmpty {
            for x in [envelope.minX, envelope.maxX, envelope.minY, envelope.maxY] { append(x.bitPattern, to: &bytes) }
        }
        bytes.append(1)
        append(wkbMultiPolygon, to: &bytes)
        append(UInt32(polygons.count), to: &bytes)
        for polygon in polygons {
            bytes.append(1)
            append(wkbPolygon, to: &bytes)
            append(UInt32(polygon.count), to: &bytes)
            for ring in polygon {
                append(UInt32(ring.count), to: &bytes)
                for point in ring {
                    append(point.longitude.bitPattern, to: &bytes)
                    append(point.latitude.bitPattern, to: &bytes)
                }
            }
        }
        return Data(bytes)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
