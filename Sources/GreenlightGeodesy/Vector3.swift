import Foundation

/// A point or direction in 3-D (earth-centred coordinates, metres).
struct Vector3: Sendable, Equatable {
    var x: Double, y: Double, z: Double

    @inline(__always) static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }
    @inline(__always) static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z) }
    @inline(__always) static func * (a: Vector3, s: Double) -> Vector3 { Vector3(x: a.x * s, y: a.y * s, z: a.z * s) }
    @inline(__always) func dot(_ b: Vector3) -> Double { x * b.x + y * b.y + z * b.z }
    @inline(__always) var lengthSquared: Double { dot(self) }
    @inline(__always) var length: Double { lengthSquared.squareRoot() }

    /// Distance from this point to the segment a–b, and the segment parameter of the nearest point in [0, 1].
    @inline(__always)
    func distanceToSegment(_ a: Vector3, _ b: Vector3) -> (distance: Double, t: Double) {
        let ab = b - a
        let denominator = ab.lengthSquared
        var t = denominator > 0 ? (self - a).dot(ab) / denominator : 0
        t = min(1, max(0, t))
        return ((self - (a + ab * t)).length, t)
    }
}
