import Foundation

extension ScenarioLoader {
    /// The keys of `site_files:`.
    static let siteFilesKeys: Set = ["before", "after", "synthetic"]
}

extension ScenarioLoader.Context {
    /// The scenario's `site_files: {before: PATH, after: PATH, synthetic: true|false}`, or nil when it
    /// has none. Each path must be one the scenario may refer to (``FileReferences``); the files are
    /// read by the report only. Two faults are warnings, not errors, so that the scenario stays usable
    /// for everything else: a local file that does not exist (yet: `sites synth --scenario` can write
    /// it; `validate --strict` and the report refuse it), and a reference the reader may not follow (a
    /// server, which writes no reports: the key is then dropped and nothing is read). Errors are
    /// recorded, as for every other key.
    mutating func siteFiles(in root: YAMLValue) -> ScenarioSiteFiles? {
        // The top level's own faults (not a mapping, unknown keys) are reported by `scenario(_:)`.
        guard let top = try? root.mapping("the scenario"), let entry = top.first(where: { $0.key == "site_files" }), !entry.value.isNull else { return nil }
        return attempt { (c: inout ScenarioLoader.Context) throws(InputError) in try c.siteFiles(entry.value, key: entry.keyValue) } ?? nil
    }

    mutating func siteFiles(_ value: YAMLValue, key: YAMLValue) throws(InputError) -> ScenarioSiteFiles? {
        let f = try value.fields("site_files", allowed: ScenarioLoader.siteFilesKeys, required: ["before", "after", "synthetic"])
        let beforeValue = try f.required("before"), afterValue = try f.required("after")
        let beforePath = try beforeValue.nonEmptyText("a site file path (CSV or GeoJSON)")
        let afterPath = try afterValue.nonEmptyText("a site file path (CSV or GeoJSON)")
        let syntheticValue = try f.required("synthetic")
        let syntheticText = try syntheticValue.text("synthetic: true or false")
        guard syntheticText == "true" || syntheticText == "false" else {
            throw syntheticValue.fail("expected synthetic: true or false (whether the sites are synthetic, which the report says), found '\(EchoedText.capped(syntheticText))'")
        }
        if beforePath == afterPath { throw afterValue.fail(.conflictingValues, "site_files names '\(EchoedText.capped(afterPath))' as both before and after: give two files") }
        guard let before = locate(beforePath, at: beforeValue, key: "before"), let after = locate(afterPath, at: afterValue, key: "after") else { return nil }
        return ScenarioSiteFiles(before: before, after: after, beforePath: beforePath, afterPath: afterPath,
                                 synthetic: syntheticText == "true", location: key.location)
    }

    /// A site file's location, as the scenario's file references allow; nil (with a warning) when the
    /// reader may not follow it.
    mutating func locate(_ path: String, at value: YAMLValue, key: String) -> URL? {
        do {
            let url = try fileReferences.locate(path).url
            if !FileManager.default.isReadableFile(atPath: url.path) {
                warnings.append(value.fail("warning: site_files \(key) '\(EchoedText.capped(path))': no such readable file (\(url.path)); the report's section on sites that moved needs it"))
            }
            return url
        } catch {
            var refused = value.fail("warning: site_files \(key) \(error); site_files is ignored here")
            refused.code = error.code
            warnings.append(refused)
            return nil
        }
    }
}
