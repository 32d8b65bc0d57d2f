import Foundation
import Testing
import GreenlightAnalysis
@testable import GreenlightServer

/// The decide endpoint's JSON parser, against Foundation's JSONSerialization as the reference: the
/// same values for valid documents (hand-written edge cases and random ones), rejection of invalid ones.
@Suite struct JSONValueTests {
    func parse(_ text: String) throws -> JSONValue {
        try Array(text.utf8).withUnsafeBytes { raw in try JSONValue.parse(raw) }
    }

    /// JSONSerialization's result in the parser's terms.
    func reference(_ object: Any) -> JSONValue {
        switch object {
        case is NSNull: return .null
        case let n as NSNumber where String(cString: n.objCType) == "c": return .bool(n.boolValue)
        case let n as NSNumber: return .number(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(reference))
        case let o as [String: Any]: return .object(o.keys.sorted().map { ($0, reference(o[$0]!)) })
        default: fatalError("unexpected \(type(of: object))")
        }
    }

    /// Object members sorted by key (JSONSerialization's dictionaries have no order).
    func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .array(let a): return .array(a.map(sorted))
        case .object(let m):
            var last: [String: JSONValue] = [:]
            for (k, x) in m { last[k] = sorted(x) }
            return .object(last.keys.sorted().map { ($0, last[$0]!) })
        default: return v
        }
    }

    func agreesWithFoundation(_ text: String) throws {
        let ours = try parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(sorted(ours) == reference(theirs), "\(text)")
    }

    @Test func validDocumentsReadAsFoundationReadsThem() throws {
        for text in [
            #"{"recipient":"UA","item":"gmlrs","use":"strike","date":"2024-06-10","target":{"lat":50.6,"lon":36.8,"category":"military/artillery"}}"#,
            #" { "a" : [ 1 , -2.5e3 , 0 , 0.125 , 1E-7 , true , false , null ] , "b" : { } , "c" : [ ] } "#,
            #"{"esc":"quote \" back \\ slash \/ b\b f\f n\n r\r t\t u\u00e9 \u0000 pair \ud83d\ude80"}"#,
            #"{"utf8":"Харків «border» 🛰️","dup":1,"dup":2}"#,
            #"[[[[[[[[[[["deep"]]]]]]]]]]]"#,
            #"-0"#, #"123456789012345678"#, #""lone string""#,
        ] {
            try agreesWithFoundation(text)
        }
    }

    /// Random documents written by an independent writer here (random whitespace, escapes, `\\u`
    /// escapes with surrogate pairs, shortest round-trip numbers) read back to the values they were
    /// written from. (Foundation is not the reference for numbers: on Linux it misreads some doubles
    /// in the last digit, e.g. 2.4506149291992188.)
    @Test func randomDocumentsReadBackToTheirValues() throws {
        var rng = SplitMix64(seed: 42)
        func space() -> String { ["", " ", "\n  ", "\t"][Int(rng.next() % 4)] }
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += rng.next() % 2 == 0 ? "\\n" : "\\u000A"
                case _ where scalar.value < 0x20: out += "\\u" + String(format: "%04x", scalar.value)
                case _ where scalar.value > 0x7F && rng.next() % 2 == 0:
                    for unit in String(scalar).utf16 { out += "\\u" + String(format: "%04X", unit) }
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        func document(_ depth: Int) -> (JSONValue, String) {
            switch rng.next() % (depth > 3 ? 4 : 6) {
            case 0: return (.null, "null")
            case 1: let b = rng.next() % 2 == 0; return (.bool(b), b ? "true" : "false")
            case 2:
                let x = Double(Int64(bitPattern: rng.next()) % 1_000_000_000) * [1, 1e-9, 1e-300, 1e290][Int(rng.next() % 4)] / Double(1 << (rng.next() % 30))
                return (.number(x), "\(x)")
            case 3:
                let alphabet = Array("aZ09 \"\\/\n\t\u{01}\u{1F}é€🛰Ж")
                let s = String((0..<(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
                return (.string(s), quoted(s))
            case 4:
                let items = (0..<(rng.next() % 5)).map { _ in document(depth + 1) }
                return (.array(items.map(\.0)), "[" + space() + items.map { $0.1 }.joined(separator: space() + "," + space()) + space() + "]")
            default:
                let members = (0..<(rng.next() % 5)).map { k in ("k\(k)\(rng.next() % 3 == 0 ? "\"é🛰" : "")", document(depth + 1)) }
                return (.object(members.map { ($0.0, $0.1.0) }),
                        "{" + space() + members.map { quoted($0.0) + space() + ":" + space() + $0.1.1 }.joined(separator: "," + space()) + space() + "}")
            }
        }
        for _ in 0..<3000 {
            let (value, text) = document(0)
            #expect(try parse(space() + text + space()) == value, "\(text)")
        }
    }

    @Test func invalidDocumentsAreRejectedWithLineAndColumn() throws {
        for (text, line, column) in [
            ("{\"a\":1,}", 1, 8), ("{\"a\" 1}", 1, 6), ("[1 2]", 1, 4), ("{\n  \"a\": tru\n}", 2, 8), ("\"open", 1, 6),
            ("{\"a\":\"ctl\u{01}\"}", 1, 10), ("[01]", 1, 3), ("[1.]", 1, 4), ("[\"\\x\"]", 1, 4), ("[\"\\ud800\"]", 1, 9),
            ("", 1, 1), ("{} x", 1, 4), ("[1e999]", 1, 2), (String(repeating: "[", count: 100), 1, 65),
        ] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try parse(text) }
            do { _ = try parse(text) } catch let error as JSONSyntaxError {
                #expect(error.line == line && error.column == column, "\(text.debugDescription): \(error)")
            }
        }
        // Invalid UTF-8 inside a string is an error, not silently replaced.
        let bad: [UInt8] = Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(throws: JSONSyntaxError.self) { try bad.withUnsafeBytes { try JSONValue.parse($0) } }
    }
}
