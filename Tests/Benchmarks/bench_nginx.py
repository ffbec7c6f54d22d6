#!/usr/bin/env python3
"""nginx benchmark (issue 15): requests per second, measured by wrk on 127.0.0.1, of

  (1) nginx serving a 3-byte static file, no check;
  (2) the same file behind `signet_require on` (ngx_http_signet_module), with a valid Flask
      session cookie;
  (3) the same file behind `auth_request` to the Flask app's /whoami under gunicorn, same cookie
      (how nginx checks a Flask login today).

    python3 Tests/Benchmarks/bench_nginx.py MODULE.so            # 9 rounds of 2 s each
    python3 Tests/Benchmarks/bench_nginx.py --smoke MODULE.so    # correctness, ~1 s of wrk each

Targets, printed as PASS/FAIL: (2) >= 0.85x (1) and (2) >= 20x (3). The --smoke form checks that
each contender answers 200 with the cookie and 401 without (and wrk saw only 200s); it prints
the figures but asserts no ratio.

How it is made fair on a small, shared machine:
- nginx runs one worker pinned to one CPU and wrk (one thread) to another (gunicorn is not
  pinned), so client and server never take turns on one core;
- after a warm-up run of each contender, every round runs all three in turn, (1) and (2) next
  to each other in alternating order, so that a burst of load elsewhere hits both alike; the
  ratio (2)/(1) is taken within each round and the median round ratio is the result (the spread,
  lowest to highest round, is printed with it);
- the worker's own CPU time (/proc/PID/schedstat) is read around every run: it gives the
  microseconds of worker CPU per request of each contender, and the share of the wall time the
  worker ran, which says whether nginx (and not wrk or the rest of the machine) set the pace.

(1) and (2) serve a file rather than `return 200`: `return` acts in nginx's rewrite phase,
before the access phase where signet_require (like auth_request and auth_basic) checks the
request, so `return 200` behind `signet_require on` would answer without any check.

nginx: 1 worker; wrk: 1 thread, 16 connections, keep-alive; gunicorn: 2 sync workers. Every
process is stopped at the end, also on failure.
"""
import argparse
import atexit
import os
import pathlib
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "Tests/E2E"))
from test_e2e import SECRET, session_value  # noqa: E402
from test_nginx import CONFIG_HEAD, free_port, raw_get  # noqa: E402

PROCESSES = []

CONFIG = CONFIG_HEAD + """
    signet_secret_file secret.key;
    upstream flask {{ server 127.0.0.1:{flask}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port} backlog=1024;
        root html;
        location = /plain/ok.txt {{ alias html/ok.txt; }}
        location = /signet/ok.txt {{ signet_require on; alias html/ok.txt; }}
        location = /auth-request/ok.txt {{ auth_request /_whoami; alias html/ok.txt; }}
        location = /_whoami {{
            internal;
            proxy_pass http://flask/whoami;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
        }}
    }}
}}
"""

CONTENDERS = [
    ("plain", "(1) static file, no check", "/plain/ok.txt"),
    ("signet", "(2) signet_require on", "/signet/ok.txt"),
    ("auth_request", "(3) auth_request to Flask (gunicorn)", "/auth-request/ok.txt"),
]


def start(argv, **kwargs):
    process = subprocess.Popen(argv, start_new_session=True, **kwargs)
    PROCESSES.append(process)
    return process


def stop_all():
    for process in PROCESSES:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(port, path, what, headers=()):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in PROCESSES):
            sys.exit(f"bench_nginx: {what} exited early")
        try:
            return raw_get(port, path, headers)
        except OSError:
            time.sleep(0.1)
    sys.exit(f"bench_nginx: {what} did not start on port {port}")


def pinning():
    """(CPUs for nginx, CPUs for wrk): the last allowed CPU and the others; no pinning on one CPU."""
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return None, None
    return {allowed[-1]}, set(allowed[:-1])


def pinned(cpus):
    """A preexec_fn that pins the child (and what it forks) to `cpus`, or None."""
    return None if cpus is None else (lambda: os.sched_setaffinity(0, cpus))


def worker_pid(master):
    """The pid of the nginx worker, the only child of the master."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = pathlib.Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == master:
                    return int(entry)
        time.sleep(0.1)
    sys.exit("bench_nginx: no nginx worker process")


def cpu_ns(pid):
    """Nanoseconds `pid` has run on a CPU (user and kernel), from /proc/PID/schedstat."""
    return int(pathlib.Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def wrk(port, path, cookie, seconds, cpus, worker):
    """One wrk run: (requests/s, requests, worker CPU ns, wall ns, problems)."""
    before, started = cpu_ns(worker), time.monotonic_ns()
    out = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{seconds}s", "--timeout", "5s", "-H", f"Cookie: session={cookie}",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, timeout=seconds + 60, preexec_fn=pinned(cpus)).stdout
    worker_ns, wall_ns = cpu_ns(worker) - before, time.monotonic_ns() - started
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    if rps is None or requests is None or int(requests.group(1)) == 0:
        sys.exit(f"bench_nginx: no result from wrk:\n{out}")
    problems = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", out)
    return float(rps.group(1)), int(requests.group(1)), worker_ns, wall_ns, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("module")
    args = parser.parse_args()
    args.module = os.path.abspath(args.module)
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    for tool in ("nginx", "wrk", "gunicorn"):
        if shutil.which(tool) is None:
            sys.exit(f"bench_nginx: {tool} not found (.ci/run installs it)")

    prefix = pathlib.Path(tempfile.mkdtemp(prefix="signet-nginx-bench-"))
    atexit.register(shutil.rmtree, prefix, True)
    for sub in ("logs", "temp", "html", "conf"):
        (prefix / sub).mkdir()
    (prefix / "html/ok.txt").write_text("ok\n")
    for path in (prefix, prefix / "html", prefix / "html/ok.txt"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    (prefix / "conf/secret.key").write_text(SECRET + "\n")

    flask_port, port = free_port(), free_port()
    start(["gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{flask_port}", "--chdir", str(ROOT / "Tests/E2E"),
           "--log-level", "warning", f"flask_app:create_app({SECRET!r})"], env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
          stderr=(prefix / "logs/gunicorn.log").open("w"))  # its shutdown lines are noise
    status, fields, _ = wait_for(flask_port, "/login?" + urllib.parse.urlencode({"user": "bench"}), "gunicorn")
    cookie = session_value(fields["set-cookie"])

    conf = prefix / "conf/nginx.conf"
    conf.write_text(CONFIG.format(module=args.module, log_level="warn", port=port, flask=flask_port))
    nginx_cpus, wrk_cpus = pinning()
    master = start(["nginx", "-p", f"{prefix}/", "-c", str(conf), "-g", "daemon off;"], preexec_fn=pinned(nginx_cpus))
    wait_for(port, "/plain/ok.txt", "nginx")
    worker = worker_pid(master.pid)

    # Correctness first: each contender lets the cookie through and nothing else.
    for name, label, path in CONTENDERS:
        with_cookie = raw_get(port, path, [("Cookie", f"session={cookie}")])
        without = raw_get(port, path)
        expected_without = 200 if name == "plain" else 401
        if (with_cookie[0], with_cookie[2], without[0]) != (200, b"ok\n", expected_without):
            sys.exit(f"bench_nginx: {label}: {with_cookie[0]} with the cookie, {without[0]} without")

    seconds, rounds = (1, 1) if args.smoke else (2, 9)
    runs = {name: [] for name, _, _ in CONTENDERS}  # per round: (rps, requests, worker ns, wall ns)

    def measure(name, seconds):
        label, path = next((label, path) for n, label, path in CONTENDERS if n == name)
        rps, requests, worker_ns, wall_ns, problems = wrk(port, path, cookie, seconds, wrk_cpus, worker)
        if problems:
            sys.exit(f"bench_nginx: {label}: {'; '.join(problems)}")
        return rps, requests, worker_ns, wall_ns

    if not args.smoke:
        for name, _, _ in CONTENDERS:  # warm-up: caches, connections, gunicorn's imports
            measure(name, 1)
    load = os.getloadavg()[0]
    for index in range(rounds):
        pair = ["plain", "signet"] if index % 2 == 0 else ["signet", "plain"]
        for name in pair + ["auth_request"]:
            runs[name].append(measure(name, seconds))

    def median(name, field):
        return statistics.median(run[field] for run in runs[name])

    rps = {name: median(name, 0) for name in runs}
    round_ratios = sorted(s[0] / p[0] for s, p in zip(runs["signet"], runs["plain"]))
    vs_plain = statistics.median(round_ratios)
    vs_auth = statistics.median(s[0] / a[0] for s, a in zip(runs["signet"], runs["auth_request"]))
    us_per_request = {name: statistics.median(r[2] / r[1] / 1000 for r in runs[name]) for name in runs}
    busy = {name: statistics.median(r[2] / r[3] for r in runs[name]) for name in runs}
    cpu_ratios = sorted(p[2] / p[1] / (s[2] / s[1]) for s, p in zip(runs["signet"], runs["plain"]))
    added_us = statistics.median((s[2] / s[1] - p[2] / p[1]) / 1000 for s, p in zip(runs["signet"], runs["plain"]))

    pins = (f"nginx worker on CPU {','.join(map(str, sorted(nginx_cpus)))}, wrk on CPU {','.join(map(str, sorted(wrk_cpus)))}"
            if nginx_cpus else "not pinned (one CPU)")
    print(f"nginx benchmark: wrk -t1 -c16 -d{seconds}s on 127.0.0.1, nginx 1 worker, gunicorn 2 workers; {pins}; "
          f"{rounds} round(s), medians; load average before: {load:.2f}")
    print(f"{'contender':40} {'requests/s':>12} {'vs (1)':>8} {'worker us/req':>14} {'worker busy':>12}")
    for name, label, _ in CONTENDERS:
        print(f"{label:40} {rps[name]:12,.0f} {rps[name] / rps['plain']:7.2f}x "
              f"{us_per_request[name]:14.1f} {busy[name]:11.0%}")
    print(f"(2)/(1) per round: median {vs_plain:.2f}x, lowest {round_ratios[0]:.2f}x, highest {round_ratios[-1]:.2f}x; "
          f"by worker CPU per request: median {statistics.median(cpu_ratios):.2f}x "
          f"({cpu_ratios[0]:.2f}x to {cpu_ratios[-1]:.2f}x), "
          f"signet_require adds {added_us:.1f} us of worker CPU per request (median of rounds)")
    if args.smoke:
        print("bench_nginx smoke: every contender answered 200 with the cookie and 401 without "
              "(ratios not checked)")
        return 0
    print("Targets (issue 15):")
    print(f"  [{'PASS' if vs_plain >= 0.85 else 'FAIL'}] (2) >= 0.85x (1): {vs_plain:.2f}x")
    print(f"  [{'PASS' if vs_auth >= 20 else 'FAIL'}] (2) >= 20x (3):   {vs_auth:.1f}x")
    return 0

if __name__ == "__main__":
    sys.exit(main())
