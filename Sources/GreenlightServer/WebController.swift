import Foundation
import Hummingbird
import Synchronization

/// The web app (index.html, app.js, app.css, openapi.json from the bundle) and Leaflet from Debian's
/// libjs-leaflet: everything the browser needs comes from this server, no CDN, no tile server.
struct WebController: Sendable {
    static let leafletDirectory = ProcessInfo.processInfo.environment["GREENLIGHT_LEAFLET"] ?? "/usr/share/javascript/leaflet"
    let files = LockedCache<Data>()

    func addRoutes(to router: Router<GreenlightRequestContext>) {
        router.get("/") { request, context in try serve(bundled: "index.html") }
        router.get("app.js") { _, _ in try serve(bundled: "app.js") }
        router.get("app.css") { _, _ in try serve(bundled: "app.css") }
        router.get("openapi.json") { _, _ in try serve(bundled: "openapi.json") }
        router.get("static/leaflet/:file") { _, context in try serve(leaflet: try context.parameters.require("file")) }
        router.get("static/leaflet/images/:file") { _, context in try serve(leaflet: "images/" + (try context.parameters.require("file"))) }
    }

    static func contentType(_ name: String) -> String {
        switch URL(fileURLWithPath: name).pathExtension {
        case "html": return "text/html; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        default: return "application/octet-stream"
        }
    }

    func respond(_ data: Data, _ type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func serve(bundled name: String) throws -> Response {
        if let data = files[name] { return respond(data, Self.contentType(name)) }
        guard let url = Bundle.module.url(forResource: "Web", withExtension: nil)?.appendingPathComponent(name),
              let data = FileManager.default.contents(atPath: url.path) else { throw APIError.notFound("no file \(name)") }
        files[name] = data
        return respond(data, Self.contentType(name))
    }

    func serve(leaflet name: String) throws -> Response {
        guard name.range(of: "^(images/)?[A-Za-z0-9._-]+$", options: .regularExpression) != nil, !name.contains("..") else {
            throw APIError.notFound("no such file")
        }
        let path = Self.leafletDirectory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw APIError.notFound("Leaflet file \(name) not found in \(Self.leafletDirectory) (apt-get install libjs-leaflet)")
        }
        return respond(data, Self.contentType(name))
    }
}
