/// Estimated widths of text in the maps' sans-serif font (Helvetica / Arial / Liberation Sans), for
/// wrapping and label collision tests. SVG has no font metrics before rendering, so the estimate is
/// per character class and errs on the wide side: a label's box is never smaller than its text.
enum MapTextMetrics {
    static let fontFamily = "Helvetica, Arial, 'Liberation Sans', sans-serif"

    /// Width in pixels of `text` at `size` pixels, with `letterSpacing` pixels after each character
    /// but the last.
    static func width(_ text: String, size: Double, bold: Bool = false, letterSpacing: Double = 0) -> Double {
        var em = 0.0
        for c in text {
            switch c {
            case " ": em += 0.28
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "’", "!", "|": em += 0.28
            case "f", "t", "r", "(", ")", "[", "]", "-", "/": em += 0.36
            case "m", "w": em += 0.84
            case "M", "W": em += 0.88
            case "0"..."9": em += 0.56
            case "A"..."Z": em += 0.70
            case "a"..."z": em += 0.56
            default: em += c.isUppercase ? 0.72 : 0.6
            }
        }
        let count = Double(text.count)
        return em * size * (bold ? 1.1 : 1.0) * 1.04 + letterSpacing * max(0, count - 1)
    }

    /// Words of `text` greedily packed into lines no wider than `maxWidth`; explicit newlines are kept.
    /// A single word wider than the line gets a line of its own.
    static func wrap(_ text: String, size: Double, maxWidth: Double, bold: Bool = false) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if line.isEmpty || width(candidate, size: size, bold: bold) <= maxWidth { line = candidate }
                else { lines.append(line); line = String(word) }
            }
            lines.append(line)
        }
        return lines
    }
}
