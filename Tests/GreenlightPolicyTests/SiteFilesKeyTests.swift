import Foundation
import Testing
@testable import GreenlightPolicy

/// `site_files:` (the report's sites that moved): its paths are relative to the scenario and follow
/// the rules of every file reference (local, confined to a data directory, or refused).
@Suite struct SiteFilesKeyTests {
    static let yaml = """
        greenlight: 1
        site_files: {before: sites/before.csv, after: sites/after.csv, synthetic: true}
        """

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-site-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sites"), withIntermediateDirectories: true)
        for name in ["before", "after"] { try Data("0,0,military,a\n".utf8).write(to: dir.appendingPathComponent("sites/\(name).csv")) }
        try Data(Self.yaml.utf8).write(to: dir.appendingPathComponent("scenario.yaml"))
        return dir
    }

    @Test func pathsAreRelativeToTheScenario() throws {
        let dir = try folder()
        let s = try ScenarioLoader.load(contentsOf: dir.appendingPathComponent("scenario.yaml"))
        let files = try #require(s.siteFiles)
        #expect(files.before.standardizedFileURL.path == dir.appendingPathComponent("sites/before.csv").standardizedFileURL.path)
        #expect(files.after.lastPathComponent == "after.csv" && files.afterPath == "sites/after.csv" && files.synthetic)
        #expect(files.location.line == 2)
        // Without the key: none.
        #expect(try ScenarioLoader.load(yaml: "greenlight: 1\n", file: "x.yaml").siteFiles == nil)
        let declared = try ScenarioLoader.load(yaml: Self.yaml.replacingOccurrences(of: "synthetic: true", with: "synthetic: false"), file: "x.yaml",
                                               fileReferences: .local(directory: dir))
        #expect(declared.siteFiles?.synthetic == false)
    }

    @Test func aMissingLocalFileIsAWarning() throws {
        let dir = try folder()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sites/after.csv"))
        let s = try ScenarioLoader.load(contentsOf: dir.appendingPathComponent("scenario.yaml"))
        #expect(s.siteFiles?.after.lastPathComponent == "after.csv")
        #expect(s.warnings.count == 1)
        #expect(s.warnings.first.map { $0.location.line == 2 && $0.message.hasPrefix("warning: site_files after 'sites/after.csv': no such readable file") } == true, "\(s.warnings)")
    }

    @Test func confinedReferencesStayInTheDataDirectory() throws {
        let dir = try folder()
        let inside = try ScenarioLoader.load(yaml: Self.yaml, file: "upload.yaml", fileReferences: .confined(to: dir))
        #expect(inside.siteFiles?.beforePath == "sites/before.csv")
        // A reference the reader may not follow is a warning and the key is dropped: a server writes no
        // reports, and an upload of the flagship must not fail on it; nothing outside is ever read.
        for (yaml, what) in [(Self.yaml.replacingOccurrences(of: "sites/before.csv", with: "../before.csv"), "leaves the directory"),
                             (Self.yaml.replacingOccurrences(of: "sites/before.csv", with: dir.appendingPathComponent("sites/before.csv").path), "absolute")] {
            let s = try ScenarioLoader.load(yaml: yaml, file: "upload.yaml", fileReferences: .confined(to: dir))
            #expect(s.siteFiles == nil, "\(what)")
            let w = try #require(s.warnings.first { $0.code == .fileReferenceRefused }, "\(what): \(s.warnings)")
            #expect(w.location.line == 2 && w.message.contains("site_files before") && w.message.contains("may not leave it"), "\(what): \(w)")
            // The message names the path as written, never where the data directory is.
            if what == "leaves the directory" { #expect(!w.message.contains(dir.path), "\(w)") }
        }
        let none = try ScenarioLoader.load(yaml: Self.yaml, file: "upload.yaml", fileReferences: .none)
        #expect(none.siteFiles == nil && none.warnings.contains { $0.code == .fileReferenceRefused && $0.message.contains("reads no files") }, "\(none.warnings)")
    }

    @Test func faultsElsewhereAreStillReportedBesideIt() throws {
        // One run shows every mistake: an error in site_files and one in the states.
        let yaml = "greenlight: 1\nstates: {us: {name: x}}\nsite_files: {before: a.csv, after: a.csv, synthetic: true}\n"
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "x.yaml", fileReferences: .none)
            Issue.record("accepted")
        } catch {
            #expect(error.errors.contains { $0.location.line == 3 && $0.message.contains("as both before and after") }, "\(error)")
            #expect(error.errors.contains { $0.location.line == 2 }, "\(error)")
        }
    }
}
