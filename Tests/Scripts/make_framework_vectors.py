#!/usr/bin/env python3
"""Writes Tests/Vectors/frameworks/{starlette,django}.json from the real Starlette, Django and
Quart (versions pinned in .ci/run, checked below).

Every expected cookie, Set-Cookie header, token, JSON text and outcome comes from the packages
themselves, through Tests/Scripts/frameworks_oracle.py: Starlette's SessionMiddleware over ASGI,
Django's django.core.signing and its signed_cookies SessionStore, at frozen times.

Run from the repository root: python3 Tests/Scripts/make_framework_vectors.py
"""
import importlib.metadata
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import frameworks_oracle as oracle  # noqa: E402

assert importlib.metadata.version("starlette") == "1.10.0", "needs starlette 1.10.0"
assert importlib.metadata.version("Django") == "5.2.19", "needs Django 5.2.19"

OUT = Path(__file__).resolve().parent.parent / "Vectors" / "frameworks"
NOW = 1_700_000_000
SESSIONS = [
    ("login", '{"user_id": 42, "name": "Zo\\u00eb", "roles": ["admin", "dev"]}'),
    ("escapes", '{"s": "\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f\\u2028\\ud800 \\ud83d\\ude00"}'),
    ("numbers", '{"big": 123456789012345678901234567890, "neg": -1, "f": 0.1, "e": 1e+300, "nan": NaN, "inf": -Infinity}'),
    ("nested", '{"a": {"b": [{"c": [[], {}]}, null, true, false]}}'),
    ("compressible", '{"cart": "' + "abc" * 40 + '"}'),
    ("barely", '{"k": "aaaaaaaaaaaaaaaaaaaa"}'),
    ("repeated key", '{"k": 1, "k": 2}'),
]


def ask(request):
    return oracle.handle(request)


def starlette():
    key = "starlette-secret-key"
    options = [{}, {"https_only": True, "domain": "example.org", "same_site": "strict", "path": "/app"},
               {"max_age": None, "session_cookie": "sid", "partitioned": True}]
    minted = []
    for name, text in SESSIONS:
        for option in options:
            answer = ask({"op": "starlette_mint", "secret_key": key, "json": text, "timestamp": NOW, "options": option})
            read = ask({"op": "starlette_load", "secret_key": key, "cookie": answer["cookie"], "now": NOW, "options": option})
            minted.append({"name": name, "json": text, "options": option, "timestamp": NOW, **answer, "read_json": read["json"]})
    cookie = minted[0]["cookie"]
    verify = []
    for name, token, now in [
        ("fresh", cookie, NOW),
        ("14 days old", cookie, NOW + 1_209_600),
        ("a second too old", cookie, NOW + 1_209_601),
        ("from the future", cookie, NOW - 1),
        ("other key", ask({"op": "starlette_mint", "secret_key": "other", "json": '{"a": 1}', "timestamp": NOW})["cookie"], NOW),
        ("tampered payload", "f" + cookie[1:], NOW),
        ("no signature", cookie.rsplit(".", 1)[0], NOW),
    ]:
        answer = ask({"op": "starlette_load", "secret_key": key, "cookie": token, "now": now})
        verify.append({"name": name, "cookie": token, "now": now, "expect": answer})
    deletion = ask({"op": "starlette_clear", "secret_key": key, "cookie": cookie, "timestamp": NOW, "options": options[1]})
    return {"secret_key": key, "sessions": minted, "verify": verify,
            "deletion": {"options": options[1], "set_cookie": deletion["set_cookie"]}}


def django():
    key, fallbacks = "django-insecure-key", ["django-old-key"]
    base = {"key": key, "fallbacks": fallbacks}
    signing = []
    for name, text in SESSIONS + [("a string", '"hello"'), ("a list", "[1, 2, 3]")]:
        for salt, compress, algorithm in [("django.core.signing", False, ""), ("django.core.signing", True, ""),
                                          ("my.salt", True, "sha1"), ("", False, "")]:
            request = {**base, "salt": salt, "compress": compress, "algorithm": algorithm, "json": text, "timestamp": NOW}
            token = ask({"op": "django_dumps", **request})["token"]
            read = ask({"op": "django_loads", **base, "salt": salt, "algorithm": algorithm, "token": token, "now": NOW, "max_age": None})
            signing.append({"name": name, **request, "token": token, "read_json": read["json"]})
    token = signing[0]["token"]
    by_fallback = ask({"op": "django_dumps", "key": fallbacks[0], "fallbacks": [], "salt": "django.core.signing",
                       "compress": False, "algorithm": "", "json": '{"old": true}', "timestamp": NOW})["token"]
    verify = []
    for name, tok, now, max_age in [
        ("fresh", token, NOW, 100),
        ("at max_age", token, NOW + 100, 100),
        ("past max_age", token, NOW + 101, 100),
        ("from the future", token, NOW - 1000, 100),
        ("no max_age", token, NOW + 10**9, None),
        ("signed by a fallback key", by_fallback, NOW, None),
        ("tampered timestamp", token.replace(":1r31eq:", ":1r31er:"), NOW, None),
        ("no separator", token.replace(":", "."), NOW, None),
    ]:
        answer = ask({"op": "django_loads", **base, "salt": "django.core.signing", "algorithm": "", "token": tok,
                      "now": now, "max_age": max_age})
        answer.pop("message", None)
        verify.append({"name": name, "token": tok, "now": now, "max_age": max_age, "expect": answer})
    sessions = []
    for name, text in SESSIONS:
        cookie = ask({"op": "django_session_save", **base, "json": text, "timestamp": NOW})["cookie"]
        read = ask({"op": "django_session_load", **base, "cookie": cookie, "now": NOW, "age": 1_209_600})
        expired = ask({"op": "django_session_load", **base, "cookie": cookie, "now": NOW + 1_209_601, "age": 1_209_600})
        sessions.append({"name": name, "json": text, "timestamp": NOW, "cookie": cookie, "read_json": read["json"],
                         "expired": expired})
    from django.core.signing import b62_decode, b62_encode
    numbers = [0, 1, 61, 62, 3843, 3844, -1, -62, NOW, 2**31, 2**63 - 1, -(2**63)]
    base62 = [{"number": str(n), "text": b62_encode(n)} for n in numbers]
    # Text Django reads too: leading zeros, a negative zero.
    base62 += [{"number": str(b62_decode(t)), "text": t} for t in ["00", "0001", "-0", "-00z"]]
    return {"secret_key": key, "fallback_keys": fallbacks, "signing": signing, "verify": verify, "sessions": sessions,
            "base62": base62}


def write(name, data):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(data, indent=1, ensure_ascii=True) + "\n")


def hexed(text):
    return text.encode("utf-8").hex()


def capi_lines(starlette_vectors, django_vectors):
    """Tests/Vectors/capi/frameworks.txt for Tests/C/test_frameworks.c: the same answers as
    the JSON files, one line each, every text in hex, keys as the C options list them."""
    lines = ["# make_framework_vectors.py: starlette 1.10.0 and Django 5.2.19; see the JSON files beside frameworks/"]
    skey = starlette_vectors["secret_key"]
    for v in starlette_vectors["sessions"]:
        o = v["options"]
        if o:  # the C preset is SessionMiddleware's defaults; the headers below cover the options
            continue
        lines.append(f"mint STARLETTE_SESSION {hexed(skey)} - {v['timestamp']} {hexed(v['json'])} {v['cookie']} {hexed(v['read_json'])}")
    for v in starlette_vectors["sessions"]:
        o = v["options"]
        max_age = o.get("max_age", 1_209_600) if "max_age" in o else 1_209_600
        lines.append("starlette-cookie {} {} {} {} {} {} {} {} {}".format(
            hexed(o.get("session_cookie", "session")), hexed(o.get("path", "/")), "none" if max_age is None else max_age,
            o.get("same_site", "lax"), int(o.get("https_only", False)), hexed(o.get("domain", "")) or "-",
            int(o.get("partitioned", False)), v["cookie"], hexed(v["set_cookie"])))
    for v in starlette_vectors["verify"]:
        expect = v["expect"]
        lines.append(f"verify STARLETTE_SESSION {hexed(skey)} - {v['now']} default {v['cookie']} "
                     + (f"OK {hexed(expect['json'])}" if "json" in expect else f"ERR {expect['error']}"))
    dkey, fallbacks = django_vectors["secret_key"], django_vectors["fallback_keys"]
    fb = ",".join(hexed(f) for f in fallbacks)
    for v in django_vectors["signing"]:
        if v["salt"] != "django.core.signing" or v["algorithm"]:
            continue
        preset = "DJANGO_SIGNING" if not v["compress"] else "DJANGO_SIGNING_COMPRESSED"
        lines.append(f"mint {preset} {hexed(dkey)} {fb} {v['timestamp']} {hexed(v['json'])} {v['token']} {hexed(v['read_json'])}")
    for v in django_vectors["sessions"]:
        lines.append(f"mint DJANGO_SESSION {hexed(dkey)} {fb} {v['timestamp']} {hexed(v['json'])} {v['cookie']} {hexed(v['read_json'])}")
    for v in django_vectors["verify"]:
        expect = v["expect"]
        max_age = "none" if v["max_age"] is None else v["max_age"]
        lines.append(f"verify DJANGO_SIGNING {hexed(dkey)} {fb} {v['now']} {max_age} {v['token']} "
                     + (f"OK {hexed(expect['json'])}" if "json" in expect else f"ERR {expect['error']}"))
    (OUT.parent / "capi" / "frameworks.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    starlette_vectors, django_vectors = starlette(), django()
    write("starlette.json", starlette_vectors)
    write("django.json", django_vectors)
    capi_lines(starlette_vectors, django_vectors)
