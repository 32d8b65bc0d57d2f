import Foundation
import GreenlightGeodesy

/// The measured area of a region, with a rigorous bound on the error.
public struct AreaMeasurement: Sendable, Codable {
    /// Best estimate in km²: cells proven inside, plus the finest undecided cells whose centre is inside.
    public var km2: Double
    /// The true area is within ±this of `km2`: the total area of the finest undecided cells.
    public var errorBoundKm2: Double
}

/// Measures areas of regions given as formulas, by adaptive quadrature over equal-area cells
/// (DESIGN.md: "Area in km² is measured by adaptive quadrature of the exact predicate over an equal-area
/// refinement"). A cell is decided when every field the formula still depends on has a sign that is
/// constant on the cell (its centre value exceeds the cell radius); undecided cells are split in four
/// until they are smaller than the resolution, where the centre decides and the cell's area counts
/// toward the error bound. Several regions are measured in one traversal so that exact distances at a
/// cell centre are computed once and shared.
public struct AreaQuadrature: Sendable {
    public var resolutionMeters: Double
    public var domain: GeoBox

    public init(domain: GeoBox, resolutionKm: Double) {
        self.domain = domain
        resolutionMeters = resolutionKm * 1000
    }

    public func measure(_ formulas: [RegionFormula], progress: (@Sendable (Double) -> Void)? = nil) -> [AreaMeasurement] {
        struct Totals: QuadratureAccumulator {
            var sums: [(inside: Double, undecided: Double)]
            mutating func add(formula: Int, cell: EqualAreaCell, inside: Bool, undecided: Bool) {
                let area = cell.areaSquareMeters
                if inside { sums[formula].inside += area }
                if undecided { sums[formula].undecided += area }
            }
        }
        let parts = traverse(formulas, progress: progress) { Totals(sums: Array(repeating: (0, 0), count: formulas.count)) }
        return (0..<formulas.count).map { k in
            AreaMeasurement(km2: parts.reduce(0) { $0 + $1.sums[k].inside } / 1e6, errorBoundKm2: parts.reduce(0) { $0 + $1.sums[k].undecided } / 1e6)
        }
    }

    /// For display: per formula, the cells on which it holds (decided, or undecided with the centre inside).
    public func cells(_ formulas: [RegionFormula]) -> [[EqualAreaCell]] { measureAndCells(formulas).cells }

    /// Both the measurements and the cells, from one traversal.
    public func measureAndCells(_ formulas: [RegionFormula]) -> (measurements: [AreaMeasurement], cells: [[EqualAreaCell]]) {
        struct Collector: QuadratureAccumulator {
            var cells: [[EqualAreaCell]]
            var sums: [(inside: Double, undecided: Double)]
            mutating func add(formula: Int, cell: EqualAreaCell, inside: Bool, undecided: Bool) {
                let area = cell.areaSquareMeters
                if inside { cells[formula].append(cell); sums[formula].inside += area }
                if undecided { sums[formula].undecided += area }
            }
        }
        let parts = traverse(formulas, progress: nil) {
            Collector(cells: Array(repeating: [], count: formulas.count), sums: Array(repeating: (0, 0), count: formulas.count))
        }
        let measurements = (0..<formulas.count).map { k in
            AreaMeasurement(km2: parts.reduce(0) { $0 + $1.sums[k].inside } / 1e6, errorBoundKm2: parts.reduce(0) { $0 + $1.sums[k].undecided } / 1e6)
        }
        return (measurements, (0..<formulas.count).map { k in parts.flatMap { $0.cells[k] } })
    }

    /// Visits the root cells in parallel, one accumulator per root cell.
    private func traverse<A: QuadratureAccumulator>(_ formulas: [RegionFormula], progress: (@Sendable (Double) -> Void)?, _ make: () -> A) -> [A] {
        let roots = rootCells()
        let results = ParallelSlots<A?>(count: roots.count, initial: nil)
        let done = ProgressCounter(total: roots.count, report: progress)
        let empty = make()
        DispatchQueue.concurrentPerform(iterations: roots.count) { index in
            var accumulator = empty
            visit(roots[index], formulas, Array(formulas.indices), &accumulator)
            results[index] = accumulator
            done.advance()
        }
        return (0..<roots.count).map { results[$0]! }
    }

    private func rootCells() -> [EqualAreaCell] {
        let south = EqualAreaCell.equalAreaY(latitude: domain.south), north = EqualAreaCell.equalAreaY(latitude: domain.north)
        let target = resolutionMeters * 64
        let midLatitude = (domain.south + domain.north) / 2 * .pi / 180
        let widthMeters = WGS84.equatorialRadiusMeters * cos(midLatitude) * (domain.east - domain.west) * .pi / 180
        let heightMeters = WGS84.equatorialRadiusMeters * (domain.north - domain.south) * .pi / 180
        let columns = max(1, Int((widthMeters / target).rounded(.up))), rows = max(1, Int((heightMeters / target).rounded(.up)))
        var cells: [EqualAreaCell] = []
        for r in 0..<rows {
            for c in 0..<columns {
                cells.append(EqualAreaCell(west: domain.west + (domain.east - domain.west) * Double(c) / Double(columns),
                                           east: domain.west + (domain.east - domain.west) * Double(c + 1) / Double(columns),
                                           south: south + (north - south) * Double(r) / Double(rows),
                                           north: south + (north - south) * Double(r + 1) / Double(rows)))
            }
        }
        return cells
    }

    private func visit<A: QuadratureAccumulator>(_ cell: EqualAreaCell, _ formulas: [RegionFormula], _ indexes: [Int], _ accumulator: inout A) {
        let center = cell.center
        let radius = cell.radiusMeters(center: center)
        let finest = cell.sizeMeters <= resolutionMeters
        var shapeValues: [RegionFormula.Field.ShapeKey: Double] = [:]
        func value(_ f: RegionFormula.Field) -> Double {
            let key = f.shapeKey
            if let v = shapeValues[key] { return v - f.offsetMeters }
            let v = f.shapeValue(at: center)
            shapeValues[key] = v
            return v - f.offsetMeters
        }
        var remaining: [RegionFormula] = [], remainingIndexes: [Int] = []
        for (formula, k) in zip(formulas, indexes) {
            let s = formula.simplified { f in
                let v = value(f)
                return v < -radius ? true : (v > radius ? false : nil)
            }
            if case let .constant(v) = s {
                accumulator.add(formula: k, cell: cell, inside: v, undecided: false)
            } else if finest {
                accumulator.add(formula: k, cell: cell, inside: s.evaluate(value), undecided: true)
            } else {
                remaining.append(s)
                remainingIndexes.append(k)
            }
        }
        if remaining.isEmpty { return }
        for child in cell.quadrants() { visit(child, remaining, remainingIndexes, &accumulator) }
    }
}

/// What a traversal does with each cell where a formula is resolved.
protocol QuadratureAccumulator: Sendable {
    mutating func add(formula: Int, cell: EqualAreaCell, inside: Bool, undecided: Bool)
}

/// Result slots written by parallel workers, each slot by exactly one worker.
final class ParallelSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T>
    private let count: Int
    init(count: Int, initial: T) {
        self.count = count
        storage = .allocate(capacity: max(1, count))
        storage.initialize(repeating: initial, count: count)
    }
    deinit { storage.deinitialize(count: count); storage.deallocate() }
    subscript(index: Int) -> T {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}

/// Counts finished work items from several threads and reports the fraction done.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Double) -> Void)?
    init(total: Int, report: (@Sendable (Double) -> Void)?) { self.total = total; self.report = report }
    func advance() {
        guard let report else { return }
        lock.lock(); done += 1; let fraction = Double(done) / Double(max(1, total)); lock.unlock()
        report(fraction)
    }
}
