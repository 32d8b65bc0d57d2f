import Foundation
import Yams

/// A YAML node with its position, read by text: scalars are never resolved by YAML 1.1 tag rules,
/// so an unquoted `NO` (Norway) or `ON` stays a code and `2024-05-30` stays a date string.
struct YAMLValue {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// Parses a whole file; syntax errors carry the parser's line and column.
    static func parse(contentsOf url: URL) throws(InputError) -> YAMLValue {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(SourceLocation(file: file, line: 0, column: 0), "cannot read the file", code: .fileUnreadable)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(SourceLocation(file: file, line: 0, column: 0), "not UTF-8 text", code: .invalidEncoding)
        }
        return try parse(text, file: file)
    }

    static func parse(_ text: String, file: String) throws(InputError) -> YAMLValue {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                let detail = context.map { "\($0.text) " } ?? ""
                throw InputError(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax: \(detail)\(problem)", code: .invalidSyntax)
            case let .duplicatedKeysInMapping(duplicates, context):
                // Yams rejects duplicate keys while composing; point at the second occurrence of the first one.
                let key = duplicates.first ?? ""
                let line = secondOccurrence(of: key, in: text, from: context.mark.line) ?? context.mark.line
                let lines = YAMLValue.lines(text)
                let column = (1...lines.count).contains(line) ? lines[line - 1].prefix { $0 == " " }.count + 1 : 1
                throw InputError(SourceLocation(file: file, line: line, column: column),
                                 "duplicate key '\(key)' in the mapping that starts at line \(context.mark.line)", code: .duplicateKey)
            case let .reader(problem, _, _, _):
                throw InputError(SourceLocation(file: file, line: 0, column: 0), "YAML: \(problem)", code: .invalidSyntax)
            default:
                throw InputError(SourceLocation(file: file, line: 0, column: 0), "YAML: \(error)", code: .invalidSyntax)
            }
        } catch {
            throw InputError(SourceLocation(file: file, line: 0, column: 0), "YAML: \(error)", code: .invalidSyntax)
        }
        guard let node else { throw InputError(SourceLocation(file: file, line: 1, column: 1), "empty document: expected a mapping", code: .emptyDocument) }
        return YAMLValue(node: node, file: file)
    }

    /// The line (1-based) of the second `key:` at or after line `from`.
    /// The lines of a text, whatever its line ends: LF, CRLF (one Character in Swift, so splitting on
    /// "\n" alone would miss it) or CR.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    private static func secondOccurrence(of key: String, in text: String, from: Int) -> Int? {
        let escaped = NSRegularExpression.escapedPattern(for: key)
        guard let regex = try? NSRegularExpression(pattern: "(^|[\\s{,])[\"']?\(escaped)[\"']?\\s*:") else { return nil }
        var seen = 0
        for (index, line) in lines(text).enumerated() where index + 1 >= from {
            let s = String(line)
            seen += regex.numberOfMatches(in: s, range: NSRange(s.startIndex..., in: s))
            if seen >= 2 { return index + 1 }
        }
        return nil
    }

    func fail(_ message: String) -> InputError { InputError(location, message) }

    /// An error at this node with its code.
    func fail(_ code: InputError.Code, _ message: String) -> InputError { InputError(location, message, code: code) }

    /// An error that only follows from an earlier one (the loader drops it).
    func followOn() -> InputError {
        var error = InputError(location, "follows from an earlier error")
        error.isFollowOn = true
        return error
    }

    /// The text of a scalar.
    func text(_ what: String) throws(InputError) -> String {
        guard case let .scalar(scalar) = node else { throw fail(.invalidType, "expected \(what), found \(kind)") }
        return scalar.string
    }

    /// A non-empty scalar (codes, ids, names).
    func nonEmptyText(_ what: String) throws(InputError) -> String {
        let value = try text(what).trimmingCharacters(in: .whitespaces)
        if value.isEmpty { throw fail(.emptyValue, "expected \(what), found an empty value") }
        return value
    }

    /// A finite number written as a plain decimal (no hexadecimal floats, `inf` or `nan`: see
    /// ``DecimalNumber``).
    func number(_ what: String) throws(InputError) -> Double {
        let raw = try text(what)
        guard let value = DecimalNumber.value(raw.trimmingCharacters(in: .whitespaces)) else {
            throw fail(.invalidNumber, "expected \(what) as a finite number, found '\(EchoedText.capped(raw))'")
        }
        return value
    }

    /// An exact decimal number (for value shares that must not suffer binary rounding).
    func decimal(_ what: String) throws(InputError) -> Decimal {
        let raw = try text(what).trimmingCharacters(in: .whitespaces)
        guard raw.range(of: #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil,
              let value = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")) else {
            throw fail(.invalidNumber, "expected \(what) as a decimal number, found '\(EchoedText.capped(raw))'")
        }
        return value
    }

    var kind: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "the scalar '\(EchoedText.capped(s.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    var isNull: Bool {
        if case let .scalar(s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    /// The entries of a mapping in document order; duplicate keys are an error.
    func mapping(_ what: String) throws(InputError) -> [(key: String, keyValue: YAMLValue, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else { throw fail(.invalidType, "expected \(what) as a mapping, found \(kind)") }
        var seen = Set<String>()
        var result: [(key: String, keyValue: YAMLValue, value: YAMLValue)] = []
        for (key, value) in mapping {
            let keyValue = YAMLValue(node: key, file: file)
            let name = try keyValue.nonEmptyText("a key")
            if !seen.insert(name).inserted { throw keyValue.fail(.duplicateKey, "duplicate key '\(name)' in \(what)") }
            result.append((name, keyValue, YAMLValue(node: value, file: file)))
        }
        return result
    }

    /// A mapping checked against the keys it may have; returns lookup by key.
    func fields(_ what: String, allowed: Set<String>, required: [String] = []) throws(InputError) -> Fields {
        let entries = try mapping(what)
        for entry in entries where !allowed.contains(entry.key) {
            throw entry.keyValue.fail(.unknownKey, "unknown key '\(entry.key)' in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
        let fields = Fields(owner: self, what: what, entries: Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) }))
        for key in required where fields[key] == nil { throw fail(.missingKey, "\(what) needs '\(key)'") }
        return fields
    }

    func list(_ what: String) throws(InputError) -> [YAMLValue] {
        guard case let .sequence(sequence) = node else { throw fail(.invalidType, "expected \(what) as a list, found \(kind)") }
        return sequence.map { YAMLValue(node: $0, file: file) }
    }

    /// A non-empty list of non-empty scalars (policy filters: an empty list is an error, omit the filter instead).
    func textList(_ what: String) throws(InputError) -> [String] {
        let items = try list(what)
        if items.isEmpty { throw fail(.emptyValue, "\(what) is an empty list: omit the filter to match everything") }
        var result: [String] = []
        for item in items { result.append(try item.nonEmptyText("an entry of \(what)")) }
        return result
    }
}

/// The fields of a YAML mapping by key, keeping the mapping for error positions.
struct Fields {
    let owner: YAMLValue
    let what: String
    let entries: [String: YAMLValue]
    subscript(key: String) -> YAMLValue? {
        guard let value = entries[key], !value.isNull else { return nil }
        return value
    }
    func required(_ key: String) throws(InputError) -> YAMLValue {
        guard let value = self[key] else { throw owner.fail(.missingKey, "\(what) needs '\(key)'") }
        return value
    }
}
