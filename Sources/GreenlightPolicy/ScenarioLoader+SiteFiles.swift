import Foundation

extension ScenarioLoader {
    /// The keys of `site_files:`.
    static let siteFilesKeys: Set = ["before", "after", "synthetic"]
}

extension ScenarioLoader.Context {
    /// The scenario's `site_files: {before: PATH, after: PATH, synthetic: true|false}`, or nil when it
    /// has none. Each path must be one the scenario may refer to (``FileReferences``); the files are
    /// read by the report. A local file that does not exist (yet) is a warning, not an error: the
    /// scenario stays usable, `sites synth --scenario` can write the files, and `validate --strict`
    /// and the report refuse it. Errors are recorded, as for every other key.
    mutating func siteFiles(in root: YAMLValue) -> ScenarioSiteFiles? {
        // The top level's own faults (not a mapping, unknown keys) are reported by `scenario(_:)`.
        guard let top = try? root.mapping("the scenario"), let entry = top.first(where: { $0.key == "site_files" }), !entry.value.isNull else { return nil }
        return attempt { (c: inout ScenarioLoader.Context) throws(InputError) in try c.siteFiles(entry.value, key: entry.keyValue) }
    }

    mutating func siteFiles(_ value: YAMLValue, key: YAMLValue) throws(InputError) -> ScenarioSiteFiles {
        let f = try value.fields("site_files", allowed: ScenarioLoader.siteFilesKeys, required: ["before", "after", "synthetic"])
        let beforeValue = try f.required("before"), afterValue = try f.required("after")
        let beforePath = try beforeValue.nonEmptyText("a site file path (CSV or GeoJSON)")
        let afterPath = try afterValue.nonEmptyText("a site file path (CSV or GeoJSON)")
        let syntheticValue = try f.required("synthetic")
        let syntheticText = try syntheticValue.text("synthetic: true or false")
        guard syntheticText == "true" || syntheticText == "false" else {
            throw syntheticValue.fail("expected synthetic: true or false (whether the sites are synthetic, which the report says), found '\(EchoedText.capped(syntheticText))'")
        }
        if beforePath == afterPath { throw afterValue.fail("site_files names '\(EchoedText.capped(afterPath))' as both before and after: give two files") }
        let before = try locate(beforePath, at: beforeValue, key: "before")
        let after = try locate(afterPath, at: afterValue, key: "after")
        return ScenarioSiteFiles(before: before, after: after, beforePath: beforePath, afterPath: afterPath,
                                 synthetic: syntheticText == "true", location: key.location)
    }

    /// A site file's location, as the scenario's file references allow.
    mutating func locate(_ path: String, at value: YAMLValue, key: String) throws(InputError) -> URL {
        do {
            let url = try fileReferences.locate(path).url
            if !FileManager.default.isReadableFile(atPath: url.path) {
                warnings.append(value.fail("warning: site_files \(key) '\(EchoedText.capped(path))': no such readable file (\(url.path)); the report's section on sites that moved needs it"))
            }
            return url
        } catch {
            var refused = value.fail("site_files \(key) \(error)")
            refused.code = error.code == .refused ? .fileReferenceRefused : .invalid
            throw refused
        }
    }
}
