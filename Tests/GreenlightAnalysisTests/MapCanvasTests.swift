import Foundation
import Testing
@testable import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

@Suite struct MapCanvasTests {
    /// Ukraine, Belarus and western Russia.
    static let box = GeoBox(south: 43, north: 60, west: 20, east: 50)
    static let kharkiv = GeoPoint(latitude: 49.99, longitude: 36.23)
    static let caption = "Borders: Natural Earth (public domain), de-jure view. Zones measured on the WGS84 ellipsoid; "
        + "their drawn edges are within 0.5 km of the measured boundary (certified tolerance), and every km² figure is "
        + "computed on the ellipsoid, not on this picture. Sites are synthetic."

    /// A ring of points at `radiusKm` around `center` (geodesic distance).
    static func circle(_ center: GeoPoint, radiusKm: Double) -> [GeoPoint] {
        let ring = stride(from: 0.0, to: 360, by: 5).map { WGS84.shared.direct(from: center, azimuthDegrees: $0, distanceMeters: radiusKm * 1000).point }
        return ring + [ring[0]]
    }

    /// What a reach map draws, over the real borders, with labels.
    static func sampleCanvas() -> MapCanvas {
        var canvas = MapCanvas(box: box)
        ReachMap.drawBorders(on: &canvas, view: .deJure)
        canvas.rings([circle(kharkiv, radiusKm: 300)], fill: ReachMap.inRangeColor, stroke: "none", opacity: 0.55, label: "within 300 km of the launch area")
        canvas.rings([circle(GeoPoint(latitude: 50.9, longitude: 37.2), radiusKm: 90)], fill: ReachMap.permittedColor, stroke: "none", opacity: 0.75, label: "permitted by GB + US")
        canvas.rings([circle(kharkiv, radiusKm: 60)], fill: "none", stroke: ReachMap.launchColor, strokeWidth: 1.6, label: "launch area: Kharkiv oblast")
        canvas.points([GeoPoint(latitude: 51.2, longitude: 37.0), GeoPoint(latitude: 50.6, longitude: 38.3)], color: ReachMap.deniedColor, label: "synthetic site: in range, not permitted")
        MapLabeling.drawLabels(on: &canvas, regionCodes: ["UA", "RU-BEL", "RU-KRS", "RU-BRY", "RU-VOR", "RU-ROS"])
        return canvas
    }

    /// The x, y, width and height of the first `<rect class="name" …>` in an SVG.
    func rect(_ name: String, in svg: String) throws -> MapRect {
        let pattern = "<rect class=\"\(name)\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" width=\"([-0-9.]+)\" height=\"([-0-9.]+)\""
        let match = try #require(svg.firstMatch(of: try Regex(pattern)))
        let numbers = (1...4).compactMap { match.output[$0].substring.flatMap { Double($0) } }
        try #require(numbers.count == 4)
        return MapRect(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
    }

    @Test func legendAndScaleBarSitOutsideTheMapFrame() throws {
        let canvas = Self.sampleCanvas()
        let svg = canvas.svg(title: "Storm Shadow: reach and permitted zones on 2024-09-12 (full-lift)", caption: Self.caption)
        let frame = try rect("map-frame", in: svg), legend = try rect("legend-panel", in: svg)
        #expect(!legend.intersects(frame))
        #expect(legend.y >= frame.maxY)
        let layout = canvas.layout(title: "t", caption: Self.caption)
        #expect(!layout.scaleBar.intersects(layout.frame))
        #expect(layout.legend.map { !$0.intersects(layout.scaleBar) } == true)
        #expect(layout.heightPixels > layout.frame.maxY)
    }

    @Test func titleIsTextAboveTheMapAndTheCaptionWrapsBelow() throws {
        let title = "Storm Shadow: reach and permitted zones on 2024-09-12 (full-lift)"
        let svg = Self.sampleCanvas().svg(title: title, caption: Self.caption)
        let titleGroup = try #require(svg.firstMatch(of: /<g class="map-title"[^>]*><text x="[0-9.]+" y="([0-9.]+)">([^<]*)<\/text>/))
        #expect(String(titleGroup.output.2) == title)
        let frame = try rect("map-frame", in: svg)
        #expect(Double(titleGroup.output.1)! < frame.y)
        let captionGroup = try #require(svg.firstMatch(of: /<g class="caption"[^>]*>(.*)<\/g>/))
        let lines = String(captionGroup.output.1).matches(of: /<text x="[0-9.]+" y="([0-9.]+)">([^<]*)<\/text>/)
        #expect(lines.count == 2)
        #expect(lines.map { String($0.output.2) }.joined(separator: " ") == Self.caption)
        #expect(lines.allSatisfy { Double($0.output.1)! > frame.maxY })
        #expect(svg.contains("scale along 51.5° N"))
    }

    @Test func labelsDoNotOverlapAndStayInTheFrame() throws {
        let canvas = Self.sampleCanvas()
        let placed = canvas.placedLabels
        #expect(placed.filter { $0.kind == .city }.count == MapLabeling.maxCities)
        #expect(placed.filter { $0.kind == .region }.count >= 10)
        for (i, a) in placed.enumerated() {
            #expect(canvas.mapBounds.contains(a.box), "\(a.name) leaves the frame")
            for b in placed[(i + 1)...] { #expect(!a.box.intersects(b.box), "\(a.name) overlaps \(b.name)") }
        }
        #expect(Set(placed.filter { $0.kind == .region }.map(\.name)).isSuperset(of: ["Kharkiv", "Belgorod", "Kursk"]))
        #expect(Set(placed.filter { $0.kind == .city }.map(\.name)).isSuperset(of: ["Moscow", "Kyiv", "Kharkiv"]))
        // Kyiv is named once, as a city, not again as the region "Kyiv City".
        #expect(!placed.contains { $0.name == "Kyiv City" })
        // Every placed label is in the SVG once, with a halo.
        let svg = canvas.svg(title: "t", caption: "")
        #expect(svg.components(separatedBy: "class=\"city-label\"").count - 1 == placed.filter { $0.kind == .city }.count)
        #expect(svg.contains("paint-order=\"stroke\""))
    }

    @Test func collidingLabelsAreSkipped() {
        var canvas = MapCanvas(box: Self.box)
        let p = GeoPoint(latitude: 50, longitude: 36)
        canvas.placeLabels(regions: [MapLabel(name: "Second", point: p, rank: 1), MapLabel(name: "First", point: p, rank: 0)],
                           cities: (0..<20).map { MapLabel(name: "Town \($0)", point: p, rank: $0) })
        #expect(canvas.placedLabels.first?.name == "Town 0")
        #expect(canvas.placedLabels.first { $0.kind == .region }?.name == "First")
        #expect(canvas.placedLabels.count < 22)
        for (i, a) in canvas.placedLabels.enumerated() {
            for b in canvas.placedLabels[(i + 1)...] { #expect(!a.box.intersects(b.box)) }
        }
    }

    @Test func loadersFindTheBorderRegionsAndTheCapitals() {
        let regions = MapLabels.regions(in: Self.box, codes: nil)
        let names = Set(regions.map(\.name))
        #expect(names.isSuperset(of: ["Kharkiv", "Belgorod", "Kursk", "Kyiv", "Crimea"]))
        let chosen = MapLabels.regions(in: Self.box, codes: ["UA-63", "ru-bel", "RUS-2362"])
        #expect(Set(chosen.map(\.name)) == ["Kharkiv", "Belgorod", "Kursk"])
        #expect(chosen.map(\.rank) == [0, 1, 2])
        // Natural Earth swaps the two Moscow codes; the subset carries ISO 3166-2 (RU-MOW is the city).
        #expect(MapLabels.regions(in: Self.box, codes: ["RU-MOW"]).map(\.name) == ["Moscow City"])
        #expect(MapLabels.regions(in: Self.box, codes: ["RU-MOS"]).map(\.name) == ["Moscow Oblast"])
        #expect(MapLabels.regions(in: Self.box, codes: ["UA"]).count == 27)
        let cities = MapLabels.cities(in: Self.box, limit: 12)
        #expect(cities.count == 12)
        #expect(cities.first?.name == "Moscow")
        #expect(cities.contains { $0.name == "Kyiv" })
        #expect(cities.map(\.rank) == Array(0..<12))
        #expect(MapLabels.cities(in: GeoBox(south: -10, north: 0, west: 100, east: 110), limit: 5).isEmpty)
    }

    func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-maps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.enabled(if: MapFile.rsvgConvertPath() != nil, "needs rsvg-convert (librsvg2-bin)"))
    func mapFileWritesARealPNG() throws {
        let dir = try temporaryFolder()
        let path = dir.appendingPathComponent("reach.PNG").path
        let svg = Self.sampleCanvas().svg(title: "Sample", caption: Self.caption)
        try MapFile.write(svg: svg, html: { Issue.record("the page is not built for a PNG"); return "" }, to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["reach.PNG"])
        // GREENLIGHT_MAP_SAMPLE=/tmp/sample.png (or .svg) keeps the sample map to look at.
        if let sample = ProcessInfo.processInfo.environment["GREENLIGHT_MAP_SAMPLE"] {
            try MapFile.write(svg: svg, html: { "" }, to: sample)
        }
    }

    @Test func mapFileWritesSVGAndHTMLByExtension() throws {
        let dir = try temporaryFolder()
        try MapFile.write(svg: "<svg/>", html: { "<html/>" }, to: dir.appendingPathComponent("a.svg").path)
        try MapFile.write(svg: "<svg/>", html: { "<html/>" }, to: dir.appendingPathComponent("a.html").path)
        #expect(try String(contentsOf: dir.appendingPathComponent("a.svg"), encoding: .utf8) == "<svg/>")
        #expect(try String(contentsOf: dir.appendingPathComponent("a.html"), encoding: .utf8) == "<html/>")
    }

    @Test func mapFileRefusesOtherExtensions() throws {
        let dir = try temporaryFolder()
        let path = dir.appendingPathComponent("reach.jpg").path
        let error = try #require(throws: InputError.self) { try MapFile.write(svg: "<svg/>", html: { "" }, to: path) }
        #expect(error.message.contains("--map") && error.message.contains(".svg, .html or .png"))
        #expect(error.field == "map")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(throws: InputError.self) { try MapFile.format(ofPath: "reach") }
    }

    @Test func aMissingConverterSaysHowToInstallItAndWritesNothing() throws {
        let dir = try temporaryFolder()
        let path = dir.appendingPathComponent("reach.png").path
        let missing = try #require(throws: MapFileError.self) { try MapFile.write(svg: "<svg/>", html: { "" }, to: path, converter: nil) }
        #expect(missing.description.contains("rsvg-convert") && missing.description.contains("librsvg2-bin"))
        let failing = try #require(throws: MapFileError.self) { try MapFile.write(svg: "<svg/>", html: { "" }, to: path, converter: "/bin/false") }
        #expect(failing.description.contains("failed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
