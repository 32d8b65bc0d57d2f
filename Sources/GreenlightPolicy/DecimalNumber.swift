import GreenlightGeodesy

/// Numbers as people write them in decimal: what coordinates on standard input, in site files and in
/// scenarios may be.
///
/// C's `strtod` and Swift's `Double(String)` also read hexadecimal floats (`0x32` is 50), `inf`,
/// `nan` and `infinity`; GeographicLib's `GeodSolve` refuses them, and so does Greenlight: a value
/// that only looks like a number by accident must not become a coordinate.
public enum DecimalNumber {
    /// Whether `bytes` is a plain decimal: an optional sign, digits with at most one decimal point (at
    /// least one digit in all), and an optional exponent (`e` or `E`, an optional sign, digits).
    public static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < n, isDigit(bytes[i]) { i += 1; digits += 1 }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, isDigit(bytes[i]) { i += 1; digits += 1 }
        }
        if digits == 0 { return false }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            var exponentDigits = 0
            while i < n, isDigit(bytes[i]) { i += 1; exponentDigits += 1 }
            if exponentDigits == 0 { return false }
        }
        return i == n
    }

    /// The value of `text` when it is a plain decimal (see ``isPlain(_:)``) of finite magnitude
    /// (`1e999` is refused), else nil. Correctly rounded.
    public static func value(_ text: some StringProtocol) -> Double? {
        var text = String(text)
        return text.withUTF8 { parse($0) }
    }

    /// The correctly rounded value of `bytes` when it is a plain decimal (see ``isPlain(_:)``) of finite
    /// magnitude, else nil: the same value as `strtod`, read without it for the usual coordinate
    /// (at most 19 significant digits, no exponent), since `strtod` takes its multi-precision path for
    /// every 17-digit number and that was a tenth of a whole `geo distance` run.
    ///
    /// The usual case is read by `ExactDecimal`; exponents, longer digit strings and everything
    /// else go through `Double(String)` after the plainness check.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = ExactDecimal.value(bytes) { return value }
        return slowParse(bytes)
    }

    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard isPlain(bytes), let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
