import Foundation
import GreenlightPolicy

/// Small multiples of a permitted history: one panel per interval, all on the same extent with the
/// same legend, in reading order.
public enum HistoryMap {
    public static func svg(_ history: PermittedHistory, title: String, panelWidthPixels: Double = 440) -> String {
        let panels = zip(history.rows, history.zones).map { row, z in
            ReachMap.draw(z.analysis, zones: z.zones, sites: [], title: "\(row.from) to \(row.until): \(grouped(row.permittedKm2)) km² permitted",
                          widthPixels: panelWidthPixels)
        }
        let columns = panels.count <= 4 ? 2 : 3
        let gap = 12.0, top = 40.0
        let heights = panels.map(height(of:))
        let rowHeight = (heights.max() ?? 0) + gap
        let rows = (panels.count + columns - 1) / columns
        let width = Double(columns) * (panelWidthPixels + gap) + gap
        let totalHeight = top + Double(rows) * rowHeight + gap
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(totalHeight))\" width=\"\(Int(width))\" height=\"\(Int(totalHeight))\" role=\"img\" aria-label=\"\(escapeXML(title))\" font-family=\"sans-serif\">"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/><text x=\"\(gap)\" y=\"26\" font-size=\"17\" font-weight=\"bold\">\(escapeXML(title))</text>"
        for (i, panel) in panels.enumerated() {
            let x = gap + Double(i % columns) * (panelWidthPixels + gap), y = top + Double(i / columns) * rowHeight
            s += "<g transform=\"translate(\(x),\(y))\">\(panel)</g>"
        }
        return s + "</svg>"
    }

    /// The height attribute of a panel's outer svg element.
    static func height(of svg: String) -> Double {
        guard let open = svg.range(of: ">"), let h = svg[..<open.lowerBound].range(of: "height=\"") else { return 0 }
        let rest = svg[h.upperBound...]
        return Double(rest.prefix { $0 != "\"" }) ?? 0
    }
}
