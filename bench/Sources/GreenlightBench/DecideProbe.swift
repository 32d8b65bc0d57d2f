import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// `decide-probe --scenario FILE`: time of the explained decision and of its JSON encoding (for the server).
func runDecideProbe(_ arguments: [String]) {
    let scenario = try! ScenarioLoader.load(contentsOf: URL(fileURLWithPath: option("--scenario", in: arguments)!))
    let engine = try! PolicyEngine(scenario: scenario)
    let r = UseRequest(recipient: "UA", item: "gmlrs", use: "strike", date: CalendarDay("2024-06-10")!,
                       target: .init(point: GeoPoint(latitude: 50.6, longitude: 36.8), category: "military/artillery"),
                       launch: GeoPoint(latitude: 50.05, longitude: 36.45))
    let n = 5000
    var d: Decision!
    let decideSeconds = seconds { for _ in 0..<n { d = try! engine.decide(r) } }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var bytes = 0
    let encodeSeconds = seconds { for _ in 0..<n { bytes += try! encoder.encode(d).count } }
    let bytesSeconds = seconds { for _ in 0..<n { bytes += d.jsonBytes.count } }
    let body = Data(#"{"recipient":"UA","item":"gmlrs","use":"strike","date":"2024-06-10","target":{"lat":50.6,"lon":36.8,"category":"military/artillery"},"launch":{"lat":50.05,"lon":36.45}}"#.utf8)
    struct P: Decodable { var lat: Double; var lon: Double; var category: String? }
    struct B: Decodable { var recipient: String; var item: String; var use: String; var date: String; var target: P?; var launch: P? }
    let decodeSeconds = seconds { for _ in 0..<n { _ = try! JSONDecoder().decode(B.self, from: body) } }
    printJSON(["decide_us": decideSeconds / Double(n) * 1e6, "encode_us": encodeSeconds / Double(n) * 1e6, "decode_us": decodeSeconds / Double(n) * 1e6, "json_bytes_us": bytesSeconds / Double(n) * 1e6, "bytes": bytes / n / 2])
}
