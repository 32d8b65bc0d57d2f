import Foundation

/// libFuzzer entry for the server's request-body parser (`JSONValue`, Sources/GreenlightServer): every
/// input is parsed; a syntax error must name a real line and column of the input, and a document
/// that parses must parse again, to the same value, from the text written back from it (so that
/// what the parser accepts is JSON that it also reads — strings, escapes and numbers included).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestBody(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    let value: JSONValue
    do { value = try JSONValue.parse(input) } catch {
        let lines = input.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        precondition(error.line >= 1 && error.line <= lines && error.column >= 1 && error.column <= count + 1,
                     "syntax error at line \(error.line), column \(error.column) of \(lines) lines, \(count) bytes")
        return 0
    }
    // The lookups the body readers (DecideBody) make.
    for key in ["recipient", "item", "use", "date", "target", "launch"] { _ = value[key]?.kind }
    var text = ""
    JSONText.write(value, to: &text)
    let again: JSONValue
    do { again = try Array(text.utf8).withUnsafeBytes { raw throws(JSONSyntaxError) in try JSONValue.parse(raw) } } catch {
        fatalError("the text written back from a parsed document does not parse: \(error) in \(text.prefix(200))")
    }
    precondition(again == value, "the document written back parses to another value: \(text.prefix(200))")
    return 0
}

/// JSON text for a value, written here independently of the parser (RFC 8259 escapes; numbers as
/// Swift's shortest round-tripping form, which is valid JSON for every finite Double).
enum JSONText {
    static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x):
            precondition(x.isFinite, "the parser gave a non-finite number \(x)")
            out += x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .string(let s): string(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() { if i > 0 { out += "," }; write(item, to: &out) }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                string(m.key, to: &out); out += ":"; write(m.value, to: &out)
            }
            out += "}"
        }
    }

    static func string(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
