#!/usr/bin/env python3
"""Vectors for signet_session_get / _get_int64 / signet_session_build, from Python and Flask 3.1.3.

Every expected answer comes from Python: json.loads reads the session text (so duplicate keys,
escapes and big integers mean what Python says), json.dumps writes the expected JSON text, and a
real Flask app mints the expected cookie. Tests/C/test_session.c reads the file (no JSON
library in C): one case per line, space-separated fields, byte strings in hex, "-" for none.

    get TEXT KEY FLAGS STATUS TYPE OUT INT64_STATUS INT64
        signet_session_get(TEXT, KEY, FLAGS) returns STATUS, *type = TYPE (a signet_value_type
        name or "-"), output OUT; signet_session_get_int64(TEXT, KEY) returns INT64_STATUS with
        the value INT64.
    build COUNT MEMBER... JSON COOKIE
        signet_session_build of the members writes JSON; signet_mint of it with the Flask preset,
        key KEY and time NOW gives COOKIE, Flask's own cookie for the same Python dict.
        MEMBER is TYPE:KEY:VALUE with TYPE N (null), B (0/1), I (decimal), S (hex UTF-8) or
        J (hex raw JSON).

Usage (from the repository root):
    python3 Tests/Scripts/make_session_vectors.py                  # the committed file
    python3 Tests/Scripts/make_session_vectors.py --seed N --out F # a fresh random round
"""
import argparse
import importlib.metadata
import json
import random
import uuid
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock

from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

assert importlib.metadata.version("Flask") == "3.1.3", "needs Flask 3.1.3"
assert importlib.metadata.version("itsdangerous") == "2.2.0", "needs itsdangerous 2.2.0"

KEY = "session-vectors-key"  # test_session.c uses the same key and time
NOW = 1_700_000_000
OUT = Path(__file__).resolve().parent.parent / "Vectors" / "capi" / "session.txt"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
GET_JSON = 1
TAGGER = TaggedJSONSerializer()


def canonical(value):
    """signet_verify's text: Flask's session JSON inside an app context."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=True)


def hexed(data):
    return data.hex() if data else "-"


def wtf8(text):
    return text.encode("utf-8", "surrogatepass")


def has_lone_surrogate(text):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


# ------------------------------------------------------------------------------- random values

def random_string(rng, surrogates=True):
    pools = [
        lambda: chr(rng.randrange(0x20, 0x7F)),
        lambda: rng.choice('"\\/\b\f\n\r\t\x00\x1f\x7f'),
        lambda: chr(rng.randrange(0x80, 0x800)),
        lambda: chr(rng.randrange(0x800, 0xD800)),
        lambda: rng.choice("\u2028\u2029\ufeff\uffff"),
        lambda: chr(rng.randrange(0x10000, 0x110000)),
    ]
    if surrogates:
        pools.append(lambda: chr(rng.randrange(0xD800, 0xE000)))
    return "".join(rng.choice(pools)() for _ in range(rng.randrange(0, 20)))


def random_key(rng):
    """Mostly UTF-8 keys a C caller can ask for; now and then one with a lone surrogate."""
    return random_string(rng, surrogates=rng.random() < 0.1)


def random_integer(rng):
    return rng.choice([
        rng.randrange(-1000, 1000), INT64_MIN, INT64_MAX, INT64_MIN - 1, INT64_MAX + 1, 0,
        rng.randrange(INT64_MIN, INT64_MAX), rng.randrange(-(10**60), 10**60),
        rng.choice([-1, 1]) * rng.randrange(10**100),
    ])


def random_float(rng):
    return rng.choice([
        rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randrange(-300, 300), -0.0, 0.5, 1e16, 5e-324,
        float("nan"), float("inf"), float("-inf"), 1.7976931348623157e308, float(rng.randrange(10**17)),
    ])


def random_value(rng, depth=0, tags=True):
    kinds = ["null", "bool", "int", "float", "str"]
    if depth < 4:
        kinds += ["list", "dict"]
        if tags:
            kinds += ["tagged"]
    kind = rng.choice(kinds)
    if kind == "null":
        return None
    if kind == "bool":
        return rng.choice([True, False])
    if kind == "int":
        return random_integer(rng)
    if kind == "float":
        return random_float(rng)
    if kind == "str":
        return random_string(rng)
    if kind == "list":
        return [random_value(rng, depth + 1, tags) for _ in range(rng.randrange(4))]
    if kind == "dict":
        return {random_key(rng): random_value(rng, depth + 1, tags) for _ in range(rng.randrange(4))}
    return rng.choice([
        tuple(random_value(rng, depth + 1, tags) for _ in range(rng.randrange(3))),
        bytes(rng.randrange(256) for _ in range(rng.randrange(6))),
        Markup(random_string(rng, surrogates=False)),
        uuid.UUID(int=rng.randrange(2**128)),
        datetime(rng.randrange(1970, 2100), 1 + rng.randrange(12), 1 + rng.randrange(28), tzinfo=timezone.utc),
    ])


# ------------------------------------------------------------------------------- session_get

def type_name(value):
    if value is None:
        return "SIGNET_VALUE_NULL"
    if isinstance(value, bool):
        return "SIGNET_VALUE_BOOL"
    if isinstance(value, int):
        return "SIGNET_VALUE_INTEGER"
    if isinstance(value, float):
        return "SIGNET_VALUE_FLOAT"
    if isinstance(value, str):
        return "SIGNET_VALUE_STRING"
    if isinstance(value, list):
        return "SIGNET_VALUE_ARRAY"
    return "SIGNET_VALUE_OBJECT"


def get_case(text, key, flags):
    """What Python says signet_session_get(text, key, flags) and _int64 answer."""
    try:
        key_bytes = key.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form: the caller cannot pass it
        key_bytes = wtf8(key)
        return ["get", hexed(text), hexed(key_bytes), str(flags), "SIGNET_E_INVALID_ARGUMENT", "-", "-",
                "SIGNET_E_INVALID_ARGUMENT", "0"]
    document = json.loads(text)
    if key not in document:
        return ["get", hexed(text), hexed(key_bytes), str(flags), "SIGNET_E_NOT_FOUND", "-", "-",
                "SIGNET_E_NOT_FOUND", "0"]
    value = document[key]
    status, out = "SIGNET_OK", None
    if isinstance(value, str) and not flags & GET_JSON:
        if has_lone_surrogate(value):
            status = "SIGNET_E_LONE_SURROGATE"
        else:
            out = value.encode("utf-8")
    else:
        out = canonical(value).encode("ascii")
    if isinstance(value, int) and not isinstance(value, bool):
        in_range = INT64_MIN <= value <= INT64_MAX
        int_status, int_value = ("SIGNET_OK", value) if in_range else ("SIGNET_E_OUT_OF_RANGE", 0)
    else:
        int_status, int_value = "SIGNET_E_WRONG_TYPE", 0
    return ["get", hexed(text), hexed(key_bytes), str(flags), status, type_name(value), hexed(out),
            int_status, str(int_value)]


def session_texts(rng):
    """Session JSON texts: signet_verify's canonical form and other forms json.loads accepts."""
    session = {random_key(rng): random_value(rng) for _ in range(rng.randrange(1, 8))}
    session[rng.choice(["user_id", "_user_id", "id"])] = rng.choice([random_integer(rng), str(rng.randrange(10**6))])
    tagged = TAGGER.tag(session)
    yield canonical(tagged).encode("ascii"), list(tagged)
    # Python's default style, unsorted, raw UTF-8 where it can be written.
    loose = json.dumps(tagged, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        loose.decode("utf-8")
        yield loose, list(tagged)
    except UnicodeDecodeError:  # raw lone surrogates are not UTF-8: json.loads never sees them
        yield json.dumps(tagged, indent=1).encode("ascii"), list(tagged)
    # Repeated keys: the last one wins.
    keys = list(tagged) or ["k"]
    pairs = [(rng.choice(keys), random_value(rng, 2, tags=False)) for _ in range(rng.randrange(2, 6))]
    text = "{" + ",".join(json.dumps(k) + ":" + json.dumps(TAGGER.tag(v)) for k, v in pairs) + "}"
    yield text.encode("ascii"), [k for k, _ in pairs]


def get_cases(rng, rounds):
    fixed = [
        (b'{"user_id":42}', "user_id"), (b'{"user_id":"42"}', "user_id"), (b'{}', "user_id"),
        (b'{"a":1,"a":"two"}', "a"), (b'{"\\u0061":true}', "a"), (b'{"a":null}', "a"),
        (b'{"n":9223372036854775807,"m":-9223372036854775808}', "n"),
        (b'{"n":9223372036854775807,"m":-9223372036854775808}', "m"),
        (b'{"n":9223372036854775808}', "n"), (b'{"n":-9223372036854775809}', "n"), (b'{"n":-0}', "n"),
        (b'{"f":1.0,"e":1E400,"x":NaN}', "f"), (b'{"f":1.0,"e":1E400,"x":NaN}', "e"),
        (b'{"f":1.0,"e":1E400,"x":NaN}', "x"), (b'{"s":"\\ud800"}', "s"), (b'{"s":"\\udc00\\ud800"}', "s"),
        (b'{"s":"\\ud83d\\ude00"}', "s"), (b'{"s":"nul\\u0000byte"}', "s"),
        (b'{"t":{" t":[1,2]},"b":[true,{"z":1,"a":2}]}', "t"), (b'{"t":{" t":[1,2]},"b":[true,{"z":1,"a":2}]}', "b"),
        (b' {\n "k" : [ 1 , 2 ] }\t', "k"), (b'{"\\ud800":1}', "\ud800"),
        ("{\"caf\u00e9\":\"cr\u00e8me\"}".encode("utf-8"), "caf\u00e9"),
    ]
    for text, key in fixed:
        for flags in (0, GET_JSON):
            yield get_case(text, key, flags)
    for _ in range(rounds):
        for text, keys in session_texts(rng):
            for key in sorted(set(keys) | {random_key(rng)}):
                yield get_case(text, key, rng.choice([0, 0, GET_JSON]))


# ------------------------------------------------------------------------------- session_build

def flask_cookie(session):
    app = Flask("signet-session-vectors")
    app.config["SECRET_KEY"] = KEY
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context(), mock.patch("time.time", return_value=NOW):
        return serializer.dumps(session)


def raw_json(rng, value):
    """Raw JSON text for a value, in one of the styles json.dumps writes."""
    tagged = TAGGER.tag(value)
    separators = rng.choice([None, (",", ":")])
    text = json.dumps(tagged, ensure_ascii=rng.choice([True, False]), separators=separators)
    if has_lone_surrogate(text):  # no UTF-8 form: such a value can only travel escaped
        text = json.dumps(tagged, separators=separators)
    return text.encode("utf-8")


def random_member(rng, key):
    kind = rng.choice("NBISSSJJ")
    if kind == "N":
        return "N:" + hexed(key.encode()) + ":-", None, None
    if kind == "B":
        flag = rng.choice([True, False])
        return "B:" + hexed(key.encode()) + ":" + str(int(flag)), flag, flag
    if kind == "I":
        number = rng.randrange(INT64_MIN, INT64_MAX + 1) if rng.random() < 0.7 else rng.choice([INT64_MIN, INT64_MAX, 0])
        return "I:" + hexed(key.encode()) + ":" + str(number), number, number
    if kind == "S":
        text = random_string(rng, surrogates=False)
        return "S:" + hexed(key.encode()) + ":" + hexed(text.encode()), text, text
    value = random_value(rng, 1)
    raw = raw_json(rng, value)
    return "J:" + hexed(key.encode()) + ":" + hexed(raw), json.loads(raw), value


def build_cases(rng, rounds):
    for count in list(range(6)) + [rng.randrange(1, 12) for _ in range(rounds)]:
        keys = []
        while len(keys) < count:
            key = random_string(rng, surrogates=False)
            if key not in keys:
                keys.append(key)
        members, as_json, as_python = [], {}, {}
        for key in keys:
            member, json_value, python_value = random_member(rng, key)
            members.append(member)
            as_json[key] = json_value
            as_python[key] = python_value
        expected = json.dumps(as_json, separators=(",", ":")).encode("ascii")
        yield ["build", str(count)] + members + [hexed(expected), flask_cookie(as_python)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w") as out:
        out.write(f"# make_session_vectors.py --seed {args.seed} --rounds {args.rounds}: Python "
                  f"json and Flask 3.1.3, key {KEY!r}, time {NOW}\n")
        for case in list(get_cases(rng, args.rounds)) + list(build_cases(rng, args.rounds)):
            out.write(" ".join(case) + "\n")


if __name__ == "__main__":
    main()
