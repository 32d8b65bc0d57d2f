import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// A site brought by the user (or made by `sites synth`): a point with a category and an id.
public struct Site: Sendable {
    public var point: GeoPoint
    public var category: String?
    public var id: String
}

/// Streams sites from a CSV file (`lat,lon,category[,id]`, an optional header line, `#` comments,
/// fields quoted as RFC 4180 and ``CSVFields`` write them, numbers as plain decimals) or
/// a GeoJSON FeatureCollection of Points (properties `category`, `id`), in batches, in constant memory
/// (`GeoJSONSiteStream` for GeoJSON). Errors name the file, the line (or feature) and what was expected.
public struct SiteReader {
    public let url: URL
    public static let batchSize = 65_536

    public init(url: URL) { self.url = url }

    /// Calls `body` with consecutive batches of sites. A CSV file is read to its end even when a line is
    /// bad, so that one run reports every bad line (`SiteFileErrors`); after the first bad line `body`
    /// is no longer called.
    public func forEachBatch(_ body: ([Site]) throws -> Void) throws {
        if url.pathExtension.lowercased() == "geojson" || url.pathExtension.lowercased() == "json" {
            try GeoJSONSiteStream(url: url).forEachBatch(body)
            return
        }
        guard let file = FileHandle(forReadingAtPath: url.path) else { throw fail(0, "cannot read the file") }
        defer { try? file.close() }
        var pending = Data()
        var lineNumber = 0
        var batch: [Site] = []
        batch.reserveCapacity(SiteReader.batchSize)
        var sawData = false
        var headerChecked = false
        var bad = SiteFileErrors(file: url.path)
        func take(line: Data) throws {
            do { try read(line: line) } catch let error as InputError { bad.add(error) }
        }
        func read(line: Data) throws {
            lineNumber += 1
            guard var text = String(validating: line, as: UTF8.self) else {
                throw fail(lineNumber, "not UTF-8 text (wrong encoding?): save the file as UTF-8")
            }
            if lineNumber == 1, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            // Trim only when needed: most lines have no surrounding blanks.
            if let first = text.utf8.first, let last = text.utf8.last,
               first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || last == 0x0D {
                text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if text.isEmpty || text.utf8.first == UInt8(ascii: "#") { return }
            // Columns are those of the text as read (after a trimmed start, if any).
            var fields: [Substring]
            var columns: [Int]
            if text.utf8.contains(UInt8(ascii: "\"")) {
                let quoted: [CSVFields.Field]
                do { quoted = try CSVFields.split(text) } catch { throw fail(lineNumber, column: error.column, error.message) }
                fields = quoted.map { Substring($0.wasQuoted ? $0.text : $0.text.trimmingCharacters(in: .whitespaces)) }
                columns = quoted.map(\.column)
            } else {
                fields = text.split(separator: ",", omittingEmptySubsequences: false)
                columns = []
                var next = 1
                for f in fields { columns.append(next); next += f.count + 1 }
                if fields.contains(where: { $0.utf8.first == 0x20 || $0.utf8.last == 0x20 || $0.utf8.first == 0x09 || $0.utf8.last == 0x09 }) {
                    fields = fields.map { Substring($0.trimmingCharacters(in: .whitespaces)) }
                }
            }
            let trimmed = text
            if !headerChecked {
                headerChecked = true
                if DecimalNumber.value(fields[0]) == nil, fields[0].first?.isLetter == true,
                   !["inf", "infinity", "nan"].contains(fields[0].lowercased()) {
                    let names = fields.map { $0.lowercased() }
                    guard names.count >= 2, names[0] == "lat" || names[0] == "latitude", names[1] == "lon" || names[1] == "longitude" || names[1] == "lng" else {
                        throw fail(lineNumber, "expected columns lat,lon,category[,id] (a header line, if any, must start with lat,lon), found '\(EchoedText.capped(trimmed, limit: 60))'")
                    }
                    return
                }
            }
            guard fields.count >= 2 && fields.count <= 4 else {
                throw fail(lineNumber, "expected 2 to 4 columns lat,lon,category[,id], found \(fields.count)")
            }
            // Plain decimals only: no hexadecimal (0x32), inf or nan, as GeographicLib's GeodSolve reads them.
            guard let lat = DecimalNumber.value(fields[0]) else {
                throw fail(lineNumber, column: columns[0], "expected a decimal number for lat, found '\(EchoedText.capped(fields[0]))'")
            }
            guard let lon = DecimalNumber.value(fields[1]) else {
                throw fail(lineNumber, column: columns[1], "expected a decimal number for lon, found '\(EchoedText.capped(fields[1]))'")
            }
            if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw fail(lineNumber, problem) }
            let category = fields.count >= 3 && !fields[2].isEmpty ? String(fields[2]) : nil
            let id = fields.count == 4 && !fields[3].isEmpty ? String(fields[3]) : "line-\(lineNumber)"
            sawData = true
            batch.append(Site(point: GeoPoint(latitude: lat, longitude: lon), category: category, id: id))
            if batch.count == SiteReader.batchSize {
                if bad.isEmpty { try body(batch) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        while true {
            let chunk = file.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try take(line: pending[start..<newline])
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { try take(line: pending) }
        if !bad.isEmpty { throw bad }
        if !sawData { throw fail(0, "empty site file: no site lines (expected lat,lon,category[,id])") }
        if !batch.isEmpty { try body(batch) }
    }

    private func fail(_ line: Int, column: Int = 1, _ message: String) -> InputError {
        InputError(SourceLocation(file: url.path, line: line, column: line > 0 ? column : 0), message)
    }
}
