import Foundation
import GreenlightGeodesy

/// An SVG map figure: a title band on top, the map frame, and below the frame the legend, the scale
/// bar and the caption, so that nothing but place labels is ever drawn over the data.
///
/// The map is an equirectangular projection scaled by the cosine of the central latitude (faithful
/// enough at these latitudes for a display; every number Greenlight reports is measured exactly on the
/// ellipsoid, never on this picture). Drawing calls (`rings`, `points`, `text`, `placeLabels`)
/// work in map pixels, relative to the frame's top left corner; `svg(title:caption:)` lays the figure out.
public struct MapCanvas {
    public let box: GeoBox
    public let widthPixels: Double
    /// The size of the map frame in pixels.
    public let mapWidthPixels: Double
    public let mapHeightPixels: Double
    /// The language of the canvas's own texts (the scale bar's).
    public var text = ReportText(.en)
    private let scale: Double          // pixels per degree of latitude
    private let cosLatitude: Double
    static let margin = 12.0
    private(set) var body = ""
    var labelLayer = ""
    /// Boxes that later labels must avoid: placed labels and city dots, in map pixels.
    var labelObstacles: [MapRect] = []
    /// The labels placed so far, in placement order.
    public internal(set) var placedLabels: [PlacedMapLabel] = []
    private var legend: [LegendEntry] = []

    struct LegendEntry: Sendable {
        enum Kind: Sendable { case area, line, point, arrow }
        var color: String
        var label: String
        var kind: Kind
        var opacity: Double
    }

    public init(box: GeoBox, widthPixels: Double = 960) {
        self.box = box
        self.widthPixels = widthPixels
        cosLatitude = cos((box.south + box.north) / 2 * .pi / 180)
        mapWidthPixels = widthPixels - 2 * Self.margin
        scale = mapWidthPixels / ((box.east - box.west) * cosLatitude)
        mapHeightPixels = (box.north - box.south) * scale
    }

    /// The map frame in map pixels: labels must stay inside it.
    var mapBounds: MapRect { MapRect(x: 0, y: 0, width: mapWidthPixels, height: mapHeightPixels) }

    @inline(__always)
    func project(_ lat: Double, _ lon: Double) -> (Double, Double) {
        var l = lon
        while l < box.west - 180 { l += 360 }
        while l > box.east + 180 { l -= 360 }
        return ((l - box.west) * cosLatitude * scale, (box.north - lat) * scale)
    }

    /// One decimal without Foundation's formatter (maps write hundreds of thousands of numbers).
    static func f(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        let magnitude = abs(tenths)
        return "\(tenths < 0 ? "-" : "")\(magnitude / 10).\(magnitude % 10)"
    }

    /// Whether a projected point lies more than 50 px outside the map frame, where paths are drawn
    /// coarsely (20 px): nothing there is visible, and 20 px of detail cannot reach back into the frame.
    @inline(__always)
    private func farOutside(_ x: Double, _ y: Double) -> Bool {
        x < -50 || y < -50 || x > mapWidthPixels + 50 || y > mapHeightPixels + 50
    }

    /// Rings as one path (even-odd fill), skipping points closer than half a pixel. With a `label`, the
    /// layer gets a legend entry (a swatch for a fill, a line for `fill: "none"`).
    public mutating func rings(_ rings: [[GeoPoint]], fill: String, stroke: String, strokeWidth: Double = 0.6, opacity: Double = 1, label: String? = nil) {
        var d = ""
        for ring in rings {
            var last: (Double, Double)?
            var previousLongitude: Double?
            for p in ring {
                var lon = p.longitude
                if let prev = previousLongitude { while lon - prev > 180 { lon -= 360 }; while lon - prev < -180 { lon += 360 } }
                previousLongitude = lon
                let (x, y) = project(p.latitude, lon)
                let step = farOutside(x, y) ? 20.0 : 0.5
                if let l = last, abs(l.0 - x) < step, abs(l.1 - y) < step { continue }
                d += last == nil ? "M\(Self.f(x)) \(Self.f(y))" : "L\(Self.f(x)) \(Self.f(y))"
                last = (x, y)
            }
            d += "Z"
        }
        body += "<path d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\" fill-opacity=\"\(opacity)\" stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\" stroke-linejoin=\"round\"/>\n"
        if let label {
            legend.append(fill == "none" ? LegendEntry(color: stroke, label: label, kind: .line, opacity: 1)
                                         : LegendEntry(color: fill, label: label, kind: .area, opacity: opacity))
        }
    }

    public mutating func points(_ points: [GeoPoint], color: String, radius: Double = 2.2, label: String) {
        var s = "<g fill=\"\(color)\" stroke=\"#222\" stroke-width=\"0.3\">"
        for p in points {
            let (x, y) = project(p.latitude, p.longitude)
            s += "<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"\(radius)\"/>"
        }
        body += s + "</g>\n"
        legend.append(LegendEntry(color: color, label: label, kind: .point, opacity: 1))
    }

    /// Arrows from each `from` to its `to`, drawn straight on the map (a display: every distance is
    /// measured on the ellipsoid), with a head at `to`; an arrow shorter than its head is drawn as its
    /// head alone, so that even a small move shows its direction. One legend entry for the layer.
    public mutating func arrows(_ arrows: [(from: GeoPoint, to: GeoPoint)], color: String, label: String) {
        var d = ""
        let head = 5.0
        for arrow in arrows {
            let (x1, y1) = project(arrow.from.latitude, arrow.from.longitude)
            let (x2, y2) = project(arrow.to.latitude, arrow.to.longitude)
            let dx = x2 - x1, dy = y2 - y1, length = (dx * dx + dy * dy).squareRoot()
            guard length > 0.05 else { continue }
            let ux = dx / length, uy = dy / length
            if length > head { d += "M\(Self.f(x1)) \(Self.f(y1))L\(Self.f(x2)) \(Self.f(y2))" }
            // The head: two barbs at ±25° behind the tip.
            let bx = x2 - head * ux, by = y2 - head * uy, wx = -uy * head * 0.47, wy = ux * head * 0.47
            d += "M\(Self.f(bx + wx)) \(Self.f(by + wy))L\(Self.f(x2)) \(Self.f(y2))L\(Self.f(bx - wx)) \(Self.f(by - wy))"
        }
        body += "<path class=\"arrows\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.1\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\n"
        legend.append(LegendEntry(color: color, label: label, kind: .arrow, opacity: 1))
    }

    /// Free text centred on a position (no collision test: prefer `placeLabels` for place names).
    public mutating func text(_ text: String, at p: GeoPoint, size: Double = 11, color: String = "#333") {
        let (x, y) = project(p.latitude, p.longitude)
        body += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-size=\"\(size)\" fill=\"\(color)\" font-family=\"\(MapTextMetrics.fontFamily)\" text-anchor=\"middle\" stroke=\"white\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\(escapeXML(text))</text>\n"
    }

    /// Where each part of the figure goes for this title and caption, in figure pixels.
    public func layout(title: String, caption: String) -> MapLayout {
        let m = Self.margin
        let textWidth = widthPixels - 2 * m
        var layout = MapLayout()
        layout.widthPixels = widthPixels
        layout.titleLines = MapTextMetrics.wrap(title, size: MapLayout.titleSize, maxWidth: textWidth, bold: true)
        layout.titleBaseline = m + MapLayout.titleSize
        let titleBottom = layout.titleBaseline + Double(layout.titleLines.count - 1) * MapLayout.titleLineHeight
        layout.frame = MapRect(x: m, y: (titleBottom + 10).rounded(), width: mapWidthPixels, height: mapHeightPixels)
        let footerTop = layout.frame.maxY + 10

        // Scale bar: a round number of km near a fifth of the map's width, along the central parallel.
        let latitude = (box.south + box.north) / 2
        let phi = latitude * .pi / 180
        let e2 = WGS84.flattening * (2 - WGS84.flattening)
        let primeVerticalMeters = WGS84.equatorialRadiusMeters / (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        let kmPerPixel = (.pi / 180) * primeVerticalMeters / 1000 / scale
        let target = mapWidthPixels / 5 * kmPerPixel
        let magnitude = pow(10, floor(log10(target)))
        layout.scaleKm = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        layout.scaleBarPixels = layout.scaleKm / kmPerPixel
        layout.scaleLatitude = latitude
        let scaleWidth = max(layout.scaleBarPixels + 36, 130)
        layout.scaleBar = MapRect(x: layout.frame.maxX - scaleWidth, y: footerTop, width: scaleWidth, height: 38)

        // Legend: entries in as many columns as fit to the left of the scale bar.
        if !legend.isEmpty {
            let available = layout.scaleBar.x - 16 - m
            let swatch = 26.0
            let widest = legend.map { MapTextMetrics.width($0.label, size: MapLayout.legendSize) }.max() ?? 0
            let columnWidth = min(available, widest + swatch + 18)
            let columns = max(1, min(legend.count, Int(available / columnWidth)))
            var y = footerTop + 4
            var rows: [MapLayout.LegendRow] = []
            for start in stride(from: 0, to: legend.count, by: columns) {
                var rowLines = 1
                for (column, entry) in legend[start..<min(start + columns, legend.count)].enumerated() {
                    let lines = MapTextMetrics.wrap(entry.label, size: MapLayout.legendSize, maxWidth: columnWidth - swatch - 12)
                    rowLines = max(rowLines, lines.count)
                    rows.append(MapLayout.LegendRow(entry: entry, lines: lines, x: m + 4 + Double(column) * columnWidth, y: y))
                }
                y += Double(rowLines) * MapLayout.legendLineHeight + 5
            }
            layout.legendRows = rows
            layout.legend = MapRect(x: m, y: footerTop, width: Double(columns) * columnWidth + 8, height: y - footerTop)
        }

        layout.captionLines = caption.isEmpty ? [] : MapTextMetrics.wrap(caption, size: MapLayout.captionSize, maxWidth: textWidth)
        let footerBottom = max(layout.scaleBar.maxY, layout.legend?.maxY ?? footerTop)
        layout.captionBaseline = footerBottom + 8 + MapLayout.captionSize
        let lastBaseline = layout.captionBaseline + Double(max(0, layout.captionLines.count - 1)) * MapLayout.captionLineHeight
        layout.heightPixels = ((layout.captionLines.isEmpty ? footerBottom : lastBaseline) + m).rounded(.up)
        return layout
    }

    /// The finished SVG: the title in a band above the map, the map clipped to its frame with the labels
    /// on top, then the legend, the scale bar and the caption (wrapped) below the frame.
    public func svg(title: String, caption: String) -> String {
        let l = layout(title: title, caption: caption)
        let f = Self.f, font = MapTextMetrics.fontFamily
        let clip = "map-clip-\(Self.identifier(title, box, widthPixels))"
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(widthPixels)) \(f(l.heightPixels))\" width=\"\(f(widthPixels))\" height=\"\(f(l.heightPixels))\" role=\"img\" aria-label=\"\(escapeXML(title))\" font-family=\"\(font)\">\n"
        s += "<title>\(escapeXML(title))</title>\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(f(widthPixels))\" height=\"\(f(l.heightPixels))\" fill=\"white\"/>\n"
        s += "<g class=\"map-title\" font-size=\"\(MapLayout.titleSize)\" font-weight=\"bold\" fill=\"#1a1a1a\">"
        for (i, line) in l.titleLines.enumerated() {
            s += "<text x=\"\(f(l.frame.x))\" y=\"\(f(l.titleBaseline + Double(i) * MapLayout.titleLineHeight))\">\(escapeXML(line))</text>"
        }
        s += "</g>\n"
        s += "<defs><clipPath id=\"\(clip)\"><rect x=\"0\" y=\"0\" width=\"\(f(mapWidthPixels))\" height=\"\(f(mapHeightPixels))\"/></clipPath></defs>\n"
        s += "<g class=\"map\" transform=\"translate(\(f(l.frame.x)) \(f(l.frame.y)))\" clip-path=\"url(#\(clip))\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(f(mapWidthPixels))\" height=\"\(f(mapHeightPixels))\" fill=\"#e2ebf2\"/>\n"
        s += body
        s += "<g class=\"labels\">\n" + labelLayer + "</g>\n"
        s += "</g>\n"
        s += "<rect class=\"map-frame\" x=\"\(f(l.frame.x))\" y=\"\(f(l.frame.y))\" width=\"\(f(l.frame.width))\" height=\"\(f(l.frame.height))\" fill=\"none\" stroke=\"#8c8c8c\" stroke-width=\"0.8\"/>\n"
        s += legendSVG(l)
        s += scaleBarSVG(l)
        if !l.captionLines.isEmpty {
            s += "<g class=\"caption\" font-size=\"\(MapLayout.captionSize)\" fill=\"#555\">"
            for (i, line) in l.captionLines.enumerated() {
                s += "<text x=\"\(f(l.frame.x))\" y=\"\(f(l.captionBaseline + Double(i) * MapLayout.captionLineHeight))\">\(escapeXML(line))</text>"
            }
            s += "</g>\n"
        }
        s += "</svg>\n"
        return s
    }

    private func legendSVG(_ l: MapLayout) -> String {
        guard let panel = l.legend else { return "" }
        let f = Self.f
        var s = "<g class=\"legend\" font-size=\"\(MapLayout.legendSize)\" fill=\"#222\">"
        s += "<rect class=\"legend-panel\" x=\"\(f(panel.x))\" y=\"\(f(panel.y))\" width=\"\(f(panel.width))\" height=\"\(f(panel.height))\" fill=\"white\"/>\n"
        for row in l.legendRows {
            let x = row.x, y = row.y, e = row.entry
            switch e.kind {
            case .point: s += "<circle cx=\"\(f(x + 9))\" cy=\"\(f(y + 7))\" r=\"4\" fill=\"\(e.color)\" stroke=\"#222\" stroke-width=\"0.4\"/>"
            case .line: s += "<line x1=\"\(f(x + 1))\" y1=\"\(f(y + 7))\" x2=\"\(f(x + 19))\" y2=\"\(f(y + 7))\" stroke=\"\(e.color)\" stroke-width=\"2.5\"/>"
            case .arrow: s += "<path d=\"M\(f(x + 1)) \(f(y + 7))L\(f(x + 19)) \(f(y + 7))M\(f(x + 14)) \(f(y + 4))L\(f(x + 19)) \(f(y + 7))L\(f(x + 14)) \(f(y + 10))\" fill=\"none\" stroke=\"\(e.color)\" stroke-width=\"1.6\"/>"
            case .area: s += "<rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"18\" height=\"12\" fill=\"\(e.color)\" fill-opacity=\"\(e.opacity)\" stroke=\"#666\" stroke-width=\"0.4\"/>"
            }
            for (i, line) in row.lines.enumerated() {
                s += "<text x=\"\(f(x + 26))\" y=\"\(f(y + 11 + Double(i) * MapLayout.legendLineHeight))\">\(escapeXML(line))</text>"
            }
            s += "\n"
        }
        return s + "</g>\n"
    }

    private func scaleBarSVG(_ l: MapLayout) -> String {
        let f = Self.f
        let bar = l.scaleBarPixels, half = bar / 2
        let x = l.scaleBar.maxX - bar - 24, y = l.scaleBar.y + 16
        let km = Int(l.scaleKm), halfKm = l.scaleKm / 2
        let halfText = halfKm == halfKm.rounded() ? String(Int(halfKm)) : text.number(halfKm, decimals: 1)
        let latitudeText = text.number(abs(l.scaleLatitude), decimals: 1) + "° " + (l.scaleLatitude >= 0 ? text("N") : text("S"))
        var s = "<g class=\"scale-bar\" font-size=\"10.5\" fill=\"#222\">"
        s += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(half))\" height=\"5\" fill=\"#222\" stroke=\"#222\" stroke-width=\"0.6\"/>"
        s += "<rect x=\"\(f(x + half))\" y=\"\(f(y))\" width=\"\(f(half))\" height=\"5\" fill=\"white\" stroke=\"#222\" stroke-width=\"0.6\"/>"
        s += "<text x=\"\(f(x))\" y=\"\(f(y - 4))\" text-anchor=\"middle\">0</text>"
        s += "<text x=\"\(f(x + half))\" y=\"\(f(y - 4))\" text-anchor=\"middle\">\(halfText)</text>"
        let kmText = "\(km)"
        s += "<text x=\"\(f(x + bar - MapTextMetrics.width(kmText, size: 10.5) / 2))\" y=\"\(f(y - 4))\">\(kmText) km</text>"
        s += "<text x=\"\(f(l.scaleBar.maxX))\" y=\"\(f(y + 17))\" text-anchor=\"end\" font-size=\"9.5\" fill=\"#666\">\(escapeXML(text("scale along {0}", latitudeText)))</text>"
        return s + "</g>\n"
    }

    /// A short stable identifier, so that several maps inline in one HTML page keep distinct clip ids.
    private static func identifier(_ title: String, _ box: GeoBox, _ width: Double) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in "\(title)|\(box.south)|\(box.north)|\(box.west)|\(box.east)|\(width)".utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return String(hash, radix: 16)
    }
}

/// Where the parts of a map figure go, in figure pixels (origin at the top left).
public struct MapLayout: Sendable {
    static let titleSize = 17.0, titleLineHeight = 21.0
    static let legendSize = 12.0, legendLineHeight = 15.0
    static let captionSize = 11.0, captionLineHeight = 14.0

    struct LegendRow: Sendable {
        var entry: MapCanvas.LegendEntry
        var lines: [String]
        var x: Double, y: Double
    }

    public internal(set) var widthPixels = 0.0
    public internal(set) var heightPixels = 0.0
    /// The map frame.
    public internal(set) var frame = MapRect(x: 0, y: 0, width: 0, height: 0)
    /// The legend panel, below the frame; nil when nothing has a legend entry.
    public internal(set) var legend: MapRect?
    /// The scale bar's block, below the frame at the right.
    public internal(set) var scaleBar = MapRect(x: 0, y: 0, width: 0, height: 0)
    /// The title and caption as wrapped.
    public internal(set) var titleLines: [String] = []
    public internal(set) var captionLines: [String] = []
    var titleBaseline = 0.0, captionBaseline = 0.0
    var scaleKm = 0.0, scaleBarPixels = 0.0, scaleLatitude = 0.0
    var legendRows: [LegendRow] = []
}

public func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
