import Foundation

/// A zone being finished on another core while its builder goes on with other overlays
/// (`ZoneGeometry.finishLater`). `value()` waits for it.
public final class PendingZone: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once, before `done` is signalled; read only after waiting for it.
    private var result: Result<ZonePolygons, GeometryError>?

    /// A zone that is already finished.
    public init(_ zone: ZonePolygons) {
        result = .success(zone)
        done.signal()
    }

    /// Finishes `shape` (frame rings of a builder over `domain`) in a builder of its own (GEOS
    /// contexts belong to one thread), then hands the zone to `finished`.
    init(rings: [[[GeoPoint]]], domain: GeoBox, toleranceMeters: Double, finished: @escaping @Sendable (ZonePolygons) -> Void) {
        DispatchQueue.global().async { [self] in
            let g = ZoneGeometry(domain: domain, toleranceMeters: toleranceMeters)
            result = Result { () throws(GeometryError) in try g.zone(try g.reuse(rings)) }
            if case let .success(zone)? = result { finished(zone) }
            done.signal()
        }
    }

    /// The finished zone, once it is.
    public func value() throws(GeometryError) -> ZonePolygons {
        done.wait()
        // Let every later caller through as well.
        done.signal()
        return try result!.get()
    }
}

extension ZoneGeometry {
    /// The shape's finished zone (as `zone(_:)`), made on another core while this builder goes on;
    /// `finished` receives it there (to cache it).
    public func finishLater(_ shape: Shape, finished: @escaping @Sendable (ZonePolygons) -> Void = { _ in }) -> PendingZone {
        PendingZone(rings: frameRings(shape), domain: domain, toleranceMeters: toleranceMeters, finished: finished)
    }
}
