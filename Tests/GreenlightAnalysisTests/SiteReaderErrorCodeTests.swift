import Foundation
import GreenlightPolicy
import Testing
@testable import GreenlightAnalysis

/// The site reader's errors are typed: each bad line's code, line and column, from a real file whose
/// faults were placed by hand (the expected columns are counted from the text below).
@Suite struct SiteReaderErrorCodeTests {
    func write(_ text: String, ext: String = "csv") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-sites-\(UUID().uuidString).\(ext)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func errors(_ url: URL, requiringIds: Bool = false) throws -> [InputError] {
        do {
            try SiteReader(url: url, requiringIds: requiringIds).forEachBatch { _ in }
        } catch let e as SiteFileErrors {
            return e.errors
        } catch let e as InputError {
            return [e]
        }
        return []
    }

    @Test func eachBadLineHasItsCodeLineAndColumn() throws {
        let url = try write("""
            lat,lon,category,id
            50.1,36.2,military,a
            0x32,36.2,military,b
            50.1,east,military,c
            95,36.2,military,d
            50.1,36.2,"military,e
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        let found = try errors(url).map { ($0.code, $0.location.line, $0.location.column) }
        let expected: [(InputError.Code, Int, Int)] = [
            (.invalidNumber, 3, 1),      // a hexadecimal float is no decimal number: the lat field
            (.invalidNumber, 4, 6),      // `east` as lon: after `50.1,`
            (.outOfRange, 5, 1),         // latitude 95
            (.invalidSyntax, 6, 11),     // the quote opened after `50.1,36.2,` is never closed
        ]
        #expect(found.count == expected.count, "\(found)")
        for (f, e) in zip(found, expected) { #expect(f == e, "\(f) vs \(e)") }
        #expect(try errors(url).allSatisfy { $0.location.file == url.path })
    }

    @Test func aMissingAnEmptyAndAnUnreadableFileAreCoded() throws {
        let empty = try write("# only a comment\n")
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(try errors(empty).map(\.code) == [.emptyDocument])
        #expect(try errors(URL(fileURLWithPath: "/nonexistent/sites.csv")).map(\.code) == [.fileUnreadable])
        let latin1 = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-sites-\(UUID().uuidString).csv")
        // "50.1,36.2,café" in Latin-1: é is the lone byte E9.
        try Data(Array("50.1,36.2,caf".utf8) + [0xE9, 0x0A]).write(to: latin1)
        defer { try? FileManager.default.removeItem(at: latin1) }
        #expect(try errors(latin1).map { ($0.code, $0.location.line) }.first.map { $0 == (.invalidEncoding, 1) } == true)
    }

    @Test func duplicateAndMissingIdsAreCoded() throws {
        let url = try write("lat,lon,category,id\n50.1,36.2,military,a\n50.2,36.3,military,a\n50.3,36.4,military\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let missing = try errors(url, requiringIds: true)
        #expect(missing.map { ($0.code, $0.location.line) }.first.map { $0 == (.missingKey, 4) } == true, "\(missing)")
        let dupes = try write("lat,lon,category,id\n50.1,36.2,military,a\n50.2,36.3,military,a\n")
        defer { try? FileManager.default.removeItem(at: dupes) }
        do { _ = try IdentifiedSites(url: dupes); Issue.record("accepted") } catch let e as SiteFileErrors {
            #expect(e.errors.map { ($0.code, $0.location.line) }.first.map { $0 == (.duplicateId, 3) } == true, "\(e)")
        }
    }

    @Test func aGeoJSONSiteFileHasCodesToo() throws {
        let url = try write(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.2, 95]}, "properties": {}}]}"#, ext: "geojson")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try errors(url).map(\.code) == [.outOfRange])
    }
}
