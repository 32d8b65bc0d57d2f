import ArgumentParser
import Foundation
import GreenlightPolicy
import GreenlightServer
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the scenario library, the JSON API (OpenAPI at /openapi.json) and the web map.",
        discussion: """
              greenlight serve --import Scenarios/ukraine-2024-2025/scenario.yaml      # then open http://127.0.0.1:8080/
              greenlight token create --name newsroom                              # for writes: Authorization: Bearer TOKEN
            Binds to 127.0.0.1 unless --host says otherwise. Reads are open unless --private.
            Uploaded scenarios may name GeoJSON files ({geojson: PATH}) only inside --data-dir, by a path
            relative to it; without --data-dir they may name none.
            """
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("SQLite file (created when missing) or postgres://USER@HOST:PORT/DB (several instances may share one).", valueName: "path-or-url"))
    var database = "greenlight.sqlite"
    @Flag(help: "Reads need a token too.") var `private` = false
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("The folder whose GeoJSON files uploaded scenarios may name (paths relative to it).", valueName: "dir"))
    var dataDirectory: String?
    @Option(name: .customLong("header-timeout"), help: ArgumentHelp("Seconds a connection may take to send a request head, or stay idle between requests.", valueName: "seconds"))
    var headerTimeout = 10.0
    @Option(name: .customLong("body-timeout"), help: ArgumentHelp("Seconds a request body may take to arrive after its head.", valueName: "seconds"))
    var bodyTimeout = 30.0
    @Option(name: .customLong("import"), help: "Scenario files to add at start when their id (folder name) is not stored yet.") var imports: [String] = []

    func run() async throws {
        runConcurrencyOnEventLoops()
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.database = try storeLocation(database)
        configuration.isPrivate = `private`
        guard headerTimeout > 0, headerTimeout.isFinite else { throw ValidationError("--header-timeout must be a positive number of seconds") }
        guard bodyTimeout > 0, bodyTimeout.isFinite else { throw ValidationError("--body-timeout must be a positive number of seconds") }
        configuration.headerTimeout = .milliseconds(Int64((headerTimeout * 1000).rounded()))
        configuration.bodyTimeout = .milliseconds(Int64((bodyTimeout * 1000).rounded()))
        if let dataDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--data-dir \(dataDirectory): no such directory")
            }
            configuration.dataDirectory = URL(fileURLWithPath: dataDirectory)
        }
        let (imports, host, port) = (imports, host, port)
        // Off the main actor: the command's run() is main-actor isolated, and the server's work must
        // spread over the cooperative pool, not queue on the main thread. SIGTERM ends runService()
        // (server stopped, audit records drained); withStore then closes the store, and we exit 0.
        try await Task.detached {
            try await withServingStore(configuration.database) { store in
                for path in imports {
                    let id = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent.lowercased()
                    guard try await store.get(id) == nil else { continue }
                    let yaml = try String(contentsOfFile: path, encoding: .utf8)
                    _ = try loadScenario(path)
                    // Served as an upload would be: the files it names must be inside --data-dir.
                    let scenario: Scenario
                    do { scenario = try ScenarioLoader.load(yaml: yaml, file: path, fileReferences: configuration.fileReferences) } catch { throw exitInvalid(error) }
                    _ = try await store.write(id: id, name: scenario.name, yaml: yaml, author: "cli", message: "imported from \(path)", create: true)
                }
                let app = buildApplication(configuration: configuration, store: store)
                FileHandle.standardError.write(Data("greenlight: serving on http://\(host):\(port)/ (database \(configuration.database))\n".utf8))
                try await app.runService()
            }
        }.value
    }
}

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bearer tokens for writes.", subcommands: [TokenCreate.self])
}

struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token (printed once; only its SHA-256 is stored).")
    @Option(help: "Who the token is for (recorded in the audit log).") var name: String
    @Option(help: ArgumentHelp("SQLite file or postgres://USER@HOST:PORT/DB.", valueName: "path-or-url")) var database = "greenlight.sqlite"
    func run() async throws {
        let (location, name) = (try storeLocation(database), name)
        print(try await withStore(location) { store in try await store.createToken(name: name) })
    }
}
