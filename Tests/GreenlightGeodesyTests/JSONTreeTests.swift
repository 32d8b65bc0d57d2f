import Foundation
import Testing
@testable import GreenlightGeodesy

/// The byte-level JSON parser behind the GeoJSON fast path, held against Foundation's
/// `JSONSerialization` (an independent parser): the same values where both accept, nil (so the slow
/// path answers with its precise message) for everything strict JSON refuses.
@Suite struct JSONTreeTests {
    /// The tree as Foundation objects, to compare with `JSONSerialization`'s.
    static func foundation(_ t: JSONTree) -> NSObject {
        switch t {
        case let .object(members): return NSDictionary(dictionary: Dictionary(uniqueKeysWithValues: members.map { ($0.key, foundation($0.value)) }))
        case let .array(items): return NSArray(array: items.map(foundation))
        case let .numbers(xs): return NSArray(array: xs.map { NSNumber(value: $0) })
        case let .string(s): return NSString(string: s)
        case let .number(x): return NSNumber(value: x)
        case let .boolean(b): return NSNumber(value: b)
        case .null: return NSNull()
        }
    }

    @Test(arguments: [
        #"{"a": [1, -2.5e-3, 1E2, 0, -0.0], "b": "caf\u00e9 \ud83d\ude00 \n\t\"\\\/", "c": true, "d": null, "e": {}}"#,
        #"[[30.5, 50.25], [31, 51]]"#,
        #"{"name": "Київ", "nested": [[[1, 2]], [[3, 4, 5]]], "f": false}"#,
        "  \r\n {\"x\" : [ ] }  ",
    ])
    func agreesWithFoundation(_ text: String) throws {
        let data = Data(text.utf8)
        let ours = try #require(JSONTree.parse(data))
        let theirs = try JSONSerialization.jsonObject(with: data) as! NSObject
        #expect(JSONTreeTests.foundation(ours).isEqual(theirs), "\(text)")
    }

    @Test(arguments: [
        "[01]", "[0x32]", "[NaN]", "[Infinity]", "[1,]", "{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "[\"\u{01}\"]",
        "[\"\\x\"]", "[\"\\ud83d\"]", "{\"a\": 1, \"a\": 2}", "[1e400]", "[.5]", "[1.]", "[-]", "[tru]", "[1] x", "",
    ])
    func refusesWhatStrictJSONRefusesOrLeavesAmbiguous(_ text: String) {
        #expect(JSONTree.parse(Data(text.utf8)) == nil, "\(text)")
    }

    /// Numbers are correctly rounded (Python's float, an independent correctly rounded reader, gives
    /// 33.376542456402426 for this text; its bits are 0x4040B0328B0FE6E7).
    @Test func numbersAreCorrectlyRounded() throws {
        let tree = try #require(JSONTree.parse(Data("[33.376542456402426]".utf8)))
        guard case let .numbers(xs) = tree else { Issue.record("not a list of numbers"); return }
        #expect(xs == [Double(bitPattern: 0x4040B0328B0FE6E7)])
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONTree.parse(Data(deep.utf8)) == nil)
    }

    /// Every shipped border file: the fast path reads exactly what the precise slow path reads.
    @Test func shippedBordersReadTheSameOnBothPaths() throws {
        let directory = ReferenceGeography.shared.url(ofFile: "")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".geojson") }
        #expect(files.count >= 6)
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let fast = try #require(GeoJSONFastReader.read(data: data), "\(file): the fast path refused a shipped file")
            let slow = try GeoJSONReader.readPrecisely(data: data, file: file)
            #expect(fast.count == slow.count, "\(file)")
            for (a, b) in zip(fast, slow) {
                #expect(a.properties == b.properties, "\(file)")
                // Foundation's parser on Linux is not correctly rounded for many 17-digit numbers (it
                // reads 33.376542456402426 as 33.37654245640243, and is off by a few units in the last
                // place elsewhere; strtod and Python's float agree with each other, see
                // `numbersAreCorrectlyRounded`): positions must agree within 1e-12° (0.1 µm).
                let pa = a.polygons.flatMap { $0.flatMap { $0 } } + a.lines.flatMap { $0 } + a.points
                let pb = b.polygons.flatMap { $0.flatMap { $0 } } + b.lines.flatMap { $0 } + b.points
                #expect(pa.count == pb.count, "\(file)")
                let far = zip(pa, pb).filter { abs($0.latitude - $1.latitude) > 1e-12 || abs($0.longitude - $1.longitude) > 1e-12 }
                #expect(far.isEmpty, "\(file): \(far.prefix(3))")
                #expect(a.polygonLabels == b.polygonLabels && a.lineLabels == b.lineLabels, "\(file)")
            }
        }
    }
}
