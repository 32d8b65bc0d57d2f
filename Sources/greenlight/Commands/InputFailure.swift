import ArgumentParser
import Foundation
import GreenlightPolicy

/// Prints invalid-input problems on standard error and ends the command with exit status 2.
func exitInvalid(_ error: any Error) -> ExitCode { exitInvalid("\(error)") }

/// Prints one invalid-input problem, already worded with its option, file or field, on standard
/// error and ends the command with exit status 2.
func exitInvalid(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
    return ExitCode(2)
}

/// Loads a scenario or ends with exit status 2 and every problem found.
func loadScenario(_ path: String) throws -> Scenario {
    guard FileManager.default.fileExists(atPath: path) else { throw exitInvalid("\(path): no such file") }
    do { return try ScenarioLoader.load(contentsOf: URL(fileURLWithPath: path)) } catch { throw exitInvalid(error) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
