/// Checks audit records one at a time, in sequence order, against the chain: the same check for every
/// backend, so that both stream their records through it rather than loading a million into memory.
struct AuditChainVerifier {
    private var previousHash = AuditRecord.genesis
    private var expectedSeq: Int64 = 1
    private(set) var count = 0
    /// The first broken record and why; once set, later records are not looked at.
    private(set) var broken: (seq: Int64, reason: String)?

    /// Checks the next record; returns false once the chain is broken (the caller may stop reading).
    mutating func check(_ r: AuditRecord) -> Bool {
        guard broken == nil else { return false }
        count += 1
        if r.seq != expectedSeq {
            broken = (r.seq, "sequence jumps from \(expectedSeq - 1) to \(r.seq): a record is missing")
        } else if r.prevHash != previousHash {
            broken = (r.seq, "prev_hash does not match the hash of record \(r.seq - 1)")
        } else if AuditRecord.chainHash(prev: r.prevHash, seq: r.seq, time: r.time, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail) != r.hash {
            broken = (r.seq, "hash does not match the record's contents: it was altered")
        }
        previousHash = r.hash
        expectedSeq += 1
        return broken == nil
    }

    var result: AuditVerification { (count, broken) }
}
