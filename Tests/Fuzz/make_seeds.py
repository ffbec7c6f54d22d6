#!/usr/bin/env python3
"""Writes the fuzz seed corpus, Tests/Fuzz/corpus/<harness>/, from the real itsdangerous 2.2.0
and Flask 3.1.3: genuine tokens and cookies (the fuzzer mutates them into hostile ones) and
JSON documents. Each seed starts with the harness's mode byte (see Tests/Fuzz/harnesses).
Run from anywhere: python3 Tests/Fuzz/make_seeds.py"""
import hashlib
import os
import zlib

from flask import Flask
from itsdangerous import Signer, TimestampSigner, Serializer, URLSafeSerializer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

KEY = "fuzz-secret-key"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
NOW = 1_700_000_000


def flask_cookie(session):
    app = Flask("seeds")
    app.secret_key = KEY
    interface = app.session_interface
    return interface.get_signing_serializer(app).dumps(session).encode()


def tokens():
    yield flask_cookie({"user_id": "42", "cart": (1, 2)})
    yield flask_cookie({"big": "a" * 300})  # compressed
    yield flask_cookie({"b": b"\x00\xff", "m": {"x": 1}, "u": __import__("uuid").UUID(int=7)})
    yield URLSafeTimedSerializer(KEY).dumps({"a": [1, 2.5, None, True]})
    yield URLSafeSerializer(KEY).dumps(["x" * 100]).encode()
    yield Serializer(KEY).dumps({"k": "v"}).encode()
    yield Signer(KEY).sign(b"value")
    yield TimestampSigner(KEY).sign(b"value")
    # A signed zlib stream that inflates far past a small cap.
    yield b"." + base64_encode(zlib.compress(b'{"a":"' + b"a" * 20000 + b'"}')) + b".ZVPxAA.AAAA"


JSON = [
    b'{"a":[1,2,{"b":null}],"c":"\\u00e9\\ud800","d":-0.0,"e":1e400,"f":NaN}',
    b'[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
    b'{" t":[1,2]," b":"AAEC"," m":"<b>"," u":"00000000000000000000000000000007"," d":"Thu, 01 Jan 1970 00:00:00 GMT"}',
    b'{" di":{" t":[]}}',
    b'123456789012345678901234567890',
    b'"\\ud83d\\ude00 \xf0\x9f\x98\x80"',
    b'  [1.5e-7, -Infinity, 0.1, true, false]  ',
]


def write(harness, mode, data):
    folder = os.path.join(ROOT, harness)
    os.makedirs(folder, exist_ok=True)
    blob = bytes([mode]) + (data.encode() if isinstance(data, str) else data)
    name = hashlib.sha1(blob).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(blob)


def main():
    toks = list(tokens())
    for i, token in enumerate(toks):
        write("c_abi", i % 7, token)
        write("swift_verify", i % 2, token)
        write("unsafe_decode", i % 4, token)
    toks = [t.encode() if isinstance(t, str) else t for t in toks]
    payloads = [t.rsplit(b".", 2)[0] if t.count(b".") >= 2 else t for t in toks]
    for i, payload in enumerate(payloads):
        write("roundtrip", 0, payload)
    for i, doc in enumerate(JSON):
        write("json_parse", i % 2, doc)
        write("json_canonical", i % 4, doc)
        write("roundtrip", 1, doc)
        write("roundtrip", 2, doc)
        write("c_abi", 0, doc)
    # Canonical texts, as Flask writes them, for the check to say yes to (and the fuzzer to damage).
    for i, session in enumerate([{"user_id": "42", "cart": (1, 2), "f": 1.5}, {"b": b"\x00\xff", "m": {"x": [1, None]}},
                                 {"u": __import__("uuid").UUID(int=7), "s": "caf\u00e9 \ud83d\ude00 \x7f\n"}]):
        app = Flask("seeds")
        app.secret_key = KEY
        text = app.session_interface.get_signing_serializer(app).serializer.dumps(session)
        write("json_canonical", i % 4, text)
    # c_session: a key length, the key, then a session (get); or members (build, mode 0x80).
    for i, (key, doc) in enumerate([(b"user_id", b'{"user_id":42,"cart":{" t":[1,2]},"s":"\\ud800"}'),
                                    (b"s", b'{"s":"caf\\u00e9 \\ud83d\\ude00","s":null}'),
                                    (b"n", b'{"n":-9223372036854775809,"f":1e400}')] + [(b"a", d) for d in JSON]):
        write("c_session", i % 8, bytes([len(key)]) + key + doc)
    write("c_session", 0x80, b"\x03\x04user\x05hello\x02\x02id\x00\x00\x00\x00\x00\x00\x00\x2a"
                             b"\x04\x04cart\x0c{\" t\":[1,2]}\x01\x01b\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01n")


if __name__ == "__main__":
    main()
