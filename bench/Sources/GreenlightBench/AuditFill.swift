import Foundation
import GreenlightServer

/// `greenlight-bench audit-fill --database PATH|URL --records N [--batch B]`: appends N decision-sized
/// audit records through the store's own append path (``GreenlightStore/appendAudit(_:)``, B per
/// transaction, as the audit writer's group commit does), so that `greenlight audit verify` can be
/// timed on a log of that size. Prints the records appended and the seconds taken as JSON.
func runAuditFill(_ arguments: [String]) async {
    guard let database = option("--database", in: arguments) else { fail("audit-fill needs --database PATH|URL") }
    guard let records = option("--records", in: arguments).flatMap(Int.init), records > 0 else { fail("audit-fill needs --records N (N > 0)") }
    let batch = option("--batch", in: arguments).flatMap(Int.init) ?? 1000
    guard batch > 0 else { fail("--batch must be positive") }
    let location: StoreLocation
    do { location = try StoreLocation(parsing: database) } catch { fail(error.description) }
    // A decision record's detail is about this long (request in full, outcome, hashes).
    let detail = #"{"answer_sha256":"\#(String(repeating: "a", count: 64))","content_hash":"\#(String(repeating: "b", count: 64))","decision":"permit","request":{"date":"2024-06-10","item":"gmlrs","launch":{"lat":50.05,"lon":36.45},"recipient":"UA","target":{"category":"military/artillery","lat":50.6,"lon":36.8},"use":"strike"},"required":["US"],"version":1}"#
    do {
        let start = DispatchTime.now().uptimeNanoseconds
        try await withStore(location) { store in
            var done = 0
            while done < records {
                let n = min(batch, records - done)
                _ = try await store.appendAudit((0..<n).map { i in (actor: "bench", action: "decide", subject: "ukraine-2024-2025", detail: detail.replacingOccurrences(of: "\"version\":1", with: "\"version\":1,\"n\":\(done + i)")) })
                done += n
            }
        }
        printJSON(["records": records, "batch": batch, "seconds": Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9])
    } catch {
        fail("audit-fill: \(error)")
    }
}
