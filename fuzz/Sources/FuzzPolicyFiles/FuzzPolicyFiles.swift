import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// libFuzzer entry: every input is read both as a scenario (`ScenarioLoader.load(yaml:)`, as an upload
/// is: no file references) and as a case file (`CaseFile.load`, which reads a path, so from a scratch
/// file). Any input must give a scenario or typed errors with a location — never a crash, a hang or a
/// message that echoes megabytes. A scenario that loads is also compiled into a `PolicyEngine` and asked
/// one decision, so that the fuzzer reaches the code that a loaded scenario feeds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyFiles(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    // The loaders take text; bytes that are not UTF-8 are refused before them (the CLI reads files as UTF-8).
    guard let text = String(data: bytes, encoding: .utf8) else { return 0 }
    do {
        let scenario = try ScenarioLoader.load(yaml: text, file: "fuzz.yaml")
        // One decision for the first declared recipient and item, a target inside the view's default point.
        if let engine = try? PolicyEngine(scenario: scenario),
           let recipient = scenario.stateOrder.first, let item = scenario.itemOrder.first {
            var request = UseRequest(recipient: recipient, item: item, use: "strike", date: CalendarDay("2024-09-12")!)
            request.target = .init(point: GeoPoint(latitude: 50.0, longitude: 36.0), category: nil)
            _ = try? engine.decide(request)
        }
    } catch {
        FuzzCheck.messagesAreBounded(error.errors)
    }
    do {
        try bytes.write(to: FuzzScratch.casesFile)
        _ = try CaseFile.load(contentsOf: FuzzScratch.casesFile)
    } catch let error as InputErrors {
        FuzzCheck.messagesAreBounded(error.errors)
    } catch {
        fatalError("CaseFile.load threw an untyped error: \(error)")
    }
    return 0
}

enum FuzzScratch {
    /// One scratch file per process (libFuzzer's -jobs/-fork run several).
    static let casesFile = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("greenlight-fuzz-cases-\(getpid()).yaml")
}

enum FuzzCheck {
    /// Each message is capped (InputError.maximumMessageLength plus its location), whatever the input echoes.
    static func messagesAreBounded(_ errors: [InputError]) {
        precondition(!errors.isEmpty, "a load failed with no error")
        for e in errors {
            precondition(e.message.utf8.count <= InputError.maximumMessageLength + 16, "message of \(e.message.utf8.count) bytes")
        }
    }
}
