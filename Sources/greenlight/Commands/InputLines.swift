import Foundation
import GreenlightGeodesy

/// Reads whitespace-separated numbers from standard input line by line, reporting bad lines on
/// standard error with their number (so that good lines are never lost) and remembering that the
/// input was invalid, for exit status 2.
struct NumberLines {
    let source: String
    let fieldCount: Int
    let expected: String
    private(set) var invalidLines = 0

    /// Calls `body` with the line number and the numbers of each valid line; skips blank lines and `#` comments.
    mutating func forEach(_ body: (Int, [Double]) -> Void) {
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard fields.count == fieldCount else {
                report(lineNumber, "expected \(fieldCount) numbers (\(expected)), found \(fields.count) fields"); continue
            }
            var numbers: [Double] = []
            for (k, field) in fields.enumerated() {
                guard let value = Double(field), value.isFinite else {
                    report(lineNumber, "field \(k + 1) '\(field)' is not a finite number (expected \(expected))"); break
                }
                numbers.append(value)
            }
            guard numbers.count == fieldCount else { continue }
            var bad: String?
            for k in stride(from: 0, to: fieldCount, by: 2) {
                if let problem = GeoPoint.problem(latitude: numbers[k], longitude: numbers[k + 1]) { bad = problem; break }
            }
            if let bad { report(lineNumber, bad); continue }
            body(lineNumber, numbers)
        }
    }

    private mutating func report(_ line: Int, _ message: String) {
        invalidLines += 1
        FileHandle.standardError.write(Data("\(source):\(line): \(message)\n".utf8))
    }
}
