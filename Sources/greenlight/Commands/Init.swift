import ArgumentParser
import Foundation
import GreenlightAnalysis

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter scenario.yaml and cases.yaml into a folder.",
        discussion: """
            The starter's facts are illustrative (real borders, made-up product and policies); it validates and checks as written. Existing files are never overwritten (exit 2). The format is described in docs/scenario-format.md.

              greenlight init my-study && greenlight validate my-study/scenario.yaml && greenlight check my-study/cases.yaml
            """
    )

    @Argument(help: "The folder to write into (created when missing).")
    var directory: String

    func run() throws {
        let urls: [URL]
        do { urls = try StarterScenario.write(into: URL(fileURLWithPath: directory)) } catch { throw exitInvalid(error) }
        for url in urls { print("wrote \(url.path)") }
        print("next: greenlight validate \(urls[0].path) && greenlight check \(urls[1].path)")
    }
}
