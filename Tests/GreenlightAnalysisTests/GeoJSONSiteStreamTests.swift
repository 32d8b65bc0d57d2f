import Foundation
import Testing
@testable import GreenlightAnalysis
import GreenlightPolicy

/// Issue 13: GeoJSON site files took about 9.7 KB of memory per point (1.95 GB for 200,000) because the
/// whole document was parsed at once. They are now read one feature at a time; these tests hold the
/// scanner to the features a whole-document parser finds, and its errors to their place.
@Suite struct GeoJSONSiteStreamTests {
    func read(_ text: String) throws -> (sites: [Site], error: InputError?) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("sites.geojson")
        try Data(text.utf8).write(to: url)
        var sites: [Site] = []
        do { try SiteReader(url: url).forEachBatch { sites += $0 } } catch let e as InputError { return (sites, e) }
        return (sites, nil)
    }

    static func point(_ lon: Double, _ lat: Double, id: String, extra: String = "") -> String {
        #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [\#(lon), \#(lat)]}, "properties": {"id": \#(id), "category": "military"\#(extra)}}"#
    }

    @Test func featuresAreFoundWhateverTheirStringsHold() throws {
        // Braces, brackets, escaped quotes and the word "features" inside strings; members before and after.
        let tricky = #""a}\"]{[b""#
        let text = """
        {"type": "FeatureCollection", "name": "features [not these]", "crs": {"features": [1, 2]},
         "features": [
          \(Self.point(36.1, 50.1, id: tricky, extra: #", "note": "}}]]""#)),
          \(Self.point(36.2, 50.2, id: "7")),\(Self.point(36.3, 50.3, id: #""c""#))
         ], "bbox": [36, 50, 37, 51]}
        """
        let result = try read(text)
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.sites.map(\.id) == ["a}\"]{[b", "7", "c"])
        #expect(result.sites.map(\.point.latitude) == [50.1, 50.2, 50.3])
        // The same as Foundation's parser of the whole document.
        let whole = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect((whole["features"] as! [Any]).count == result.sites.count)
    }

    @Test func errorsNameTheFeatureAndWhereItStarts() throws {
        let notAPoint = try #require(try read("{\"features\": [\n\(Self.point(36, 50, id: "1")),\n  {\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\"}}]}").error)
        #expect(notAPoint.location.line == 3 && notAPoint.location.column == 3, "\(notAPoint)")
        #expect(notAPoint.message.hasPrefix("feature 1: expected a Point feature"), "\(notAPoint)")
        let latitude = try #require(try read("{\"features\": [\(Self.point(36, 95, id: "1"))]}").error)
        #expect(latitude.message.contains("feature 0: latitude 95"), "\(latitude)")
        let scalar = try #require(try read("{\"features\": [1]}").error)
        #expect(scalar.message.contains("feature 0: expected a Point feature"), "\(scalar)")
        for (text, says) in [("", "empty site file"), ("{\"type\": \"FeatureCollection\"}", "with \"features\""),
                             ("{\"features\": []}", "empty FeatureCollection"), ("[1, 2]", "with \"features\""),
                             ("{\"features\": [\(Self.point(36, 50, id: "1"))", "ends inside the features array")] {
            let error = try #require(try read(text).error, "\(text)")
            #expect(error.message.contains(says), "\(text): \(error)")
        }
    }
}
