import GreenlightGeodesy

/// A region as a boolean formula over *fields*: functions on the ellipsoid that are negative inside a
/// basic area and change by at most the geodesic distance moved (1-Lipschitz). Every area expression
/// of a scenario compiles to one: a polygon's signed distance, a circle's centre distance minus its
/// radius, and a buffer is the same field shifted by its distance — the buffer of a union is the union
/// of the buffers, so unions and nested buffers need nothing else.
///
/// The Lipschitz property is what makes area measurement rigorous: if a field's value at a cell's
/// centre exceeds the cell's radius, the field has that sign on the whole cell.
public indirect enum RegionFormula: Sendable {
    case constant(Bool)
    case field(Field)
    case and([RegionFormula])
    case or([RegionFormula])
    case not(RegionFormula)

    /// A basic area with a buffer distance: the set where `value(p) ≤ 0`.
    public struct Field: Sendable {
        public enum Shape: Sendable {
            case polygon(GeodesicMultiPolygon, id: ObjectIdentifier)
            case circle(GeoPoint)
        }
        public var shape: Shape
        /// Buffer in metres (for a circle, its radius plus the buffer).
        public var offsetMeters: Double
        /// A key shared by fields over the same polygon or centre, so one exact distance serves them all.
        /// The field's identity: its shape and offset (fields equal by key have one region).
        package var key: FieldKey { FieldKey(shape: shapeKey, offsetMeters: offsetMeters) }
        package var shapeKey: ShapeKey {
            switch shape {
            case .polygon(_, let id): return .polygon(id)
            case .circle(let c): return .circle(c)
            }
        }
        package enum ShapeKey: Hashable { case polygon(ObjectIdentifier), circle(GeoPoint) }
    }

    /// Compiles an area predicate (as loaded from a scenario).
    public init(_ area: AreaPredicate) {
        self = RegionFormula.buffered(area, by: 0)
    }

    private static func buffered(_ area: AreaPredicate, by meters: Double) -> RegionFormula {
        switch area {
        case let .polygon(shape, _):
            return .field(Field(shape: .polygon(shape, id: ObjectIdentifier(shape)), offsetMeters: meters))
        case let .circle(center, radius):
            return .field(Field(shape: .circle(center), offsetMeters: radius + meters))
        case let .within(inner, area):
            return buffered(area, by: meters + inner)
        case let .any(areas):
            return .or(areas.map { buffered($0, by: meters) })
        case let .all(areas):
            precondition(meters == 0, "buffers of intersections are rejected when a scenario is loaded")
            return .and(areas.map { buffered($0, by: 0) })
        case let .not(area):
            precondition(meters == 0, "buffers of complements are rejected when a scenario is loaded")
            return .not(buffered(area, by: 0))
        }
    }

    /// Replaces each field whose sign is known on a disc by a constant and simplifies.
    /// `known` maps a field to true (inside on the whole disc), false (outside), or nil (undecided).
    package func simplified(_ known: (Field) -> Bool?) -> RegionFormula {
        switch self {
        case .constant: return self
        case let .field(f): return known(f).map { .constant($0) } ?? self
        case let .not(inner):
            let s = inner.simplified(known)
            if case let .constant(v) = s { return .constant(!v) }
            return .not(s)
        case let .and(parts):
            var rest = Terms()
            for part in parts {
                let s = part.simplified(known)
                if case let .constant(v) = s { if !v { return .constant(false) }; continue }
                // (a ∧ b) ∧ c is a ∧ b ∧ c, and a ∧ a is a.
                if case let .and(inner) = s { inner.forEach { rest.add($0) } } else { rest.add(s) }
            }
            return rest.terms.isEmpty ? .constant(true) : (rest.terms.count == 1 ? rest.terms[0] : .and(rest.terms))
        case let .or(parts):
            var rest = Terms()
            for part in parts {
                let s = part.simplified(known)
                if case let .constant(v) = s { if v { return .constant(true) }; continue }
                // (a ∨ b) ∨ c is a ∨ b ∨ c, and a ∨ a is a: two permits naming the same area (one
                // widening another) then cost a zone one overlay for it, not one each.
                if case let .or(inner) = s { inner.forEach { rest.add($0) } } else { rest.add(s) }
            }
            let terms = RegionFormula.factored(rest.terms)
            return terms.isEmpty ? .constant(false) : (terms.count == 1 ? terms[0] : .or(terms))
        }
    }

    /// The terms of a disjunction with conjunctions that share a field taken together:
    /// (c ∧ x) ∨ (c ∧ y) is c ∧ (x ∨ y). Permits that narrow one territory each way (within 84 km of
    /// Kharkiv, in Russia; within 84 km of Kharkiv or Sumy, in Russia) then meet the territory once.
    private static func factored(_ terms: [RegionFormula]) -> [RegionFormula] {
        var terms = terms
        var i = 0
        while i < terms.count {
            if let (j, merged) = factor(terms, at: i) {
                terms[i] = merged
                terms.remove(at: j)
            } else {
                i += 1
            }
        }
        return terms
    }

    /// A later conjunction among `terms` sharing a field with the conjunction at `i`, and the two
    /// taken together, if there is one.
    private static func factor(_ terms: [RegionFormula], at i: Int) -> (Int, RegionFormula)? {
        guard case let .and(a) = terms[i] else { return nil }
        let keysOfA = a.map(\.fieldKey)
        for j in (i + 1)..<terms.count {
            guard case let .and(b) = terms[j] else { continue }
            let keysOfB = Set(b.compactMap(\.fieldKey))
            guard let common = keysOfA.firstIndex(where: { $0.map(keysOfB.contains) ?? false }), let key = keysOfA[common] else { continue }
            var restOfA = a
            restOfA.remove(at: common)
            let restOfB = b.filter { $0.fieldKey != key }
            let merged = RegionFormula.and([a[common], .or([conjunction(restOfA), conjunction(restOfB)])])
            return (j, merged.simplified { _ in nil })
        }
        return nil
    }

    private static func conjunction(_ parts: [RegionFormula]) -> RegionFormula {
        parts.isEmpty ? .constant(true) : (parts.count == 1 ? parts[0] : .and(parts))
    }

    /// The field's key when the formula is one field.
    private var fieldKey: FieldKey? {
        if case let .field(f) = self { return f.key }
        return nil
    }

    /// The terms of one conjunction or disjunction, each field once.
    private struct Terms {
        var terms: [RegionFormula] = []
        var fields = Set<FieldKey>()
        mutating func add(_ term: RegionFormula) {
            if case let .field(f) = term, !fields.insert(f.key).inserted { return }
            terms.append(term)
        }
    }

    /// The formula's value at a point, given each field's value there.
    package func evaluate(_ value: (Field) -> Double) -> Bool {
        switch self {
        case let .constant(v): return v
        case let .field(f): return value(f) <= 0
        case let .not(inner): return !inner.evaluate(value)
        case let .and(parts): return parts.allSatisfy { $0.evaluate(value) }
        case let .or(parts): return parts.contains { $0.evaluate(value) }
        }
    }

    /// Whether the region contains the point, by the exact predicates (each field stops as soon as
    /// its sign is known). A formula without fields needs no point.
    public func contains(_ p: GeoPoint?) -> Bool {
        switch self {
        case let .constant(v): return v
        case let .field(f):
            guard let p else { return false }
            return f.contains(p)
        case let .not(inner): return !inner.contains(p)
        case let .and(parts): return parts.allSatisfy { $0.contains(p) }
        case let .or(parts): return parts.contains { $0.contains(p) }
        }
    }

    /// `contains`, remembering each field's answer in `memo`, so that evaluating several formulas over
    /// the same fields at one point (a region, then the policies that explain it) measures each once.
    public func contains(_ p: GeoPoint?, memo: inout FieldMemo) -> Bool {
        switch self {
        case let .constant(v): return v
        case let .field(f):
            guard let p else { return false }
            let key = f.key
            if let known = memo.answers.first(where: { $0.key == key }) { return known.inside }
            let inside = f.contains(p)
            memo.answers.append((key, inside))
            return inside
        case let .not(inner): return !inner.contains(p, memo: &memo)
        case let .and(parts):
            for part in parts where !part.contains(p, memo: &memo) { return false }
            return true
        case let .or(parts):
            for part in parts where part.contains(p, memo: &memo) { return true }
            return false
        }
    }

    /// Fields' answers at one point (few per question, so a list).
    public struct FieldMemo {
        var answers: [(key: FieldKey, inside: Bool)] = []
        public init() {}
    }

    /// Identifies a field's shape and distance, so that one answer or geometry serves every formula that uses it.
    package struct FieldKey: Hashable {
        package var shape: Field.ShapeKey
        package var offsetMeters: Double
        package init(shape: Field.ShapeKey, offsetMeters: Double) { self.shape = shape; self.offsetMeters = offsetMeters }
    }

    /// Whether the formula depends on the place at all.
    public var hasFields: Bool {
        switch self {
        case .constant: return false
        case .field: return true
        case let .not(inner): return inner.hasFields
        case let .and(parts), let .or(parts): return parts.contains { $0.hasFields }
        }
    }

    public static func && (a: RegionFormula, b: RegionFormula) -> RegionFormula { .and([a, b]) }
    public static func || (a: RegionFormula, b: RegionFormula) -> RegionFormula { .or([a, b]) }
    public static prefix func ! (a: RegionFormula) -> RegionFormula { .not(a) }
}

extension RegionFormula.Field {
    /// Whether the point is in the field's region (`value ≤ 0`): within the offset of the shape.
    public func contains(_ p: GeoPoint) -> Bool {
        switch shape {
        case let .polygon(area, _): return area.isWithin(meters: offsetMeters, of: p)
        case let .circle(center): return WGS84.shared.distanceMeters(center, p) <= offsetMeters
        }
    }

    /// The raw shape value (before the offset), shared by fields over the same shape.
    package func shapeValue(at p: GeoPoint) -> Double {
        switch shape {
        case let .polygon(shape, _): return shape.signedDistanceMeters(p)
        case let .circle(center): return WGS84.shared.distanceMeters(center, p)
        }
    }
}
