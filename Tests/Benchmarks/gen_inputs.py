#!/usr/bin/env python3
"""Makes the benchmark's inputs with the real Flask 3.1, once per run, for every contender.

Writes one line per workload, tab-separated:

    name  secret_key  timestamp  cookie  tagged_json

`cookie` is the session cookie Flask writes for the session at `timestamp` (a minute ago, so it
is valid under Flask's 31-day max age for the whole run); `tagged_json` is the session as
Flask's canonical tagged JSON (what signet_verify returns and signet_mint takes). Verifying the
cookie must give the JSON, and minting the JSON at the timestamp must give the cookie.

The sessions are built from a fixed seed: the same bytes every run.
"""
import datetime
import random
import sys
import time
import uuid
from unittest import mock

from flask import Flask
from markupsafe import Markup

SECRET = "benchmark-secret-key-0123456789"


def sessions():
    rng = random.Random(20261125)

    def hexstr(n):
        return "".join(rng.choice("0123456789abcdef") for _ in range(n))

    # (a) Flask-Login's session after login: compressed by itsdangerous.
    login = {"_fresh": True, "_id": hexstr(128), "_user_id": "42", "csrf_token": hexstr(40)}
    # (b) about 3 KB of JSON: nested dicts and lists, and Flask's tags (tuple, bytes, Markup,
    # UUID, datetime).
    cart = [
        {"sku": "SKU-%05d" % rng.randrange(100000), "qty": rng.randrange(1, 9),
         "price_cents": rng.randrange(100, 100000), "gift": rng.random() < 0.3,
         "options": {"colour": rng.choice(["red", "green", "blue", "black"]),
                     "size": rng.choice(["S", "M", "L", "XL"])}}
        for _ in range(20)
    ]
    big = {
        "_fresh": False, "_id": hexstr(128), "_user_id": "1042", "csrf_token": hexstr(40),
        "cart": cart,
        "recent": [hexstr(24) for _ in range(12)],
        "tags": tuple(["admin", "beta", "dark-mode", "eu-west", 7, None]),
        "avatar_hash": bytes(rng.randrange(256) for _ in range(32)),
        "banner": Markup("<b>Welcome back</b>"),
        "device": uuid.UUID(hexstr(32)),
        "last_login": datetime.datetime(2026, 11, 24, 9, 30, 15, tzinfo=datetime.timezone.utc),
        "prefs": {"lang": "en-GB", "tz": "Europe/London", "notify": {"email": True, "sms": False},
                  "pages": [1, 2, 3, 5, 8, 13, 21]},
        "flash": [["message", "Saved."], ["info", "Your cart has %d items." % len(cart)]],
    }
    # (c) tiny: zlib would not save two bytes, so the payload is plain base64.
    tiny = {"uid": 7}
    return [("login", login), ("large", big), ("tiny", tiny)]


def main():
    app = Flask("signet-bench")
    app.config["SECRET_KEY"] = SECRET
    ts = int(time.time()) - 60
    out = []
    with app.app_context(), mock.patch("time.time", return_value=ts):
        s = app.session_interface.get_signing_serializer(app)
        for name, session in sessions():
            cookie = s.dumps(dict(session))
            tagged = s.serializer.dumps(dict(session))
            assert s.loads(cookie) == session
            compressed = cookie.startswith(".")
            assert compressed == (name != "tiny"), (name, cookie)
            out.append("\t".join([name, SECRET, str(ts), cookie, tagged]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
