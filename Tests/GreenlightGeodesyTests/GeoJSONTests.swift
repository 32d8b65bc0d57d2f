import Foundation
import Testing
@testable import GreenlightGeodesy

/// Bad GeoJSON is rejected with the file, where in it, and what is wrong.
@Suite struct GeoJSONTests {
    func error(_ json: String) -> String {
        do {
            _ = try GeoJSONReader.area(try GeoJSONReader.read(data: Data(json.utf8), file: "in.geojson"), file: "in.geojson")
            return "accepted"
        } catch { return error.description }
    }

    @Test func unclosedRing() {
        #expect(error(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#).contains("ring 1: ring is not closed"))
    }
    @Test func tooFewPositions() {
        #expect(error(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#).contains("at least 4 positions"))
    }
    @Test func latitudeOutOfRange() {
        #expect(error(#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,95],[1,1],[0,0]]]}}"#)
            .contains("feature, ring 1, position 2: latitude 95.0 is outside [-90, 90]"))
    }
    @Test func notANumber() {
        #expect(error(#"{"type":"Polygon","coordinates":[[[0,0],["x",0],[1,1],[0,0]]]}"#).contains("position 2: expected [longitude, latitude] numbers"))
    }
    @Test func emptyGeometry() {
        #expect(error(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#).contains("feature 0: empty geometry"))
        #expect(error(#"{"type":"MultiPolygon","coordinates":[]}"#).contains("empty geometry"))
    }
    @Test func syntaxErrorNamesTheLine() {
        #expect(error("{\n\"type\": \"Polygon\",\n\"coordinates\": [[[0,0],]\n}").contains("not valid JSON"))
    }
    @Test func notAnArea() {
        #expect(error(#"{"type":"Point","coordinates":[0,0]}"#).contains("not an area"))
    }
    @Test func integerCoordinatesZeroAndOneAreNumbers() {
        #expect(error(#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#) == "accepted")
    }
    @Test func poleEncirclingRingIsAccepted() {
        #expect(error(#"{"type":"Polygon","coordinates":[[[0,80],[90,80],[180,80],[-90,80],[0,80]]]}"#) == "accepted")
    }
}
