import Foundation
import GreenlightGeodesy

/// An SVG map: an equirectangular projection scaled by the cosine of the central latitude (faithful
/// enough at these latitudes for a display; every number Greenlight reports is measured exactly on the
/// ellipsoid, never on this picture), with helpers for rings, cells, points, a legend and a scale bar.
public struct MapCanvas {
    public let box: GeoBox
    public let widthPixels: Double
    public let heightPixels: Double
    private let scale: Double          // pixels per degree of latitude
    private let cosLatitude: Double
    private let margin = 10.0
    private(set) var body = ""
    private var legend: [(color: String, label: String, kind: String)] = []

    public init(box: GeoBox, widthPixels: Double = 960) {
        self.box = box
        cosLatitude = cos((box.south + box.north) / 2 * .pi / 180)
        self.widthPixels = widthPixels
        scale = (widthPixels - 2 * 10) / ((box.east - box.west) * cosLatitude)
        heightPixels = (box.north - box.south) * scale + 2 * 10 + 60
    }

    @inline(__always)
    func project(_ lat: Double, _ lon: Double) -> (Double, Double) {
        var l = lon
        while l < box.west - 180 { l += 360 }
        while l > box.east + 180 { l -= 360 }
        return (margin + (l - box.west) * cosLatitude * scale, margin + (box.north - lat) * scale)
    }

    private static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Rings as one path (even-odd fill), skipping points closer than half a pixel.
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
                if let l = last, abs(l.0 - x) < 0.5, abs(l.1 - y) < 0.5 { continue }
                d += last == nil ? "M\(Self.f(x)) \(Self.f(y))" : "L\(Self.f(x)) \(Self.f(y))"
                last = (x, y)
            }
            d += "Z"
        }
        body += "<path d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\" fill-opacity=\"\(opacity)\" stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\" stroke-linejoin=\"round\"/>\n"
        if let label { legend.append((fill == "none" ? stroke : fill, label, fill == "none" ? "line" : "area")) }
    }

    /// Equal-area cells as one filled path (a zone measured by the quadrature, drawn as measured).
    public mutating func cells(_ cells: [EqualAreaCell], fill: String, opacity: Double, label: String) {
        var d = ""
        for c in cells {
            let s = c.southLatitude, n = c.northLatitude
            let (x0, y0) = project(n, c.west), (x1, y1) = project(s, c.east)
            d += "M\(Self.f(x0)) \(Self.f(y0))H\(Self.f(x1))V\(Self.f(y1))H\(Self.f(x0))Z"
        }
        body += "<path d=\"\(d)\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\" stroke=\"none\" shape-rendering=\"crispEdges\"/>\n"
        legend.append((fill, label, "area"))
    }

    public mutating func points(_ points: [GeoPoint], color: String, radius: Double = 2.2, label: String) {
        var s = "<g fill=\"\(color)\" stroke=\"#222\" stroke-width=\"0.3\">"
        for p in points {
            let (x, y) = project(p.latitude, p.longitude)
            s += "<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"\(radius)\"/>"
        }
        body += s + "</g>\n"
        legend.append((color, label, "point"))
    }

    public mutating func text(_ text: String, at p: GeoPoint, size: Double = 11, color: String = "#333") {
        let (x, y) = project(p.latitude, p.longitude)
        body += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-size=\"\(size)\" fill=\"\(color)\" font-family=\"sans-serif\" text-anchor=\"middle\">\(escapeXML(text))</text>\n"
    }

    /// The finished SVG: map, legend box, scale bar and a caption.
    public func svg(title: String, caption: String) -> String {
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(widthPixels)) \(Self.f(heightPixels))\" width=\"\(Self.f(widthPixels))\" height=\"\(Self.f(heightPixels))\" role=\"img\" aria-label=\"\(escapeXML(title))\">\n"
        s += "<title>\(escapeXML(title))</title>\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Self.f(widthPixels))\" height=\"\(Self.f(heightPixels))\" fill=\"#eef3f7\"/>\n"
        s += "<g class=\"map\">\n" + body + "</g>\n"
        // Legend.
        let rowHeight = 17.0
        let legendWidth = 300.0, legendHeight = Double(legend.count) * rowHeight + 12
        let lx = widthPixels - legendWidth - margin - 4, ly = margin + 4
        s += "<g class=\"legend\" font-family=\"sans-serif\" font-size=\"12\"><rect x=\"\(Self.f(lx))\" y=\"\(Self.f(ly))\" width=\"\(legendWidth)\" height=\"\(Self.f(legendHeight))\" fill=\"white\" fill-opacity=\"0.92\" stroke=\"#999\"/>\n"
        for (i, item) in legend.enumerated() {
            let y = ly + 8 + Double(i) * rowHeight
            switch item.kind {
            case "point": s += "<circle cx=\"\(Self.f(lx + 16))\" cy=\"\(Self.f(y + 6))\" r=\"4\" fill=\"\(item.color)\" stroke=\"#222\" stroke-width=\"0.4\"/>"
            case "line": s += "<line x1=\"\(Self.f(lx + 8))\" y1=\"\(Self.f(y + 6))\" x2=\"\(Self.f(lx + 24))\" y2=\"\(Self.f(y + 6))\" stroke=\"\(item.color)\" stroke-width=\"2.5\"/>"
            default: s += "<rect x=\"\(Self.f(lx + 8))\" y=\"\(Self.f(y))\" width=\"16\" height=\"12\" fill=\"\(item.color)\" stroke=\"#666\" stroke-width=\"0.4\"/>"
            }
            s += "<text x=\"\(Self.f(lx + 32))\" y=\"\(Self.f(y + 10))\" fill=\"#222\">\(escapeXML(item.label))</text>\n"
        }
        s += "</g>\n"
        // Scale bar: a round number of km near a fifth of the width, measured at the central latitude.
        let kmPerPixel = 111.32 / scale
        let target = widthPixels / 5 * kmPerPixel
        let magnitude = pow(10, floor(log10(target)))
        let km = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let barPixels = km / kmPerPixel
        let bx = margin + 10, by = heightPixels - 48
        s += "<g class=\"scale-bar\" font-family=\"sans-serif\" font-size=\"11\"><rect x=\"\(Self.f(bx - 4))\" y=\"\(Self.f(by - 16))\" width=\"\(Self.f(barPixels + 60))\" height=\"28\" fill=\"white\" fill-opacity=\"0.85\"/>"
        s += "<rect x=\"\(Self.f(bx))\" y=\"\(Self.f(by))\" width=\"\(Self.f(barPixels / 2))\" height=\"5\" fill=\"#222\"/><rect x=\"\(Self.f(bx + barPixels / 2))\" y=\"\(Self.f(by))\" width=\"\(Self.f(barPixels / 2))\" height=\"5\" fill=\"white\" stroke=\"#222\" stroke-width=\"0.6\"/>"
        s += "<text x=\"\(Self.f(bx))\" y=\"\(Self.f(by - 4))\">0</text><text x=\"\(Self.f(bx + barPixels))\" y=\"\(Self.f(by - 4))\" text-anchor=\"middle\">\(Int(km)) km</text></g>\n"
        s += "<text x=\"\(Self.f(margin))\" y=\"\(Self.f(heightPixels - 12))\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#444\">\(escapeXML(caption))</text>\n"
        s += "</svg>\n"
        return s
    }
}

public func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
