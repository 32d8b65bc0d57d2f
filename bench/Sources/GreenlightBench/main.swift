import Foundation
import GreenlightGeodesy
import GreenlightPolicy

// The Swift side of the benchmarks in bench/: prints one JSON object that the drivers compare with
// their peers (bench/geo, bench/policy). Timings use a monotonic clock around the measured loops only.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("greenlight-bench: \(message)\n".utf8))
    exit(2)
}

func printJSON(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "geo": runGeoBenchmark(arguments)
case "policy": runPolicyBenchmark(arguments)
case "reach-probe": runReachProbe(arguments)
case "zones-probe": runZonesProbe(arguments)
case "decide-probe": runDecideProbe(arguments)
case "audit-fill": await runAuditFill(arguments)
default: fail("usage: greenlight-bench geo --points FILE [--subset K] | policy --scenario FILE --requests FILE [--repeat R] | zones-probe --scenario FILE --item ID --date D [--within AREA] | audit-fill --database PATH|URL --records N [--batch B]")
}
