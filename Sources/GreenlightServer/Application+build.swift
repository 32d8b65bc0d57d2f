import Foundation
import GreenlightPolicy
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging

/// How the server runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databasePath = "greenlight.sqlite"
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
    public let database: GreenlightDatabase
    public let store: ScenarioStore
    public let engines: EngineCache
    public let audit: AuditWriter
    /// What uploaded scenarios may read.
    public let fileReferences: FileReferences

    public init(database: GreenlightDatabase, fileReferences: FileReferences = .none) {
        self.database = database
        self.fileReferences = fileReferences
        store = ScenarioStore(database: database)
        engines = EngineCache(store: store, fileReferences: fileReferences)
        audit = AuditWriter(database: database)
    }
}

/// The router: API routes grouped by resource in controllers, the web app, and the middlewares.
public func buildRouter(services: ServerServices, configuration: ServerConfiguration) -> Router<GreenlightRequestContext> {
    let router = Router(context: GreenlightRequestContext.self)
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: AuthMiddleware(store: services.store, isPrivate: configuration.isPrivate))
    let scenarios = router.group("api/scenarios")
    ScenarioController(store: services.store, engines: services.engines, fileReferences: services.fileReferences).addRoutes(to: scenarios)
    DecisionController(engines: services.engines, audit: services.audit).addRoutes(to: scenarios)
    AnalysisController(engines: services.engines).addRoutes(to: scenarios)
    MapController().addRoutes(to: router)
    WebController().addRoutes(to: router)
    router.get("api/health") { _, _ in "ok" }
    return router
}

/// HTTP/1.1 with the configured read deadlines: past either one the connection is dropped (a late
/// body first gets a JSON 408).
public func buildHTTPServer(configuration: ServerConfiguration) -> HTTPServerBuilder {
    let bodyTimeout = TimeAmount(configuration.bodyTimeout)
    return .http1(configuration: .init(additionalChannelHandlers: [RequestBodyDeadline(timeout: bodyTimeout)],
                                       idleTimeout: TimeAmount(configuration.headerTimeout)))
}

/// The application, bound to the configured address (loopback unless told otherwise).
public func buildApplication(configuration: ServerConfiguration) throws -> some ApplicationProtocol {
    let services = ServerServices(database: try GreenlightDatabase(path: configuration.databasePath), fileReferences: configuration.fileReferences)
    var logger = Logger(label: "greenlight")
    logger.logLevel = .warning
    return Application(router: buildRouter(services: services, configuration: configuration),
                       server: buildHTTPServer(configuration: configuration),
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "greenlight"),
                       logger: logger)
}
