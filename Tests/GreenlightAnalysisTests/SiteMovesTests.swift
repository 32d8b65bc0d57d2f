import Foundation
import Testing
@testable import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

/// Sites that moved (`reach --sites-before`), on the hand-built example of docs/examples/moved-sites/:
/// a launch circle of 10 km around (0, 0), a range of 100 km (in range up to 110 km from the centre),
/// airfields permitted within 60 km, depots anywhere. Every site lies on the equator or the meridian at
/// a distance written beside it in the file, so each bucket below is known without running the code.
@Suite struct SiteMovesTests {
    static let example = SiteTests.packageRoot.appendingPathComponent("docs/examples/moved-sites")

    func analysis() throws -> ReachAnalysis {
        let scenario = try ScenarioLoader.load(contentsOf: Self.example.appendingPathComponent("scenario.yaml"))
        return try ReachAnalysis(engine: try PolicyEngine(scenario: scenario), item: "example-item", date: CalendarDay("2024-01-01")!)
    }

    func moves() throws -> SiteMoves {
        try SiteMoves(before: try IdentifiedSites(url: Self.example.appendingPathComponent("sites-before.csv")),
                      after: try IdentifiedSites(url: Self.example.appendingPathComponent("sites-after.csv")), analysis: try analysis())
    }

    func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-moves-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func countsKnownByConstruction() throws {
        let m = try moves()
        // Airfields (km from the centre, before → after): a1 20→20, a2 40→80, a3 50→130, a4 90→140,
        // a5 150→200, a6 100→30, a7 160→90, a8 170→50; r1 at 10 only before; n1 at 70 only after.
        let airfields = try #require(m.byCategory["military/airfield"])
        #expect(airfields.matched == 8 && airfields.moved == 7)
        #expect(airfields.range == SiteMoves.Crossings(left: 2, cameIn: 2, stayedIn: 3, stayedOut: 1))          // a3 a4 | a7 a8 | a1 a2 a6 | a5
        #expect(airfields.permittedZone == SiteMoves.Crossings(left: 2, cameIn: 2, stayedIn: 1, stayedOut: 3))  // a2 a3 | a6 a8 | a1 | a4 a5 a7
        #expect(airfields.added == SiteMoves.Unmatched(total: 1, inRange: 1, permittedInRange: 0))             // n1 at 70 km
        #expect(airfields.removed == SiteMoves.Unmatched(total: 1, inRange: 1, permittedInRange: 1))           // r1 at 10 km
        // Depots (permitted wherever in range): d1 30→70, d2 80→120, d3 120→100, d4 200→250; r2 at 300
        // only before, n2 at 40 only after.
        let depots = try #require(m.byCategory["military/depot"])
        #expect(depots.matched == 4 && depots.moved == 4)
        #expect(depots.range == SiteMoves.Crossings(left: 1, cameIn: 1, stayedIn: 1, stayedOut: 1))
        #expect(depots.permittedZone == SiteMoves.Crossings(left: 1, cameIn: 1, stayedIn: 1, stayedOut: 1))
        #expect(depots.added == SiteMoves.Unmatched(total: 1, inRange: 1, permittedInRange: 1))
        #expect(depots.removed == SiteMoves.Unmatched(total: 1, inRange: 0, permittedInRange: 0))
        #expect(m.byCategory.count == 2)
        #expect(m.all.matched == 12 && m.all.moved == 11)
        #expect(m.all.range == SiteMoves.Crossings(left: 3, cameIn: 3, stayedIn: 4, stayedOut: 2))
        #expect(m.all.permittedZone == SiteMoves.Crossings(left: 3, cameIn: 3, stayedIn: 2, stayedOut: 4))
        #expect(m.all.added == SiteMoves.Unmatched(total: 2, inRange: 2, permittedInRange: 1))
        #expect(m.all.removed == SiteMoves.Unmatched(total: 2, inRange: 1, permittedInRange: 1))
        #expect(m.moves.count == 12)
        let a6 = try #require(m.moves.first { $0.id == "a6" })
        #expect(a6.before == .inRangeNotPermitted && a6.after == .permittedInRange)
    }

    /// Each file alone, as `reach --sites` streams and counts it, gives the figures the buckets add up
    /// to: before = left + stayed in + removed, after = came in + stayed in + added (hand counts: 14
    /// sites in each file; before 8 in range, 6 permitted; after 9 in range, 6 permitted).
    @Test func agreesWithEachFileAlone() throws {
        let a = try analysis(), m = try moves()
        func alone(_ name: String) throws -> SiteCounts {
            var counts = SiteCounts()
            try SiteReader(url: Self.example.appendingPathComponent(name)).forEachBatch { counts.add(SiteClassifier(analysis: a).classify($0, measure: false).counts) }
            return counts
        }
        let before = try alone("sites-before.csv"), after = try alone("sites-after.csv")
        #expect((before.total, before.inRange, before.permittedInRange) == (14, 8, 6))
        #expect((after.total, after.inRange, after.permittedInRange) == (14, 9, 6))
        for (category, c) in m.byCategory {
            let b = try #require(before.byCategory[category]), f = try #require(after.byCategory[category])
            #expect(b.total == c.matched + c.removed.total && f.total == c.matched + c.added.total, "\(category)")
            #expect(b.inRange == c.range.left + c.range.stayedIn + c.removed.inRange, "\(category)")
            #expect(f.inRange == c.range.cameIn + c.range.stayedIn + c.added.inRange, "\(category)")
            #expect(b.permittedInRange == c.permittedZone.left + c.permittedZone.stayedIn + c.removed.permittedInRange, "\(category)")
            #expect(f.permittedInRange == c.permittedZone.cameIn + c.permittedZone.stayedIn + c.added.permittedInRange, "\(category)")
        }
        #expect(m.sitesBefore.inRange == before.inRange && m.sitesAfter.permittedInRange == after.permittedInRange)
    }

    @Test func theMapDrawsAnArrowPerMove() throws {
        let a = try analysis(), m = try moves()
        let zones = try a.zones(toleranceMeters: 10)
        let verdicts = SiteClassifier(analysis: a).classify(try IdentifiedSites(url: Self.example.appendingPathComponent("sites-after.csv")).sites, measure: false).verdicts
        let svg = ReachMap.draw(a, zones: zones, sites: verdicts, moves: m.moves, title: "moves")
        // 11 sites moved (a1 did not): a2, a3, d2 left the permitted zone; a6, a8, d3 came in; 5 others.
        #expect(svg.contains("moved site: left the permitted zone (3)"))
        #expect(svg.contains("moved site: came into the permitted zone (3)"))
        #expect(svg.contains("moved site: in or out of the permitted zone as before (5)"))
        #expect(svg.components(separatedBy: "class=\"arrows\"").count - 1 == 3)
        // Every arrow has a head: one "L" to the tip per barb pair; 11 moves, 11 heads (each head is M…L…L).
        let paths = svg.components(separatedBy: "class=\"arrows\" d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        let heads = paths.map { $0.components(separatedBy: "M").count - 1 }.reduce(0, +)
        #expect(heads == 11 * 2, "a shaft and a head per arrow: \(heads) subpaths")
    }

    @Test func missingIdsAndDuplicatesNameFileAndLine() throws {
        func failure(_ name: String, _ text: String) throws -> InputError? {
            let url = try temporaryFile(name, text)
            do { _ = try IdentifiedSites(url: url); return nil } catch let e as SiteFileErrors { return e.errors.first } catch let e as InputError { return e }
        }
        let header = try #require(try failure("no-id-column.csv", "lat,lon,category\n0,0.1,military\n"))
        #expect(header.location.line == 1 && header.message.contains("expected an id column"))
        let line = try #require(try failure("no-id.csv", "0,0.1,military,a\n0,0.2,military\n"))
        #expect(line.location.line == 2 && line.message.contains("expected a site id"))
        let empty = try #require(try failure("empty-id.csv", "lat,lon,category,id\n0,0.1,military,a\n0,0.2,military,\n"))
        #expect(empty.location.line == 3 && empty.location.column == 16)
        let duplicate = try #require(try failure("dup.csv", "lat,lon,category,id\n0,0.1,military,a\n0,0.2,military,b\n# c\n0,0.3,military,a\n"))
        #expect(duplicate.location.line == 5 && duplicate.message.contains("duplicate site id 'a' (first at line 2)"))
        let feature = try #require(try failure("no-id.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[0.1,0]},"properties":{"id":"a"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[0.2,0]},"properties":{"category":"military"}}]}
            """))
        #expect(feature.location.line == 3 && feature.message.contains("feature 1: expected a site id"))
        // Without the requirement, the same files still read as before (ids line-N / feature-N).
        var ids: [String] = []
        try SiteReader(url: try temporaryFile("plain.csv", "0,0.1,military\n")).forEachBatch { ids += $0.map(\.id) }
        #expect(ids == ["line-1"])
    }

    @Test func aSiteKeepsItsCategory() throws {
        let before = try temporaryFile("before.csv", "lat,lon,category,id\n0,0.1,military/depot,a\n0,0.2,military/depot,b\n")
        let after = try temporaryFile("after.csv", "lat,lon,category,id\n0,0.1,military/depot,a\n0,0.3,military/airfield,b\n")
        do {
            _ = try SiteMoves(before: try IdentifiedSites(url: before), after: try IdentifiedSites(url: after), analysis: try analysis())
            Issue.record("a changed category was accepted")
        } catch let errors as SiteFileErrors {
            let e = try #require(errors.errors.first)
            #expect(e.location.file == after.path && e.location.line == 3 && e.message.contains("a moved site keeps its category"), "\(e)")
        }
        let capitals = try temporaryFile("capitals.csv", "lat,lon,category,id\n0,0.1,military/depot,a\n0,0.2,Military/Depot,b\n")
        do {
            _ = try SiteMoves(before: try IdentifiedSites(url: before), after: try IdentifiedSites(url: capitals), analysis: try analysis())
            Issue.record("a category in other capitals was accepted")
        } catch let e as InputError {
            #expect(e.location.file == capitals.path && e.location.line == 3 && e.message.contains("did you mean 'military/depot'?"), "\(e)")
        }
    }

    // MARK: relocation

    /// Metres per degree of longitude along the equator: a·π/180 (the equator is a geodesic).
    static let equatorKmPerDegree = 6378.137 * Double.pi / 180

    @Test func relocationMovesAwayFromTheNearestPoint() throws {
        let launch = AreaPredicate.circle(center: GeoPoint(latitude: 0, longitude: 0), radiusMeters: 10_000)
        let relocation = try SiteRelocation(launchArea: launch, maximumKm: 50, seed: 7)
        let east = Site(point: GeoPoint(latitude: 0, longitude: 30 / Self.equatorKmPerDegree), category: "military", id: "east")
        let west = Site(point: GeoPoint(latitude: 0, longitude: -80 / Self.equatorKmPerDegree), category: "military", id: "west")
        let north = Site(point: GeoPoint(latitude: 0.5, longitude: 0), category: "military", id: "north")
        let inside = Site(point: GeoPoint(latitude: 0.01, longitude: 0.01), category: "military", id: "inside")
        let diagonal = Site(point: GeoPoint(latitude: 0.4, longitude: 0.4), category: "military", id: "diagonal")
        let e = relocation.relocate(east), w = relocation.relocate(west), n = relocation.relocate(north)
        for r in [e, w, n] {
            #expect(r.drawnKm > 0 && r.drawnKm < 50, "\(r.site.id): \(r.drawnKm)")
            // Straight out from a circle: the walk is one geodesic, as long and as deep as drawn.
            #expect(abs(r.movedKm - r.drawnKm) < 1e-6 && abs(r.deeperKm - r.drawnKm) < 1e-6, "\(r.site.id): \(r.movedKm) \(r.deeperKm) \(r.drawnKm)")
        }
        // Along the equator, a move of d km is d / (a·π/180) degrees of longitude, outwards.
        #expect(abs(e.site.point.latitude) < 1e-9 && abs(e.site.point.longitude - (30 + e.drawnKm) / Self.equatorKmPerDegree) < 1e-9)
        #expect(abs(w.site.point.latitude) < 1e-9 && abs(w.site.point.longitude + (80 + w.drawnKm) / Self.equatorKmPerDegree) < 1e-9)
        // Along the meridian: due north, the longitude unchanged, d km further from (0, 0).
        #expect(abs(n.site.point.longitude) < 1e-12 && n.site.point.latitude > 0.5)
        #expect(abs(WGS84.shared.distanceMeters(north.point, n.site.point) - n.drawnKm * 1000) < 0.001)
        // Away from a circle, the distance from its centre grows by exactly the move.
        let d = relocation.relocate(diagonal)
        let centre = GeoPoint(latitude: 0, longitude: 0)
        #expect(abs(WGS84.shared.distanceMeters(centre, d.site.point) - WGS84.shared.distanceMeters(centre, diagonal.point) - d.drawnKm * 1000) < 0.001)
        // A site inside the launch area stays where it is.
        let i = relocation.relocate(inside)
        #expect(i.movedKm == 0 && i.deeperKm == 0 && i.site.point == inside.point)
        // Ids and categories are kept; the distance depends on the seed and the id, not the order.
        #expect(e.site.id == "east" && e.site.category == "military")
        #expect(relocation.relocate(east).drawnKm == e.drawnKm)
        #expect(try SiteRelocation(launchArea: launch, maximumKm: 50, seed: 8).relocate(east).drawnKm != e.drawnKm)
    }

    @Test func relocationAwayFromACountryFollowsTheNearestBorderPoint() throws {
        // A polygon launch area (a 1°×1° square): a site due east of its east edge moves due east.
        let square = try GeodesicMultiPolygon.validated(polygons: [[[GeoPoint(latitude: -0.5, longitude: -0.5), GeoPoint(latitude: -0.5, longitude: 0.5),
                                                                     GeoPoint(latitude: 0.5, longitude: 0.5), GeoPoint(latitude: 0.5, longitude: -0.5),
                                                                     GeoPoint(latitude: -0.5, longitude: -0.5)]]], context: "square")
        let relocation = try SiteRelocation(launchArea: .polygon(square, label: "square"), maximumKm: 40, seed: 3)
        let site = Site(point: GeoPoint(latitude: 0, longitude: 1), category: nil, id: "s")
        let r = relocation.relocate(site)
        #expect(abs(r.site.point.latitude) < 1e-7 && abs(r.site.point.longitude - (1 + r.drawnKm / Self.equatorKmPerDegree)) < 1e-7)
    }

    /// Behind a concave border one straight geodesic from the first nearest point leads back to the
    /// area; the walk, which finds the nearest point again at every step, goes deeper all the way.
    /// Launch area: two discs of 50 km whose centres are 200 km apart on the equator; the site sits
    /// just north of the point midway, 10 km above the line joining the centres, so its nearest point
    /// is on one disc only when it starts.
    @Test func relocationBehindAConcaveBorderKeepsGoingDeeper() throws {
        let half = 100 / Self.equatorKmPerDegree
        let discs = AreaPredicate.any([.circle(center: GeoPoint(latitude: 0, longitude: -half), radiusMeters: 50_000),
                                       .circle(center: GeoPoint(latitude: 0, longitude: half), radiusMeters: 50_000)])
        // Slightly east of the midpoint: nearer the east disc, so the first direction points west-north-west.
        let site = Site(point: GeoPoint(latitude: 0.09, longitude: 0.01), category: nil, id: "between")
        let relocation = try SiteRelocation(launchArea: discs, maximumKm: 400, seed: 11)
        let r = relocation.relocate(site)
        #expect(r.drawnKm > 150, "seed 11 draws \(r.drawnKm) km")
        // The walk ends deeper than it started (by hand: it follows the ridge between the discs north,
        // y' = y / √(100² + y²) from y = 10 km, so some 20–30 km deeper after 200 km walked)…
        let startKm = discs.distanceMeters(site.point).meters / 1000
        #expect(r.deeperKm > 5 && abs(discs.distanceMeters(r.site.point).meters / 1000 - startKm - r.deeperKm) < 1e-6, "\(r.deeperKm)")
        #expect(r.site.point.latitude > 0.3, "the walk went north along the ridge: \(r.site.point)")
        // …where one straight geodesic from the first nearest point (west-north-west) passes over the
        // west disc and ends barely deeper (about 3 km by hand for 200 km).
        let foot = try #require(SiteRelocation.nearestPoint(of: discs, to: site.point))
        let straight = WGS84.shared.direct(from: site.point, azimuthDegrees: WGS84.shared.inverse(foot, site.point).azimuth2Degrees, distanceMeters: r.drawnKm * 1000).point
        #expect(discs.distanceMeters(straight).meters / 1000 - startKm < r.deeperKm)
    }

    @Test func badDeeperKmIsRefused() {
        let launch = AreaPredicate.circle(center: GeoPoint(latitude: 0, longitude: 0), radiusMeters: 10_000)
        for km in [0, -5, .infinity, .nan, 25_000] {
            #expect(throws: InputError.self) { try SiteRelocation(launchArea: launch, maximumKm: km, seed: 1) }
        }
        #expect(throws: InputError.self) { try SiteRelocation(launchArea: .all([launch]), maximumKm: 10, seed: 1) }
    }

    @Test func relocatedFilesReadBackLabelledSynthetic() throws {
        let input = try IdentifiedSites(url: Self.example.appendingPathComponent("sites-before.csv"))
        let relocation = try SiteRelocation(launchArea: .circle(center: GeoPoint(latitude: 0, longitude: 0), radiusMeters: 10_000), maximumKm: 60, seed: 1)
        let moved = relocation.relocate(input)
        for geojson in [false, true] {
            let text = RelocatedSitesFile.text(moved, geojson: geojson, provenance: "synthetic test set")
            #expect(text.contains("synthetic"))
            let back = try IdentifiedSites(url: try temporaryFile(geojson ? "after.geojson" : "after.csv", text))
            #expect(back.sites.map(\.id) == input.sites.map(\.id))
            #expect(back.sites.map(\.category) == input.sites.map(\.category))
            for (b, r) in zip(back.sites, moved) {
                // Seven decimals of a degree: within about 1 cm of the computed position.
                #expect(WGS84.shared.distanceMeters(b.point, r.site.point) < 0.02)
            }
            if geojson {
                #expect(text.contains("\"synthetic\":true,\"moved_km\":"))
            } else {
                #expect(text.contains("lat,lon,category,id,synthetic,moved_km,deeper_km\n") && text.hasPrefix("# synthetic test set\n"))
            }
        }
    }

    // MARK: the report's section

    @Test func reportSectionSaysSyntheticAndCounts() throws {
        let scenario = try ScenarioLoader.load(contentsOf: Self.example.appendingPathComponent("scenario.yaml"))
        let report = ScenarioReport(scenario: scenario, cases: nil, keyDate: CalendarDay("2024-01-01")!, territory: nil, toleranceMeters: 10, siteCount: 0)
        let html = try report.movedSitesSection(ReportText(.en))
        #expect(html.contains("synthetic points made for a demonstration, not real installations"))
        // The item's row: 12 in both, 11 moved; range 3 3 4 2; permitted zone 3 3 2 4; 2 added, 2 removed.
        let row = ["12", "11", "3", "3", "4", "2", "3", "3", "2", "4", "2", "2"].map { "<td class=\"num\">\($0)</td>" }.joined()
        #expect(html.contains("<td>Example item (illustrative)</td>" + row))
        #expect(html.contains("<code>military/airfield</code></td>" + ["8", "7", "2", "2", "3", "1", "2", "2", "1", "3", "1", "1"].map { "<td class=\"num\">\($0)</td>" }.joined()))
        #expect(html.contains("class=\"arrows\""))
        let dutch = try report.movedSitesSection(ReportText(.nl))
        #expect(dutch.contains("synthetische punten") && dutch.contains("<th>vertrokken</th>") && dutch.contains("1 januari 2024"))
        // The whole report carries the section.
        #expect(try report.render().contains("<section id=\"moved-sites\"><h2>Sites that moved</h2>"))
    }

    @Test func everyFixedTextOfTheSectionHasItsDutch() throws {
        let source = try String(contentsOf: SiteTests.packageRoot.appendingPathComponent("Sources/GreenlightAnalysis/ScenarioReport+MovedSites.swift"), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"\btext\("((?:[^"\\]|\\.)*)""#)
        let literals = regex.matches(in: source, range: NSRange(source.startIndex..., in: source)).map { String(source[Range($0.range(at: 1), in: source)!]) }
        #expect(literals.count >= 20)
        for english in literals + ["Sites that moved"] { #expect(ReportTranslations.movedSites[english] != nil, "no Dutch for '\(english)'") }
        // The Dutch keeps every placeholder of the English.
        for (english, dutch) in ReportTranslations.movedSites {
            for i in 0..<4 where english.contains("{\(i)}") { #expect(dutch.contains("{\(i)}"), "'\(dutch)' lacks {\(i)}") }
        }
    }
}
