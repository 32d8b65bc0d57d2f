import Foundation

extension ReferenceGeography {
    /// The files whose borders decisions read: countries in both views and first-level regions (the
    /// label and place files only draw maps).
    public static var areaFiles: [String] { ([countriesFile, deJureFile, worldFile] + regionFiles).sorted() }

    /// The identity of the borders in use, derived from their content: `naturalearth-sha256:` and the
    /// SHA-256 (hex) of the lines `NAME SHA256\n`, one per file of ``areaFiles`` in name order, where
    /// SHA256 is the hex digest of that file's bytes. Two installations with byte-identical border
    /// files (bundled or `GREENLIGHT_DATA`) have the same identity; a changed border gives a new one.
    /// Read once per process (about 7 MB hashed).
    public func identity() throws -> String {
        if let known = identityCache.withLock({ $0 }) { return known }
        var lines = ""
        for name in Self.areaFiles {
            let data = try Data(contentsOf: url(ofFile: name))
            lines += "\(name) \(SHA256.hex(data))\n"
        }
        let identity = "naturalearth-sha256:" + SHA256.hex(lines)
        identityCache.withLock { $0 = identity }
        return identity
    }
}
