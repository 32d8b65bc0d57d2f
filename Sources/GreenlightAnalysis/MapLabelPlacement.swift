import GreenlightGeodesy

/// Place names on a map canvas with a greedy declutter: labels are tried in order of importance at a
/// few candidate positions each, and a label whose every position would overlap one already placed (or
/// leave the map frame) is skipped. Text gets a white halo (`paint-order="stroke"`) so that it reads
/// over any fill; labels are drawn above every other layer whatever the order of the calls.
extension MapCanvas {
    static let regionLabelSize = 10.0, regionLetterSpacing = 1.2, regionColor = "#6e6e6e"
    static let cityLabelSize = 11.5, cityColor = "#1e1e1e"
    static let haloPixels = 1.5

    /// Writes cities (a dot and the name beside it) and region names (grey, upper case, letter-spaced,
    /// near their label point), most important first within each kind. Cities go first: a city sits
    /// where it is, while a region's name may move within its region around the labels already there.
    /// At most `maxCities` cities and `maxRegions` region labels are placed; labels that would collide
    /// are skipped, so a longer list than the limit lets a less important label take a free place.
    public mutating func placeLabels(regions: [MapLabel], cities: [MapLabel], maxRegions: Int = .max, maxCities: Int = .max) {
        let inside = mapBounds.insetBy(2)
        var placedCities = 0
        for label in Self.byRank(cities) where placedCities < maxCities {
            if placeCity(label, inside: inside) { placedCities += 1 }
        }
        var placedRegions = 0
        for label in Self.byRank(regions) where placedRegions < maxRegions {
            if placeRegion(label, inside: inside) { placedRegions += 1 }
        }
    }

    private static func dotBox(_ x: Double, _ y: Double) -> MapRect { MapRect(x: x - 3, y: y - 3, width: 6, height: 6) }

    /// Lower rank first; equal ranks keep the caller's order.
    private static func byRank(_ labels: [MapLabel]) -> [MapLabel] {
        labels.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
    }

    private func isFree(_ box: MapRect, inside: MapRect) -> Bool {
        inside.contains(box) && !labelObstacles.contains { $0.intersects(box) }
    }

    private mutating func placeRegion(_ label: MapLabel, inside: MapRect) -> Bool {
        let (x, y) = project(label.point.latitude, label.point.longitude)
        guard inside.contains(MapRect(x: x, y: y, width: 0, height: 0)) else { return false }
        let size = Self.regionLabelSize, lineHeight = size * 1.2
        let lines = Self.regionLines(label.name.uppercased())
        let width = lines.map { MapTextMetrics.width($0, size: size, letterSpacing: Self.regionLetterSpacing) }.max() ?? 0
        let height = Double(lines.count) * lineHeight
        // On the label point, then nudged up, down and sideways by up to a line and half the name.
        let offsets = [(0.0, 0.0)] + [-1.0, 1, -2, 2].map { (0.0, $0 * lineHeight) } + [-0.5, 0.5].map { ($0 * width, 0.0) }
            + [(-0.5, -1.0), (0.5, -1.0), (-0.5, 1.0), (0.5, 1.0)].map { ($0.0 * width, $0.1 * lineHeight) }
        for (dx, dy) in offsets {
            let cx = x + dx, top = y + dy - height / 2
            let box = MapRect(x: cx - width / 2, y: top, width: width, height: height).insetBy(-Self.haloPixels)
            guard isFree(box, inside: inside) else { continue }
            var s = ""
            for (i, line) in lines.enumerated() {
                // Upper-case text: centre the cap height (≈ 0.72 em) in its line.
                let baseline = top + Double(i) * lineHeight + (lineHeight + size * 0.72) / 2
                s += "<text x=\"\(Self.f(cx))\" y=\"\(Self.f(baseline))\" font-size=\"\(size)\" letter-spacing=\"\(Self.regionLetterSpacing)\" fill=\"\(Self.regionColor)\" text-anchor=\"middle\" \(Self.halo)>\(escapeXML(line))</text>"
            }
            labelLayer += "<g class=\"region-label\">\(s)</g>\n"
            labelObstacles.append(box)
            placedLabels.append(PlacedMapLabel(name: label.name, kind: .region, box: box))
            return true
        }
        return false
    }

    private mutating func placeCity(_ label: MapLabel, inside: MapRect) -> Bool {
        let (x, y) = project(label.point.latitude, label.point.longitude)
        let dot = Self.dotBox(x, y)
        guard isFree(dot, inside: inside) else { return false }
        let size = Self.cityLabelSize
        let width = MapTextMetrics.width(label.name, size: size), height = size * 1.15
        // Candidate positions: right, left, above, below, then the diagonals.
        let candidates: [(x: Double, top: Double, anchor: String)] = [
            (x + 6, y - height / 2, "start"), (x - 6, y - height / 2, "end"),
            (x, y - 4 - height, "middle"), (x, y + 4, "middle"),
            (x + 4, y - 2 - height, "start"), (x + 4, y + 2, "start"),
            (x - 4, y - 2 - height, "end"), (x - 4, y + 2, "end"),
        ]
        for c in candidates {
            let left = c.anchor == "start" ? c.x : c.anchor == "end" ? c.x - width : c.x - width / 2
            let box = MapRect(x: left, y: c.top, width: width, height: height).insetBy(-Self.haloPixels)
            guard isFree(box, inside: inside), !box.intersects(dot) else { continue }
            let baseline = c.top + height * 0.8
            labelLayer += "<g class=\"city-label\"><circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"2.4\" fill=\"\(Self.cityColor)\" stroke=\"white\" stroke-width=\"0.9\"/>"
            labelLayer += "<text x=\"\(Self.f(c.x))\" y=\"\(Self.f(baseline))\" font-size=\"\(size)\" fill=\"\(Self.cityColor)\" text-anchor=\"\(c.anchor)\" \(Self.halo)>\(escapeXML(label.name))</text></g>\n"
            labelObstacles.append(dot)
            labelObstacles.append(box)
            placedLabels.append(PlacedMapLabel(name: label.name, kind: .city, box: box))
            return true
        }
        return false
    }

    private static let halo = "stroke=\"white\" stroke-width=\"\(haloPixels * 2)\" stroke-opacity=\"0.9\" stroke-linejoin=\"round\" paint-order=\"stroke\""

    /// A long two-word (or longer) name on two lines, split at the space nearest its middle.
    static func regionLines(_ name: String) -> [String] {
        guard name.count > 11 else { return [name] }
        let spaces = name.indices.filter { name[$0] == " " }
        guard let split = spaces.min(by: {
            abs(name.distance(from: name.startIndex, to: $0) * 2 - name.count) < abs(name.distance(from: name.startIndex, to: $1) * 2 - name.count)
        }) else { return [name] }
        return [String(name[..<split]), String(name[name.index(after: split)...])]
    }
}
