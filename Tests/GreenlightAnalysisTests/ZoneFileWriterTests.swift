import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GRDB
import Testing
@testable import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

@Suite struct ZoneFileWriterTests {
    static func p(_ lon: Double, _ lat: Double) -> GeoPoint { GeoPoint(latitude: lat, longitude: lon) }

    /// A square with a square hole (coordinates with 9 decimals), and a multipolygon of two
    /// triangles on either side of the antimeridian; text, number and null properties.
    static let features: [ZoneFeature] = [
        ZoneFeature(
            properties: [("zone", .text("permitted")), ("authority", .text("US")), ("area_km2", .number(7868.25)), ("note", .null)],
            polygons: [[
                [p(30, 50), p(31.123456789, 50), p(31.123456789, 51), p(30, 51), p(30, 50)],
                [p(30.25, 50.25), p(30.25, 50.75), p(30.75, 50.75), p(30.75, 50.25), p(30.25, 50.25)],
            ]]),
        ZoneFeature(
            properties: [("zone", .text("Fiji \"east\" & <west>\n\\ é")), ("authority", .null), ("area_km2", .number(-0.5)), ("note", .text("tab\there"))],
            polygons: [
                [[p(179, -17), p(180, -17), p(180, -16), p(179, -17)]],
                [[p(-180, -17), p(-179, -17), p(-180, -16), p(-180, -17)]],
            ]),
    ]

    /// A fresh folder, or $GREENLIGHT_ZONE_FILES_DIR when set (to keep the files for a look with GDAL).
    func outputFolder() throws -> URL {
        let base = ProcessInfo.processInfo.environment["GREENLIGHT_ZONE_FILES_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-zones-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        return base
    }

    func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func formatsFollowTheExtension() throws {
        #expect(try ZoneFileFormat.forPath("a/b.geojson") == .geojson)
        #expect(try ZoneFileFormat.forPath("b.JSON") == .geojson)
        #expect(try ZoneFileFormat.forPath("x.y/b.kml") == .kml)
        #expect(try ZoneFileFormat.forPath("b.gpkg") == .geopackage)
        for bad in ["zones.shp", "zones", "dir.gpkg/zones"] {
            do {
                _ = try ZoneFileFormat.forPath(bad)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.field == "output")
                #expect(error.message.contains("-o") && error.message.contains(".geojson") && error.message.contains(".kml") && error.message.contains(".gpkg"))
            }
        }
        let folder = try outputFolder()
        #expect(throws: InputError.self) { try ZoneFileWriter.write(Self.features, to: folder.appendingPathComponent("z.shp").path) }
        #expect(try !contents(of: folder).contains { $0.contains("z.shp") })
    }

    @Test func geoJSON() throws {
        let url = try outputFolder().appendingPathComponent("zones.geojson")
        try ZoneFileWriter.write(Self.features, to: url.path)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(root["type"] as? String == "FeatureCollection")
        #expect(root["crs"] == nil)
        #expect(root["name"] as? String == "zones")
        let features = try #require(root["features"] as? [[String: Any]])
        #expect(features.count == 2)
        for (feature, expected) in zip(features, Self.features) {
            #expect(feature["type"] as? String == "Feature")
            let geometry = try #require(feature["geometry"] as? [String: Any])
            #expect(geometry["type"] as? String == "MultiPolygon")
            let coordinates = try #require(geometry["coordinates"] as? [[[[Double]]]])
            let decoded = coordinates.map { $0.map { $0.map { Self.p($0[0], $0[1]) } } }
            #expect(decoded == expected.polygons)
            let properties = try #require(feature["properties"] as? [String: Any])
            #expect(properties.count == expected.properties.count)
            for (name, value) in expected.properties {
                switch value {
                case .text(let s): #expect(properties[name] as? String == s)
                case .number(let x): #expect(properties[name] as? Double == x)
                case .null: #expect(properties[name] is NSNull)
                }
            }
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("[31.123456789,50]"))
    }

    @Test func kml() throws {
        let url = try outputFolder().appendingPathComponent("zones.kml")
        try ZoneFileWriter.write(Self.features, to: url.path)
        let collector = KMLCollector()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(collector.names == ["zones", "permitted (US)", "Fiji \"east\" & <west>\n\\ é"])
        #expect(collector.fields == ["zone string", "authority string", "area_km2 double", "note string"])
        #expect(collector.placemarks == 2)
        #expect(collector.data.count == 2)
        #expect(collector.data[0] == ["zone": "permitted", "authority": "US", "area_km2": "7868.25"])
        #expect(collector.data[1] == ["zone": "Fiji \"east\" & <west>\n\\ é", "area_km2": "-0.5", "note": "tab\there"])
        let rings = collector.rings.map { text in
            text.split(separator: " ").map { pair in
                let xy = pair.split(separator: ",").map { Double($0)! }
                return Self.p(xy[0], xy[1])
            }
        }
        #expect(rings.map(\.first) == rings.map(\.last))
        #expect(collector.boundaries == ["outer", "inner", "outer", "outer"])
        #expect(rings == Self.features.flatMap { $0.polygons.flatMap { $0 } })
        #expect(collector.polygonsPerMultiGeometry == [1, 2])
    }

    @Test func geoPackage() throws {
        let url = try outputFolder().appendingPathComponent("zones.gpkg")
        try ZoneFileWriter.write(Self.features, to: url.path)
        try ZoneFileWriter.write(Self.features, to: url.path)  // replaces the previous file
        #expect(try !contents(of: url.deletingLastPathComponent()).contains { $0.contains("partial") })
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA application_id") == 0x4750_4B47)
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 10300)
            let srs = try Row.fetchAll(db, sql: "SELECT srs_id, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys ORDER BY srs_id")
            #expect(srs.map { $0["srs_id"] as Int } == [-1, 0, 4326])
            #expect(srs.map { $0["organization"] as String } == ["NONE", "NONE", "EPSG"])
            #expect(srs.map { $0["organization_coordsys_id"] as Int } == [-1, 0, 4326])
            #expect((srs[2]["definition"] as String).hasPrefix("GEOGCS[\"WGS 84\""))

            let contents = try #require(try Row.fetchOne(db, sql: "SELECT * FROM gpkg_contents"))
            #expect(contents["table_name"] as String == "zones")
            #expect(contents["data_type"] as String == "features")
            #expect(contents["identifier"] as String == "zones")
            #expect(contents["srs_id"] as Int == 4326)
            #expect([contents["min_x"], contents["min_y"], contents["max_x"], contents["max_y"]] as [Double] == [-180, -17, 180, 51])
            let lastChange: String = contents["last_change"]
            #expect(lastChange.hasSuffix("Z") && lastChange.contains("T"))

            let columns = try #require(try Row.fetchOne(db, sql: "SELECT * FROM gpkg_geometry_columns"))
            #expect(columns["table_name"] as String == "zones")
            #expect(columns["column_name"] as String == "geom")
            #expect(columns["geometry_type_name"] as String == "MULTIPOLYGON")
            #expect(columns["srs_id"] as Int == 4326)
            #expect(columns["z"] as Int == 0 && columns["m"] as Int == 0)

            let types = try Row.fetchAll(db, sql: "PRAGMA table_info(zones)").map { "\($0["name"] as String) \($0["type"] as String)" }
            #expect(types == ["fid INTEGER", "geom MULTIPOLYGON", "zone TEXT", "authority TEXT", "area_km2 REAL", "note TEXT"])

            let rows = try Row.fetchAll(db, sql: "SELECT * FROM zones ORDER BY fid")
            #expect(rows.count == 2)
            for (row, expected) in zip(rows, Self.features) {
                #expect(try Self.decode(row["geom"]) == expected.polygons)
                for (name, value) in expected.properties {
                    switch value {
                    case .text(let s): #expect(row[name] as String? == s)
                    case .number(let x): #expect(row[name] as Double? == x)
                    case .null: #expect((row[name] as DatabaseValue).isNull)
                    }
                }
            }
        }
    }

    @Test func geoPackageNeedsTheSameColumnsEverywhere() throws {
        let folder = try outputFolder().appendingPathComponent("mismatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var other = Self.features
        other[1].properties.removeLast()
        #expect(throws: OutputFileError.self) { try ZoneFileWriter.write(other, to: folder.appendingPathComponent("z.gpkg").path) }
        other = Self.features
        other[1].properties[0].value = .number(1)
        #expect(throws: OutputFileError.self) { try ZoneFileWriter.write(other, to: folder.appendingPathComponent("z.gpkg").path) }
        #expect(try contents(of: folder) == [])
    }

    @Test func failedWritesLeaveNoFile() throws {
        let missing = try outputFolder().appendingPathComponent("missing-\(UUID().uuidString)")
        for name in ["z.geojson", "z.kml", "z.gpkg"] {
            #expect(throws: (any Error).self) { try ZoneFileWriter.write(Self.features, to: missing.appendingPathComponent(name).path) }
        }
        #expect(!FileManager.default.fileExists(atPath: missing.path))

        let folder = try outputFolder().appendingPathComponent("invalid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var open = Self.features
        open[0].polygons[0][0].removeLast()
        var infinite = Self.features
        infinite[0].properties[2].value = .number(.infinity)
        for bad in [open, infinite] {
            for name in ["z.geojson", "z.kml", "z.gpkg"] {
                #expect(throws: OutputFileError.self) { try ZoneFileWriter.write(bad, to: folder.appendingPathComponent(name).path) }
            }
        }
        #expect(try contents(of: folder) == [])
    }

    /// Decodes a GeoPackageBinary MultiPolygon blob written by the writer (little endian, envelope 1).
    static func decode(_ blob: Data) throws -> [[[GeoPoint]]] {
        let bytes = [UInt8](blob)
        var offset = 0
        func byte() -> UInt8 { defer { offset += 1 }; return bytes[offset] }
        func uint32() -> UInt32 {
            defer { offset += 4 }
            return (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        }
        func double() -> Double {
            defer { offset += 8 }
            return Double(bitPattern: (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) })
        }
        #expect(byte() == 0x47 && byte() == 0x50 && byte() == 0)
        #expect(byte() == 0b0000_0011)
        #expect(uint32() == 4326)
        let envelope = [double(), double(), double(), double()]
        #expect(byte() == 1 && uint32() == 6)
        var polygons: [[[GeoPoint]]] = []
        for _ in 0..<uint32() {
            #expect(byte() == 1 && uint32() == 3)
            var rings: [[GeoPoint]] = []
            for _ in 0..<uint32() {
                rings.append((0..<uint32()).map { _ in let x = double(); return p(x, double()) })
            }
            polygons.append(rings)
        }
        #expect(offset == bytes.count)
        let points = polygons.joined().joined()
        #expect(envelope == [points.map(\.longitude).min()!, points.map(\.longitude).max()!, points.map(\.latitude).min()!, points.map(\.latitude).max()!])
        return polygons
    }
}

/// Collects what the KML test checks: names, ExtendedData, boundaries and ring coordinates.
final class KMLCollector: NSObject, XMLParserDelegate {
    var names: [String] = []
    var fields: [String] = []
    var placemarks = 0
    var data: [[String: String]] = []
    var rings: [String] = []
    var boundaries: [String] = []
    var polygonsPerMultiGeometry: [Int] = []
    private var text = ""
    private var dataName: String?

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        text = ""
        switch element {
        case "Placemark": placemarks += 1
        case "ExtendedData": data.append([:])
        case "SimpleField": fields.append("\(attributes["name"] ?? "?") \(attributes["type"] ?? "?")")
        case "SimpleData": dataName = attributes["name"]
        case "MultiGeometry": polygonsPerMultiGeometry.append(0)
        case "Polygon": polygonsPerMultiGeometry[polygonsPerMultiGeometry.count - 1] += 1
        case "outerBoundaryIs": boundaries.append("outer")
        case "innerBoundaryIs": boundaries.append("inner")
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "name": names.append(text)
        case "SimpleData": if let dataName { data[data.count - 1][dataName] = text }
        case "coordinates": rings.append(text)
        default: break
        }
    }
}
