/// The exact reading of the decimals that coordinates are written as, without `strtod`: an optional
/// sign, digits with at most one decimal point, at most 19 significant digits, no exponent. `strtod`
/// takes its multi-precision path for every 17-digit number, which was a tenth of a whole
/// `geo distance` run and a share of every border file's reading.
///
/// m / 10^k is first approximated in floating point (within about one unit in the last place), then
/// settled exactly: it is compared with the midpoints to the neighbouring doubles in 128-bit integers
/// and moved until it lies between them (ties to even, as `strtod` rounds). Tested bit for bit
/// against `strtod` (DecimalNumberParseTests).
public enum ExactDecimal {
    /// The correctly rounded value of `bytes`, or nil when they are not of the form above (the caller
    /// then reads them its general way, or refuses them).
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        var i = 0
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { negative = bytes[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0, digits = 0, decimals = 0
        var sawPoint = false
        while i < n {
            let c = bytes[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
                if sawPoint { decimals += 1 }
                if mantissa != 0 || c != UInt8(ascii: "0") {
                    significant += 1
                    if significant > 19 { return nil }
                    mantissa = mantissa * 10 + UInt64(c - UInt8(ascii: "0"))
                }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                // An exponent, or not a plain decimal at all: the caller's general path decides.
                return nil
            }
            i += 1
        }
        if digits == 0 { return nil }
        guard let magnitude = exactQuotient(mantissa, decimals) else { return nil }
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

    private static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }
    private static let integerPowersOfTen: [UInt64] = (0...19).map { k in (0..<k).reduce(UInt64(1)) { r, _ in r * 10 } }
}
