#!/usr/bin/env python3
"""Writes Tests/Vectors/unsafe/loads_unsafe.json: itsdangerous 2.2.0's loads_unsafe (and Flask
3.1.3's session serializer's) on tokens cut in odd places, for Signet's one unverified decoder.

Every expected answer is what Python returned, through Tests/Scripts/oracle.py's
"loads_unsafe" request: nothing expected is typed here. The tokens are genuine and forged
tokens of each serializer, then the same with dots added, removed and doubled, parts emptied,
bad base64, bad timestamps (unreadable, too long, past year 9999), compressed and uncompressed
payloads, bad zlib, and payloads that are not JSON, not an object or badly tagged, signed with
the right key (Python raises there) and with a wrong one.

Each answer carries oracle.py's `signet_must_agree` (see there): computed from the token, it
marks the tokens README's deviations let Signet refuse where Python reads a value.

Run from the repository root: python3 Tests/Scripts/make_unsafe_vectors.py
"""
import importlib.metadata
import json
import sys
import zlib
from contextlib import ExitStack
from pathlib import Path

assert importlib.metadata.version("Flask") == "3.1.3", "needs Flask 3.1.3"
assert importlib.metadata.version("itsdangerous") == "2.2.0", "needs itsdangerous 2.2.0"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle  # noqa: E402

from itsdangerous.encoding import base64_encode, int_to_bytes  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "Vectors" / "unsafe" / "loads_unsafe.json"
KEY = "profile-key"
WRONG = "another-key"
NOW = 1_700_000_000
# Every serializer row of the profile table, as its `python` column names it.
SERIALIZERS = [
    oracle.FLASK_SESSION,
    "itsdangerous.URLSafeTimedSerializer",
    "itsdangerous.URLSafeSerializer",
    "itsdangerous.TimedSerializer",
    "itsdangerous.Serializer",
]


def sign(python, key, value, at=NOW - 10):
    return oracle.handle({"op": "profile_sign", "python": python, "key": key, "value_hex": value.hex(),
                          "timestamp": at})["token"].encode("latin1")


def raw_signed(python, key, payload, at=NOW - 10):
    """`payload` signed by the serializer's own signer (make_signer), whatever it holds."""
    with ExitStack() as stack:
        serializer, _ = oracle.profile_object(python, key, stack)
        with oracle.frozen(at):
            return serializer.make_signer(serializer.salt).sign(payload)


def b64(data):
    return base64_encode(data)


def odd_payloads(python):
    """Payloads a serializer never writes, as signed bytes."""
    if not oracle.url_safe(python):
        return [b"", b"not json", b"[1,2]", b'{" t":5}', b'{"a":1', b"{}", b"."]
    stream = zlib.compress(b'{"a":"' + b"x" * 64 + b'"}')
    return [
        b"", b".", b"!!", b"e30=", b"eyJhIjoxfQ==", b"e", b"eyJhIjoxfR",  # bad and non-canonical base64
        b64(b"not json"), b64(b"[1,2]"), b64(b'{" t":5}'), b64(b'{" b":"!!"}'), b64(b"{}"),
        b"." + b64(stream), b"." + b64(stream[:-3]), b"." + b64(stream + b"junk"), b".AAAA",
        b"." + b64(b"{}"), b".." + b64(stream),
    ]


def variants(token):
    """`token` cut, glued and emptied in the ways that make splits odd."""
    parts = token.split(b".")
    out = {token, b"." + token, token + b".", token + b".x", token[:-1], b"." + token[1:]}
    for i in range(len(parts)):
        out.add(b".".join(parts[:i] + [b""] + parts[i + 1:]))  # part emptied
        out.add(b".".join(parts[:i] + parts[i + 1:]))  # part removed
        out.add(b".".join(parts[:i] + [parts[i], b""] + parts[i + 1:]))  # dot doubled
        out.add(b".".join(parts[:i] + [parts[i], b"x"] + parts[i + 1:]))  # part added
    for stamp in [b"!!", b"AAAAAAAAAAAAAAAA", b64(int_to_bytes(253402300800)), b"x", b""]:
        if len(parts) >= 3:
            out.add(b".".join(parts[:-2] + [stamp, parts[-1]]))
    return out


def cases_for(python):
    session = b'{"a":1}' if python == oracle.FLASK_SESSION else b'{"a": 1}'
    big = b'{"items":[' + b",".join([b'"x"'] * 60) + b"]}"
    tokens = set()
    for value in (session, big, b"[1,2]"):
        for key in (KEY, WRONG):
            tokens |= variants(sign(python, key, value))
    for payload in odd_payloads(python):
        for key in (KEY, WRONG):
            tokens.add(raw_signed(python, key, payload))
    # The example, and tokens with few or no parts.
    tokens |= {b"eyJhIjoxfQ.ZVPxAA.x.sig", b"eyJhIjoxfQ.sig", b"", b".", b"..", b"...", b"a", b"a.b", b"a.b.c",
               b"a..b", b".a.b.c", b"eyJhIjoxfQ..sig", b".eyJhIjoxfQ.ZVPxAA.sig"}
    cases = []
    for token in sorted(tokens):
        text = token.decode("latin1")
        answer = oracle.handle({"op": "loads_unsafe", "python": python, "key": KEY, "token": text, "now": NOW})
        cases.append({"python": python, "token": text, "expect": answer})
    # Expired: genuine, read long after.
    late = sign(python, KEY, session, at=NOW - 40_000_000).decode("latin1")
    answer = oracle.handle({"op": "loads_unsafe", "python": python, "key": KEY, "token": late, "now": NOW})
    cases.append({"python": python, "token": late, "expect": answer})
    return cases


def main():
    cases = [case for python in SERIALIZERS for case in cases_for(python)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"generator": "Tests/Scripts/make_unsafe_vectors.py", "key": KEY, "now": NOW, "cases": cases}
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"{OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
