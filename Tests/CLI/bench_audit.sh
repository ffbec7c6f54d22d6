#!/usr/bin/env bash
# signet audit against flask-unsign: candidates per second on the same Flask cookie and the same
# wordlist, in the same run, on this machine. Prints both rates, the ratio and the verdict on
# the performance target (audit at least 50x flask-unsign).
#
#   bash Tests/CLI/bench_audit.sh
#
# signet: the whole 1,000,000-line wordlist (key on the last line), wall clock including start-up.
# flask-unsign (`--unsign --no-literal-eval`, its default 8 threads): too slow for a million
# lines, so it runs on lists of 20,000 and 120,000 lines made the same way (key last) and its
# rate is the difference, (120,000 - 20,000) / (t2 - t1), which leaves out its start-up.
# Best of three runs each.
set -euo pipefail
cd "$(dirname "$0")/../.."

build_log=$(swift build -c release --product signet-cli 2>&1) || { echo "$build_log"; exit 1; }
command -v flask-unsign >/dev/null || python3 -m pip install -q flask-unsign
python3 - <<'PY' || exit 1
import importlib.metadata as m
assert m.version("Flask") == "3.1.3", "needs Flask==3.1.3"
PY

python3 - "$PWD/.build/release/signet-cli" <<'PY'
import os, shutil, subprocess, sys, tempfile, time
from unittest import mock
import flask

signet = sys.argv[1]
key = "bench-secret-key-4b7e"
app = flask.Flask("bench")
app.secret_key = key
with app.app_context(), mock.patch("time.time", return_value=1700000000):
    cookie = app.session_interface.get_signing_serializer(app).dumps({"user_id": "42", "_fresh": True})

tmp = tempfile.mkdtemp(prefix="signet-bench-")
try:
    def wordlist(lines):
        path = os.path.join(tmp, f"words-{lines}.txt")
        with open(path, "w") as f:
            for index in range(lines - 1):
                f.write(f"guess-{index:07d}-{index * 2654435761 % 4294967296:08x}\n")
            f.write(key + "\n")
        return path

    def best_time(command, expect):
        best = None
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.run(command, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            assert expect in proc.stdout, f"{command[0]} did not find the key: {proc.stdout} {proc.stderr}"
            best = elapsed if best is None else min(best, elapsed)
        return best

    million, small, large = wordlist(1_000_000), wordlist(20_000), wordlist(120_000)
    cores = os.cpu_count()
    t = best_time([signet, "audit", "--quiet", "--wordlist", million, cookie], key)
    signet_rate = 1_000_000 / t
    print(f"signet audit:  1000000 candidates in {t:.3f} s  -> {signet_rate:,.0f} candidates/s ({cores} cores)")

    def unsign(path):
        return ["flask-unsign", "--unsign", "--quiet", "--no-literal-eval", "--wordlist", path, "--cookie", cookie]
    t1, t2 = best_time(unsign(small), key), best_time(unsign(large), key)
    unsign_rate = (120_000 - 20_000) / (t2 - t1)
    print(f"flask-unsign:  20000 in {t1:.3f} s, 120000 in {t2:.3f} s -> {unsign_rate:,.0f} candidates/s")
    ratio = signet_rate / unsign_rate
    print(f"ratio: {ratio:.1f}x")
    print(f"target >= 50x: {'PASS' if ratio >= 50 else 'FAIL'}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
PY
