import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy

/// libFuzzer entry: every input is read as a site file twice, as CSV and as GeoJSON (`SiteReader` picks
/// the reader by extension, so from scratch files `.csv` and `.geojson`), with ids optional and then
/// required. Any input must give sites or a typed error — never a crash or a hang — and every site
/// read must be a real point with a line and, when ids are required, an id of its own.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSites(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    for file in [SiteScratch.csv, SiteScratch.geojson] {
        do { try data.write(to: file) } catch { fatalError("cannot write the scratch file \(file.path): \(error)") }
        for requiringIds in [false, true] {
            do {
                try SiteReader(url: file, requiringIds: requiringIds).forEachBatch { sites in
                    for site in sites { check(site, requiringIds: requiringIds) }
                }
            } catch is InputError {
            } catch is SiteFileErrors {
            } catch {
                fatalError("SiteReader threw an untyped error: \(type(of: error)) \(error)")
            }
        }
    }
    return 0
}

func check(_ site: Site, requiringIds: Bool) {
    let p = site.point
    precondition(p.latitude.isFinite && p.longitude.isFinite && abs(p.latitude) <= 90 && abs(p.longitude) <= 180,
                 "accepted site \(p.latitude), \(p.longitude)")
    precondition(site.line >= 1, "a site read from a file without its line")
    if requiringIds { precondition(!site.id.isEmpty, "a site without an id although ids are required") }
}

enum SiteScratch {
    /// Per process, as libFuzzer's -jobs/-fork run several.
    static let csv = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("greenlight-fuzz-sites-\(getpid()).csv")
    static let geojson = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("greenlight-fuzz-sites-\(getpid()).geojson")
}
