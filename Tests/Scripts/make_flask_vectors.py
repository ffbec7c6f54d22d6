#!/usr/bin/env python3
"""Writes Tests/Vectors/flask/sessions.json from the real Flask 3.1.3.

Every expected cookie and JSON text in the file comes from Flask itself: a Flask app with
SECRET_KEY and SECRET_KEY_FALLBACKS mints each session at a fixed time, and its tagged JSON is
what Flask's session serializer writes inside an app context.

Run from the repository root: python3 Tests/Scripts/make_flask_vectors.py
"""
import importlib.metadata
import json
import math
import random
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock

from flask import Flask
from markupsafe import Markup
from werkzeug.http import http_date, parse_date

assert importlib.metadata.version("Flask") == "3.1.3", "needs Flask 3.1.3"
assert importlib.metadata.version("itsdangerous") == "2.2.0", "needs itsdangerous 2.2.0"

SECRET_KEY = "current-secret-key"
FALLBACKS = ["oldest-fallback", "newer-fallback"]
NOW = 1_700_000_000
OUT = Path(__file__).resolve().parent.parent / "Vectors" / "flask" / "sessions.json"


def app_with(secret, fallbacks=()):
    app = Flask("vectors")
    app.config["SECRET_KEY"] = secret
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    return app


def serializer(app):
    return app.session_interface.get_signing_serializer(app)


def mint(app, session, at):
    with app.app_context(), mock.patch("time.time", return_value=at):
        return serializer(app).dumps(dict(session))


def tagged_json(app, session):
    with app.app_context():
        return serializer(app).serializer.dumps(dict(session))


def load(app, cookie, now, max_age=2678400):
    with app.app_context(), mock.patch("time.time", return_value=now):
        try:
            data = serializer(app).loads(cookie, max_age=max_age)
            return {"json": serializer(app).serializer.dumps(dict(data))}
        except Exception as e:  # the class name is what the Swift side checks
            return {"error": type(e).__name__, "message": str(e)}


def sessions():
    rng = random.Random(20261124)
    yield "login", {"_fresh": True, "_id": "a" * 128, "_user_id": "42", "csrf_token": "f" * 40}
    yield "empty", {}
    yield "every tag", {
        "tuple": (1, "two", 3.0),
        "bytes": b"\x00\xffbinary\n",
        "markup": Markup("<b>bold</b>"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "datetime": datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        "list": [1, [2, [3]]],
        "none": None,
        "bool": False,
    }
    yield "nested tags", {"a": {"b": [(b"x", Markup("<i>"), (uuid.UUID(int=1),))]}, "t": ((),)}
    yield "dict with a tag key", {"x": {" t": 1}, "y": {" di": {" b": "no"}}, "z": {" u": [1]}}
    yield "tag-keyed top level", {" m": "not markup"}
    yield "non-ascii", {"name": "Zoë", "emoji": "😀 grin", "cjk": "漢字", "ctrl": "\x00\x1f\x7f", "quote": "\"\\/"}
    yield "lone surrogate", {"s": "\ud800x\udfff"}
    yield "huge integers", {"big": 2**200, "neg": -(10**50), "zero": 0, "max64": 2**63 - 1, "min64": -(2**63)}
    yield "float edges", {
        "f": [0.1, 1e16, 1e-5, 0.0001, 1e22, 5e-324, 1.7976931348623157e308, -0.0, 100.0, 123456789.125,
              float("nan"), float("inf"), float("-inf"), 2.5e-7, 9007199254740993.0]
    }
    # Years 1-99: Flask writes them as 0001-0099 but reads them back as 19xx/20xx (email.utils).
    # Minting keeps the year as written, so the cookie is Flask's; reading gives Flask's 19xx/20xx.
    years = random.Random(5)
    yield "datetimes of every width of year", {"d": [
        datetime(year, 1 + year % 12, 1 + year % 28, year % 24, year % 60, year % 60, tzinfo=timezone.utc)
        for year in [1, 5, 68, 69, 99, 100, 999, 1000, 9999] + [years.randrange(1, 10000) for _ in range(20)]]}
    yield "datetimes", {"d": [datetime(100, 1, 1, tzinfo=timezone.utc), datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc),
                              datetime(1969, 12, 31, 23, 59, 59, tzinfo=timezone.utc), datetime(2024, 2, 29, 12, 0, 0, 123456, tzinfo=timezone.utc)]}
    yield "unsorted keys", {"b": 1, "a": 2, "C": 3, "é": 4, "_": 5, "A": {"z": 1, "y": 2}}
    yield "uncompressible", {"k": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(40))}
    yield "compressible 3 KB", {"items": [{"id": i, "name": f"item {i}", "tags": ("a", "b"), "price": i * 1.25} for i in range(40)]}
    for size in range(1, 40):
        yield f"short string {size}", {"v": "x" * size}
    for index in range(60):
        yield f"random {index}", random_session(rng)


def random_value(rng, depth):
    kind = rng.randrange(12 if depth < 3 else 7)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([rng.randrange(-1000, 1000), rng.randrange(-2**70, 2**70)])
    if kind == 2:
        return rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randrange(-30, 30)])
    if kind == 3:
        return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x800), rng.randrange(0x800, 0xD800), rng.randrange(0x10000, 0x10FFFF)])) for _ in range(rng.randrange(12)))
    if kind == 4:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(10)))
    if kind == 5:
        return uuid.UUID(int=rng.getrandbits(128))
    if kind == 6:
        return datetime.fromtimestamp(rng.randrange(-10**10, 10**10), tz=timezone.utc)
    if kind == 7:
        return Markup("<p>" + str(rng.random()) + "</p>")
    if kind == 8:
        return tuple(random_value(rng, depth + 1) for _ in range(rng.randrange(4)))
    if kind == 9:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {random_key(rng): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}


def random_key(rng):
    return rng.choice([" t", " b", " di", "k", "é", "_id", str(rng.randrange(100)), "x" * rng.randrange(5)])


def random_session(rng):
    return {random_key(rng): random_value(rng, 0) for _ in range(rng.randrange(1, 6))}


def main():
    current = app_with(SECRET_KEY, FALLBACKS)
    cases = []
    for name, session in sessions():
        cookie = mint(current, session, NOW)
        cases.append({
            "name": name,
            "tagged_json": tagged_json(current, session),
            "timestamp": NOW,
            "cookie": cookie,
            # Flask reading its own cookie back: the canonical JSON after a round trip.
            "roundtrip_json": load(current, cookie, NOW)["json"],
        })
    login = dict(next(sessions())[1])
    checks = []
    for signer_key in [SECRET_KEY] + FALLBACKS + ["unknown-key"]:
        cookie = mint(app_with(signer_key), login, NOW)
        checks.append({"name": f"signed with {signer_key}", "cookie": cookie, "now": NOW, "max_age": 2678400,
                       "expect": load(current, cookie, NOW)})
    cookie = mint(current, login, NOW)
    for name, now, max_age in [("age equals max_age", NOW + 2678400, 2678400), ("one second too old", NOW + 2678401, 2678400),
                               ("future", NOW - 1, 2678400), ("custom max_age", NOW + 61, 60)]:
        checks.append({"name": name, "cookie": cookie, "now": now, "max_age": max_age, "expect": load(current, cookie, now, max_age)})
    for name, tampered in [("flipped payload", "f" + cookie[1:] if cookie[0] != "f" else "g" + cookie[1:]),
                           ("flipped signature", cookie[:-1] + ("A" if cookie[-1] != "A" else "B")),
                           ("truncated", cookie[:-5]), ("no signature", cookie.rsplit(".", 1)[0])]:
        checks.append({"name": name, "cookie": tampered, "now": NOW, "max_age": 2678400, "expect": load(current, tampered, NOW)})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    stamps = [-62135596800, 253402300799, 0, -1, 951782400, 1709208000] + [rng.randrange(-62135596800, 253402300800) for _ in range(200)]
    http_dates = [{"seconds": s, "text": http_date(datetime.fromtimestamp(s, tz=timezone.utc))} for s in stamps]
    parsed = []
    for text in ["Thu, 02 Jan 2020 03:04:05 GMT", "Thu, 2 Jan 2020 03:04:05 GMT", "02 Jan 2020 03:04:05 +0100",
                 "Fri, 02 Jan 2020 03:04:05 -0230", "Thu, 02 Jan 0005 03:04:05 GMT", "Thu, 02 Jan 69 03:04:05 GMT",
                 "Thu, 02 Jan 68 03:04:05 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                 "Thu, 29 Feb 2024 00:00:00 UTC", "Thu, 02 Jan 2020 03:04:05 UT", "Thu, 02 Jan 2020 03:04:05 Z"]:
        dt = parse_date(text)
        parsed.append({"text": text, "seconds": None if dt is None else int(dt.timestamp())})
    document = {
        "generator": "Tests/Scripts/make_flask_vectors.py",
        "flask": "3.1.3",
        "secret_key": SECRET_KEY,
        "fallback_keys": FALLBACKS,
        "sessions": cases,
        "verify": checks,
        "http_dates": http_dates,
        "parsed_dates": parsed,
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=True) + "\n")
    print(f"wrote {len(cases)} sessions and {len(checks)} verify cases to {OUT}")


if __name__ == "__main__":
    sys.exit(main())
