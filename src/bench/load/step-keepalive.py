#!/usr/bin/env python3
"""The cost of one execute_code step as an agent sees it: over one HTTP connection kept open (as the Python client and
any agent loop keep theirs), versus the bare `bwrap ... python3` run of the same program.

Companion to execute-step.sh (hyperfine, one curl process per step): there every step also pays for starting curl,
which on a host with slow process starts is most of the noise. Here the platforms and the bare run take turns, one
measurement each per round in a rotating order, so that a host that speeds up or slows down during the run touches
all of them alike. Prints, per command, the median, the 10th and 90th percentiles, and each platform's median
overhead over the bare run (issue 13's goal: at most 10 ms).

usage: src/bench/load/step-keepalive.py [base-url[,base-url...]] [rounds=200] [warm-up steps=300] [pause s=0.3]
env:   STEP_AUTH=user:password (default demo:demo) or STEP_TOKEN=<API token>[,<token>...] (one per base URL, sent as
       Bearer instead; the Python client's way);
       STEP_ACTION=request_info measures a step that runs no code (the platform's own floor: sign-in, claim, action,
       record, HTTP) instead, next to the same bare run
Standard library only; needs bwrap and a running platform (./mvnw quarkus:run) with the practice tasks.
"""
import base64
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

TASK = "practice-tabular-binary"
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "step-program.py")) as _f:
    PROGRAM = _f.read()  # the same program as execute-step.sh runs


class Platform:
    """One platform: a kept-open connection and an episode of its own."""

    def __init__(self, base, token=None):
        self.base = base
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=120)
        if token:
            self.auth = "Bearer " + token
        else:
            self.auth = "Basic " + base64.b64encode(os.environ.get("STEP_AUTH", "demo:demo").encode()).decode()
        self.episode = None

    def call(self, method, path, body=None):
        headers = {"Authorization": self.auth}
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        payload = r.read()
        if r.status >= 300:
            raise SystemExit(f"{self.base}{path}: {r.status} {payload[:300]!r}")
        return payload

    def open_episode(self):
        created = json.loads(self.call("POST", "/api/v1/episodes", {"task": TASK, "budget": {"max_steps": 500}}))
        self.episode = created["id"]
        if os.environ.get("STEP_ACTION", "execute_code") == "request_info":
            self.step_body = json.dumps({"action": "request_info", "params": {"info_type": "overview"}}).encode()
        else:
            self.step_body = json.dumps({"action": "execute_code", "params": {"code": PROGRAM}}).encode()

    def step(self):
        return json.loads(self.call("POST", f"/api/v1/episodes/{self.episode}/step", self.step_body))

    def close(self):
        if self.episode:
            try:
                self.call("DELETE", f"/api/v1/episodes/{self.episode}")
            except SystemExit:
                pass
            self.episode = None


def main():
    bases = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080").split(",")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    warm = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.3
    if not 0 < rounds < 500:
        raise SystemExit("rounds must be 1 to 499 (an episode's step budget is 500)")
    work = tempfile.mkdtemp()
    os.chmod(work, 0o755)
    tokens = os.environ.get("STEP_TOKEN", "").split(",") if os.environ.get("STEP_TOKEN") else [None] * len(bases)
    if len(tokens) != len(bases):
        raise SystemExit("STEP_TOKEN: one token per base URL, comma-separated")
    platforms = [Platform(b, t) for b, t in zip(bases, tokens)]
    try:
        data, ws = os.path.join(work, "data"), os.path.join(work, "ws")
        os.makedirs(data)
        os.makedirs(ws)
        os.chmod(ws, 0o777)
        for f in ("train.csv", "test.csv", "sample_submission.csv"):  # the public data as the first platform serves it
            with open(os.path.join(data, f), "wb") as out:
                out.write(platforms[0].call("GET", f"/api/v1/tasks/{TASK}/data/{f}"))
        prog = os.path.join(work, "prog.py")
        with open(prog, "w") as f:
            f.write(PROGRAM)
        bare = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
                "--ro-bind", "/etc/alternatives", "/etc/alternatives", "--ro-bind", "/etc/ld.so.cache",
                "/etc/ld.so.cache", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", data, "/data",
                "--bind", ws, "/workspace", "--ro-bind", prog, "/sandbox/main.py", "--chdir", "/workspace",
                "--clearenv", "--setenv", "PATH", "/usr/bin", "/usr/bin/python3", "/sandbox/main.py"]

        def run_bare():
            subprocess.run(bare, check=True, stdin=subprocess.DEVNULL)

        for p in platforms:
            p.open_episode()
            for i in range(warm):  # the platform's JIT warms up on steps of its own first (500 steps per episode)
                if i and i % 400 == 0:
                    p.close()
                    p.open_episode()
                p.step()
            p.close()
            p.open_episode()  # the measured episode: rounds + 1 steps (at most 499 rounds)
        action = os.environ.get("STEP_ACTION", "execute_code")
        commands = [("bare bwrap + python3", run_bare)] + [(f"{action} step, kept-open connection ({p.base})", p.step)
                                                           for p in platforms]
        for _, fn in commands:
            fn()
        times = {name: [] for name, _ in commands}
        print(f"load average before the run: {open('/proc/loadavg').read().split()[:3]}")
        for r in range(rounds):
            order = commands[r % len(commands):] + commands[:r % len(commands)]
            for name, fn in order:
                time.sleep(pause)
                t0 = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - t0) * 1000)
        bare_median = statistics.median(times[commands[0][0]])
        print(f"{'command':<62} {'median':>8} {'p10':>8} {'p90':>8}  overhead (median)")
        for name, _ in commands:
            t = sorted(times[name])
            med = statistics.median(t)
            p10, p90 = t[len(t) // 10], t[(len(t) * 9) // 10]
            over = "" if name == commands[0][0] else f"{med - bare_median:+.1f} ms"
            print(f"{name:<62} {med:8.1f} {p10:8.1f} {p90:8.1f}  {over}")
        print(f"load average after the run: {open('/proc/loadavg').read().split()[:3]}")
    finally:
        for p in platforms:
            p.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
