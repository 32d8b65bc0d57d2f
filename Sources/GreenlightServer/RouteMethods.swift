import Hummingbird
import Synchronization

/// Which methods the router answers for a path, so that a request with another method gets a 405
/// naming them (Hummingbird answers every unrouted request, whatever its path, with a 404).
/// Filled once the routes are added; read by ``JSONErrorMiddleware``, which is added before them.
final class RouteMethods: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    func register(_ descriptions: [Router<GreenlightRequestContext>.RouteDescription]) {
        routes.withLock { $0 = descriptions.map { ($0.path, $0.method) } }
    }

    /// The methods routed for `path`, sorted; empty when no route has the path.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let found = routes.withLock { routes in
            routes.filter { route in
                route.path.components.count == segments.count && zip(route.path.components, segments).allSatisfy { $0 ~= $1 }
            }.map(\.method)
        }
        return Array(Set(found)).sorted { $0.rawValue < $1.rawValue }
    }
}
