#!/usr/bin/env python3
"""The Python half of test_interop.c: real Flask 3.1 and itsdangerous 2.2 answer C's requests.

Reads one request per line on stdin and writes one answer per line on stdout, so a single
Python process serves the whole test. Every argument is hex (keys and values may be binary)
except times, which are decimal Unix seconds. Answers are "OK <hex> [<hex>]" or
"ERR <exception class>".

    flask-mint NOW SECRET FALLBACKS JSON   -> OK cookie canonical_json
    flask-load NOW SECRET FALLBACKS COOKIE -> OK canonical_json | ERR class
    signer-sign KEY VALUE                  -> OK token              (itsdangerous.Signer)
    ts-sign NOW KEY VALUE                  -> OK token              (TimestampSigner)
    ust-dumps NOW KEY JSON                 -> OK token              (URLSafeTimedSerializer)

FALLBACKS is "-" or comma-separated hex keys, oldest first (SECRET_KEY_FALLBACKS). Time is
frozen by patching time.time, the clock itsdangerous reads.
"""
import json
import sys
from datetime import datetime, timezone
from unittest import mock

from flask import Flask
from itsdangerous import Signer, TimestampSigner, URLSafeTimedSerializer


def unhex(text):
    return bytes.fromhex(text)


def app_for(secret, fallbacks):
    app = Flask("signet-interop")
    app.config["SECRET_KEY"] = unhex(secret)
    app.config["SECRET_KEY_FALLBACKS"] = [] if fallbacks == "-" else [unhex(k) for k in fallbacks.split(",")]
    return app


def flask_mint(now, secret, fallbacks, text):
    app = app_for(secret, fallbacks)
    # Inside an app context Flask's JSON sorts keys and escapes non-ASCII, as when it saves a
    # session; the tagged JSON is parsed by Flask itself, so tags become real Python values.
    with app.app_context(), mock.patch("time.time", return_value=int(now)):
        signer = app.session_interface.get_signing_serializer(app)
        session = signer.serializer.loads(unhex(text).decode("utf-8"))
        return [signer.dumps(session).encode(), signer.serializer.dumps(session).encode()]


def flask_mint_year(now, secret, fallbacks, year):
    """The cookie Flask writes for a session holding datetime(year, ...), and its tagged JSON:
    for years below 100 the JSON says 0005, which Flask itself would read back as 2005, so the
    datetime is built here rather than parsed."""
    app = app_for(secret, fallbacks)
    session = {"d": datetime(int(year), 2, 3, 4, 5, 6, tzinfo=timezone.utc)}
    with app.app_context(), mock.patch("time.time", return_value=int(now)):
        signer = app.session_interface.get_signing_serializer(app)
        return [signer.dumps(session).encode(), signer.serializer.dumps(session).encode()]


def flask_load(now, secret, fallbacks, cookie):
    app = app_for(secret, fallbacks)
    with app.app_context(), mock.patch("time.time", return_value=int(now)):
        signer = app.session_interface.get_signing_serializer(app)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        session = signer.loads(unhex(cookie).decode("ascii"), max_age=max_age)
        return [signer.serializer.dumps(session).encode()]


def signer_sign(key, value):
    return [Signer(unhex(key)).sign(unhex(value))]


def ts_sign(now, key, value):
    with mock.patch("time.time", return_value=int(now)):
        return [TimestampSigner(unhex(key)).sign(unhex(value))]


def ust_dumps(now, key, text):
    with mock.patch("time.time", return_value=int(now)):
        token = URLSafeTimedSerializer(unhex(key)).dumps(json.loads(unhex(text)))
        return [token.encode()]


COMMANDS = {
    "flask-mint": flask_mint,
    "flask-load": flask_load,
    "flask-mint-year": flask_mint_year,
    "signer-sign": signer_sign,
    "ts-sign": ts_sign,
    "ust-dumps": ust_dumps,
}


def main():
    for line in sys.stdin:
        command, *args = line.split()
        try:
            answer = "OK " + " ".join(part.hex() for part in COMMANDS[command](*args))
        except Exception as error:  # the class name is the answer C compares
            answer = "ERR " + type(error).__name__
        print(answer, flush=True)


if __name__ == "__main__":
    main()
