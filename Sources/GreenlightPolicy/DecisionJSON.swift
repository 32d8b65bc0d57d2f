/// A direct JSON writer for decisions — the same document `JSONEncoder` produces from `Decision`
/// (keys sorted), several times faster, for the server's hot path. A test holds the two equal.
extension Decision {
    /// The document as UTF-8 bytes, for the server to send without a copy into a String.
    public var jsonBytes: [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("authorities"); w.beginArray()
        for a in authorities {
            w.beginObject()
            w.key("deciding"); w.beginArray(); for p in a.deciding { w.policy(p) }; w.endArray()
            w.key("explanation"); w.string(a.explanation)
            w.key("facts"); w.beginArray(); for f in a.facts { w.fact(f) }; w.endArray()
            w.key("name"); w.string(a.name)
            w.key("nearest_misses"); w.beginArray()
            for m in a.nearestMisses {
                w.beginObject()
                w.key("failures"); w.strings(m.failures)
                w.key("policy"); w.policy(m.policy)
                w.endObject()
            }
            w.endArray()
            w.key("required_because"); w.strings(a.requiredBecause)
            w.key("state"); w.string(a.state)
            w.key("verdict"); w.string(a.verdict.rawValue)
            w.endObject()
        }
        w.endArray()
        if let citation { w.key("citation"); w.citation(citation) }
        w.key("decision"); w.string(decision.rawValue)
        w.key("distance_km"); w.number(distanceKm)
        w.key("in_range"); w.literal(inRange.map { $0 ? "true" : "false" } ?? "null")
        w.key("missing"); w.strings(missing)
        w.key("notes"); w.strings(notes)
        w.key("positions"); w.beginArray(); for p in positions { w.position(p) }; w.endArray()
        w.key("range_km"); w.number(rangeKm)
        w.key("reason"); if let reason { w.string(reason) } else { w.literal("null") }
        w.key("request"); w.beginObject()
        w.key("date"); w.string(request.date.description)
        if let destination = request.destination { w.key("destination"); w.string(destination) }
        w.key("item"); w.string(request.item)
        if let launch = request.launch {
            w.key("launch"); w.beginObject(); for k in launch.keys.sorted() { w.key(text: k); w.number(launch[k]) }; w.endObject()
        }
        w.key("recipient"); w.string(request.recipient)
        if let supplier = request.supplier { w.key("supplier"); w.string(supplier) }
        if let target = request.target {
            w.key("target"); w.beginObject(); for k in target.keys.sorted() { w.key(text: k); w.string(target[k]!) }; w.endObject()
        }
        w.key("use"); w.string(request.use)
        if let variant = request.variant { w.key("variant"); w.string(variant) }
        w.endObject()
        w.key("required"); w.strings(required)
        w.endObject()
        return w.bytes
    }
}

extension Decision {
    /// A decision's document (``jsonBytes`` of a decision without citation) with `citation` added as its
    /// last key: the server logs the hash of the answer without its citation, then sends it cited,
    /// without writing the decision twice.
    public static func citing(_ document: [UInt8], with citation: DecisionCitation) -> [UInt8] {
        precondition(document.last == UInt8(ascii: "}"), "a decision's document is a JSON object")
        var w = JSONWriter(capacity: 400)
        w.citation(citation)
        var out = document
        out.removeLast()
        out.append(contentsOf: ",\"citation\":".utf8)
        out.append(contentsOf: w.bytes)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// Minimal streaming JSON writer into bytes: containers, keys, strings (escaped), numbers, literals.
/// A value struct with straight-line calls (no closures, no container stack) so that the server's
/// hot path pays neither generic dispatch nor dynamic exclusivity checks.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next element of the open container needs a comma before it: false right after
    /// `{`, `[` or a key, true after any value or closed container.
    private var needsComma = false

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// A key written in the source: copied as it is (the writer's own keys need no escaping).
    public mutating func key(_ k: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\"")); bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }
    /// A key that comes from data (escaped).
    public mutating func key(text k: String) {
        separate()
        appendQuoted(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }
    public mutating func literal(_ s: StaticString) {
        separate()
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
    public mutating func string(_ s: String) { separate(); appendQuoted(s) }
    public mutating func strings(_ items: [String]) {
        beginArray()
        for s in items { string(s) }
        endArray()
    }
    public mutating func number(_ x: Double?) {
        guard let x, x.isFinite else { literal("null"); return }
        separate()
        bytes.append(contentsOf: (x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)").utf8)
    }
    mutating func policy(_ p: PolicyReference) {
        beginObject()
        if let v = p.addedByVariant { key("added_by_variant"); string(v) }
        key("effect"); string(p.effect.rawValue)
        if let e = p.evidence { key("evidence"); evidence(e) }
        if let e = p.firstEvidence { key("first_evidence"); evidence(e) }
        key("id"); string(p.id)
        if p.notYetEvidenced == true { key("not_yet_evidenced"); literal("true") }
        if let s = p.source { key("source"); string(s) }
        key("status"); string(p.status.rawValue)
        endObject()
    }
    mutating func citation(_ c: DecisionCitation) {
        beginObject()
        key("audit_record"); if let r = c.auditRecord { number(Double(r)) } else { literal("null") }
        key("content_hash"); string(c.content.contentHash)
        key("reference_geography"); string(c.content.referenceGeography)
        key("scenario"); if let s = c.scenario { string(s) } else { literal("null") }
        key("scenario_sha256"); string(c.content.scenarioSHA256)
        key("scenario_version"); if let v = c.scenarioVersion { number(Double(v)) } else { literal("null") }
        endObject()
    }
    mutating func fact(_ f: FactStanding) {
        let s = f.standing
        beginObject()
        if let v = s.addedByVariant { key("added_by_variant"); string(v) }
        if let e = s.evidence { key("evidence"); evidence(e) }
        key("fact"); string(f.fact)
        if let e = s.firstEvidence { key("first_evidence"); evidence(e) }
        key("kind"); string(f.kind.rawValue)
        if s.notYetEvidenced == true { key("not_yet_evidenced"); literal("true") }
        if let v = s.source { key("source"); string(v) }
        key("status"); if let v = s.status { string(v.rawValue) } else { literal("null") }
        endObject()
    }
    mutating func position(_ p: PositionNote) {
        beginObject()
        key("about"); string(p.about)
        key("about_kind"); string(p.aboutKind)
        key("date"); string(p.date.description)
        if let e = p.evidence { key("evidence"); evidence(e) }
        key("name"); string(p.name)
        if let q = p.quote { key("quote"); string(q) }
        key("required"); literal(p.required ? "true" : "false")
        if let s = p.source { key("source"); string(s) }
        key("stance"); string(p.stance.rawValue)
        key("state"); string(p.state)
        if let s = p.status { key("status"); string(s.rawValue) }
        endObject()
    }
    mutating func evidence(_ e: Evidence) {
        beginObject()
        if let v = e.date { key("date"); string(v.description) }
        if let v = e.quote { key("quote"); string(v) }
        if let v = e.source { key("source"); string(v) }
        if let v = e.status { key("status"); string(v.rawValue) }
        if let v = e.title { key("title"); string(v) }
        if let v = e.url { key("url"); string(v) }
        endObject()
    }

    /// Runs of bytes that need no escaping are copied in bulk (sources quote their documents, so
    /// many strings hold a `"` or two). The scan for the next byte to escape reads eight bytes at a
    /// time: a decision's answer is mostly evidence text, and a byte-at-a-time scan was a fifth of
    /// the server's decision handler.
    private mutating func appendQuoted(_ s: String) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        bytes.append(quote)
        var s = s
        s.withUTF8 { utf8 in
            let n = utf8.count
            var runStart = 0, i = 0
            while i < n {
                i = Self.nextByteToEscape(in: utf8, from: i)
                guard i < n else { break }
                let byte = utf8[i]
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                i += 1
                runStart = i
                bytes.append(backslash)
                switch byte {
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
                case quote, backslash: bytes.append(byte)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(hex[Int(byte >> 4)]); bytes.append(hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(quote)   // UTF-8 beyond ASCII passes through unchanged
    }

    /// The index of the first byte at or after `start` that JSON requires escaped (a control byte,
    /// `"` or a backslash), or the count when there is none. Whole words of eight bytes are passed over when
    /// none of their bytes is one: the classic tests for a zero byte (`haszero`) and for a byte below
    /// a bound (`hasless`) say exactly whether such a byte is in the word, if not where.
    static func nextByteToEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = utf8.count
        var i = start
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let quotes = w ^ (ones &* 0x22), backslashes = w ^ (ones &* 0x5C)
                let below20 = (w &- ones &* 0x20) & ~w
                let zeroQuote = (quotes &- ones) & ~quotes, zeroBackslash = (backslashes &- ones) & ~backslashes
                if (below20 | zeroQuote | zeroBackslash) & highs != 0 { break }
                i += 8
            }
        }
        while i < n {
            let b = utf8[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { return i }
            i += 1
        }
        return n
    }
}
