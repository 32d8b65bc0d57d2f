import GreenlightPolicy

/// The file formats zones are exported in, chosen by the output file's extension.
public enum ZoneFileFormat: String, Sendable, CaseIterable {
    /// GeoJSON (RFC 7946), `.geojson` or `.json`.
    case geojson
    /// KML 2.2, `.kml`.
    case kml
    /// OGC GeoPackage 1.3, `.gpkg`.
    case geopackage

    /// The format for an output path, from its extension (case-insensitive).
    /// - Throws: an `InputError` on the field "output" naming the option `-o` and the accepted extensions.
    public static func forPath(_ path: String) throws(InputError) -> ZoneFileFormat {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]).lowercased() : ""
        switch ext {
        case "geojson", "json": return .geojson
        case "kml": return .kml
        case "gpkg": return .geopackage
        default:
            let found = ext.isEmpty ? "has no extension" : "has the extension '.\(ext)'"
            throw InputError(SourceLocation(file: path, line: 0, column: 0),
                             "-o: the zone file \(found); expected .geojson, .json, .kml or .gpkg", field: "output")
        }
    }
}
