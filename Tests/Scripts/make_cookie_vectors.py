#!/usr/bin/env python3
"""Writes Tests/Vectors/cookies/{parse_cookie,set_cookie}.txt from the real Flask 3.1.3 and werkzeug.

Both files are read by the Swift tests (CookieTests) and the C test (Tests/C/test_cookie.c), so
the Swift API and the C API are held to the same answers. One vector per line, fields separated
by "|", byte strings in hex, "-" for an absent field; lines starting with "#" are comments.

parse_cookie.txt: header_hex|name_hex|value_hex
    What a Flask view finds in request.cookies.get(name) when a server receives the header bytes
    (WSGI decodes them as Latin-1); value_hex is the UTF-8 of the value Flask hands to
    itsdangerous, "-" when there is no such cookie.

set_cookie.txt: kind|name_hex|value_hex|domain_hex|path_hex|expires|max_age|secure|httponly|samesite|partitioned|now|result
    kind "flask": the Set-Cookie Flask's save_session writes for a session with these
    SESSION_COOKIE_* settings (expires set: a permanent session); kind "delete": what it writes
    when the session was emptied (logout); kind "dump": werkzeug's dump_cookie with these
    arguments at time `now`. result: the header's hex, or "!" and the exception werkzeug raised.

Run from the repository root: python3 Tests/Scripts/make_cookie_vectors.py
"""
import importlib.metadata
import itertools
import random
import sys
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

from flask import Flask, Request
from flask import session as flask_session
from werkzeug.http import dump_cookie

assert importlib.metadata.version("Flask") == "3.1.3", "needs Flask 3.1.3"
assert importlib.metadata.version("itsdangerous") == "2.2.0", "needs itsdangerous 2.2.0"
assert importlib.metadata.version("Werkzeug") == "3.1.8", "needs Werkzeug 3.1.8 (pinned in .ci/run)"

NOW = 1_700_000_000
SECRET_KEY = "cookie-vectors-key"
OUT = Path(__file__).resolve().parent.parent / "Vectors" / "cookies"


def hex_or_dash(value):
    return "-" if value is None else value.encode("utf-8").hex()


def number_or_dash(value):
    return "-" if value is None else str(value)


# ------------------------------------------------------------------------------------------------
# parse_cookie


def request_cookie(header, name):
    value = Request({"HTTP_COOKIE": header.decode("latin-1")}).cookies.get(name)
    return None if value is None else value


# Texts sent as their UTF-8 bytes, as a client sending that text does.
TEXT_HEADERS = [
    "session=abc", "a=1; session=two; session=three", "x=1;session=\"quoted\\073\\\"x\";y=2",
    "sessionx=1; session =spaced ", "nope=1", "", "session; session=abc", "x=\"a;session=abc;\"",
    "session=\"\\400\"", "session=\"\\377\\101\"", "session = \"a b\" ; x=1", "session=\"unterminated; x=1",
    "session=\"a\"b; session=c", " \tsession\t=\tv  ;", "session=\u00a0v\u3000", "a=b=c; session==x",
    "session=\"\\\\\"", "session=\"trailing\\\"", " ;;session=;", "\x1csession\x1f=v", "session=\"\\\"",
    "session=\"\"", "session\u00a0=A; session=B", "session\u0085=A; session=B", "session\u2003=A; session=B",
    "session=\"\\342\\202\\254\"", "session=\"\\355\\240\\200\"", "session=\"\\300\\200\"", "session=\"é\\\"",
    "session=a\nb; session=c", "x=a\nsession=b;", "session=x\n", "a=x=\n\ny; session=z", "session=\"a\\\nb\"; session=c",
    "session=\"a\nb\"", "session=v\r\n", "session=\"a\"\n;x", "a=\"x\" y; session=1",
]
# Raw bytes a server may receive from a client that does not send UTF-8.
BYTE_HEADERS = [
    b"session\xa0=A; session=B", b"session\x85=A; session=B", b"\xa0session=A", b"session=\xa0A\x85",
    b"session=\xe9t\xe9", b"session=\"\xe9\\\xe9\"", b"s\xe9ssion=1; session=2", b"session=\"\\\xff\"",
    b"session=\"\xc3\xa9\"", b"session=\xff\xfe", b"\x00session=1; session=\x00",
]
PIECES = [
    b"session", b"sessio", b"x", b"=", b"==", b";", b"; ", b" ", b"\t", b"\"", b"\\", b"\\0", b"\\101",
    b"\\400", b"\\3", b"\\377", b"\\342\\202\\254", b"\\355\\240", b"a", b"b1", b"\xc2\xa0", b"\xa0",
    b"\xc2\x85", b"\x85", b"\xe2\x80\x83", b"\x1c", b"\xe3\x80\x80", b"\xc3\xa9", b"\xe9", b"\xff",
    b"\xf0\x9f\x98\x80", b"\r", b"\n", b"\x0b", b",", b"\x00",
]
NAMES = ["session", "session", "session", "x", "sé", "a b", ""]


def parse_vectors():
    rng = random.Random(20261128)
    cases = [(text.encode("utf-8"), "session") for text in TEXT_HEADERS]
    cases += [(raw, "session") for raw in BYTE_HEADERS]
    cases += [(b"s\xc3\xa9=1; s\xe9=2", "sé"), (b"a b=1", "a b"), (b"x=1", "")]
    for _ in range(3000):
        header = b"".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 16)))
        cases.append((header, rng.choice(NAMES)))
    lines = []
    for header, name in cases:
        value = request_cookie(header, name)
        lines.append(f"{header.hex()}|{name.encode().hex()}|{hex_or_dash(value)}")
    return lines


# ------------------------------------------------------------------------------------------------
# Set-Cookie


def frozen_datetime(seconds):
    """datetime whose now() is `seconds`, for werkzeug's and Flask's expiry dates."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(seconds, tz)

    return Frozen


def set_line(kind, name, value, domain, path, expires, max_age, secure, httponly, samesite, partitioned, now, result):
    fields = [kind, name.encode().hex(), value.encode().hex(), hex_or_dash(domain), hex_or_dash(path),
              number_or_dash(expires), number_or_dash(max_age), str(int(secure)), str(int(httponly)),
              samesite or "-", str(int(partitioned)), str(now), result]
    return "|".join(fields)


def flask_vectors():
    """Every combination of Flask's SESSION_COOKIE_* settings, through Flask's own save_session."""
    lines = []
    settings = itertools.product(
        ["session", "__Host-sid"], [None, "example.com", ".Sub.Example.com:8443"], ["/", "/app/", "/a b;c"],
        [False, True], [True, False], [None, "Lax", "Strict", "None"], [False, True])
    for name, domain, path, secure, httponly, samesite, partitioned in settings:
        app = Flask("vectors")
        app.config.update(SECRET_KEY=SECRET_KEY, SESSION_COOKIE_NAME=name, SESSION_COOKIE_DOMAIN=domain,
                          SESSION_COOKIE_PATH=path, SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_HTTPONLY=httponly,
                          SESSION_COOKIE_SAMESITE=samesite, SESSION_COOKIE_PARTITIONED=partitioned,
                          PERMANENT_SESSION_LIFETIME=timedelta(days=31))

        @app.route("/set/<int:permanent>")
        def set_view(permanent):
            if permanent:
                flask_session.permanent = True
            flask_session["user"] = "42"
            return ""

        @app.route("/clear")
        def clear_view():
            flask_session.clear()
            return ""

        with mock.patch("time.time", return_value=NOW), mock.patch("flask.sessions.datetime", frozen_datetime(NOW)):
            with app.app_context():
                serializer = app.session_interface.get_signing_serializer(app)
                plain = serializer.dumps({"user": "42"})
                permanent = serializer.dumps({"_permanent": True, "user": "42"})
            client = app.test_client()
            for value, flag, expires in [(plain, 0, None), (permanent, 1, NOW + 31 * 86400)]:
                header = client.get(f"/set/{flag}").headers["Set-Cookie"]
                lines.append(set_line("flask", name, value, domain, path, expires, None, secure, httponly, samesite,
                                      partitioned, NOW, header.encode("latin-1").hex()))
            header = client.get("/clear").headers["Set-Cookie"]
            lines.append(set_line("delete", name, "", domain, path, 0, 0, secure, httponly, samesite, partitioned, NOW,
                                  header.encode("latin-1").hex()))
    return lines


def dump(name, value, now=NOW, **kwargs):
    attributes = {"httponly": True, "path": "/"}
    attributes.update(kwargs)
    with mock.patch("werkzeug.http.datetime", frozen_datetime(now)), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = dump_cookie(name, value, max_size=0, **attributes).encode("latin-1").hex()
        except Exception as e:
            result = "!" + type(e).__name__
    return set_line("dump", name, value, attributes.get("domain"), attributes.get("path"), attributes.get("expires"),
                    attributes.get("max_age"), attributes.get("secure", False), attributes["httponly"],
                    attributes.get("samesite"), attributes.get("partitioned", False), now, result)


def dump_vectors():
    rng = random.Random(1128)
    lines = []
    # Every byte alone, and in a longer value, except 0x1A-0x1F: werkzeug leaves those raw in the
    # header (its regular expression misses them) and Signet escapes them (a README deviation).
    for code in [c for c in range(0x100) if not 0x1A <= c <= 0x1F]:
        lines.append(dump("session", chr(code)))
        lines.append(dump("session", f"ab{chr(code)}cd"))
    for value in ["", "abc.DEF-_", "has space", 'q"uote;semi,comma\\back', "café", "😀", "\u2028", "a" * 4000,
                  "!#$%&'()*+-./:<=>?@[]^`{|}~", "\x7f\x00\r\n"]:
        lines.append(dump("session", value))
    for _ in range(300):
        value = "".join(chr(rng.choice([rng.randrange(0x20), rng.randrange(0x20, 0x7F), rng.randrange(0x7F, 0x800),
                                         rng.randrange(0x800, 0xD800), rng.randrange(0x10000, 0x110000)]))
                        for _ in range(rng.randrange(12)))
        if not any(0x1A <= ord(c) <= 0x1F for c in value):
            lines.append(dump("session", value))
    for name in ["a", "SID", "__Host-x", "!#$%&'*+-.^_`|~09AZaz"]:
        lines.append(dump(name, "v"))
    for domain in ["example.com", ".example.com", "..example.com", "Example.COM", "example.com:8080", "localhost",
                   "a.b.", "a..b", ".", ":80", "", "x" * 63 + ".com", "x" * 64 + ".com", "com." + "x" * 63,
                   "com." + "x" * 64, "a_b-c.d", "127.0.0.1"]:
        lines.append(dump("session", "v", domain=domain))
    for path in [None, "/", "", "/a b/ü;x?y#z%41", "/\r\nSet-Cookie: x=1", "/~!$&'()*+,:=@", "\x00\x7f"]:
        lines.append(dump("session", "v", path=path))
    for expires in [0, -1, 1, -62135596800, 253402300799, 253402300800, -62135596801, 951782400, 2**40, -2**40]:
        lines.append(dump("session", "v", expires=expires))
    for max_age in [0, 60, -60, 31 * 86400, 253402300799 - NOW, 253402300800 - NOW, -62135596800 - NOW,
                    -62135596801 - NOW, 2**62]:
        lines.append(dump("session", "v", max_age=max_age))
        lines.append(dump("session", "v", max_age=max_age, expires=NOW))
    lines.append(dump("session", "v", max_age=60, now=0))
    flags = itertools.product([False, True], [False, True], [None, "Strict", "Lax", "None"], [False, True])
    for secure, httponly, samesite, partitioned in flags:
        lines.append(dump("session", "v", secure=secure, httponly=httponly, samesite=samesite, partitioned=partitioned,
                          domain="example.com", expires=NOW, max_age=3600, path="/p"))
    return lines


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    versions = (f"Flask {importlib.metadata.version('Flask')}, Werkzeug {importlib.metadata.version('Werkzeug')}; "
                "written by Tests/Scripts/make_cookie_vectors.py")
    parse = parse_vectors()
    (OUT / "parse_cookie.txt").write_text(f"# {versions}\n# header_hex|name_hex|value_hex\n" + "\n".join(parse) + "\n")
    set_cookie = flask_vectors() + dump_vectors()
    header = ("# kind|name_hex|value_hex|domain_hex|path_hex|expires|max_age|secure|httponly|samesite|partitioned"
              "|now|result")
    (OUT / "set_cookie.txt").write_text(f"# {versions}\n{header}\n" + "\n".join(set_cookie) + "\n")
    print(f"wrote {len(parse)} parse_cookie and {len(set_cookie)} set_cookie vectors to {OUT}")


if __name__ == "__main__":
    sys.exit(main())
