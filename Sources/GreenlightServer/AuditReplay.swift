import Foundation
import GreenlightGeodesy
import GreenlightPolicy

/// Decides logged decisions again and reports those that come out differently
/// (`greenlight audit replay`).
///
/// Under the logged version (the default) a difference means the log cannot be trusted as it stands:
/// a record altered after it was written, a stored scenario version whose bytes no longer hash to the
/// logged content hash (or other reference borders), or an answer that the same version no longer
/// gives. With `againstCurrent` each decision is decided under the latest version of its scenario
/// instead, and the differences are the decisions that the edits since have changed.
public enum AuditReplay {
    public enum Mode: String, Sendable, Codable {
        /// Each decision under the scenario version it was logged with.
        case loggedVersion = "logged-version"
        /// Each decision under the latest version of its scenario.
        case currentVersion = "current-version"
    }

    /// One logged decision that did not replay as logged.
    public struct Difference: Sendable, Codable {
        public var seq: Int64
        public var scenario: String
        /// The version the decision was logged under (nil when the record could not be read).
        public var loggedVersion: Int?
        /// The version it was decided under now.
        public var replayedVersion: Int?
        /// The request in words (`UA storm-shadow strike 2024-09-12, target 52.1,37.4 military/airfield`).
        public var request: String?
        public var logged: DecisionOutcome?
        /// Nil when the request could not be decided again (see `problems`).
        public var replayed: DecisionOutcome?
        /// What differs, in words.
        public var problems: [String]

        enum CodingKeys: String, CodingKey {
            case seq, scenario, loggedVersion = "logged_version", replayedVersion = "replayed_version", request, logged, replayed, problems
        }
    }

    public struct Report: Sendable, Codable {
        public var mode: Mode
        /// Audit records read (every action), from `since` on.
        public var recordsRead = 0
        /// Decision records among them.
        public var decisions = 0
        /// Decisions decided again.
        public var replayed = 0
        /// Decisions logged before the log held requests in full: read, not decided again.
        public var notReplayable = 0
        /// Decisions whose outcome matched but whose answer's wording did not (another program version);
        /// not a difference.
        public var wordingDiffers = 0
        public var differences: [Difference] = []

        enum CodingKeys: String, CodingKey {
            case mode, recordsRead = "records_read", decisions, replayed, notReplayable = "not_replayable", wordingDiffers = "wording_differs", differences
        }
    }

    /// Replays the decisions logged from record `since` on (all when nil). `progress` is called with
    /// the decisions done and their total, every few hundred decisions and at the end.
    public static func run(store: any GreenlightStore, fileReferences: FileReferences = .none, since: Int64? = nil, mode: Mode = .loggedVersion,
                           progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws -> Report {
        let engines = EngineCache(store: store, fileReferences: fileReferences)
        let first = max(since ?? 1, 1)
        var report = Report(mode: mode)
        var currentVersions: [String: Int?] = [:]
        // Records are read a chunk at a time, so that a log of millions of records is not held in memory.
        let total = try await store.auditCount(action: "decide", from: first)
        let firstPrevious = first == 1 ? AuditRecord.genesis : try await store.auditHash(seq: first - 1)
        // The record before the first, so that the first's link to it is checked too.
        var previousHash: String? = firstPrevious
        var expectedSeq = first
        var next = first
        while true {
            let chunk = try await store.auditRecords(from: next, limit: 2000)
            guard let last = chunk.last else { break }
            next = last.seq + 1
            for record in chunk {
                report.recordsRead += 1
                var intact = record.isIntact(after: expectedSeq == record.seq ? previousHash : nil)
                if record.seq != expectedSeq { intact.problems.append("records \(expectedSeq) to \(record.seq - 1) are missing") }
                previousHash = record.hash
                expectedSeq = record.seq + 1
                guard record.action == "decide" else { continue }
                report.decisions += 1
                defer { if report.decisions % 500 == 0 || report.decisions == total { progress(report.decisions, total) } }
                var current: Int?? = nil
                if mode == .currentVersion, let scenario = try? LoggedDecision(seq: record.seq, subject: record.subject, detail: record.detail).scenario {
                    if let known = currentVersions[scenario] { current = .some(known) } else {
                        let v = try await store.currentVersion(scenario)
                        currentVersions[scenario] = v
                        current = .some(v)
                    }
                }
                if let difference = try await replay(record, problems: intact.problems, mode: mode, engines: engines, currentVersion: current ?? nil, report: &report) {
                    report.differences.append(difference)
                }
            }
        }
        if report.decisions == 0 { progress(0, 0) }
        return report
    }

    /// One decision record replayed: nil when it replays as logged (or cannot be replayed and was
    /// counted so), else what differs.
    private static func replay(_ record: AuditRecord, problems intactProblems: [String], mode: Mode, engines: EngineCache,
                               currentVersion: Int?, report: inout Report) async throws -> Difference? {
        var problems = intactProblems
        let logged: LoggedDecision
        do { logged = try LoggedDecision(seq: record.seq, subject: record.subject, detail: record.detail) } catch {
            switch error {
            case .loggedBeforeReplay where problems.isEmpty:
                report.notReplayable += 1
                return nil
            case .loggedBeforeReplay:
                return Difference(seq: record.seq, scenario: record.subject, problems: problems)
            case .malformed(let why):
                return Difference(seq: record.seq, scenario: record.subject, problems: problems + ["the record cannot be read: \(why)"])
            }
        }
        report.replayed += 1
        var difference = Difference(seq: record.seq, scenario: logged.scenario, loggedVersion: logged.version, request: describe(logged.request),
                                    logged: logged.outcome, problems: [])
        let version: Int
        switch mode {
        case .loggedVersion: version = logged.version
        case .currentVersion:
            guard let current = currentVersion else {
                difference.problems = problems + ["scenario '\(logged.scenario)' no longer exists"]
                return difference
            }
            version = current
        }
        difference.replayedVersion = version
        let served: EngineCache.Served
        do { served = try await engines.engine(scenario: logged.scenario, version: version, variant: logged.request.variant) } catch {
            difference.problems = problems + ["version \(version) cannot decide it: \(message(error))"]
            return difference
        }
        if mode == .loggedVersion && served.content.contentHash != logged.contentHash {
            problems.append("content hash \(served.content.contentHash) of stored version \(version) with these reference borders is not the logged \(logged.contentHash)")
        }
        let decision: Decision
        do { decision = try served.engine.decide(logged.request) } catch {
            difference.problems = problems + ["version \(version) refuses the request: \(error.message)"]
            return difference
        }
        let outcome = DecisionOutcome(decision)
        difference.replayed = outcome
        if outcome != logged.outcome {
            problems.append(mode == .loggedVersion ? "answered differently under the same version" : "version \(version) answers differently")
        } else if mode == .loggedVersion && SHA256.hex(decision.jsonBytes) != logged.answerSHA256 {
            report.wordingDiffers += 1
        }
        if problems.isEmpty { return nil }
        difference.problems = problems
        return difference
    }

    private static func message(_ error: any Error) -> String { (error as? APIError)?.message ?? "\(error)" }

    /// A request in one line, for reports.
    static func describe(_ r: UseRequest) -> String {
        var s = "\(r.recipient) \(r.item) \(r.use) \(r.date)"
        if let d = r.destination { s += " to \(d)" }
        if let t = r.target { s += ", target \(t.point.latitude),\(t.point.longitude)" + (t.category.map { " \($0)" } ?? "") }
        if let l = r.launch { s += ", launch \(l.latitude),\(l.longitude)" }
        if let sup = r.supplier { s += ", supplier \(sup)" }
        if let v = r.variant { s += ", variant \(v)" }
        return s
    }
}

extension AuditRecord {
    /// Whether the record's hash matches its fields and, when the previous record's hash is given,
    /// its link to it; the problems in words.
    func isIntact(after previousHash: String?) -> (ok: Bool, problems: [String]) {
        var problems: [String] = []
        if AuditRecord.chainHash(prev: prevHash, seq: seq, time: time, actor: actor, action: action, subject: subject, detail: detail) != hash {
            problems.append("the record was altered: its hash does not match its contents")
        }
        if let previousHash, previousHash != prevHash { problems.append("prev_hash does not match the hash of record \(seq - 1)") }
        return (problems.isEmpty, problems)
    }
}
