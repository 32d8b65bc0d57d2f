/// Zones as a KML 2.2 Document: a Schema typing the properties (so that GDAL and QGIS read numbers
/// as numbers), then one Placemark per feature, named by its `zone` property (and `authority` when
/// present), with every non-null property as SchemaData in ExtendedData and a MultiGeometry of
/// Polygons whose LinearRing coordinates are "longitude,latitude" with 9 decimals.
enum KMLZoneEncoder {
    static let schemaID = "zone_properties"

    static func write(_ features: [ZoneFeature], layerName: String, to file: AtomicOutputFile) {
        var text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <kml xmlns="http://www.opengis.net/kml/2.2">
        <Document>
        <name>\(ZoneText.xml(layerName))</name>
        <Schema name="\(ZoneText.xml(layerName, attribute: true))" id="\(schemaID)">

        """
        for (name, type) in schemaFields(features) {
            text.append("<SimpleField name=\"\(ZoneText.xml(name, attribute: true))\" type=\"\(type)\"></SimpleField>\n")
        }
        text.append("</Schema>\n")
        text.reserveCapacity(ZoneText.chunkBytes + 4096)
        for (f, feature) in features.enumerated() {
            text.append("<Placemark>\n<name>\(ZoneText.xml(placemarkName(feature, index: f)))</name>\n<ExtendedData><SchemaData schemaUrl=\"#\(schemaID)\">\n")
            for (name, value) in feature.properties {
                let shown: String
                switch value {
                case .text(let s): shown = s
                case .number(let x): shown = ZoneText.number(x)
                case .null: continue
                }
                text.append("<SimpleData name=\"\(ZoneText.xml(name, attribute: true))\">\(ZoneText.xml(shown))</SimpleData>\n")
            }
            text.append("</SchemaData></ExtendedData>\n<MultiGeometry>\n")
            for polygon in feature.polygons {
                text.append("<Polygon>")
                for (r, ring) in polygon.enumerated() {
                    text.append(r == 0 ? "<outerBoundaryIs>" : "<innerBoundaryIs>")
                    text.append("<LinearRing><coordinates>")
                    for (i, point) in ring.enumerated() {
                        if i > 0 { text.append(" ") }
                        ZoneText.appendDegrees(point.longitude, to: &text)
                        text.append(",")
                        ZoneText.appendDegrees(point.latitude, to: &text)
                        if text.utf8.count >= ZoneText.chunkBytes {
                            file.write(text)
                            text.removeAll(keepingCapacity: true)
                        }
                    }
                    text.append("</coordinates></LinearRing>")
                    text.append(r == 0 ? "</outerBoundaryIs>" : "</innerBoundaryIs>")
                }
                text.append("</Polygon>\n")
            }
            text.append("</MultiGeometry>\n</Placemark>\n")
        }
        text.append("</Document>\n</kml>\n")
        file.write(text)
    }

    /// Property names in order of first appearance, typed "double" when every non-null value is a number, else "string".
    static func schemaFields(_ features: [ZoneFeature]) -> [(name: String, type: String)] {
        var names: [String] = []
        var seen: Set<String> = [], texts: Set<String> = [], numbers: Set<String> = []
        for feature in features {
            for (name, value) in feature.properties {
                if seen.insert(name).inserted { names.append(name) }
                switch value {
                case .text: texts.insert(name)
                case .number: numbers.insert(name)
                case .null: break
                }
            }
        }
        return names.map { ($0, numbers.contains($0) && !texts.contains($0) ? "double" : "string") }
    }

    /// "zone (authority)", "zone", or "zone N" when the feature has no `zone` text.
    static func placemarkName(_ feature: ZoneFeature, index: Int) -> String {
        guard case .text(let zone)? = feature.value(of: "zone") else { return "zone \(index + 1)" }
        if case .text(let authority)? = feature.value(of: "authority") { return "\(zone) (\(authority))" }
        return zone
    }
}
