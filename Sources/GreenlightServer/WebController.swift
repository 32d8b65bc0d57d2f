import Foundation
import Hummingbird
import Logging

/// The web app (index.html, app.js, app.css, openapi.json from the bundle) and Leaflet from Debian's
/// libjs-leaflet, served by Hummingbird's `FileMiddleware`: everything the browser needs comes from
/// this server, no CDN, no tile server.
struct WebController: Sendable {
    static let leafletDirectory = ProcessInfo.processInfo.environment["GREENLIGHT_LEAFLET"] ?? "/usr/share/javascript/leaflet"

    /// The bundled web app's folder.
    static var webDirectory: String? { Bundle.module.url(forResource: "Web", withExtension: nil)?.path }

    /// libjs-leaflet ships source maps (JSON) and brotli-compressed copies beside each file, extensions
    /// Hummingbird has no media type for: without these they would be served with no Content-Type.
    /// The compressed copies are served as the bytes they are (no Content-Encoding is claimed).
    static let leafletMediaTypes: [String: MediaType] = ["map": .applicationJson, "brotli": .applicationBinary]

    /// Browsers revalidate every file: the web app changes with the server binary.
    static let cacheControl = CacheControl([(MediaType(type: .any), [.noCache])])

    func addFiles(to router: Router<GreenlightRequestContext>) {
        // The middleware logs which folder it serves at info level; the server logs warnings only.
        var logger = Logger(label: "greenlight.files")
        logger.logLevel = .warning
        if let web = Self.webDirectory {
            router.add(middleware: FileMiddleware(web, cacheControl: Self.cacheControl, searchForIndexHtml: true, logger: logger))
        }
        router.add(middleware: FileMiddleware(Self.leafletDirectory, urlBasePath: "/static/leaflet", cacheControl: Self.cacheControl, logger: logger)
            .withAdditionalMediaTypes(forFileExtensions: Self.leafletMediaTypes))
        // Reached only when no Leaflet file answers: says what to install instead of a bare 404.
        router.get("static/leaflet/**") { request, _ -> Response in
            throw APIError.notFound("Leaflet file \(request.uri.path.dropFirst("/static/leaflet/".count)) not found in \(Self.leafletDirectory) (apt-get install libjs-leaflet)")
        }
    }
}
