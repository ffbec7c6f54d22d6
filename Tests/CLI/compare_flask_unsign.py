#!/usr/bin/env python3
"""Cookies other tools cannot handle, measured: the real Flask writes each cookie below (its
session interface with that digest, derivation, salt or key), then the real flask-unsign
(`--decode`, and `--unsign` on a 1000-line wordlist with the key last, 60 s at most) and signet
(`decode`, `verify`, `audit` on the same wordlist) read it. Prints a Markdown table; exits 1 if
signet fails any row (the test command runs it), or if flask-unsign is missing under CI=true.

    python3 Tests/CLI/compare_flask_unsign.py
"""
import hashlib
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
from unittest import mock

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIGNET = os.environ.get("SIGNET_CLI", os.path.join(ROOT, ".build", "release", "signet-cli"))
T0 = 1_700_000_000
KEY = "compare-key-5d1e"
OLD_KEY = "compare-old-key-8a0b"
TIMEOUT = 60

rng = random.Random(17)
RANDOM_TEXT = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(5000))

# (row, session, Flask session-interface settings, fallback key signing it or None)
ROWS = [
    ("Flask's defaults (sha1, hmac)", {"user_id": "42"}, {}, None),
    ("compressed (3 KB repetitive session)", {"user_id": "42", "log": "visited /home; " * 200}, {}, None),
    ("long (5 000 random characters)", {"user_id": "42", "blob": RANDOM_TEXT}, {}, None),
    ("digest sha256", {"user_id": "42"}, {"digest": "sha256"}, None),
    ("digest sha512", {"user_id": "42"}, {"digest": "sha512"}, None),
    ("derivation concat", {"user_id": "42"}, {"derivation": "concat"}, None),
    ("derivation django-concat", {"user_id": "42"}, {"derivation": "django-concat"}, None),
    ("derivation none", {"user_id": "42"}, {"derivation": "none"}, None),
    ("custom salt (both told it)", {"user_id": "42"}, {"salt": "my-app-salt"}, None),
    ("signed by a fallback key (SECRET_KEY_FALLBACKS)", {"user_id": "42"}, {}, OLD_KEY),
]


def flask_app(key, settings, fallbacks=()):
    app = Flask("compare")
    app.secret_key = key
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    # Flask's default interface is one object shared by all apps: each app gets its own here.
    interface = app.session_interface = SecureCookieSessionInterface()
    if "digest" in settings:
        interface.digest_method = getattr(hashlib, settings["digest"])
    if "derivation" in settings:
        interface.key_derivation = settings["derivation"]
    if "salt" in settings:
        interface.salt = settings["salt"]
    return app


def flask_cookie(session, settings, signing_key):
    app = flask_app(signing_key, settings)
    with app.app_context(), mock.patch("time.time", return_value=T0):
        return app.session_interface.get_signing_serializer(app).dumps(session)


def flask_reads(cookie, settings, fallback):
    """Flask itself, with the key and fallbacks, reads the cookie back: the canonical JSON."""
    app = flask_app(KEY, settings, [fallback] if fallback else [])
    with app.app_context(), mock.patch("time.time", return_value=T0 + 60):
        data = app.session_interface.get_signing_serializer(app).loads(cookie, max_age=3600)
        return app.session_interface.serializer.dumps(data)


def command(args, stdin=None):
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, input=stdin)
    except subprocess.TimeoutExpired:
        return None, "", "timeout"
    return proc.returncode, proc.stdout, proc.stderr


def signing_options(settings):
    options = []
    if "digest" in settings:
        options += ["--digest", settings["digest"]]
    if "derivation" in settings:
        options += ["--derivation", settings["derivation"]]
    if "salt" in settings:
        options += ["--salt", settings["salt"]]
    return options


def measure(name, session, settings, fallback, wordlist):
    signing_key = fallback or KEY
    cookie = flask_cookie(session, settings, signing_key)
    canonical = flask_reads(cookie, settings, fallback)
    payload = json.dumps(session, sort_keys=True, separators=(",", ":"))
    salt = ["--salt", settings["salt"]] if "salt" in settings else []
    results = {}

    rc, out, _ = command(["flask-unsign", "--decode", "--cookie", cookie])
    results["flask-unsign --decode"] = rc == 0 and "user_id" in out and "Failed" not in out
    rc, out, _ = command(["flask-unsign", "--unsign", "--cookie", cookie, "--wordlist", wordlist,
                          "--no-literal-eval", "--threads", "2", "--quiet", *salt])
    results["flask-unsign --unsign"] = "timeout" if rc is None else rc == 0 and signing_key in out

    rc, out, _ = command([SIGNET, "decode", "-"], stdin=cookie)
    results["signet decode"] = rc == 0 and out.startswith(f"payload: {payload}\n")
    fallbacks = ["--fallback", fallback] if fallback else []
    rc, out, _ = command([SIGNET, "verify", "--secret", KEY, *fallbacks, *signing_options(settings),
                          "--now", str(T0 + 60), "-"], stdin=cookie)
    results["signet verify"] = rc == 0 and out == canonical + "\n"
    rc, out, _ = command([SIGNET, "audit", "--quiet", "--wordlist", wordlist, *signing_options(settings), "-"], stdin=cookie)
    results["signet audit"] = rc == 0 and out == signing_key + "\n"
    return name, len(cookie), results


def cell(result):
    return "timeout" if result == "timeout" else "ok" if result else "**fails**"


def main():
    if not os.access(SIGNET, os.X_OK):
        print(f"compare_flask_unsign: {SIGNET} not built (swift build -c release --product signet-cli)", file=sys.stderr)
        return 1
    if shutil.which("flask-unsign") is None:
        message = "compare_flask_unsign: flask-unsign (pip install flask-unsign==1.2.1) is required"
        if os.environ.get("CI") == "true":
            print(message + " (CI=true: failing)", file=sys.stderr)
            return 1
        print(message + "; skipping", file=sys.stderr)
        return 0
    tmp = tempfile.mkdtemp(prefix="signet-compare-")
    try:
        words = [f"guess-{i:04d}-{rng.getrandbits(32):08x}" for i in range(998)]
        wordlist = os.path.join(tmp, "words.txt")
        with open(wordlist, "w") as f:
            f.write("\n".join(words + [OLD_KEY, KEY]) + "\n")
        rows = [measure(name, session, settings, fallback, wordlist) for name, session, settings, fallback in ROWS]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    columns = list(rows[0][2])
    print("| cookie (written by Flask 3.1.3) | bytes | " + " | ".join(f"`{c}`" for c in columns) + " |")
    print("|---|---:|" + "---|" * len(columns))
    for name, size, results in rows:
        print(f"| {name} | {size} | " + " | ".join(cell(results[c]) for c in columns) + " |")
    failed = [name for name, _, results in rows if not all(v is True for c, v in results.items() if c.startswith("signet"))]
    if failed:
        print(f"compare_flask_unsign: FAIL: signet did not handle: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("compare_flask_unsign: signet handled every row", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
