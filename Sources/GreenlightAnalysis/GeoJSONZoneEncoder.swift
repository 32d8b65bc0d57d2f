/// Zones as a GeoJSON (RFC 7946) FeatureCollection: no "crs" member, positions [longitude, latitude]
/// with 9 decimals, MultiPolygon geometries, properties in order. The layer name goes in the
/// "name" foreign member, which GDAL reads as the layer's name.
public enum GeoJSONZoneEncoder {
    static func write(_ features: [ZoneFeature], layerName: String, to file: AtomicOutputFile) {
        encode(features, layerName: layerName) { file.write($0) }
    }

    /// The whole collection as one string (for API responses).
    public static func text(_ features: [ZoneFeature], layerName: String) -> String {
        var whole = ""
        encode(features, layerName: layerName) { whole += $0 }
        return whole
    }

    /// Encodes in chunks handed to `sink`, so that large zones never sit twice in memory.
    static func encode(_ features: [ZoneFeature], layerName: String, sink: (String) -> Void) {
        var text = "{\"type\":\"FeatureCollection\",\"name\":\(ZoneText.json(layerName)),\"features\":["
        text.reserveCapacity(ZoneText.chunkBytes + 4096)
        for (f, feature) in features.enumerated() {
            text.append(f == 0 ? "\n" : ",\n")
            text.append("{\"type\":\"Feature\",\"properties\":{")
            for (i, property) in feature.properties.enumerated() {
                if i > 0 { text.append(",") }
                text.append(ZoneText.json(property.name))
                text.append(":")
                switch property.value {
                case .text(let s): text.append(ZoneText.json(s))
                case .number(let x): text.append(ZoneText.number(x))
                case .null: text.append("null")
                }
            }
            text.append("},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (p, polygon) in feature.polygons.enumerated() {
                text.append(p == 0 ? "[" : ",[")
                for (r, ring) in polygon.enumerated() {
                    text.append(r == 0 ? "[" : ",[")
                    for (i, point) in ring.enumerated() {
                        text.append(i == 0 ? "[" : ",[")
                        ZoneText.appendDegrees(point.longitude, to: &text)
                        text.append(",")
                        ZoneText.appendDegrees(point.latitude, to: &text)
                        text.append("]")
                        if text.utf8.count >= ZoneText.chunkBytes {
                            sink(text)
                            text.removeAll(keepingCapacity: true)
                        }
                    }
                    text.append("]")
                }
                text.append("]")
            }
            text.append("]}}")
        }
        text.append("\n]}\n")
        sink(text)
    }
}
