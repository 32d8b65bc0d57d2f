import Foundation
import Testing
@testable import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

@Suite struct SiteTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let flagship = packageRoot.appendingPathComponent("Scenarios/ukraine-2024-2025/scenario.yaml")

    func temporaryFile(_ name: String, _ contents: Data) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-sites-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    func readError(_ name: String, _ text: String) throws -> InputError? {
        try readError(name, Data(text.utf8))
    }

    func readError(_ name: String, _ data: Data) throws -> InputError? {
        let url = try temporaryFile(name, data)
        // One bad line: the reader reports it alone (files with several bad lines give them all, as SiteFileErrors).
        do { try SiteReader(url: url).forEachBatch { _ in }; return nil } catch let e as InputError { return e } catch let e as SiteFileErrors {
            #expect(e.errors.count == 1, "\(e)")
            return e.errors.first
        }
    }

    @Test func badSiteFilesNameTheLine() throws {
        let columns = try #require(try readError("a.csv", "lat,lon,category,id\n50,36,military,a\n50,36,military,a,extra\n"))
        #expect(columns.location.line == 3 && columns.message.contains("expected 2 to 4 columns"))
        let coordinates = try #require(try readError("b.csv", "50,36,military\n51,north,military\n"))
        #expect(coordinates.location.line == 2 && coordinates.location.column == 4 && coordinates.message.contains("expected a decimal number for lon"))
        let latitude = try #require(try readError("c.csv", "50,36\n95,36\n"))
        #expect(latitude.location.line == 2 && latitude.message.contains("latitude 95"))
        let empty = try #require(try readError("d.csv", ""))
        #expect(empty.message.contains("empty site file"))
        let onlyHeader = try #require(try readError("e.csv", "lat,lon,category\n# nothing\n"))
        #expect(onlyHeader.message.contains("empty site file"))
        let latin1 = try #require(try readError("f.csv", Data("50,36,milit\u{E4}r\n".data(using: .isoLatin1)!)))
        #expect(latin1.location.line == 1 && latin1.message.contains("UTF-8"))
        let header = try #require(try readError("g.csv", "x,y,z\n50,36,a\n"))
        #expect(header.location.line == 1 && header.message.contains("lat,lon"))
        let nan = try #require(try readError("h.csv", "50,36\nnan,36\n"))
        #expect(nan.location.line == 2)
    }

    @Test func goodFilesStreamInBatches() throws {
        var text = "# synthetic\nlat,lon,category,id\n"
        for i in 0..<(SiteReader.batchSize + 10) { text += "50.\(i % 1000),36.5,military/depot,s\(i)\n" }
        let url = try temporaryFile("many.csv", Data(text.utf8))
        var batches: [Int] = []
        try SiteReader(url: url).forEachBatch { batches.append($0.count) }
        #expect(batches == [SiteReader.batchSize, 10])
    }

    @Test func atomicOutputLeavesNothingPartialOnFailure() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("sites.geojson").path
        let output = try SiteOutput(path: path)
        output.write([], defaultCategory: "military")
        output.discard()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let complete = try SiteOutput(path: path)
        try complete.commit()
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) is [String: Any])
    }

    /// Site verdicts agree with the explained decision and with the exact distance from the launch area.
    @Test func classificationAgreesWithDecideAndDistances() throws {
        let scenario = try ScenarioLoader.load(contentsOf: Self.flagship)
        for (item, date, variant) in [("gmlrs", "2024-06-10", nil), ("atacms-m39a1", "2024-11-20", nil), ("storm-shadow", "2024-09-12", "full-lift")] as [(String, String, String?)] {
            let engine = try PolicyEngine(scenario: scenario, variant: variant)
            let q = ReachQuestion(recipient: "UA", item: item, date: CalendarDay(date)!, variant: variant, category: "military",
                                  launchArea: try AreaLookup.resolve("UA", in: scenario), launchAreaLabel: "UA",
                                  within: try AreaLookup.resolve("RU", in: scenario), withinLabel: "RU")
            let analysis = try ReachAnalysis(engine: engine, question: q)
            let sites = Array(SyntheticSites(area: .all([try AreaLookup.resolve("RU", in: scenario), .within(meters: 400_000, of: q.launchArea)]),
                                             seed: 3, categories: ["military/airfield", "energy/plant"]).prefix(300))
            #expect(sites.count == 300)
            let verdicts = SiteClassifier(analysis: analysis).classify(sites, measure: true).verdicts
            let ua = try #require(try ReferenceGeography.shared.country("UA"))
            for v in verdicts {
                let d = try engine.decide(q.request(at: v.site.point, category: v.site.category))
                #expect(v.permitted == (d.decision == .permit), "\(item) \(v.site.point)")
                #expect(Set(v.missing) == Set(d.missing))
                let distance = ua.distanceMeters(v.site.point)
                #expect(abs(v.distanceFromLaunchKm! * 1000 - distance) < 1e-6)
                if abs(distance - analysis.rangeKm * 1000) > 1 { #expect(v.inRange == (distance <= analysis.rangeKm * 1000)) }
                #expect(v.inTerritory && v.depthKm! > 0)
            }
        }
    }

    @Test func timelineChangePointsAreThePolicyDates() throws {
        let scenario = try ScenarioLoader.load(contentsOf: Self.flagship)
        let engine = try PolicyEngine(scenario: scenario)
        let dates = TimelineDates.changePoints(engine: engine, item: "atacms-m39a1", recipient: "UA", from: CalendarDay("2024-01-01"), to: CalendarDay("2024-12-31"))
        let days = dates.map(\.0.description)
        #expect(days.contains("2024-04-17"))   // the transfer (its first reported use)
        #expect(days.contains("2024-05-30"))   // the Kharkiv exception starts
        #expect(days.contains("2024-11-17"))   // the ATACMS ban ends (until 2024-11-16) and the Kursk clearance starts
        #expect(!days.contains("2024-08-16"))  // the UK's reported consent does not decide a US-only item
        #expect(!days.contains("2024-11-20"))  // nor does the US side of Storm Shadow (a UK-made item)
        #expect(days == days.sorted())
    }
}
