import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Reads the sites of a GeoJSON FeatureCollection of Points one feature at a time, in constant memory
/// whatever the file's size (the whole document parsed at once took about 9.7 KB per point).
///
/// The bytes are scanned in chunks for the members of the top-level `"features"` array (strings and
/// escapes respected); each feature's own bytes are parsed alone and become a ``Site``. Errors name
/// the feature (0-based, as before) and the line and column where it starts.
struct GeoJSONSiteStream {
    let url: URL
    /// A feature without an `id` property is an error (see ``SiteReader/requiringIds``).
    var requiringIds = false

    func forEachBatch(_ body: ([Site]) throws -> Void) throws {
        guard let file = FileHandle(forReadingAtPath: url.path) else { throw fail(0, 0, code: .fileUnreadable, "cannot read the file") }
        defer { try? file.close() }
        var scanner = Scanner()
        var batch: [Site] = []
        batch.reserveCapacity(SiteReader.batchSize)
        var featureCount = 0
        var sawAnything = false
        while true {
            let chunk = file.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            sawAnything = sawAnything || chunk.contains { !Scanner.isBlank($0) }
            try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                for byte in raw {
                    switch scanner.take(byte) {
                    case .none: break
                    case .feature(let bytes, let line, let column):
                        batch.append(try site(bytes, index: featureCount, line: line, column: column))
                        featureCount += 1
                        if batch.count == SiteReader.batchSize { try body(batch); batch.removeAll(keepingCapacity: true) }
                    case .notAFeature(let line, let column):
                        throw fail(line, column, code: .invalidType, "feature \(featureCount): expected a Point feature with [longitude, latitude]")
                    case .notAnObject:
                        throw fail(0, 0, code: .invalidType, "expected a GeoJSON FeatureCollection with \"features\"")
                    }
                }
            }
        }
        if !sawAnything { throw fail(0, 0, code: .emptyDocument, "empty site file: expected a GeoJSON FeatureCollection of Points") }
        guard scanner.sawFeatures, scanner.isComplete else {
            throw fail(0, 0, code: scanner.sawFeatures ? .invalidSyntax : .invalidType, scanner.sawFeatures ? "not valid JSON: the file ends inside the features array" : "expected a GeoJSON FeatureCollection with \"features\"")
        }
        if featureCount == 0 { throw fail(0, 0, code: .emptyDocument, "empty FeatureCollection: no sites") }
        if !batch.isEmpty { try body(batch) }
    }

    private func site(_ bytes: [UInt8], index i: Int, line: Int, column: Int) throws -> Site {
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw fail(line, column, code: .invalidSyntax, "feature \(i): not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
        }
        guard let feature = value as? [String: Any], let geometry = feature["geometry"] as? [String: Any],
              geometry["type"] as? String == "Point", let c = geometry["coordinates"] as? [Any], c.count >= 2,
              let lon = (c[0] as? NSNumber)?.doubleValue, let lat = (c[1] as? NSNumber)?.doubleValue else {
            throw fail(line, column, code: .invalidType, "feature \(i): expected a Point feature with [longitude, latitude]")
        }
        if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw fail(line, column, code: .outOfRange, "feature \(i): \(problem)") }
        let properties = feature["properties"] as? [String: Any] ?? [:]
        let id = (properties["id"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? (properties["id"] as? NSNumber)?.stringValue
        if requiringIds && id == nil {
            throw fail(line, column, code: .missingKey, "feature \(i): expected a site id (properties.id): matching sites by id needs every site's id")
        }
        return Site(point: GeoPoint(latitude: lat, longitude: lon), category: properties["category"] as? String,
                    id: id ?? "feature-\(i)", line: line, column: column)
    }

    private func fail(_ line: Int, _ column: Int, code: InputError.Code = .invalid, _ message: String) -> InputError {
        InputError(SourceLocation(file: url.path, line: line, column: column), message, code: code)
    }

    /// Finds the members of the top-level object's `"features"` array, byte by byte.
    struct Scanner {
        enum Event { case none, feature([UInt8], line: Int, column: Int), notAFeature(line: Int, column: Int), notAnObject }

        private var depth = 0
        private var inString = false, escaped = false
        /// The last string read at depth 1 (a key, when a ':' follows) and whether it was "features".
        private var key: [UInt8] = [], keyIsFeatures = false
        private var readingKey = false
        private var inFeatures = false
        private(set) var sawFeatures = false
        private var started = false
        private var feature: [UInt8] = []
        private var capturing = false
        private var line = 1, column = 0, featureLine = 0, featureColumn = 0

        var isComplete: Bool { started && depth == 0 && !inString }

        static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

        mutating func take(_ b: UInt8) -> Event {
            if b == 0x0A { line += 1; column = 0 } else { column += 1 }
            if capturing { feature.append(b) }
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") {
                    inString = false
                    if readingKey { readingKey = false; keyIsFeatures = key == Array("features".utf8) }
                } else if readingKey, key.count < 16 { key.append(b) }
                return .none
            }
            if !started {
                if Self.isBlank(b) { return .none }
                if b != UInt8(ascii: "{") { return .notAnObject }
                started = true
            }
            switch b {
            case UInt8(ascii: "\""):
                if inFeatures && depth == 2 && !capturing { return .notAFeature(line: line, column: column) }
                inString = true
                if depth == 1 { readingKey = true; key.removeAll(keepingCapacity: true); keyIsFeatures = false }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if inFeatures && depth == 2 && !capturing {
                    guard b == UInt8(ascii: "{") else { return .notAFeature(line: line, column: column) }
                    capturing = true
                    feature = [b]
                    featureLine = line; featureColumn = column
                }
                if depth == 1 && b == UInt8(ascii: "[") && keyIsFeatures { inFeatures = true; sawFeatures = true }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if capturing && depth == 2 {
                    capturing = false
                    let done = feature
                    feature = []
                    return .feature(done, line: featureLine, column: featureColumn)
                }
                if inFeatures && depth == 1 { inFeatures = false }
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                if depth == 1 && b == UInt8(ascii: ",") { keyIsFeatures = false }
            default:
                // A scalar member of the features array (a number, true, null) is not a feature.
                if inFeatures && depth == 2 && !capturing && !Self.isBlank(b) { return .notAFeature(line: line, column: column) }
            }
            return .none
        }
    }
}
