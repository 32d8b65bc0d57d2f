import Dispatch
import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Answers lines of numbers read on standard input on every core, writing the answers in input
/// order: the whole-command form of `geo distance` and `geo inverse`, where millions of points are
/// piped through.
///
/// Standard input is read in chunks of whole lines; each chunk is cut into slices answered in
/// parallel, each slice into its own buffer, and the buffers are written in order. Numbers are
/// parsed straight from the bytes by `DecimalNumber.parse` (correctly rounded, as `strtod` and
/// `Double(String)` are; plain decimals only: no hexadecimal, `inf` or `nan`, as in GeographicLib's
/// `GeodSolve`). A NUL byte is neither a separator nor part of a number.
/// Blank lines and `#` comments are skipped; a bad line is reported on standard error as
/// `SOURCE:LINE: what is wrong` (in order) and the good ones are still answered.
struct NumberLineStream {
    let source: String
    let fieldCount: Int
    let expected: String
    private(set) var invalidLines = 0

    init(source: String, fieldCount: Int, expected: String) {
        precondition(fieldCount <= 8)
        self.source = source; self.fieldCount = fieldCount; self.expected = expected
    }

    /// Bytes of one slice's answers and its problems (line number, message).
    final class Slice: @unchecked Sendable {
        var output: [UInt8] = []
        var problems: [(Int, String)] = []
    }

    private static let chunkBytes = 1 << 22
    private static let slicesPerChunk = 8

    /// Reads standard input to its end, calling `answer` (from any thread, concurrently) with the
    /// numbers of each valid line and the slice's output buffer to append the answer line to.
    mutating func run(_ answer: @escaping @Sendable (UnsafePointer<Double>, inout [UInt8]) -> Void) {
        let fields = fieldCount
        runBatches { values, out in
            for i in stride(from: 0, to: values.count, by: fields) { answer(values.baseAddress! + i, &out) }
        }
    }

    /// Reads standard input to its end, calling `answer` (from any thread, concurrently) once per
    /// slice with the numbers of its valid lines (`fieldCount` per line, in input order) and the
    /// slice's output buffer, to which it appends one answer line per input line, in order. A batch
    /// lets the caller answer in an order of its own (nearby points one after another).
    mutating func runBatches(_ answer: @escaping @Sendable (UnsafeBufferPointer<Double>, inout [UInt8]) -> Void) {
        var buffer = [UInt8]()
        var firstLine = 1
        var atEnd = false
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while !atEnd {
            // Fill to at least a chunk (or the end of the input).
            while buffer.count < Self.chunkBytes {
                let n = block.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { atEnd = true; break }
                buffer.append(contentsOf: block[0..<n])
            }
            // Whole lines only; at the end, the rest is the last line even without a newline.
            var cut = buffer.count
            if !atEnd {
                guard let lastNewline = buffer.lastIndex(of: UInt8(ascii: "\n")) else {
                    // One line longer than a chunk (no line of numbers is): refused without holding it.
                    refuseLongLine(&buffer, &atEnd, &block, line: firstLine)
                    firstLine += 1
                    continue
                }
                cut = lastNewline + 1
            }
            if cut == 0 { break }
            let lines = process(buffer, upTo: cut, firstLine: firstLine, answer)
            firstLine += lines
            buffer.removeSubrange(0..<cut)
        }
    }

    /// Reports the line that starts `buffer` and runs past it, and reads on to its end, keeping what
    /// follows in `buffer`.
    private mutating func refuseLongLine(_ buffer: inout [UInt8], _ atEnd: inout Bool, _ block: inout [UInt8], line: Int) {
        let head = String(decoding: buffer.prefix(4 * EchoedText.defaultLimit), as: UTF8.self)
        var length = buffer.count
        buffer.removeAll(keepingCapacity: true)
        while true {
            let n = block.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { atEnd = true; break }
            if let newline = block[0..<n].firstIndex(of: UInt8(ascii: "\n")) {
                length += newline
                buffer.append(contentsOf: block[(newline + 1)..<n])
                break
            }
            length += n
        }
        invalidLines += 1
        let shown = EchoedText.capped(head.prefix(EchoedText.defaultLimit), limit: EchoedText.defaultLimit)
        writeAll(2, Array("\(source):\(line): a line of \(length) bytes, not \(fieldCount) numbers (\(expected)): '\(shown)…'\n".utf8))
    }

    /// Answers the lines in `bytes[0..<end]`; returns how many lines there were.
    private mutating func process(_ bytes: [UInt8], upTo end: Int, firstLine: Int,
                                  _ answer: @escaping @Sendable (UnsafeBufferPointer<Double>, inout [UInt8]) -> Void) -> Int {
        // Line starts, then slices of about equal numbers of lines.
        var starts: [Int] = [0]
        starts.reserveCapacity(end / 16)
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < end {
                guard let hit = memchr(b.baseAddress! + i, Int32(UInt8(ascii: "\n")), end - i) else { break }
                i = b.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                if i < end { starts.append(i) }
            }
        }
        let lineCount = starts.count
        starts.append(end)
        let sliceCount = min(Self.slicesPerChunk, lineCount)
        let slices = (0..<sliceCount).map { _ in Slice() }
        let fields = fieldCount, expected = expected
        let frozenText = bytes, frozenStarts = starts
        DispatchQueue.concurrentPerform(iterations: sliceCount) { s in
            let slice = slices[s]
            let from = lineCount * s / sliceCount, to = lineCount * (s + 1) / sliceCount
            slice.output.reserveCapacity((to - from) * 32)
            var values: [Double] = []
            values.reserveCapacity((to - from) * fields)
            frozenText.withUnsafeBufferPointer { t in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 8) { numbers in
                  withUnsafeTemporaryAllocation(of: Int.self, capacity: 16) { bounds in
                    for line in from..<to {
                        let problem = Self.parse(t.baseAddress!, frozenStarts[line], frozenStarts[line + 1], fields, expected,
                                                 numbers.baseAddress!, bounds.baseAddress!)
                        switch problem {
                        case .none: values.append(contentsOf: UnsafeBufferPointer(start: numbers.baseAddress!, count: fields))
                        case .skip: break
                        case let .bad(message): slice.problems.append((firstLine + line, message))
                        }
                    }
                  }
                }
            }
            if !values.isEmpty { values.withUnsafeBufferPointer { answer($0, &slice.output) } }
        }
        for slice in slices {
            if !slice.output.isEmpty { slice.output.withUnsafeBytes { writeAll(1, $0) } }
            if !slice.problems.isEmpty {
                invalidLines += slice.problems.count
                let text = slice.problems.map { "\(source):\($0.0): \($0.1)\n" }.joined()
                writeAll(2, Array(text.utf8))
            }
        }
        return lineCount
    }

    enum LineResult { case none, skip, bad(String) }

    @inline(__always)
    private static func isSeparator(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x2C }

    /// Parses one line (`start..<end`, newline included) into `numbers`, as `NumberLines` does.
    private static func parse(_ t: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ fieldCount: Int, _ expected: String,
                              _ numbers: UnsafeMutablePointer<Double>, _ bounds: UnsafeMutablePointer<Int>) -> LineResult {
        var lo = start, hi = end
        while hi > lo && (t[hi - 1] == 0x0A || t[hi - 1] == 0x0D) { hi -= 1 }
        while lo < hi && (t[lo] == 0x20 || t[lo] == 0x09) { lo += 1 }
        while hi > lo && (t[hi - 1] == 0x20 || t[hi - 1] == 0x09) { hi -= 1 }
        if lo == hi || t[lo] == UInt8(ascii: "#") { return .skip }
        // Fields: maximal runs of non-separators.
        var found = 0
        var i = lo
        while i < hi {
            while i < hi && isSeparator(t[i]) { i += 1 }
            if i >= hi { break }
            let fieldStart = i
            while i < hi && !isSeparator(t[i]) { i += 1 }
            if found < fieldCount { bounds[2 * found] = fieldStart; bounds[2 * found + 1] = i }
            found += 1
        }
        if found != fieldCount {
            return .bad("expected \(fieldCount) numbers (\(expected)), found \(found) fields")
        }
        for k in 0..<fieldCount {
            let fieldStart = bounds[2 * k], fieldEnd = bounds[2 * k + 1]
            let field = UnsafeBufferPointer(start: t + fieldStart, count: fieldEnd - fieldStart)
            guard let value = DecimalNumber.parse(field) else {
                let what = DecimalNumber.isPlain(field) ? "a finite number" : "a decimal number"
                return .bad("field \(k + 1) '\(echo(t, fieldStart, fieldEnd))' is not \(what) (expected \(expected))")
            }
            numbers[k] = value
        }
        for k in stride(from: 0, to: fieldCount, by: 2) {
            if let problem = GeoPoint.problem(latitude: numbers[k], longitude: numbers[k + 1]) { return .bad(problem) }
        }
        return .none
    }

    /// A field as a message shows it: at most a few hundred characters (an 8 MiB token must not give an
    /// 8 MiB message).
    private static func echo(_ t: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        // Decode a little more than the cap (not the whole field), and say how long the field is.
        let shownBytes = min(end - start, 4 * EchoedText.defaultLimit + 4)
        let head = String(decoding: UnsafeBufferPointer(start: t + start, count: shownBytes), as: UTF8.self)
        if shownBytes == end - start { return EchoedText.capped(head) }
        return EchoedText.capped(head.prefix(EchoedText.defaultLimit), limit: EchoedText.defaultLimit) + "… (\(end - start) bytes in all)"
    }
}

/// Writes every byte (retrying short writes).
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 { if errno == EINTR { continue }; return }
        offset += n
    }
}

func writeAll(_ fd: Int32, _ bytes: [UInt8]) { bytes.withUnsafeBytes { writeAll(fd, $0) } }

/// Fast text for numbers in answer lines, identical to C's `%.Nf`.
enum FixedText {
    private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// Appends `value` with `decimals` digits after the point, exactly as `%.{decimals}f` prints it.
    /// Scaling by 10^decimals can move a value by one unit in its last place; that can change the
    /// rounding only next to a tie, where the exact printf path is taken instead.
    @inline(__always)
    static func append(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        if decimals > 9 { return appendPrintf(value, decimals: decimals, to: &out) }
        let scaled = abs(value) * powers[decimals]
        let rounded = scaled.rounded(.toNearestOrEven)
        if !(scaled < 9e15) || abs(abs(scaled - rounded) - 0.5) < 1e-3 {
            return appendPrintf(value, decimals: decimals, to: &out)
        }
        var n = UInt64(rounded)
        if value < 0 || (value == 0 && value.sign == .minus) { out.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            let d = raw.bindMemory(to: UInt64.self)
            repeat { d[count] = n % 10; n /= 10; count += 1 } while n > 0 || count <= decimals
            for k in stride(from: count - 1, through: 0, by: -1) {
                out.append(UInt8(ascii: "0") + UInt8(d[k]))
                if k == decimals && decimals > 0 { out.append(UInt8(ascii: ".")) }
            }
        }
    }

    static func appendPrintf(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let n = withVaList([value]) { vsnprintf(buffer.baseAddress!, 400, "%.\(decimals)f", $0) }
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: Int(n)) { out.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(min(n, 399)))) }
        }
    }

    static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
