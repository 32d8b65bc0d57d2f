/// Zones as a GeoJSON (RFC 7946) FeatureCollection: no "crs" member, positions [longitude, latitude]
/// with 9 decimals, MultiPolygon geometries, properties in order. The layer name goes in the
/// "name" foreign member, which GDAL reads as the layer's name.
enum GeoJSONZoneEncoder {
    static func write(_ features: [ZoneFeature], layerName: String, to file: AtomicOutputFile) {
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
                            file.write(text)
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
        file.write(text)
    }
}
