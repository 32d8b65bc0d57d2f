import Foundation

/// A JSON document parsed straight from its bytes, for the GeoJSON fast path: arrays of numbers (the
/// positions) are kept as flat `[Double]`, and numbers are converted correctly rounded, as
/// `Double(String)` does (`ExactDecimal`, else C's `strtod`). Only strict JSON is recognised; anything else (or nesting deeper
/// than `maximumDepth`) gives nil, and the caller takes its slow path, which names the problem.
indirect enum JSONTree {
    case object([(key: String, value: JSONTree)])
    case array([JSONTree])
    case numbers([Double])
    case string(String)
    case number(Double)
    case boolean(Bool)
    case null

    static let maximumDepth = 64

    static func parse(_ data: Data) -> JSONTree? {
        data.withUnsafeBytes { raw -> JSONTree? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var parser = Parser(bytes: base, count: raw.count)
            guard let tree = parser.value(depth: 0) else { return nil }
            parser.skipSpace()
            return parser.position == parser.count ? tree : nil
        }
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSONTree? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    private struct Parser {
        let bytes: UnsafePointer<UInt8>
        let count: Int
        var position = 0

        mutating func skipSpace() {
            while position < count {
                let c = bytes[position]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                position += 1
            }
        }

        mutating func value(depth: Int) -> JSONTree? {
            guard depth < JSONTree.maximumDepth else { return nil }
            skipSpace()
            guard position < count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true") ? .boolean(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .boolean(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number().map { .number($0) }
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard position + n <= count else { return false }
            for k in 0..<n where bytes[position + k] != word.utf8Start[k] { return false }
            position += n
            return true
        }

        mutating func object(depth: Int) -> JSONTree? {
            position += 1
            var members: [(key: String, value: JSONTree)] = []
            var keys = Set<String>()
            skipSpace()
            if position < count && bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                guard position < count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard position < count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let v = value(depth: depth + 1) else { return nil }
                // A repeated key is ambiguous: leave it to the slow path's rules.
                guard keys.insert(key).inserted else { return nil }
                members.append((key, v))
                skipSpace()
                guard position < count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                return nil
            }
        }

        mutating func array(depth: Int) -> JSONTree? {
            position += 1
            skipSpace()
            if position < count && bytes[position] == UInt8(ascii: "]") { position += 1; return .array([]) }
            // An array that starts with a number is read as a flat list of numbers (a position).
            if position < count, bytes[position] == UInt8(ascii: "-") || (bytes[position] >= 0x30 && bytes[position] <= 0x39) {
                var numbers: [Double] = []
                while true {
                    skipSpace()
                    guard let x = number() else { return nil }
                    numbers.append(x)
                    skipSpace()
                    guard position < count else { return nil }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return .numbers(numbers) }
                    return nil
                }
            }
            var items: [JSONTree] = []
            while true {
                guard let v = value(depth: depth + 1) else { return nil }
                items.append(v)
                skipSpace()
                guard position < count else { return nil }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                return nil
            }
        }

        /// A number by JSON's grammar (no hexadecimal, infinity or NaN), converted exactly by
        /// `ExactDecimal`, or by strtod when it has an exponent or more than 19 digits.
        mutating func number() -> Double? {
            let start = position
            if position < count && bytes[position] == UInt8(ascii: "-") { position += 1 }
            func digits() -> Int {
                let from = position
                while position < count && bytes[position] >= 0x30 && bytes[position] <= 0x39 { position += 1 }
                return position - from
            }
            let integer = digits()
            guard integer > 0, !(integer > 1 && bytes[position - integer] == 0x30) else { return nil }
            if position < count && bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { return nil }
            }
            if position < count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
                position += 1
                if position < count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
                guard digits() > 0 else { return nil }
            }
            let length = position - start
            // Border files are coordinates: read exactly without strtod (see ExactDecimal).
            if let value = ExactDecimal.value(UnsafeBufferPointer(start: bytes + start, count: length)) { return value }
            guard length < 64 else { return nil }
            // A NUL-terminated copy, so that strtod stops inside it.
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> Double? in
                for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
                buffer[length] = 0
                let value = strtod(buffer.baseAddress!, nil)
                return value.isFinite ? value : nil
            }
        }

        /// A string (the opening quote at the current position), with JSON's escapes decoded.
        mutating func string() -> String? {
            position += 1
            let start = position
            var plain = true
            while position < count {
                let c = bytes[position]
                if c == UInt8(ascii: "\"") { break }
                if c < 0x20 { return nil }
                if c == UInt8(ascii: "\\") { plain = false; position += 2; continue }
                position += 1
            }
            guard position < count else { return nil }
            let end = position
            position += 1
            let span = UnsafeBufferPointer(start: bytes + start, count: end - start)
            if plain { return String(validating: span, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(span.count)
            var k = 0
            while k < span.count {
                let c = span[k]
                guard c == UInt8(ascii: "\\") else { out.append(c); k += 1; continue }
                guard k + 1 < span.count else { return nil }
                let e = span[k + 1]
                k += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4(span, k) else { return nil }
                    k += 4
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        // A high surrogate must be followed by an escaped low one.
                        guard k + 6 <= span.count, span[k] == UInt8(ascii: "\\"), span[k + 1] == UInt8(ascii: "u"),
                              let low = hex4(span, k + 2), low >= 0xDC00 && low < 0xE000 else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        k += 6
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: return nil
                }
            }
            return String(validating: out, as: UTF8.self)
        }

        private func hex4(_ span: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
            guard at + 4 <= span.count else { return nil }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = span[k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v * 16 + d
            }
            return v
        }
    }
}
