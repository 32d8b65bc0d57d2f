import Foundation
import Testing
@testable import GreenlightPolicy
import GreenlightGeodesy

/// `DecimalNumber.parse` against glibc's `strtod` (an independent, correctly rounded reader): every
/// plain decimal must read as the same bits, and every other text must be refused.
@Suite struct DecimalNumberParseTests {
    private func parsed(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { DecimalNumber.parse($0) }
    }

    private func strtodValue(_ text: String) -> Double {
        text.withCString { strtod($0, nil) }
    }

    private func expectSameBits(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let ours = parsed(text)
        let reference = strtodValue(text)
        #expect(ours?.bitPattern == reference.bitPattern, "\(text): parse gave \(String(describing: ours)), strtod \(reference)", sourceLocation: sourceLocation)
    }

    @Test func randomCoordinatesOfEveryLengthReadAsStrtodReadsThem() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300_000 {
            let magnitude = [1.0, 10, 90, 180, 0.001, 1e-7][Int.random(in: 0..<6, using: &rng)]
            let value = Double.random(in: -magnitude...magnitude, using: &rng)
            // The shortest round-trip text (15–17 digits), then the same value cut to fewer or padded
            // to more decimals (up to 19 significant digits and past them, for the general path).
            let decimals = Int.random(in: 0...24, using: &rng)
            for text in ["\(value)", String(format: "%.\(decimals)f", value)] where !text.contains("e") {
                expectSameBits(text)
            }
        }
    }

    @Test func randomDigitStringsOfNineteenDigitsReadAsStrtodReadsThem() {
        // Nineteen significant digits: beyond 2^53, so every one takes the settling step.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            var digits = String(Int.random(in: 1...9, using: &rng))
            for _ in 0..<18 { digits += String(Int.random(in: 0...9, using: &rng)) }
            let point = Int.random(in: 0...19, using: &rng)
            let text = point == 19 ? digits : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            expectSameBits(text)
        }
    }

    @Test func halfwayCasesRoundToEven() {
        // 2^53 + 1 and 2^53 + 3 lie exactly halfway between two doubles; decimal expansions of
        // midpoints with few enough digits too.
        for text in ["9007199254740993", "9007199254740995", "9007199254740993.0", "18014398509481986", "18014398509481990",
                     "4503599627370496.5", "4503599627370497.5", "1.00000000000000011102230246251565404236316680908203125"] {
            expectSameBits(text)
        }
        // Integers at and around powers of two from 2^54 to 2^63 (19 digits at most): the midpoint
        // below 2^e is 2^e - 2^(e-54) (the bottom of a binade, where the spacing halves), the one
        // above 2^e + 2^(e-53), and their neighbours.
        for e in 54...63 {
            let power = UInt128(1) << UInt128(e)
            for value in [power, power - (power >> 54), power + (power >> 53), power - (power >> 54) - 1, power - (power >> 54) + 1,
                          power + (power >> 53) + 1, power + (power >> 53) - 1, power + 3 * (power >> 53)] {
                expectSameBits("\(value)")
            }
        }
    }

    @Test func signsZerosAndPointsReadAsStrtodReadsThem() {
        for text in ["0", "-0", "+0", "0.0", "-0.0", "000.000", "1.", ".5", "-.5", "+12.25", "00012.5000", "-180", "180.0000000000000000001",
                     "0.000000000000000000001", "123456789012345678901234567890", "1e3", "-2.5E-3", "45.79415356714461", "30.619413832348666"] {
            expectSameBits(text)
        }
        #expect(parsed("-0.0")?.sign == .minus)
    }

    @Test func textsThatAreNotPlainDecimalsAreRefused() {
        for text in ["", "+", "-", ".", "e5", "1e", "1e+", "0x32", "inf", "-inf", "nan", "infinity", "1.2.3", "1,5", " 1", "1 ", "1e999", "--1", "1-"] {
            #expect(parsed(text) == nil, "\(text) was read as \(String(describing: parsed(text)))")
        }
    }
}
