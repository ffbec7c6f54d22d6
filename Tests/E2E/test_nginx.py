#!/usr/bin/env python3
"""End to end: a real nginx with ngx_http_signet_module verifies the Flask app's sessions.

Real processes on 127.0.0.1 only, free ports: nginx (Debian's, master + 1 worker, its own
prefix and config in a temporary directory) loading the module built by
`make -C examples-c nginx`, the Flask app of Tests/E2E/flask_app.py, and an upstream (a tiny
http.server in this process) that echoes the headers nginx forwards. Run by
`make -C examples-c nginx-e2e`, part of `bash Tests/run-all.sh`:

    SIGNET_NGINX_MODULE=examples-c/build/nginx/objs/ngx_http_signet_module.so \
        python3 Tests/E2E/test_nginx.py

Without nginx or Flask this SKIPs, or FAILs when CI=true. Every process started is stopped.
"""
import atexit
import base64
import hashlib
import http.server
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import zlib

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from test_e2e import (  # noqa: E402  (the Flask side and its helpers are shared)
    LIFETIME, MISSING, OLD_SECRET, SECRET, UNKNOWN_SECRET, flask_mint, get, kill_leftovers, session_value,
    start_flask,
)

MODULE = os.environ.get("SIGNET_NGINX_MODULE", "")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NEW_SECRET = "e2e-rotated-secret"
KEYS = [SECRET, OLD_SECRET, UNKNOWN_SECRET, NEW_SECRET]
READY_TIMEOUT = 30  # seconds for nginx to accept connections (or to finish a reload)

if not MISSING and not (os.path.isfile(NGINX) and os.access(NGINX, os.X_OK)):
    MISSING = "nginx not installed (apt-get install nginx-light nginx-dev)"
if not MISSING and not os.path.isfile(MODULE):
    MISSING = f"module {MODULE!r} not built (make -C examples-c nginx)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw_get(port, path, headers=()):
    """One HTTP/1.0 request with exactly these header lines: (status, headers dict, body)."""
    request = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n".encode()
    for name, value in headers:
        request += name.encode() + b": " + (value if isinstance(value, bytes) else value.encode("latin-1")) + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request + b"\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), fields, body


def signer(secret=SECRET):
    """Flask's own session serializer for `secret`, to sign arbitrary payloads with its signer."""
    from flask_app import create_app

    app = create_app(secret)
    return app.session_interface.get_signing_serializer(app)


def sign_payload(payload, secret=SECRET):
    """A cookie whose signature is genuine over `payload` (the base64 part, '.' for zlib)."""
    return signer(secret).make_signer().sign(payload).decode()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def flask_cookie(user, signed_at, secret=SECRET):
    """The cookie Flask's save_session writes for {"user": user} at `signed_at`."""
    return session_value(flask_mint({"user": user}, signed_at, secret))


def refused_cookies(now):
    """(cookie or None, the $signet_status it must get, why) for cookies nginx must refuse."""
    good = flask_cookie("ann", now)
    value, stamp, signature = good.rsplit(".", 2)
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    other_payload = flask_cookie("root", now).split(".")[0]
    return [
        (None, "missing", "no cookie"),
        ("", "missing", "an empty cookie"),
        (f"{value}.{stamp}.{flipped}", "bad_signature", "a tampered signature"),
        (f"{other_payload}.{stamp}.{signature}", "bad_signature", "another payload"),
        (good[:-5], "bad_signature", "a truncated cookie"),
        (flask_cookie("ann", now, UNKNOWN_SECRET), "bad_signature", "a foreign key"),
        (flask_cookie("ann", now - LIFETIME - 3600), "expired", "a cookie older than 31 days"),
        (flask_cookie("ann", now + 3600), "expired", "a cookie dated an hour ahead"),
        ("garbage-without-dots", "bad_signature", "garbage"),
        (sign_payload(b"not base64 !"), "bad_payload", "a signed undecodable payload"),
        (sign_payload(b64(b'["a list"]')), "bad_payload", "a signed JSON that is no object"),
        ("A" * 70000, "too_large", "a 70 KB cookie"),
        (sign_payload(b"." + b64(zlib.compress(b'{"a":"' + b" " * (3 << 20) + b'"}', 9))), "too_large",
         "a signed deflate bomb (3 MiB)"),
        ("." + b64(zlib.compress(b" " * (16 << 20), 9)).decode() + ".AAAAAA.AAAA", "bad_signature",
         "an unsigned deflate bomb (16 MiB)"),
        (sign_payload(b"." + b64(zlib.compress(b"[" * 5000 + b"]" * 5000, 9))), "too_large",
         "signed JSON nested 5000 deep"),
    ]


class EchoHandler(http.server.BaseHTTPRequestHandler):
    """The upstream: answers every GET with the request's headers as JSON (bytes as Latin-1)."""

    hits = 0

    def do_GET(self):  # noqa: N802 (http.server's name)
        EchoHandler.hits += 1
        body = json.dumps({"path": self.path, "headers": [[k.lower(), v] for k, v in self.headers.items()]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


# What every test nginx needs: the module, one worker, everything inside its own prefix.
CONFIG_HEAD = """
load_module {module};
worker_processes 1;
pid logs/nginx.pid;
error_log logs/error.log {log_level};
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path temp;
    proxy_temp_path temp;
"""

CONFIG = CONFIG_HEAD + """
    large_client_header_buffers 4 128k;   # lets a 64 KiB cookie reach the module

    signet_max_age 31d;                       # inherited by both servers

    server {{
        listen 127.0.0.1:{port};
        signet_secret_file keys/secret.key;   # relative to this file's directory
        signet_fallback_file keys/fallback.key;
        add_header X-Signet-Status $signet_status always;

        # The whole verification as text, never 401.
        location = /check {{
            return 200 "$signet_status|$signet_session_user|$signet_signed_at|$signet_session\\n";
        }}
        # A static folder only for logged-in visitors.
        location /static/ {{
            signet_require on;
            root html;
        }}
        # The user forwarded to a backend that is not Python.
        location /api/ {{
            signet_require on;
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header X-User $signet_session_user;
            proxy_set_header X-Signed-At $signet_signed_at;
        }}
        # A 401 redirected internally: still one verification for the request.
        # (signet_require acts in the access phase: `return`, a rewrite-phase directive, would
        # answer before it, as it does before auth_basic and auth_request.)
        location /redirected/ {{
            signet_require on;
            error_page 401 = /login-page;
            alias html/static/;
        }}
        location = /login-page {{
            add_header X-Signet-Status $signet_status always;
            add_header X-Member $signet_session_user always;
            return 200 "please log in ($signet_status)\\n";
        }}
        # Levels override: another cookie name, another salt.
        location = /other-cookie {{
            signet_cookie sid;
            return 200 "$signet_status|$signet_session_user\\n";
        }}
        location = /other-salt {{
            signet_salt other-salt;
            return 200 "$signet_status\\n";
        }}
        # Other frameworks' sessions with the same key (issue 18): Starlette's cookie `session`,
        # Django's signed_cookies `sessionid`.
        location = /starlette {{
            signet_profile starlette;
            return 200 "$signet_status|$signet_session_user|$signet_session\\n";
        }}
        location = /django {{
            signet_profile django-session;
            return 200 "$signet_status|$signet_session_user|$signet_session\\n";
        }}
    }}
    server {{
        listen 127.0.0.1:{port_off};
        location / {{ return 200 "[$signet_status][$signet_session_user]\\n"; }}
    }}
}}
"""


class Nginx:
    """A real nginx in its own prefix (a temporary directory), master in the foreground."""

    def __init__(self, upstream_port):
        self.prefix = pathlib.Path(tempfile.mkdtemp(prefix="signet-nginx-"))
        self.port, self.port_off = free_port(), free_port()
        for sub in ("logs", "temp", "conf/keys", "html/static"):
            (self.prefix / sub).mkdir(parents=True)
        (self.prefix / "html/static/index.html").write_text("members only\n")
        os.chmod(self.prefix, 0o755)  # the worker (user nobody) reads html/
        for sub in ("html", "html/static", "conf"):
            os.chmod(self.prefix / sub, 0o755)
        os.chmod(self.prefix / "html/static/index.html", 0o644)
        self.write_keys(SECRET, OLD_SECRET)
        self.conf = self.prefix / "conf/nginx.conf"
        self.conf.write_text(CONFIG.format(module=MODULE, log_level="debug", port=self.port, port_off=self.port_off,
                                           upstream=upstream_port))
        self.process = None
        self.test_config()
        self.process = subprocess.Popen(
            self.argv("-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        self.wait_until(lambda: self.status("/check") is not None, "nginx did not start")

    def argv(self, *extra):
        return [NGINX, "-p", str(self.prefix) + "/", "-c", str(self.conf), *extra]

    def write_keys(self, secret, fallback):
        for name, key in (("secret.key", secret), ("fallback.key", fallback)):
            path = self.prefix / "conf/keys" / name
            path.write_text(key + "\n")
            os.chmod(path, 0o600)  # read by the master only, at configuration time

    def test_config(self):
        result = subprocess.run(self.argv("-t"), capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {result.stderr}")

    def reload(self, secret, fallback):
        """New keys, `nginx -s reload`, and wait until a worker of the new configuration serves."""
        old_workers = self.worker_pids()
        self.write_keys(secret, fallback)
        subprocess.run(self.argv("-s", "reload"), check=True, capture_output=True, timeout=60)
        self.wait_until(lambda: self.worker_pids() and not (self.worker_pids() & old_workers),
                        "no new worker after reload")

    def worker_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return {int(pid) for pid in out.split()}

    def wait_until(self, condition, message):
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{message}: nginx exited: {self.process.stderr.read().decode()}")
            if condition():
                return
            time.sleep(0.05)
        raise RuntimeError(message)

    def status(self, path):
        try:
            return raw_get(self.port, path)[0]
        except OSError:
            return None

    def error_log(self):
        return (self.prefix / "logs/error.log").read_text(errors="replace")

    def stop(self):
        """SIGQUIT (graceful), then SIGKILL if needed; returns the master's exit status."""
        if self.process is None:
            return 0
        try:
            os.killpg(self.process.pid, signal.SIGQUIT)
        except ProcessLookupError:
            pass
        try:
            status = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            status = self.process.wait()
        self.process.stderr.close()
        return status

    def group_alive(self):
        try:
            os.killpg(self.process.pid, 0)
            return True
        except ProcessLookupError:
            return False


STARTED_NGINX = []


def stop_leftover_nginx():
    for process in STARTED_NGINX:  # Popen objects of nginx masters, each its own process group
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@unittest.skipIf(MISSING, MISSING)
class NginxVerifiesFlaskSessions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
        threading.Thread(target=cls.upstream.serve_forever, daemon=True).start()
        cls.flask = cls.nginx = None
        try:
            cls.flask = start_flask()
            cls.nginx = Nginx(cls.upstream.server_address[1])
            STARTED_NGINX.append(cls.nginx.process)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        problems = []
        if cls.nginx is not None:
            status = cls.nginx.stop()
            if status != 0:
                problems.append(f"nginx exited {status} on SIGQUIT")
            if cls.nginx.group_alive():
                problems.append("a process of nginx's group is left")
            log = cls.nginx.error_log()
            # At debug level (Debian's nginx is built --with-debug): keys appear at no level.
            if "[debug]" not in log:
                problems.append("the error log has no debug lines: the key check below is weaker")
            problems += [f"the error log holds the key {key!r}" for key in KEYS if key in log]
            problems += [f"error log: {line}" for line in log.splitlines()
                         if re.search(r"exited on signal|\[(alert|crit|emerg)\]", line)]
            shutil.rmtree(cls.nginx.prefix, ignore_errors=True)
        if cls.flask is not None:
            problems += cls.flask.stop_checked()
        cls.upstream.shutdown()
        cls.upstream.server_close()
        if problems:
            raise AssertionError("\n".join(problems))

    # -- helpers ----------------------------------------------------------------------------

    def login(self, user):
        """Logs `user` in on the Flask app; returns the session cookie it set."""
        status, set_cookies, body = get(self.flask.url + "/login?" + urllib.parse.urlencode({"user": user}))
        self.assertEqual((status, json.loads(body)), (200, {"user": user}))
        return session_value(set_cookies[0])

    def check(self, cookie=None, path="/check", port=None):
        """(status, X-Signet-Status, body) of nginx for Cookie: theme=dark; session=<cookie>."""
        headers = [] if cookie is None else [("Cookie", f"theme=dark; session={cookie}")]
        status, fields, body = raw_get(port or self.nginx.port, path, headers)
        return status, fields.get("x-signet-status"), body

    def assert_refused(self, cookie, outcome, why):
        self.assertEqual(self.check(cookie)[1:], (outcome, f"{outcome}|||\n".encode()), why)
        self.assertEqual(self.check(cookie, "/static/index.html")[:2], (401, outcome), why)
        hits = EchoHandler.hits
        self.assertEqual(self.check(cookie, "/api/x")[:2], (401, outcome), why)
        self.assertEqual(EchoHandler.hits, hits, f"{why}: the upstream was reached")

    # -- the scenarios ---------------------------------------------------------------

    def test_a_flask_login_is_recognised(self):
        for user in ["ann", "Zoë 😀 «名前»", 'quote" back\\slash', "x" * 256]:
            with self.subTest(user=user):
                cookie = self.login(user)
                status, outcome, body = self.check(cookie)
                fields = body.decode().rstrip("\n").split("|", 3)
                self.assertEqual((status, outcome, fields[0], fields[1]), (200, "ok", "ok", user))
                # $signet_session is Flask's canonical JSON and $signet_signed_at the stamp.
                serializer = signer()
                session, when = serializer.loads(cookie, max_age=LIFETIME, return_timestamp=True)
                self.assertEqual(json.loads(fields[3]), {"_permanent": True, "user": user})
                self.assertEqual(fields[3], json.dumps(json.loads(fields[3]), sort_keys=True,
                                                       separators=(",", ":")))
                self.assertEqual(int(fields[2]), int(when.timestamp()))
                self.assertEqual(self.check(cookie, "/static/index.html"), (200, "ok", b"members only\n"))

    def test_refused_cookies_get_401_and_their_status(self):
        for cookie, outcome, why in refused_cookies(int(time.time())):
            with self.subTest(why=why):
                self.assert_refused(cookie, outcome, why)
        self.assertIsNone(self.nginx.process.poll(), "nginx died")

    def test_a_fallback_key_cookie_passes(self):
        cookie = flask_cookie("old-timer", int(time.time()), OLD_SECRET)
        self.assertEqual(self.check(cookie)[:2], (200, "ok"))
        self.assertEqual(self.check(cookie, "/static/index.html")[0], 200)

    def test_the_upstream_receives_the_user(self):
        user = "Zoë 😀"
        cookie = self.login(user)
        status, outcome, body = self.check(cookie, "/api/hello")
        self.assertEqual((status, outcome), (200, "ok"))
        headers = dict(json.loads(body)["headers"])
        # http.server reads header bytes as Latin-1: nginx forwarded the UTF-8 bytes unchanged.
        self.assertEqual(headers["x-user"].encode("latin-1").decode("utf-8"), user)
        self.assertEqual(int(headers["x-signed-at"]), int(self.check(cookie)[2].split(b"|")[2]))
        self.assertIn("theme=dark", headers["cookie"])

    def test_no_header_injection_through_the_session(self):
        cookie = self.login("eve\r\nX-Injected: 1")
        # A client's own X-User never reaches the upstream either: proxy_set_header replaces it.
        status, _, body = raw_get(self.nginx.port, "/api/x", [("Cookie", f"session={cookie}"), ("X-User", "admin")])
        headers = dict(json.loads(body)["headers"])
        self.assertEqual(status, 200)
        self.assertNotIn("x-injected", headers)
        self.assertNotIn("x-user", headers)  # an empty value: nginx sends no header
        status, _, body = raw_get(self.nginx.port, "/api/x", [("Cookie", f"session={self.login('ann')}"),
                                                              ("X-User", "admin")])
        self.assertEqual([v for k, v in json.loads(body)["headers"] if k == "x-user"], ["ann"])

    def test_non_scalar_members_are_empty(self):
        from test_e2e import reference_app  # noqa: F401  (Flask's own tags)

        cookie = session_value(flask_mint({"user": ["a", "list"]}, int(time.time())))
        self.assertEqual(self.check(cookie)[2].split(b"|")[:2], [b"ok", b""])
        cookie = session_value(flask_mint({"user": 42}, int(time.time())))
        self.assertEqual(self.check(cookie)[2].split(b"|")[:2], [b"ok", b"42"])
        cookie = session_value(flask_mint({"user": True}, int(time.time())))
        self.assertEqual(self.check(cookie)[2].split(b"|")[:2], [b"ok", b"true"])

    def test_one_verification_per_request(self):
        """A refused cookie is logged once per verification: a request that reads it in the
        access phase, in add_header, in return and again after an internal redirect logs once."""
        cookie = flask_cookie("ann", int(time.time()), UNKNOWN_SECRET)
        before = self.nginx.error_log().count("refused")
        status, fields, body = raw_get(self.nginx.port, "/redirected/index.html", [("Cookie", f"session={cookie}")])
        self.assertEqual((status, fields.get("x-signet-status"), body),
                         (200, "bad_signature", b"please log in (bad_signature)\n"))
        deadline = time.monotonic() + 5  # the worker writes its log line before answering
        while self.nginx.error_log().count("refused") == before and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.nginx.error_log().count("refused") - before, 1)

    def test_inner_levels_override(self):
        cookie = self.login("ann")
        _, _, body = raw_get(self.nginx.port, "/other-cookie", [("Cookie", f"session={cookie}")])
        self.assertEqual(body, b"missing|\n")
        _, _, body = raw_get(self.nginx.port, "/other-cookie", [("Cookie", f"session=x; sid={cookie}")])
        self.assertEqual(body, b"ok|ann\n")
        self.assertEqual(self.check(cookie, "/other-salt")[2], b"bad_signature\n")
        # A server without keys (the http level has none): the variables are empty.
        self.assertEqual(self.check(cookie, "/", self.nginx.port_off)[::2], (200, b"[][]\n"))

    def test_starlette_and_django_sessions_are_verified(self):
        # The cookies come from the real Starlette SessionMiddleware and Django SessionStore.
        sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "Scripts"))
        import frameworks_oracle as frameworks
        now = int(time.time())
        session = '{"user": "ada \\u00e9", "roles": ["admin"]}'
        starlette = frameworks.handle({"op": "starlette_mint", "secret_key": SECRET, "json": session, "timestamp": now})
        django = frameworks.handle({"op": "django_session_save", "key": SECRET, "fallbacks": [], "json": session,
                                    "timestamp": now})
        for path, header, json_text in [
            ("/starlette", "session=" + starlette["cookie"], '{"user": "ada \\u00e9", "roles": ["admin"]}'),
            ("/django", "sessionid=" + django["cookie"], '{"user":"ada \\u00e9","roles":["admin"]}'),
        ]:
            status, fields, body = raw_get(self.nginx.port, path, [("Cookie", "theme=dark; " + header)])
            self.assertEqual((status, body.decode()), (200, f"ok|ada é|{json_text}\n"), path)
        # Each profile refuses the others' cookies, Flask's included.
        flask_cookie_text = self.login("ann")
        for path, header in [("/starlette", "session=" + flask_cookie_text), ("/django", "sessionid=" + starlette["cookie"])]:
            status, _, body = raw_get(self.nginx.port, path, [("Cookie", header)])
            self.assertEqual(status, 200)
            self.assertNotEqual(body.decode().split("|")[0], "ok", path)

    def test_cookie_header_parsed_as_werkzeug_does(self):
        cookie = self.login("ann")
        for header in [f'session="{cookie}"', f"a=1; session={cookie}; session=junk",
                       f"  session = {cookie} ;x=y"]:
            with self.subTest(header=header):
                _, fields, _ = raw_get(self.nginx.port, "/check", [("Cookie", header)])
                self.assertEqual(fields["x-signet-status"], "ok")
        # Bytes over 0x7F (werkzeug reads Latin-1): elsewhere harmless, inside the value a refusal.
        _, fields, _ = raw_get(self.nginx.port, "/check", [("Cookie", b"x=\xe9\xff; session=" + cookie.encode())])
        self.assertEqual(fields["x-signet-status"], "ok")
        status, fields, _ = raw_get(self.nginx.port, "/check", [("Cookie", b"session=\xe9" + cookie.encode())])
        self.assertEqual((status, fields["x-signet-status"]), (200, "bad_signature"))
        # Two Cookie headers are one list, as werkzeug joins them.
        _, fields, _ = raw_get(self.nginx.port, "/check", [("Cookie", "a=1"), ("Cookie", f"session={cookie}")])
        self.assertEqual(fields["x-signet-status"], "ok")

    def test_z_key_rotation_and_reload(self):
        """Last (z): SECRET moves to the fallback, NEW_SECRET signs, OLD_SECRET is gone."""
        now = int(time.time())
        by_new, by_current, by_old = (flask_cookie("ann", now, key) for key in (NEW_SECRET, SECRET, OLD_SECRET))
        self.assertEqual(self.check(by_new)[1], "bad_signature")
        self.nginx.reload(NEW_SECRET, SECRET)
        self.assertEqual(self.check(by_new)[:2], (200, "ok"))
        self.assertEqual(self.check(by_current)[:2], (200, "ok"))
        self.assertEqual(self.check(by_old, "/static/index.html")[:2], (401, "bad_signature"))
        # And back, so that the other tests' keys hold again whatever the order.
        self.nginx.reload(SECRET, OLD_SECRET)
        self.assertEqual(self.check(by_new)[1], "bad_signature")


VALGRIND = shutil.which("valgrind")
VALGRIND_CONFIG = CONFIG_HEAD + """
    large_client_header_buffers 4 128k;
    signet_secret_file keys/secret.key;
    signet_fallback_file keys/fallback.key;
    server {{
        listen 127.0.0.1:{port};
        location / {{ return 200 "$signet_status|$signet_session_user|$signet_signed_at|$signet_session\\n"; }}
        location /p/ {{ signet_require on; alias html/; }}
    }}
}}
master_process off;
daemon off;
"""


@unittest.skipIf(MISSING or not VALGRIND, MISSING or "valgrind not installed")
class UnderValgrind(unittest.TestCase):
    """nginx in one process under memcheck: the module's every path on hostile cookies, no
    memory error (the loader's known false positive suppressed), a clean exit."""

    def test_hostile_cookies_under_valgrind(self):
        prefix = pathlib.Path(tempfile.mkdtemp(prefix="signet-nginx-vg-"))
        process = None
        try:
            for sub in ("logs", "temp", "conf/keys", "html"):
                (prefix / sub).mkdir(parents=True)
            (prefix / "conf/keys/secret.key").write_text(SECRET + "\n")
            (prefix / "conf/keys/fallback.key").write_text(OLD_SECRET + "\n")
            (prefix / "html/index.html").write_text("in\n")
            for path in (prefix, prefix / "html", prefix / "html/index.html"):
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
            port = free_port()
            conf = prefix / "conf/nginx.conf"
            conf.write_text(VALGRIND_CONFIG.format(module=MODULE, log_level="info", port=port))
            process = subprocess.Popen(
                [VALGRIND, "--quiet", "--error-exitcode=9", "--leak-check=no",
                 f"--suppressions={HERE / 'nginx-valgrind.supp'}", NGINX, "-p", f"{prefix}/", "-c", str(conf)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
            STARTED_NGINX.append(process)
            deadline = time.monotonic() + 120
            while True:
                try:
                    raw_get(port, "/")
                    break
                except OSError:
                    self.assertIsNone(process.poll(), "nginx under valgrind exited")
                    self.assertLess(time.monotonic(), deadline, "nginx under valgrind did not start")
                    time.sleep(0.2)
            now = int(time.time())
            cases = refused_cookies(now) + [(flask_cookie("Zoë", now), "ok", "a good cookie"),
                                            (flask_cookie("old", now, OLD_SECRET), "ok", "a fallback cookie")]
            for cookie, outcome, why in cases:
                headers = [] if cookie is None else [("Cookie", f"a=1; session={cookie}")]
                self.assertEqual(raw_get(port, "/", headers)[2].split(b"|")[0].decode(), outcome, why)
                self.assertEqual(raw_get(port, "/p/", headers)[0], 200 if outcome == "ok" else 401, why)
            # SIGTERM: nginx's fast shutdown, which frees the cycle (and the module's contexts) and
            # exits 0. Under valgrind a signal that lands while nginx sleeps in epoll_wait is
            # sometimes not acted on (about one run in three here; nginx outside valgrind has no
            # such trouble), so it is repeated every second, for at most two minutes.
            deadline = time.monotonic() + 120
            status = None
            while status is None and time.monotonic() < deadline:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    status = process.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
            self.assertIsNotNone(status, "nginx under valgrind did not stop")
            self.assertEqual(status, 0, process.stderr.read().decode(errors="replace"))
        finally:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if process is not None:
                process.stderr.close()
            shutil.rmtree(prefix, ignore_errors=True)


CONFIG_ERRORS = [
    # (directive lines in http {}, what nginx -t must say)
    ("signet_secret_file keys/none.key;", r'open\(\) ".*keys/none\.key" failed'),
    ("signet_secret_file keys/empty.key;", r'key file ".*keys/empty\.key" is empty'),
    ("signet_secret_file keys/newline.key;", r'key file ".*keys/newline\.key" is empty'),
    ("signet_secret_file keys;", r'keys" is not a regular file'),
    ("signet_secret_file keys/good.key; signet_digest sha3;", r'invalid value "sha3"'),
    ("signet_secret_file keys/good.key; signet_derivation pbkdf2;", r'invalid value "pbkdf2"'),
    ("signet_secret_file keys/good.key; signet_max_age 3 weeks;", r'invalid number of arguments'),
    ("signet_secret_file keys/good.key; signet_max_age 3x;", r'"signet_max_age" directive invalid value'),
    ("signet_secret_file keys/good.key; signet_cookie 'a;b';", r'is not a valid cookie name'),
    ("signet_secret_file keys/good.key; signet_profile rails;", r'unknown "signet_profile"'),
    ("signet_require on;", r'"signet_require on" needs a "signet_secret_file"'),
    ("signet_fallback_file keys/good.key;", r'"signet_fallback_file" needs a "signet_secret_file"'),
    ("signet_secret_file keys/good.key; signet_secret_file keys/good.key;", r'is duplicate'),
]


@unittest.skipIf(MISSING, MISSING)
class ConfigurationErrors(unittest.TestCase):
    def test_nginx_t_fails_with_a_clear_message(self):
        prefix = pathlib.Path(tempfile.mkdtemp(prefix="signet-nginx-t-"))
        try:
            (prefix / "keys").mkdir()
            (prefix / "logs").mkdir()
            (prefix / "keys/empty.key").write_text("")
            (prefix / "keys/newline.key").write_text("\n")
            (prefix / "keys/good.key").write_text(SECRET + "\n")
            for directives, message in CONFIG_ERRORS + [("signet_secret_file keys/good.key;", None)]:
                with self.subTest(directives=directives):
                    conf = prefix / "nginx.conf"
                    conf.write_text(f"load_module {MODULE};\npid logs/nginx.pid;\nerror_log logs/error.log;\n"
                                    f"events {{}}\nhttp {{ {directives} server {{ listen 127.0.0.1:{free_port()}; }} }}\n")
                    result = subprocess.run([NGINX, "-t", "-p", f"{prefix}/", "-c", str(conf)],
                                            capture_output=True, text=True, timeout=60)
                    self.assertNotIn(SECRET, result.stderr + result.stdout)
                    if message is None:
                        self.assertEqual(result.returncode, 0, result.stderr)
                    else:
                        self.assertNotEqual(result.returncode, 0)
                        self.assertRegex(result.stderr, r"\[emerg\].*" + message)
        finally:
            shutil.rmtree(prefix, ignore_errors=True)


def main():
    atexit.register(kill_leftovers)
    atexit.register(stop_leftover_nginx)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if MISSING:
        if os.environ.get("CI") == "true":
            print(f"test_nginx: FAILED: {MISSING} and CI=true", file=sys.stderr)
            return 1
        print(f"test_nginx: SKIP ({MISSING})")
        return 0
    result = unittest.main(exit=False, verbosity=int(os.environ.get("E2E_VERBOSITY", "1"))).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
