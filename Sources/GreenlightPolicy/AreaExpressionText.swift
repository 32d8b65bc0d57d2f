import Yams

/// Renders an inline area expression compactly for explanations, e.g. `{region: RU-KRS}`.
enum AreaExpressionText {
    static func render(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string
        case .sequence(let s): return "[" + s.map(render).joined(separator: ", ") + "]"
        case .mapping(let m): return "{" + m.map { "\(render($0.key)): \(render($0.value))" }.joined(separator: ", ") + "}"
        case .alias: return "*alias"
        }
    }
}
