#!/usr/bin/env python3
"""Several `greenlight serve` instances on one store, and how they stop.

  two-instance   two servers on one PostgreSQL database; concurrent decisions and scenario edits through
                 both; every acknowledged edit and decision is stored, the audit seqs are unique and
                 gapless, `audit verify --database postgres://…` passes, and an edit made through A is
                 what B serves on its very next request.
  crash          SIGKILL one of two instances in the middle of a burst: the other keeps serving, every
                 acknowledged write is stored, the chain verifies.
  drain          (SQLite and PostgreSQL) a burst of decisions, SIGTERM: exit status 0, every decision
                 that was answered is on record, the chain verifies.
  sqlite-single  a second server on a SQLite file another one serves is refused (exit 2, naming
                 --database and PostgreSQL), since a serving SQLite store keeps versions in memory; once
                 the first has stopped (also by SIGKILL) a new one starts.

PostgreSQL comes from GREENLIGHT_TEST_POSTGRES_URL (an admin URL such as `scripts/postgis.sh start`
prints); each test creates a fresh database on it. Without it the PostgreSQL tests fail under CI=true
and are skipped otherwise.

Usage: python3 tests/postgres/multi_instance_test.py [--greenlight PATH] [--seconds S]
Prints one line per problem and a closing `postgres: N passed, M failed` line; exit 0 when none failed.
"""
import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml"
SCENARIO = "ukraine-2024-2025"
DECIDE = {"recipient": "UA", "item": "gmlrs", "use": "strike", "date": "2024-06-10",
          "target": {"lat": 50.6, "lon": 36.8, "category": "military"}}

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"psql failed: {out.stderr.strip()}")
    return out.stdout


def fresh_postgres(admin_url):
    """A new, empty database on the admin URL's server; returns its URL."""
    name = "greenlight_mi_" + uuid.uuid4().hex[:16]
    psql(admin_url, f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name


class Server:
    def __init__(self, gl, database, imports=True):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [gl, "serve", "--port", str(self.port), "--database", database]
        if imports:
            args += ["--import", str(FLAGSHIP)]
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(400):
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"server exited with {self.process.returncode}: {self.log.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(self.base + "/api/health", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("server did not start")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def decide(self):
        req = urllib.request.Request(f"{self.base}/api/scenarios/{SCENARIO}/decide", data=json.dumps(DECIDE).encode(), method="POST",
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def put(self, token, yaml, message):
        body = json.dumps({"yaml": yaml, "message": message}).encode()
        req = urllib.request.Request(f"{self.base}/api/scenarios/{SCENARIO}", data=body, method="PUT",
                                     headers={"content-type": "application/json", "authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return json.loads(r.read())


def edited(yaml, message):
    return yaml.replace("en: Western long-range", f"en: {message} — Western long-range", 1)


def token(gl, database):
    return subprocess.run([gl, "token", "create", "--name", "multi-instance", "--database", database], capture_output=True, text=True, check=True).stdout.strip()


def audit_seqs(database, action=None):
    where = f" WHERE action = '{action}'" if action else ""
    if database.startswith("postgres"):
        return [int(x) for x in psql(database, f"SELECT seq FROM audit{where} ORDER BY seq").split()]
    with sqlite3.connect(database) as c:
        return [r[0] for r in c.execute(f"SELECT seq FROM audit{where} ORDER BY seq")]


def verify(gl, database, label):
    t0 = time.monotonic()
    out = subprocess.run([gl, "audit", "verify", "--database", database], capture_output=True, text=True)
    check(out.returncode == 0, f"{label}: audit verify: {out.stdout.strip()} {out.stderr.strip()}")
    return out.stdout.strip(), time.monotonic() - t0


class Burst:
    """Threads that decide and edit through some servers until stopped, recording what was acknowledged."""

    def __init__(self, servers, tok, writers=2, deciders=2):
        self.yaml = FLAGSHIP.read_text()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.edits = []       # (version, message) answered 2xx
        self.decisions = []   # audit seqs cited by answered decisions
        self.errors = []
        self.threads = []
        for i, s in enumerate(servers):
            for w in range(writers):
                self.threads.append(threading.Thread(target=self.writer, args=(s, tok, f"s{i}w{w}")))
            for _ in range(deciders):
                self.threads.append(threading.Thread(target=self.decider, args=(s,)))

    def writer(self, server, tok, name):
        k = 0
        while not self.stop.is_set():
            k += 1
            message = f"{name} edit {k}"
            try:
                version = server.put(tok, edited(self.yaml, message), message)["version"]
            except (OSError, json.JSONDecodeError) as e:
                if server.process.poll() is None and not isinstance(e, ConnectionError):
                    with self.lock:
                        self.errors.append(f"PUT: {e}")
                return
            with self.lock:
                self.edits.append((version, message))
            # Edits are rarer than decisions (each new version is loaded and its engine built once).
            time.sleep(0.02)

    def decider(self, server):
        while not self.stop.is_set():
            try:
                answer = server.decide()
            except (OSError, json.JSONDecodeError) as e:
                if server.process.poll() is None and not isinstance(e, ConnectionError):
                    with self.lock:
                        self.errors.append(f"decide: {e}")
                return
            with self.lock:
                self.decisions.append(answer["citation"]["audit_record"])

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join()


def check_acknowledged(gl, database, via, burst, label):
    versions = via.get(f"/api/scenarios/{SCENARIO}/versions")
    stored = {v["version"]: v["message"] for v in versions}
    missing = [(v, m) for v, m in burst.edits if stored.get(v) != m]
    check(len(burst.edits) > 5, f"{label}: only {len(burst.edits)} edits acknowledged")
    check(not missing, f"{label}: {len(missing)} acknowledged edits missing, e.g. {missing[:3]}")
    check(sorted(stored) == list(range(1, len(stored) + 1)), f"{label}: scenario versions are not 1…{len(stored)}")
    decided = set(audit_seqs(database, "decide"))
    lost = [s for s in burst.decisions if s not in decided]
    check(len(burst.decisions) > 20, f"{label}: only {len(burst.decisions)} decisions answered")
    check(not lost, f"{label}: {len(lost)} answered decisions not on record, e.g. {lost[:3]}")
    check(len(set(burst.decisions)) == len(burst.decisions), f"{label}: two answers cite the same audit record")
    seqs = audit_seqs(database)
    check(seqs == list(range(1, len(seqs) + 1)), f"{label}: audit seqs are not unique and gapless 1…{len(seqs)}")
    return len(seqs)


def test_two_instances(gl, admin_url, seconds):
    label = "two-instance"
    database = fresh_postgres(admin_url)
    tok = token(gl, database)
    a = Server(gl, database)
    b = Server(gl, database)   # its --import finds the scenario A imported
    try:
        burst = Burst([a, b], tok)
        burst.start()
        time.sleep(seconds)
        burst.join()
        check(not burst.errors, f"{label}: errors during the burst: {burst.errors[:3]}")
        # An edit through A is what B serves on its very next request (no cache on B may hide it).
        yaml = FLAGSHIP.read_text()
        for k in range(5):
            message = f"seen-by-b {k}"
            v = a.put(tok, edited(yaml, message), message)["version"]
            detail = b.get(f"/api/scenarios/{SCENARIO}")
            check(detail["version"] == v and message in detail["name"], f"{label}: B served version {detail['version']} right after A wrote {v}")
            cited = b.decide()["citation"]["scenario_version"]
            check(cited == v, f"{label}: B decided under version {cited} right after A wrote {v}")
        records = check_acknowledged(gl, database, b, burst, label)
    finally:
        for s in (a, b):
            check(s.stop() == 0, f"{label}: a server did not exit 0 on SIGTERM")
    out, _ = verify(gl, database, label)
    print(f"{label}: {len(burst.edits)} edits and {len(burst.decisions)} decisions acknowledged through two instances, {records} records; {out}", flush=True)


def test_crash(gl, admin_url, seconds):
    label = "crash"
    database = fresh_postgres(admin_url)
    tok = token(gl, database)
    a = Server(gl, database)
    b = Server(gl, database)
    try:
        burst = Burst([a, b], tok)
        burst.start()
        time.sleep(seconds / 2)
        a.stop(signal.SIGKILL)         # no warning, mid-burst
        before = len(burst.decisions)
        time.sleep(seconds / 2)
        with burst.lock:
            after = len(burst.decisions)
        check(after > before + 10, f"{label}: B served only {after - before} decisions after A was killed")
        burst.join()
        check(b.process.poll() is None, f"{label}: B died too")
        records = check_acknowledged(gl, database, b, burst, label)
    finally:
        check(b.stop() == 0, f"{label}: B did not exit 0 on SIGTERM")
    out, _ = verify(gl, database, label)
    print(f"{label}: killed A mid-burst; {len(burst.edits)} edits, {len(burst.decisions)} decisions acknowledged, {records} records; {out}", flush=True)


def test_drain(gl, database, label, seconds):
    tok = token(gl, database)
    s = Server(gl, database)
    burst = Burst([s], tok, writers=1, deciders=6)
    burst.start()
    time.sleep(seconds)
    status = s.stop(signal.SIGTERM)    # while requests are in flight
    burst.join()
    check(status == 0, f"{label}: exit status {status} after SIGTERM, expected 0")
    decided = set(audit_seqs(database, "decide"))
    lost = [x for x in burst.decisions if x not in decided]
    check(len(burst.decisions) > 20, f"{label}: only {len(burst.decisions)} decisions answered")
    check(not lost, f"{label}: {len(lost)} answered decisions not on record after SIGTERM")
    seqs = audit_seqs(database)
    check(seqs == list(range(1, len(seqs) + 1)), f"{label}: audit seqs not gapless")
    out, _ = verify(gl, database, label)
    print(f"{label}: {len(burst.decisions)} decisions answered before SIGTERM, exit {status}; {out}", flush=True)


def test_sqlite_single_server(gl, database):
    first = Server(gl, database)
    second = subprocess.run([gl, "serve", "--port", str(free_port()), "--database", database], capture_output=True, text=True, timeout=60)
    check(second.returncode == 2, f"sqlite-single: a second server on the file exited {second.returncode}, expected 2")
    check(f"--database {database}" in second.stderr and "PostgreSQL" in second.stderr,
          f"sqlite-single: the refusal does not name --database and PostgreSQL: {second.stderr.strip()[:300]!r}")
    # An edit through the one server is what it serves next (its versions are in memory).
    tok = token(gl, database)
    before = first.get(f"/api/scenarios/{SCENARIO}")["version"]
    first.put(tok, edited(first.get(f"/api/scenarios/{SCENARIO}")["yaml"], "single"), "single")
    check(first.get(f"/api/scenarios/{SCENARIO}")["version"] == before + 1, "sqlite-single: the edit's version is not served next")
    check(first.decide()["citation"]["scenario_version"] == before + 1, "sqlite-single: the next decision does not cite the edit's version")
    first.stop(signal.SIGKILL)
    again = Server(gl, database)
    check(again.decide()["citation"]["scenario_version"] == before + 1, "sqlite-single: after SIGKILL a new server does not serve the stored version")
    check(again.stop() == 0, "sqlite-single: the new server did not stop cleanly")
    print(f"sqlite-single: second server refused with exit {second.returncode}; restart after SIGKILL serves version {before + 1}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--greenlight", default=str(ROOT / ".build/release/greenlight"))
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    gl = args.greenlight
    admin = os.environ.get("GREENLIGHT_TEST_POSTGRES_URL", "")
    work = tempfile.mkdtemp(prefix="greenlight-mi-")
    test_drain(gl, os.path.join(work, "drain.sqlite"), "drain sqlite", args.seconds)
    test_sqlite_single_server(gl, os.path.join(work, "single.sqlite"))
    if admin:
        test_drain(gl, fresh_postgres(admin), "drain postgres", args.seconds)
        test_two_instances(gl, admin, args.seconds)
        test_crash(gl, admin, args.seconds)
    elif os.environ.get("CI") == "true":
        check(False, "CI=true but GREENLIGHT_TEST_POSTGRES_URL is not set: the PostgreSQL tests cannot run")
    else:
        print("GREENLIGHT_TEST_POSTGRES_URL not set: PostgreSQL tests skipped", flush=True)
    print(f"postgres: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
