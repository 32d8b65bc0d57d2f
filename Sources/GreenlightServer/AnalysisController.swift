import Foundation
import GreenlightAnalysis
import GreenlightGeodesy
import GreenlightPolicy
import Hummingbird
import Synchronization

/// Reach, timeline, compare and synthetic sites over HTTP, for the web map and other tools.
struct AnalysisController: Sendable {
    let engines: EngineCache
    let sitesCache = LockedCache<[Site]>(limit: 16)
    let reachabilityCache = LockedCache<SiteClassifier.Reachability>(limit: 64)

    func addRoutes(to group: RouterGroup<GreenlightRequestContext>) {
        group.post(":id/reach", use: reach)
        group.post(":id/timeline", use: timeline)
        group.post(":id/compare", use: compare)
        group.get(":id/sites", use: sites)
    }

    func analysis(_ served: EngineCache.Served, item: String, date: CalendarDay, category: String?, within: String?, launchArea: String?, recipient: String?) throws -> ReachAnalysis {
        try versionedAnalysis(served, item: item, date: date, category: category, within: within, launchArea: launchArea, recipient: recipient).analysis
    }

    /// The analysis and the scenario version its engine was built from (for cache keys: an edit must be
    /// visible to the very next request).
    /// `served` is fetched before the work is offloaded (the store is asked for the current version, asynchronously).
    func versionedAnalysis(_ served: EngineCache.Served, item: String, date: CalendarDay, category: String?, within: String?, launchArea: String?,
                           recipient: String?) throws -> (analysis: ReachAnalysis, version: Int) {
        let (engine, version) = (served.engine, served.version)
        do {
            return (try ReachAnalysis(engine: engine, item: item, date: date, category: category ?? "military",
                                      recipient: recipient, launchArea: launchArea, within: within), version)
        } catch { throw APIError(error) }
    }

    /// A question's zones, or a 422 naming the geometry problem.
    func zones(_ a: ReachAnalysis, tolerance: Double) throws -> ReachZones {
        do { return try a.zones(toleranceMeters: tolerance) } catch { throw APIError(.input(.invalidGeometry), "zones: \(error)", status: .unprocessableContent) }
    }

    /// Synthetic sites for the map, cached per scenario version, variant, territory, count and seed
    /// (a variant may add the areas the territory and launch area name, so their labels alone do not
    /// say which areas they are).
    func syntheticSites(_ id: String, version: Int, variant: String?, analysis: ReachAnalysis, count: Int, seed: UInt64) throws -> [Site] {
        guard count > 0 && count <= 200_000 else { throw APIError(.input(.outOfRange), "sites.count must be within [1, 200000]", field: "sites.count") }
        let key = "\(id)|v\(version)|\(variant ?? "")|\(analysis.question.withinLabel ?? "")|\(analysis.question.launchAreaLabel)|\(analysis.rangeKm)|\(count)|\(seed)"
        if let cached = sitesCache[key] { return cached }
        let area: AreaPredicate = .within(meters: analysis.rangeKm * 1000 * 1.25, of: analysis.question.launchArea)
        let region = analysis.question.within.map { AreaPredicate.all([$0, area]) } ?? area
        let made = Array(SyntheticSites(area: region, seed: seed, categories: ["military/airfield", "military/depot", "military/command", "military/artillery", "military/launch-site"]).prefix(count))
        sitesCache[key] = made
        return made
    }

    /// The reach answer: `{"report": …, "site_status": "0120…", "zones": GeoJSON, "milliseconds": …}`.
    /// `site_status` has one digit per site: 0 outside the territory or out of range, 1 in range but
    /// not permitted, 2 permitted in range. Assembled from parts so that large zones are not re-encoded.
    @Sendable func reach(_ request: Request, context: GreenlightRequestContext) async throws -> RawJSONResponse {
        let start = DispatchTime.now().uptimeNanoseconds
        let id = try context.parameters.require("id")
        let body = try await decodedBody(ReachBody.self, from: request, context: context)
        let served = try await engines.engine(scenario: id, variant: body.variant)
        return try await offloaded { try reach(id, served, body, start: start) }
    }

    func reach(_ id: String, _ served: EngineCache.Served, _ body: ReachBody, start: UInt64) throws -> RawJSONResponse {
        let (a, version) = try versionedAnalysis(served, item: body.item, date: try body.day(), category: body.category, within: body.within,
                             launchArea: body.launchArea, recipient: body.recipient)
        // The question's zones: the areas and, for the map, every layer (the same zones as the CLI's).
        let zones = try zones(a, tolerance: try body.tolerance())
        let areas = ReachAreas(zones, required: a.required, transferred: a.transferred, rangeKm: a.rangeKm)
        let areasDone = DispatchTime.now().uptimeNanoseconds
        var report = ReachReport(scenario: a.engine.scenario.name, item: body.item, itemName: a.engine.scenario.items[body.item]!.name,
                                 recipient: a.question.recipient, date: a.question.date, variant: body.variant, category: a.question.category,
                                 launchArea: a.question.launchAreaLabel, within: body.within, areas: areas, sites: nil, notes: [])
        var status: String?
        if let spec = body.sites {
            let sites = try syntheticSites(id, version: version, variant: body.variant, analysis: a, count: spec.count, seed: spec.seed ?? 1)
            let classifier = SiteClassifier(analysis: a)
            // Which sites are in range depends on the sites, launch area, range and territory only.
            let key = "\(id)|v\(version)|\(body.variant ?? "")|\(spec.count)|\(spec.seed ?? 1)|\(a.question.launchAreaLabel)|\(a.rangeKm)|\(a.question.withinLabel ?? "")|\(body.item)"
            let reachable: SiteClassifier.Reachability
            if let cached = reachabilityCache[key] { reachable = cached } else {
                reachable = classifier.reachability(sites)
                reachabilityCache[key] = reachable
            }
            let result = classifier.statuses(sites, reachability: reachable)
            report.sites = result.counts
            status = String(decoding: result.status, as: UTF8.self)
        }
        let sitesDone = DispatchTime.now().uptimeNanoseconds
        var zonesJSON: String?
        if body.zones ?? true {
            zonesJSON = ZonesGeoJSON.featureCollection(ZoneExport.features(a, zones))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var json = "{\"report\":" + String(decoding: try encoder.encode(report), as: UTF8.self)
        json += ",\"site_status\":" + (status.map { "\"\($0)\"" } ?? "null")
        json += ",\"zones\":" + (zonesJSON ?? "null")
        let end = DispatchTime.now().uptimeNanoseconds
        json += ",\"milliseconds\":\(Double(end - start) / 1e6),\"timing_ms\":{\"areas\":\(Double(areasDone - start) / 1e6),\"sites\":\(Double(sitesDone - areasDone) / 1e6),\"encoding\":\(Double(end - sitesDone) / 1e6)}}"
        return RawJSONResponse(text: json)
    }

    struct SitesResponse: Encodable, Sendable {
        var note: String
        /// [lat, lon] per site, in the order `site_status` uses.
        var points: [[Double]]
        var categories: [String]
    }

    @Sendable func sites(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<SitesResponse> {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        guard let item = q.get("item") else { throw APIError(.input(.missingKey), "query parameter 'item' is required", field: "item") }
        guard let count = Int(q.get("count") ?? "1000") else { throw APIError(.input(.invalidNumber), "count must be an integer", field: "count") }
        guard let seed = UInt64(q.get("seed") ?? "1") else { throw APIError(.input(.invalidNumber), "seed must be a non-negative integer", field: "seed") }
        let day = try apiDay(q.get("date") ?? "2024-09-12", field: "date")
        let (within, launchArea, recipient) = (q.get("within"), q.get("launch_area"), q.get("recipient"))
        let served = try await engines.engine(scenario: id, variant: nil)
        return try await offloaded {
            let (a, version) = try versionedAnalysis(served, item: item, date: day, category: nil, within: within, launchArea: launchArea, recipient: recipient)
            let made = try syntheticSites(id, version: version, variant: nil, analysis: a, count: count, seed: seed)
            return JSONBody(SitesResponse(note: "synthetic sites, uniform by area: not real installations",
                                      points: made.map { [($0.point.latitude * 1e5).rounded() / 1e5, ($0.point.longitude * 1e5).rounded() / 1e5] },
                                      categories: made.map { $0.category ?? "" }))
        }
    }

    @Sendable func timeline(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<[TimelinePoint]> {
        let id = try context.parameters.require("id")
        let body = try await decodedBody(ReachBody.self, from: request, context: context)
        let served = try await engines.engine(scenario: id, variant: body.variant)
        return try await offloaded { try timeline(served, body) }
    }

    func timeline(_ served: EngineCache.Served, _ body: ReachBody) throws -> JSONBody<[TimelinePoint]> {
        let base = try analysis(served, item: body.item, date: try body.day(), category: body.category, within: body.within,
                                launchArea: body.launchArea, recipient: body.recipient)
        let tolerance = try body.tolerance()
        var points: [TimelinePoint] = []
        for (date, changes) in TimelineDates.changePoints(engine: base.engine, item: body.item, recipient: base.question.recipient, from: nil, to: nil) {
            let a = try analysis(served, item: body.item, date: date, category: body.category, within: body.within,
                                 launchArea: body.launchArea, recipient: body.recipient)
            points.append(TimelinePoint(date: date, changes: changes, areas: ReachAreas(try zones(a, tolerance: tolerance), required: a.required, transferred: a.transferred, rangeKm: a.rangeKm), sites: nil))
        }
        return JSONBody(TimelineEvents.attach(base.engine.scenario.events, to: points, end: nil))
    }

    @Sendable func compare(_ request: Request, context: GreenlightRequestContext) async throws -> JSONBody<ComparisonReport> {
        let id = try context.parameters.require("id")
        let body = try await decodedBody(CompareBody.self, from: request, context: context)
        let dayA = try apiDay(body.date, field: "date")
        let dayB = try body.date2.map { try apiDay($0, field: "date2") } ?? dayA
        if body.date2 == nil && body.variantA == body.variantB { throw APIError(.input(.incompleteRequest), "give date2 or two different variants", field: "variant_b") }
        let tolerance = try apiTolerance(body.toleranceM)
        let (servedA, servedB) = (try await engines.engine(scenario: id, variant: body.variantA), try await engines.engine(scenario: id, variant: body.variantB))
        return try await offloaded {
            let a = try analysis(servedA, item: body.item, date: dayA, category: body.category, within: body.within, launchArea: nil, recipient: nil)
            let b = try analysis(servedB, item: body.item, date: dayB, category: body.category, within: body.within, launchArea: nil, recipient: nil)
            let report = try Comparison.compare(a, try zones(a, tolerance: tolerance), b, try zones(b, tolerance: tolerance),
                                                labelA: "\(dayA), \(body.variantA ?? "as written")", labelB: "\(dayB), \(body.variantB ?? "as written")").report
            return JSONBody(report)
        }
    }
}

/// A response whose JSON text is already assembled.
struct RawJSONResponse: ResponseGenerator, Sendable {
    var buffer: ByteBuffer
    init(text: String) { buffer = ByteBuffer(string: text) }
    init(bytes: [UInt8]) { buffer = ByteBuffer(bytes: bytes) }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }
}

/// Zones as a GeoJSON FeatureCollection (the properties of `greenlight zones`), for the web map's layers.
enum ZonesGeoJSON {
    static func featureCollection(_ features: [ZoneFeature]) -> String {
        GeoJSONZoneEncoder.text(features, layerName: "zones")
    }
}
