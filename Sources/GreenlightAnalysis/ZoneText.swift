/// Text building blocks shared by the GeoJSON and KML zone encoders.
enum ZoneText {
    /// Text written per chunk to the output file.
    static let chunkBytes = 1 << 20

    /// Appends degrees with 9 decimals (0.1 mm), trailing zeros trimmed: `30.5`, `-0.000000001`, `180`.
    static func appendDegrees(_ x: Double, to text: inout String) {
        var n = Int64((x * 1e9).rounded())
        if n < 0 { text.append("-"); n = -n }
        text.append(String(n / 1_000_000_000))
        var fraction = n % 1_000_000_000
        guard fraction != 0 else { return }
        var digits = 9
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let shown = String(fraction)
        text.append(".")
        if shown.count < digits { text.append(String(repeating: "0", count: digits - shown.count)) }
        text.append(shown)
    }

    /// A finite number as JSON/XML text: Swift's shortest form that reads back exactly, always with a
    /// fraction or an exponent (`2.0`, `7868.25`, `1e-05`) so that GDAL types the field as Real.
    static func number(_ x: Double) -> String { String(x) }

    /// A JSON string literal, quotes included.
    static func json(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
        return out
    }

    /// Text escaped for XML content and attribute values (line breaks and tabs as character references,
    /// which parsers would otherwise normalize); characters XML 1.0 forbids are dropped.
    static func xml(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\"": out.append("&quot;")
            case "'": out.append("&apos;")
            case "\r": out.append("&#13;")
            case "\n": out.append(attribute ? "&#10;" : "\n")
            case "\t": out.append(attribute ? "&#9;" : "\t")
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
