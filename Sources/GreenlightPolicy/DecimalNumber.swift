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
        let plain = text.withUTF8 { isPlain($0) }
        guard plain, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The correctly rounded value of `bytes` when it is a plain decimal (see ``isPlain(_:)``) of finite
    /// magnitude, else nil: the same value as `strtod`, read without it for the usual coordinate
    /// (at most 19 significant digits, no exponent), since `strtod` takes its multi-precision path for
    /// every 17-digit number and that was a tenth of a whole `geo distance` run.
    ///
    /// m / 10^k is first approximated in floating point (within about one unit in the last place),
    /// then settled exactly: it is compared with the midpoints to the neighbouring doubles in 128-bit
    /// integers and moved until it lies between them (ties to even, as `strtod` rounds).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        var i = 0
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { negative = bytes[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0, digits = 0, decimals = 0
        var sawPoint = false
        while i < n {
            let c = bytes[i]
            if isDigit(c) {
                digits += 1
                if sawPoint { decimals += 1 }
                if mantissa != 0 || c != UInt8(ascii: "0") {
                    significant += 1
                    if significant > 19 { return slowParse(bytes) }
                    mantissa = mantissa * 10 + UInt64(c - UInt8(ascii: "0"))
                }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                // An exponent, or not a plain decimal at all: the general path decides.
                return slowParse(bytes)
            }
            i += 1
        }
        if digits == 0 { return nil }
        guard let magnitude = exactQuotient(mantissa, decimals) else { return slowParse(bytes) }
        return negative ? -magnitude : magnitude
    }

    /// m / 10^k correctly rounded, or nil when the settling step would not fit in 128 bits.
    private static func exactQuotient(_ m: UInt64, _ k: Int) -> Double? {
        if m == 0 { return 0 }
        // Both exact, one correctly rounded operation (Clinger's fast path).
        if m < 1 << 53 && k <= 22 { return k == 0 ? Double(m) : Double(m) / exactPowersOfTen[k] }
        guard k <= 19 else { return nil }
        let scale = UInt128(integerPowersOfTen[k])
        var x = Double(m) / exactPowersOfTen[k]
        let mBits = 64 - m.leadingZeroBitCount
        // v ? c·2^f, for v = m / 10^k: compare m·2^-f with c·10^k (f ≤ 0 here).
        func compare(_ c: UInt64, _ f: Int) -> Int? {
            guard f <= 0, mBits - f <= 127 else { return nil }
            let left = UInt128(m) << UInt128(-f), right = UInt128(c) * scale
            return left < right ? -1 : (left > right ? 1 : 0)
        }
        for _ in 0..<4 {
            guard x.isNormal else { return nil }
            let significand = x.significandBitPattern | (1 << 52)
            let e = Int(x.exponent) - 52
            // Midpoints to the neighbours: (2M + 1)·2^(e-1) above; below, (2M - 1)·2^(e-1), or
            // (4M - 1)·2^(e-2) at the bottom of a binade, where the neighbour below is half as far.
            guard let above = compare(2 * significand + 1, e - 1) else { return nil }
            if above > 0 { x = x.nextUp; continue }
            if above == 0 { return significand & 1 == 0 ? x : x.nextUp }
            let atBinadeBottom = x.significandBitPattern == 0
            guard let below = atBinadeBottom ? compare(4 * significand - 1, e - 2) : compare(2 * significand - 1, e - 1) else { return nil }
            if below < 0 { x = x.nextDown; continue }
            if below == 0 { return significand & 1 == 0 ? x : x.nextDown }
            return x
        }
        return nil
    }

    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard isPlain(bytes), let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }
    private static let integerPowersOfTen: [UInt64] = (0...19).map { k in (0..<k).reduce(UInt64(1)) { r, _ in r * 10 } }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
