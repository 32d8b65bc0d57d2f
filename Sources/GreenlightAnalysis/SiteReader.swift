import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// A site brought by the user (or made by `sites synth`): a point with a category and an id.
public struct Site: Sendable {
    public var point: GeoPoint
    public var category: String?
    public var id: String
    /// Where the site was read: the 1-based line and column of its CSV line or GeoJSON feature
    /// (0 for a generated site), for messages about the site itself (a duplicate id).
    public var line = 0, column = 0
}

/// Streams sites from a CSV file (`lat,lon,category[,id]`, an optional header line, `#` comments,
/// fields quoted as RFC 4180 and ``CSVFields`` write them, numbers as plain decimals) or
/// a GeoJSON FeatureCollection of Points (properties `category`, `id`), in batches, in constant memory
/// (`GeoJSONSiteStream` for GeoJSON). Errors name the file, the line (or feature) and what was expected.
///
/// A header line may name more than four columns (`lat,lon,category,id,synthetic,moved_km`, as
/// `sites synth --relocate-from` writes): lines then may have that many fields, and the columns after
/// the fourth are read by people, not here.
public struct SiteReader {
    public let url: URL
    /// Whether every site must carry its own id (matching sites between two files needs one): a CSV
    /// header without `id` as its fourth column, a line without a fourth field or a feature without an
    /// `id` property is then an error, instead of the id `line-N` or `feature-N`.
    public let requiringIds: Bool
    public static let batchSize = 65_536

    public init(url: URL, requiringIds: Bool = false) { self.url = url; self.requiringIds = requiringIds }

    /// Calls `body` with consecutive batches of sites. A CSV file is read to its end even when a line is
    /// bad, so that one run reports every bad line (`SiteFileErrors`); after the first bad line `body`
    /// is no longer called.
    public func forEachBatch(_ body: ([Site]) throws -> Void) throws {
        if url.pathExtension.lowercased() == "geojson" || url.pathExtension.lowercased() == "json" {
            try GeoJSONSiteStream(url: url, requiringIds: requiringIds).forEachBatch(body)
            return
        }
        guard let file = FileHandle(forReadingAtPath: url.path) else { throw fail(0, code: .fileUnreadable, "cannot read the file") }
        defer { try? file.close() }
        var pending = Data()
        var lineNumber = 0
        var batch: [Site] = []
        batch.reserveCapacity(SiteReader.batchSize)
        var sawData = false
        var headerChecked = false
        // Columns a header names (at least 4): lines may have up to this many fields.
        var namedColumns = 4
        var bad = SiteFileErrors(file: url.path)
        func take(line: Data) throws {
            do { try read(line: line) } catch let error as InputError { bad.add(error) }
        }
        func read(line: Data) throws {
            lineNumber += 1
            guard var text = String(validating: line, as: UTF8.self) else {
                throw fail(lineNumber, code: .invalidEncoding, "not UTF-8 text (wrong encoding?): save the file as UTF-8")
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
                do { quoted = try CSVFields.split(text) } catch { throw fail(lineNumber, column: error.column, code: .invalidSyntax, error.message) }
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
                        throw fail(lineNumber, code: .invalidType, "expected columns lat,lon,category[,id] (a header line, if any, must start with lat,lon), found '\(EchoedText.capped(trimmed, limit: 60))'")
                    }
                    if requiringIds && (names.count < 4 || names[3] != "id") {
                        throw fail(lineNumber, column: names.count >= 4 ? columns[3] : 1, code: .missingKey,
                                   "expected an id column: matching sites by id needs the header lat,lon,category,id, found '\(EchoedText.capped(trimmed, limit: 60))'")
                    }
                    namedColumns = max(4, names.count)
                    return
                }
            }
            guard fields.count >= 2 && fields.count <= namedColumns else {
                throw fail(lineNumber, code: .invalidType, namedColumns == 4 ? "expected 2 to 4 columns lat,lon,category[,id], found \(fields.count)"
                                                         : "expected 2 to \(namedColumns) columns (as the header names), found \(fields.count)")
            }
            // Plain decimals only: no hexadecimal (0x32), inf or nan, as GeographicLib's GeodSolve reads them.
            guard let lat = DecimalNumber.value(fields[0]) else {
                throw fail(lineNumber, column: columns[0], code: .invalidNumber, "expected a decimal number for lat, found '\(EchoedText.capped(fields[0]))'")
            }
            guard let lon = DecimalNumber.value(fields[1]) else {
                throw fail(lineNumber, column: columns[1], code: .invalidNumber, "expected a decimal number for lon, found '\(EchoedText.capped(fields[1]))'")
            }
            if let problem = GeoPoint.problem(latitude: lat, longitude: lon) { throw fail(lineNumber, code: .outOfRange, problem) }
            let category = fields.count >= 3 && !fields[2].isEmpty ? String(fields[2]) : nil
            if requiringIds && (fields.count < 4 || fields[3].isEmpty) {
                throw fail(lineNumber, column: fields.count >= 4 ? columns[3] : (columns.last ?? 1), code: .missingKey,
                           "expected a site id in the fourth column (lat,lon,category,id): matching sites by id needs every site's id")
            }
            let id = fields.count >= 4 && !fields[3].isEmpty ? String(fields[3]) : "line-\(lineNumber)"
            sawData = true
            batch.append(Site(point: GeoPoint(latitude: lat, longitude: lon), category: category, id: id, line: lineNumber, column: 1))
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
        if !sawData { throw fail(0, code: .emptyDocument, "empty site file: no site lines (expected lat,lon,category[,id])") }
        if !batch.isEmpty { try body(batch) }
    }

    private func fail(_ line: Int, column: Int = 1, code: InputError.Code = .invalid, _ message: String) -> InputError {
        InputError(SourceLocation(file: url.path, line: line, column: line > 0 ? column : 0), message, code: code)
    }
}
