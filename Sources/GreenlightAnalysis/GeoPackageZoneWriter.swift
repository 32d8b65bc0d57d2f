import Foundation
import GRDB

/// Zones as an OGC GeoPackage 1.3 file: the required metadata tables (gpkg_spatial_ref_sys with
/// EPSG:4326 and the two undefined systems, gpkg_contents, gpkg_geometry_columns) and one feature
/// table `layerName (fid, geom, properties…)` of MULTIPOLYGON geometries in EPSG:4326.
/// Property columns follow the first feature: TEXT for text, REAL for numbers (TEXT when a column is
/// null everywhere), all nullable; every feature must have the same property names in the same order.
/// No spatial index and no extension is written.
enum GeoPackageZoneWriter {
    static let applicationID: Int32 = 0x4750_4B47  // "GPKG"
    static let userVersion = 10300  // GeoPackage 1.3.0
    static let srsID: Int32 = 4326

    /// EPSG:4326 as GDAL writes it in gpkg_spatial_ref_sys (WKT 1, axis order as defined by EPSG).
    static let wgs84Definition = """
        GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],\
        AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],\
        UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],\
        AUTHORITY["EPSG","4326"]]
        """

    static func write(_ features: [ZoneFeature], to path: String, layerName: String) throws {
        let columns = try propertyColumns(features, path: path)
        if layerName.isEmpty || layerName.lowercased().hasPrefix("gpkg_") || layerName.lowercased().hasPrefix("sqlite_") {
            throw OutputFileError(path: path, message: "'\(layerName)' cannot be the name of a GeoPackage feature table")
        }
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())").path
        removeDatabaseFiles(temporary)
        do {
            let queue = try DatabaseQueue(path: temporary)
            do {
                try queue.write { db in try fill(db, features, columns: columns, layerName: layerName) }
                try queue.close()
            } catch {
                try? queue.close()
                throw error
            }
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
            }
        } catch {
            removeDatabaseFiles(temporary)
            throw error
        }
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Property columns as (name, SQL type), from the first feature's names.
    static func propertyColumns(_ features: [ZoneFeature], path: String) throws(OutputFileError) -> [(name: String, type: String)] {
        guard let first = features.first else { return [] }
        let names = first.properties.map(\.name)
        var seen: Set<String> = ["fid", "geom"]
        for name in names where !seen.insert(name.lowercased()).inserted {
            throw OutputFileError(path: path, message: "property '\(name)' repeats or clashes with the columns fid and geom")
        }
        var types: [String?] = Array(repeating: nil, count: names.count)
        for (f, feature) in features.enumerated() {
            guard feature.properties.map(\.name) == names else {
                throw OutputFileError(path: path, message: "feature \(f) has the properties \(feature.properties.map(\.name)), but feature 0 has \(names); a GeoPackage layer needs the same columns in every feature")
            }
            for (i, property) in feature.properties.enumerated() {
                let type: String
                switch property.value {
                case .text: type = "TEXT"
                case .number: type = "REAL"
                case .null: continue
                }
                if let known = types[i], known != type {
                    throw OutputFileError(path: path, message: "feature \(f): property '\(names[i])' is \(type) but \(known) in an earlier feature")
                }
                types[i] = type
            }
        }
        return zip(names, types).map { ($0, $1 ?? "TEXT") }
    }

    private static func fill(_ db: Database, _ features: [ZoneFeature], columns: [(name: String, type: String)], layerName: String) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(userVersion)")
        try db.execute(sql: """
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL,
              srs_id INTEGER PRIMARY KEY,
              organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL,
              definition TEXT NOT NULL,
              description TEXT
            );
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY,
              data_type TEXT NOT NULL,
              identifier TEXT UNIQUE,
              description TEXT DEFAULT '',
              last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
              srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
            );
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL,
              column_name TEXT NOT NULL,
              geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL,
              z TINYINT NOT NULL,
              m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
            );
            """)
        let srs = "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)"
        try db.execute(sql: srs, arguments: ["WGS 84 geodetic", srsID, "EPSG", 4326, wgs84Definition, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"])
        try db.execute(sql: srs, arguments: ["Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"])
        try db.execute(sql: srs, arguments: ["Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"])

        let table = quoted(layerName)
        let definitions = ["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", "geom MULTIPOLYGON"] + columns.map { "\(quoted($0.name)) \($0.type)" }
        try db.execute(sql: "CREATE TABLE \(table) (\(definitions.joined(separator: ", ")))")

        var bounds = GeoPackageGeometry.Envelope.empty
        for feature in features { bounds.add(feature.polygons) }
        let last = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        try db.execute(sql: """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
            VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?, ?)
            """, arguments: [layerName, layerName, last, bounds.valueOrNil(\.minX), bounds.valueOrNil(\.minY), bounds.valueOrNil(\.maxX), bounds.valueOrNil(\.maxY), srsID])
        try db.execute(sql: "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)",
                       arguments: [layerName, srsID])

        let names = ["geom"] + columns.map { quoted($0.name) }
        let insert = try db.makeStatement(sql: "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))")
        for feature in features {
            var values: [(any DatabaseValueConvertible)?] = [GeoPackageGeometry.blob(feature.polygons, srsID: srsID)]
            for property in feature.properties {
                switch property.value {
                case .text(let s): values.append(s)
                case .number(let x): values.append(x)
                case .null: values.append(nil)
                }
            }
            try insert.execute(arguments: StatementArguments(values))
        }
    }

    /// An SQL identifier in double quotes.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
