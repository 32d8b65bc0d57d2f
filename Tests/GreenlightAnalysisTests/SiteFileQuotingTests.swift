import Foundation
import Testing
@testable import GreenlightAnalysis
import GreenlightPolicy

/// Issue 13's reproducers for site CSV files: hexadecimal floats (`0x32`), `inf`/`nan` and NUL bytes
/// were read as numbers, and the RFC 4180 quotes that the site writer itself produces were not read
/// back. Numbers are plain decimals as GeographicLib's GeodSolve reads them; quoting is RFC 4180's.
@Suite struct SiteFileQuotingTests {
    func read(_ text: String) throws -> (sites: [Site], error: InputError?) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-quoting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("sites.csv")
        try Data(text.utf8).write(to: url)
        var sites: [Site] = []
        do { try SiteReader(url: url).forEachBatch { sites += $0 } } catch let e as InputError { return (sites, e) } catch let e as SiteFileErrors {
            #expect(e.errors.count == 1, "\(e)")
            return (sites, e.errors.first)
        }
        return (sites, nil)
    }

    @Test(arguments: ["0x32", "0X1p4", "inf", "-inf", "nan", "infinity", "1e999", "5\u{0}0", "1_000", "+-5", "5e", "."])
    func onlyPlainDecimalsAreNumbers(_ lat: String) throws {
        let result = try read("lat,lon,category\n50,36,military\n\(lat),36.5,military\n")
        let error = try #require(result.error, "\(lat) was read as \(result.sites.last?.point.latitude ?? .nan)")
        #expect(error.location.line == 3 && error.location.column == 1, "\(error)")
        #expect(error.message.contains("expected a decimal number for lat"), "\(error)")
        #expect(!error.message.contains("\u{0}"), "a NUL is shown escaped")
    }

    @Test func decimalsAsPeopleWriteThem() throws {
        for (text, value) in [("50", 50.0), ("-50.25", -50.25), ("+5", 5), (".5", 0.5), ("5.", 5), ("1e1", 10), ("2.5E-1", 0.25)] {
            #expect(DecimalNumber.value(text) == value, "\(text)")
        }
        for text in ["0x32", "inf", "nan", "", "-", "e5", "1e", "1e+", " 5", "5 ", "5\u{0}", "1,5", "١٢"] {
            #expect(DecimalNumber.value(text) == nil, "\(text)")
        }
    }

    @Test func whatTheWriterQuotesReadsBack() throws {
        let awkward = ["Kharkiv, north", "the \"depot\"", "\"", ",", "\"\"", "a,\"b\",c", " padded ", "plain", ""]
        // Each field as the site writer quotes it, in a line of the reader's columns.
        for (i, text) in awkward.enumerated() {
            let line = "50,36,\(CSVFields.quoted("military/\(text)")),\(CSVFields.quoted("id-\(i) \(text)"))"
            #expect(try CSVFields.split(line).map(\.text) == ["50", "36", "military/\(text)", "id-\(i) \(text)"], "\(line)")
        }
        let result = try read("lat,lon,category,id\n50,36,military,\"Kharkiv, \"\"north\"\"\"\n 50.5 , 36.5 , \"military\" ,\"b\"\n")
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.sites.map(\.id) == ["Kharkiv, \"north\"", "b"])
        #expect(result.sites.map(\.category) == ["military", "military"])
    }

    @Test func malformedQuotingNamesLineAndColumn() throws {
        let cases: [(line: String, column: Int, says: String)] = [
            ("50,36,military,\"open", 16, "not closed"),
            ("50,36,\"military\"x,a", 17, "expected a comma after the closing quote"),
            ("50,36,mili\"tary,a", 11, "a quote inside an unquoted field"),
            ("\"50\"\"\",36,military", 1, "expected a decimal number for lat"),
        ]
        for c in cases {
            let result = try read("lat,lon,category,id\n\(c.line)\n")
            let error = try #require(result.error, "\(c.line)")
            #expect(error.location.line == 2 && error.location.column == c.column, "\(c.line): \(error)")
            #expect(error.message.contains(c.says), "\(c.line): \(error)")
        }
    }

    @Test func echoedValuesAreCapped() throws {
        let huge = String(repeating: "9x", count: 500_000)
        let error = try #require(try read("lat,lon\n\(huge),36\n").error)
        #expect(error.message.count < 400, "\(error.message.count) characters")
        #expect(error.message.contains("… (1000000 characters in all)"), "\(error.message.suffix(80))")
        #expect(EchoedText.capped("short") == "short")
        #expect(EchoedText.capped("a\u{1B}[31mb") == "a\\u{1b}[31mb")
    }
}
