#!/usr/bin/env python3
"""Instructions one nginx request costs the worker, counted by callgrind (deterministic, unlike
the requests per second of Tests/Benchmarks/nginx.sh on a shared machine): nginx with the nginx
benchmark's configuration (bench_nginx.py), one process (`master_process off`) under callgrind,
REQUESTS keep-alive requests with the benchmark's Flask cookie to (1) the static file and (2) the
same file behind `signet_require on`, counting only nginx's event loop
(ngx_process_events_and_timers and what it calls: parsing, phases, output; not start-up). Prints
instructions per request of each, what (2) adds, and how that splits between the module's own
code and the two libsignet calls.

    python3 Tests/Benchmarks/nginx_instructions.py MODULE.so [REQUESTS]    # default 500

MODULE.so is what `make -C examples-c nginx` prints. The kernel's share of a request (about two
thirds of the worker's time, loopback TCP) is not counted: callgrind sees user space only.
Needs nginx, valgrind (callgrind_annotate) and Flask (for the cookie)."""
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "Tests/Benchmarks"))
from bench_nginx import CONFIG, CONTENDERS  # noqa: E402
from link_order import flask_cookie  # noqa: E402
from test_nginx import free_port  # noqa: E402

# Inclusive instructions of these functions are printed per request: the module's access phase
# handler (all of signet_require's work) and the two library calls inside it.
PARTS = ("ngx_http_signet_access_handler", "signet_cookie_value", "signet_verify")


def counted(module, path, cookie, secret, requests, work):
    """Runs nginx under callgrind for `requests` requests to `path`; returns (instructions per
    request in the event loop, {part: inclusive instructions per request})."""
    prefix = pathlib.Path(work) / path.strip("/").replace("/", "_")
    for sub in ("logs", "temp", "html", "conf"):
        (prefix / sub).mkdir(parents=True)
    (prefix / "html/ok.txt").write_text("ok\n")
    (prefix / "conf/secret.key").write_text(secret + "\n")
    port = free_port()
    conf = prefix / "conf/nginx.conf"
    conf.write_text(CONFIG.format(module=module, log_level="warn", port=port, flask=free_port()))
    out = prefix / "callgrind.out"
    nginx = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--collect-atstart=no",
         "--toggle-collect=ngx_process_events_and_timers",
         shutil.which("nginx") or "/usr/sbin/nginx", "-p", f"{prefix}/", "-c", str(conf),
         "-g", "daemon off; master_process off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=60)
                break
            except OSError:
                if nginx.poll() is not None or time.monotonic() > deadline:
                    sys.exit("nginx_instructions: nginx did not start")
                time.sleep(0.2)
        request = f"GET {path} HTTP/1.1\r\nHost: bench\r\nCookie: session={cookie}\r\n\r\n".encode()
        with connection:
            for _ in range(requests):
                connection.sendall(request)
                answer = b""
                while not answer.endswith(b"\r\n\r\nok\n"):
                    chunk = connection.recv(4096)
                    if not chunk:
                        sys.exit(f"nginx_instructions: {path}: connection closed")
                    answer += chunk
                if not answer.startswith(b"HTTP/1.1 200 "):
                    sys.exit(f"nginx_instructions: {path}: {answer.splitlines()[0]!r}")
    finally:
        if nginx.poll() is None:
            os.killpg(nginx.pid, signal.SIGQUIT)  # graceful: callgrind writes its file
        nginx.wait(timeout=120)
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(out)],
                          capture_output=True, text=True, check=True).stdout
    total = re.search(r"^\s*([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text, re.M)
    if total is None:
        sys.exit("nginx_instructions: callgrind counted nothing")

    def inclusive(name):
        # callgrind may list a function twice (its lines with debug information under the source
        # file's name, the rest under ???), each with the calls it makes: the larger is the whole.
        found = re.findall(rf"^\s*([\d,]+) \([^)]*\)\s+\S*:{name}(?: |$)", text, re.M)
        return max((int(count.replace(",", "")) for count in found), default=0) / requests

    return int(total.group(1).replace(",", "")) / requests, {part: inclusive(part) for part in PARTS}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    module = os.path.abspath(sys.argv[1])
    requests = int(sys.argv[2]) if len(sys.argv) == 3 else 500
    cookie, secret = flask_cookie()
    paths = {name: path for name, _, path in CONTENDERS if name in ("plain", "signet")}
    with tempfile.TemporaryDirectory(prefix="signet-nginx-instructions-") as work:
        os.chmod(work, 0o755)
        plain, _ = counted(module, paths["plain"], cookie, secret, requests, work)
        signet, parts = counted(module, paths["signet"], cookie, secret, requests, work)
    library = parts["signet_cookie_value"] + parts["signet_verify"]
    print(f"nginx worker instructions per request ({requests} keep-alive requests each, callgrind, user space only):")
    print(f"  (1) static file, no check   {plain:9,.0f}")
    print(f"  (2) signet_require on       {signet:9,.0f}   adds {signet - plain:,.0f}")
    print(f"  of which the access handler {parts['ngx_http_signet_access_handler']:9,.0f}: "
          f"signet_cookie_value {parts['signet_cookie_value']:,.0f}, signet_verify {parts['signet_verify']:,.0f}, "
          f"the module's own code {parts['ngx_http_signet_access_handler'] - library:,.0f}")


if __name__ == "__main__":
    main()
