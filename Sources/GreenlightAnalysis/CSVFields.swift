import GreenlightPolicy

/// The fields of one CSV line as RFC 4180 quotes them: what the site writer produces and the site
/// reader reads back.
///
/// A field that holds a comma or a quote is written between quotes, each quote inside doubled
/// (`"Kharkiv, ""north"""`). Blanks around a quoted field are ignored. A quoted field ends on its line.
public enum CSVFields {
    /// One field of a line and the column (1-based, in characters) where it starts.
    public struct Field: Sendable, Equatable {
        public var text: String
        public var column: Int
        /// Whether it was written between quotes (then its blanks are part of it).
        public var wasQuoted: Bool
    }

    /// `text` as a CSV field: quoted when it holds a comma, a quote or a line end.
    public static func quoted(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == comma || $0 == quote || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The fields of `line` (without its line end), unquoted. Unquoted fields keep their text as
    /// written (the caller trims them).
    public static func split(_ line: String) throws(CSVQuotingError) -> [Field] {
        let bytes = Array(line.utf8)
        let n = bytes.count
        func column(_ offset: Int) -> Int { String(decoding: bytes[0..<offset], as: UTF8.self).count + 1 }
        var fields: [Field] = []
        var i = 0
        while true {
            let start = i
            var j = i
            while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if j < n, bytes[j] == quote {
                let open = j
                var value: [UInt8] = []
                j += 1
                while true {
                    guard j < n else {
                        throw CSVQuotingError(column: column(open), message: "field \(fields.count + 1): the quote opened here is not closed on this line (a quoted field ends with \" on its line)")
                    }
                    if bytes[j] == quote {
                        if j + 1 < n, bytes[j + 1] == quote { value.append(quote); j += 2; continue }
                        j += 1
                        break
                    }
                    value.append(bytes[j])
                    j += 1
                }
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < n, bytes[j] != comma {
                    throw CSVQuotingError(column: column(j), message: "field \(fields.count + 1): expected a comma after the closing quote, found '\(EchoedText.capped(String(decoding: bytes[j...], as: UTF8.self), limit: 20))' (a quote inside a quoted field is written twice: \"\")")
                }
                fields.append(Field(text: String(decoding: value, as: UTF8.self), column: column(open), wasQuoted: true))
                i = j
            } else {
                j = i
                while j < n, bytes[j] != comma {
                    if bytes[j] == quote {
                        throw CSVQuotingError(column: column(j), message: "field \(fields.count + 1): a quote inside an unquoted field (quote the whole field, and write each quote inside it twice)")
                    }
                    j += 1
                }
                fields.append(Field(text: String(decoding: bytes[start..<j], as: UTF8.self), column: column(start), wasQuoted: false))
                i = j
            }
            guard i < n else { break }
            i += 1  // the comma
            if i == n { fields.append(Field(text: "", column: column(n), wasQuoted: false)); break }
        }
        return fields
    }

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
}

/// A CSV line whose quotes do not follow RFC 4180: the column where it goes wrong and why.
public struct CSVQuotingError: Error, Sendable {
    public var column: Int
    public var message: String
}
