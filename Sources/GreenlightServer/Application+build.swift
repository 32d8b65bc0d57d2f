import Foundation
import GreenlightPolicy
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import ServiceLifecycle

/// How the server runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Where the store is: a SQLite file or a PostgreSQL database (`--database`).
    public var database: StoreLocation = .sqlite(path: "greenlight.sqlite")
    /// Reads need a token too.
    public var isPrivate = false
    /// The folder whose files uploaded scenarios may name (`{geojson: PATH}` relative to it); nil: none.
    public var dataDirectory: URL?
    /// How long a connection may take to send a complete request head (a slowloris client sends
    /// header bytes slowly), and how long it may stay idle between requests.
    public var headerTimeout: Duration = .seconds(10)
    /// How long a request's whole body may take to arrive after its head (at most 1 MiB).
    public var bodyTimeout: Duration = .seconds(30)
    public init() {}

    /// What uploaded scenarios may read.
    public var fileReferences: FileReferences { dataDirectory.map { .confined(to: $0) } ?? .none }
}

/// Everything the routes share.
public struct ServerServices: Sendable {
    public let store: any GreenlightStore
    public let engines: EngineCache
    public let audit: AuditWriter
    /// What uploaded scenarios may read.
    public let fileReferences: FileReferences

    public init(store: any GreenlightStore, fileReferences: FileReferences = .none) {
        self.store = store
        self.fileReferences = fileReferences
        engines = EngineCache(store: store, fileReferences: fileReferences)
        audit = AuditWriter(store: store)
    }

    /// The embedded store on one SQLite database.
    public init(database: GreenlightDatabase, fileReferences: FileReferences = .none) {
        self.init(store: SQLiteStore(database: database), fileReferences: fileReferences)
    }

    /// The services the application runs beside its HTTP server (``Application``'s `services:`): the
    /// audit writer. The server is shut down first, then these in reverse order, so the writer drains
    /// the records of the last requests before it returns.
    public var lifecycle: [any Service] { [audit] }
}

/// The router: API routes grouped by resource in controllers and by what they need (reads are open
/// unless the server is private; writes always need a token), the web app's files, and the middlewares.
public func buildRouter(services: ServerServices, configuration: ServerConfiguration) -> Router<GreenlightRequestContext> {
    let router = Router(context: GreenlightRequestContext.self)
    let routeMethods = RouteMethods()
    router.add(middleware: JSONErrorMiddleware(routes: routeMethods))
    router.add(middleware: URILengthMiddleware())
    router.add(middleware: BearerTokenMiddleware(store: services.store))
    // Files are served when no route matches (Hummingbird's FileMiddleware answers the router's 404s).
    WebController().addFiles(to: router)

    let reads = router.group("api")
    if configuration.isPrivate { reads.add(middleware: RequireTokenMiddleware()) }
    let writes = router.group("api").add(middleware: RequireTokenMiddleware())

    let scenarioController = ScenarioController(store: services.store, engines: services.engines, fileReferences: services.fileReferences)
    scenarioController.addReadRoutes(to: reads.group("scenarios"))
    scenarioController.addWriteRoutes(to: writes.group("scenarios"))
    // Decisions and analyses are reads even though they are POSTed (their bodies are queries).
    DecisionController(engines: services.engines, audit: services.audit).addRoutes(to: reads.group("scenarios"))
    AnalysisController(engines: services.engines).addRoutes(to: reads.group("scenarios"))
    MapController().addRoutes(to: reads)
    reads.get("health") { _, _ in "ok" }
    routeMethods.register(router.routes)
    return router
}

/// HTTP/1.1 with the configured read deadlines: past either one the connection is dropped (a late
/// body first gets a JSON 408); a request the parser refuses gets a JSON 400.
public func buildHTTPServer(configuration: ServerConfiguration) -> HTTPServerBuilder {
    let bodyTimeout = TimeAmount(configuration.bodyTimeout)
    return .http1(configuration: .init(additionalChannelHandlers: [RequestBodyDeadline(timeout: bodyTimeout), MalformedRequestBody()],
                                       idleTimeout: TimeAmount(configuration.headerTimeout)))
}

/// The application on an open store, bound to the configured address (loopback unless told
/// otherwise), with the audit writer as a service (``ServerServices/lifecycle``). Run it with
/// `runService()`: SIGTERM or SIGINT stops the HTTP server, then drains the audit writer; the caller
/// closes the store afterwards (``withStore(_:_:)`` does).
public func buildApplication(configuration: ServerConfiguration, store: any GreenlightStore) -> some ApplicationProtocol {
    let services = ServerServices(store: store, fileReferences: configuration.fileReferences)
    var logger = Logger(label: "greenlight")
    logger.logLevel = .warning
    return Application(router: buildRouter(services: services, configuration: configuration),
                       server: buildHTTPServer(configuration: configuration),
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "greenlight"),
                       services: services.lifecycle,
                       logger: logger)
}
