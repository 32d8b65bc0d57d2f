#!/usr/bin/env python3
"""Crash safety: kill `greenlight serve` with SIGKILL in the middle of a burst of writes, restart it, and
check that every acknowledged write is there and that the audit chain verifies.

Usage: python3 tests/crash/crash_test.py [--greenlight PATH] [--seconds S]
Exit 0 on success; prints one line per problem and a closing `crash: N passed, M failed` line.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(gl, db, port):
    p = subprocess.Popen([gl, "serve", "--port", str(port), "--database", db, "--import", str(ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1).read()
            return p
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--greenlight", default=str(ROOT / ".build/release/greenlight"))
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    gl = args.greenlight
    work = tempfile.mkdtemp(prefix="greenlight-crash-")
    db = os.path.join(work, "crash.sqlite")
    token = subprocess.run([gl, "token", "create", "--name", "crash-test", "--database", db], capture_output=True, text=True, check=True).stdout.strip()
    port = free_port()
    server = start(gl, db, port)
    base = f"http://127.0.0.1:{port}"
    yaml = (ROOT / "Scenarios/ukraine-2024-2025/scenario.yaml").read_text()
    acknowledged = []          # (scenario id, message) of writes answered 2xx
    decisions = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        k = 0
        while not stop.is_set():
            k += 1
            message = f"writer {n} edit {k}"
            body = json.dumps({"yaml": yaml.replace("en: Western long-range", f"en: {message} — Western long-range", 1), "message": message}).encode()
            req = urllib.request.Request(f"{base}/api/scenarios/ukraine-2024-2025", data=body, method="PUT",
                                         headers={"content-type": "application/json", "authorization": f"Bearer {token}"})
            try:
                with urllib.request.urlopen(req, timeout=5) as r:
                    version = json.loads(r.read())["version"]
                with lock:
                    acknowledged.append((version, message))
            except (urllib.error.URLError, ConnectionError, OSError, json.JSONDecodeError):
                return  # the server is gone: this write was never acknowledged

    def decider():
        body = json.dumps({"recipient": "UA", "item": "gmlrs", "use": "strike", "date": "2024-06-10",
                           "target": {"lat": 50.6, "lon": 36.8, "category": "military"}}).encode()
        while not stop.is_set():
            req = urllib.request.Request(f"{base}/api/scenarios/ukraine-2024-2025/decide", data=body, method="POST", headers={"content-type": "application/json"})
            try:
                urllib.request.urlopen(req, timeout=5).read()
                with lock:
                    decisions[0] += 1
            except OSError:
                return

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)] + [threading.Thread(target=decider) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    server.send_signal(signal.SIGKILL)     # no warning, mid-burst
    server.wait()
    stop.set()
    for t in threads:
        t.join()

    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    check(len(acknowledged) > 10, f"the burst acknowledged only {len(acknowledged)} writes")
    server = start(gl, db, port)
    try:
        versions = json.loads(urllib.request.urlopen(f"{base}/api/scenarios/ukraine-2024-2025/versions").read())
        stored = {v["version"]: v["message"] for v in versions}
        missing = [(v, m) for v, m in acknowledged if stored.get(v) != m]
        check(not missing, f"{len(missing)} acknowledged writes missing after the crash, e.g. {missing[:3]}")
        current = json.loads(urllib.request.urlopen(f"{base}/api/scenarios/ukraine-2024-2025").read())
        check(current["version"] == max(stored), "the current version is the last stored one")
        check((stored[current["version"]] + " — ") in current["name"] if current["version"] > 1 else True, "the current version's content matches its message")
    finally:
        server.terminate()
        server.wait()
    verify = subprocess.run([gl, "audit", "verify", "--database", db], capture_output=True, text=True)
    check(verify.returncode == 0, f"audit verify after the crash: {verify.stdout.strip()}")
    print(f"acknowledged writes: {len(acknowledged)}, decisions served: {decisions[0]}; {verify.stdout.strip()}")
    print(f"crash: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
