#!/usr/bin/env python3
"""Writes Tests/Vectors/itsdangerous/*.json from the real itsdangerous 2.2.0.

Every expected token, value, object, error class and message in those files is what
itsdangerous itself returned or raised when this script called it. Nothing expected is typed in
here (the three documented known answers are only *checked* against what itsdangerous returns).

Time is frozen by patching ``time.time`` (itsdangerous' TimestampSigner.get_timestamp calls
``int(time.time())``); random inputs come from a seeded ``random.Random``. Running the script
twice gives byte-identical files.

Run from the repository root: python3 Tests/Scripts/make_itsdangerous_vectors.py
The format is described in Tests/Vectors/itsdangerous/README.md.
"""
import base64
import hashlib
import importlib.metadata
import json
import random
import string
import sys
import time
import zlib
from pathlib import Path
from unittest import mock

if importlib.metadata.version("itsdangerous") != "2.2.0":
    sys.exit("make_itsdangerous_vectors.py needs itsdangerous==2.2.0, found "
             + importlib.metadata.version("itsdangerous"))

import itsdangerous  # noqa: E402
from itsdangerous import (  # noqa: E402
    BadData,
    Serializer,
    Signer,
    TimedSerializer,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous.encoding import base64_encode, int_to_bytes  # noqa: E402
from itsdangerous.signer import HMACAlgorithm, NoneAlgorithm  # noqa: E402

GENERATOR = "Tests/Scripts/make_itsdangerous_vectors.py"
OUT = Path(__file__).resolve().parent.parent / "Vectors" / "itsdangerous"

DIGESTS = {
    "md5": hashlib.md5,
    "sha1": hashlib.sha1,
    "sha224": hashlib.sha224,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
DIGEST_NAMES = {v: k for k, v in DIGESTS.items()}
DERIVATIONS = ["concat", "django-concat", "hmac", "none"]
B64 = (string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_").encode()

LEGACY_EPOCH = 1293840000  # itsdangerous < 1.0 counted timestamps from 2011-01-01


# --------------------------------------------------------------------------- helpers

def hx(b):
    return None if b is None else bytes(b).hex()


def ascii_or_none(b):
    try:
        return b.decode("ascii")
    except UnicodeDecodeError:
        return None


def strict_b64(seg):
    """Signet's strict decoder, for classifying tokens (not an expected output).

    True iff ``seg`` uses only A-Za-z0-9-_, has no '=', its length is not 1 mod 4 and its unused
    trailing bits are zero (i.e. it is the canonical unpadded encoding of some bytes)."""
    if any(c not in B64 for c in seg) or len(seg) % 4 == 1:
        return False
    raw = base64.urlsafe_b64decode(seg + b"=" * (-len(seg) % 4))
    return base64.urlsafe_b64encode(raw).rstrip(b"=") == seg


def digest_name(fn):
    if fn is None or fn is itsdangerous.signer._lazy_sha1:
        return "sha1"
    return DIGEST_NAMES[fn]


def signer_config(s):
    """The effective config of a Signer instance, read back from the instance."""
    return {
        "keys_hex": [hx(k) for k in s.secret_keys],
        "salt_hex": hx(s.salt),
        "sep": s.sep.decode("ascii"),
        "derivation": s.key_derivation,
        "digest": digest_name(s.digest_method),
        "algorithm": "none" if isinstance(s.algorithm, NoneAlgorithm) else "hmac",
    }


def make(cls, keys, salt=b"itsdangerous.Signer", sep=".", derivation=None, digest=None,
         algorithm="hmac"):
    kw = {"salt": salt, "sep": sep}
    if derivation is not None:
        kw["key_derivation"] = derivation
    if digest is not None:
        kw["digest_method"] = DIGESTS[digest]
    if algorithm == "none":
        kw["algorithm"] = NoneAlgorithm()
    return cls(keys, **kw)


def frozen(now):
    return mock.patch("time.time", return_value=now)


def dt_unix(dt):
    return None if dt is None else int(dt.timestamp())


def error_record(e, with_date=False):
    rec = {"error": type(e).__name__, "message": str(e),
           "payload_hex": hx(getattr(e, "payload", None)) if isinstance(getattr(e, "payload", None), bytes) else None}
    if with_date:
        rec["date_signed"] = dt_unix(getattr(e, "date_signed", None))
    return rec


class LegacyTimestampSigner(TimestampSigner):
    """itsdangerous < 1.0 timestamps: seconds since 2011-01-01 instead of since 1970."""

    def get_timestamp(self):
        return int(time.time()) - LEGACY_EPOCH

    def timestamp_to_datetime(self, ts):
        return super().timestamp_to_datetime(ts + LEGACY_EPOCH)


# --------------------------------------------------------------------------- inputs

rng = random.Random(20240611)


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


KEYS = {
    "empty": b"",
    "short": b"k",
    "ascii": b"secret-key",
    "long": rbytes(200),  # longer than every HMAC block size (64/128)
    "binary": b"\x00\xff\x80.\x00" + rbytes(27),
    "block64": rbytes(64),
    "block65": rbytes(65),
}
KEY_LISTS = [
    ["ascii"], ["empty"], ["short"], ["long"], ["binary"], ["block64"], ["block65"],
    ["short", "ascii"], ["long", "binary", "ascii"], ["empty", "short", "long"],
]
SALTS = [b"itsdangerous.Signer", b"", b"activate", b"\x00\xffsalt" + rbytes(8), rbytes(150)]
SEPS = [".", ":", "|", "~", "!", "::", "|~", "$", " ", "#."]


def values_for(sep):
    sepb = sep.encode()
    return [
        b"",
        b"my string",
        b"hello world",
        b"\x00",
        sepb,
        b"a" + sepb + b"b" + sepb,
        b"\x00\x01\x02\xfe\xff" + sepb + b"\x80",
        rbytes(37),
        bytes(range(256)) * 4 + b"tail",  # 1028 bytes
    ]


# --------------------------------------------------------------------------- signer.json

def signer_sign_cases():
    cases = []

    def add(s, value, note):
        tok = s.sign(value)
        cases.append({"op": "sign", "note": note, **signer_config(s), "value_hex": hx(value),
                      "token_hex": hx(tok), "token": ascii_or_none(tok)})

    i = 0
    # every derivation x digest x value, key / salt / separator rotating
    for derivation in DERIVATIONS:
        for digest in DIGESTS:
            sep = SEPS[i % len(SEPS)]
            for value in values_for(sep):
                kl = KEY_LISTS[i % len(KEY_LISTS)]
                salt = SALTS[i % len(SALTS)]
                add(make(Signer, [KEYS[k] for k in kl], salt, sep, derivation, digest), value,
                    f"grid keys={'+'.join(kl)}")
                i += 1
    # every key list x salt x separator, short values
    for kl in KEY_LISTS:
        for si, salt in enumerate(SALTS):
            for sep in SEPS:
                digest = list(DIGESTS)[(i // 3) % len(DIGESTS)]
                derivation = DERIVATIONS[i % len(DERIVATIONS)]
                add(make(Signer, [KEYS[k] for k in kl], salt, sep, derivation, digest),
                    b"value-" + str(i).encode(), f"keys={'+'.join(kl)} salt#{si}")
                i += 1
    # library defaults (salt itsdangerous.Signer, sep '.', django-concat, sha1)
    for value in values_for("."):
        s = Signer("secret-key")
        add(s, value, "all defaults")
    s = Signer("secret-key", salt=None)
    add(s, b"salt None means the default salt", "salt=None")
    # NoneAlgorithm: empty signature
    for derivation in DERIVATIONS:
        for sep in [".", "::"]:
            for value in [b"", b"payload", b"a.b"]:
                add(make(Signer, [KEYS["ascii"]], b"itsdangerous.Signer", sep, derivation, "sha1",
                         "none"), value, "NoneAlgorithm")
    return cases


def flip_char(tok_b, idx):
    c = tok_b[idx]
    pos = B64.find(bytes([c]))
    repl = B64[(pos + 17) % 64] if pos >= 0 else ord("A")  # never just the unused low bits
    return tok_b[:idx] + bytes([repl]) + tok_b[idx + 1:]


def flip_trailing_bits(sig):
    """Change only the unused low bits of the final base64 character (if any)."""
    unused = {2: 4, 3: 2}.get(len(sig) % 4, 0)
    if unused == 0:
        return None
    pos = B64.find(sig[-1:])
    return sig[:-1] + B64[pos ^ 1:(pos ^ 1) + 1]


def signer_mutations(s, value, other_signers):
    """(note, token bytes) pairs derived from a token of ``s``."""
    sep = s.sep
    tok = s.sign(value)
    v, sig = tok.rsplit(sep, 1)
    out = [("valid", tok)]
    for idx in range(len(s.secret_keys) - 1):
        older = Signer(s.secret_keys[idx], salt=s.salt, sep=sep, key_derivation=s.key_derivation,
                       digest_method=s.digest_method, algorithm=s.algorithm)
        out.append((f"signed by older key #{idx}", older.sign(value)))
    for note, o in other_signers:
        out.append((note, o.sign(value)))
    out += [
        ("no separator", v + sig),
        ("value only", v),
        ("empty token", b""),
        ("separator only", sep),
        ("empty signature", v + sep),
        ("signature only", sep + sig),
        ("truncated signature by 1", v + sep + sig[:-1]),
        ("truncated signature by 2", v + sep + sig[:-2]),
        ("truncated signature by 3", v + sep + sig[:-3]),
        ("truncated signature by 4", v + sep + sig[:-4]),
        ("extended signature A", tok + b"A"),
        ("extended signature AA", tok + b"AA"),
        ("extended signature AAAA", tok + b"AAAA"),
        ("extended with separator", tok + sep),
        ("doubled signature", tok + sep + sig),
        ("flipped first signature char", flip_char(tok, len(v) + len(sep))),
        ("flipped middle signature char", flip_char(tok, len(v) + len(sep) + len(sig) // 2)),
        ("flipped last signature char", flip_char(tok, len(tok) - 1)),
        ("case-swapped signature", v + sep + sig.swapcase()),
        ("appended value byte", v + b"x" + sep + sig),
        ("signature of another value", v + sep + s.sign(value + b"!").rsplit(sep, 1)[1]),
    ]
    if v:
        out.append(("flipped value byte", bytes([v[0] ^ 1]) + v[1:] + sep + sig))
    tb = flip_trailing_bits(sig)
    if tb is not None:
        out.append(("non-zero unused trailing bits", v + sep + tb))
    # base64 oddities (Python's decoder is lenient)
    pad = b"=" * (-len(sig) % 4)
    odd = [
        ("+ instead of -", sig.replace(b"-", b"+")),
        ("/ instead of _", sig.replace(b"_", b"/")),
        ("standard alphabet", sig.replace(b"-", b"+").replace(b"_", b"/")),
        ("= padding", sig + pad),
        ("excess = padding", sig + pad + b"===="),
        ("single =", sig + b"="),
        ("= in the middle", sig[:4] + b"=" + sig[4:]),
        ("leading =", b"=" + sig),
        ("embedded space", sig[:5] + b" " + sig[5:]),
        ("embedded 4 spaces", sig[:5] + b"    " + sig[5:]),
        ("embedded newline", sig[:5] + b"\n" + sig[5:]),
        ("embedded CRLF", sig[:5] + b"\r\n" + sig[5:]),
        ("embedded tab", sig[:5] + b"\t" + sig[5:]),
        ("embedded NUL", sig[:5] + b"\x00" + sig[5:]),
        ("embedded 4 NULs", sig[:5] + b"\x00" * 4 + sig[5:]),
        ("embedded !!!!", sig[:5] + b"!!!!" + sig[5:]),
        ("embedded @", sig[:5] + b"@" + sig[5:]),
        ("embedded DEL", sig[:5] + b"\x7f" + sig[5:]),
        ("trailing newline", sig + b"\n"),
        ("leading space", b" " + sig),
        ("embedded non-ASCII bytes c3a9", sig[:5] + b"\xc3\xa9" + sig[5:]),
        ("embedded non-ASCII 4 bytes", sig[:5] + b"\xf0\x9f\x98\x80" + sig[5:]),
    ]
    for note, o in odd:
        if o != sig:  # e.g. no '-' to replace, or no padding needed
            out.append((note, v + sep + o))
    return out


def find_value_with_dash_underscore(s):
    for n in range(10000):
        value = b"value-" + str(n).encode()
        sig = s.sign(value).rsplit(s.sep, 1)[1]
        if b"-" in sig and b"_" in sig:
            return value
    raise AssertionError("no signature with both - and _")


def unsign_record(s, note, tok, sign_config=None):
    sig = tok.rsplit(s.sep, 1)[1] if s.sep in tok else None
    rec = {"op": "unsign", "note": note, **signer_config(s), "token_hex": hx(tok),
           "token": ascii_or_none(tok)}
    try:
        value = s.unsign(tok)
        rec["expect"] = {"value_hex": hx(value)}
        rec["python_accepts"] = True
    except BadData as e:
        rec["expect"] = error_record(e)
        rec["python_accepts"] = False
    rec["strict_base64"] = None if sig is None else strict_b64(sig)
    if sign_config is not None:
        rec["signed_with"] = sign_config
    return rec


def signer_unsign_cases():
    cases = []
    configs = [
        ([KEYS["ascii"]], b"itsdangerous.Signer", ".", "django-concat", "sha1"),
        ([KEYS["short"], KEYS["ascii"]], b"activate", ".", "concat", "sha256"),
        ([KEYS["long"], KEYS["binary"], KEYS["ascii"]], b"", ":", "hmac", "sha512"),
        ([KEYS["empty"]], b"itsdangerous.Signer", "|", "none", "md5"),
        ([KEYS["block65"], KEYS["long"]], SALTS[3], "::", "django-concat", "sha224"),
        ([KEYS["binary"]], b"x", "|~", "hmac", "sha384"),
        ([KEYS["ascii"], KEYS["short"]], b"itsdangerous.Signer", "~", "concat", "sha1"),
        ([KEYS["long"]], b"itsdangerous.Signer", "!", "none", "sha256"),
    ]
    for keys, salt, sep, derivation, digest in configs:
        s = make(Signer, keys, salt, sep, derivation, digest)
        value = find_value_with_dash_underscore(s)
        alt_digest = "sha256" if digest != "sha256" else "sha1"
        alt_deriv = "hmac" if derivation != "hmac" else "concat"
        others = [
            ("signed by a key not in the list", make(Signer, [b"not-in-the-list"], salt, sep, derivation, digest)),
            ("wrong salt", make(Signer, keys, salt + b"!", sep, derivation, digest)),
            ("wrong derivation", make(Signer, keys, salt, sep, alt_deriv, digest)),
            ("wrong digest", make(Signer, keys, salt, sep, derivation, alt_digest)),
            ("NoneAlgorithm token", make(Signer, keys, salt, sep, derivation, digest, "none")),
        ]
        for note, tok in signer_mutations(s, value, others):
            cases.append(unsign_record(s, note, tok))
        # values containing the separator and binary bytes still verify
        for value in values_for(sep)[3:]:
            cases.append(unsign_record(s, "valid, binary / separator value", s.sign(value)))
    # a token from another separator: the whole thing is the value for a '.' signer
    s = make(Signer, [KEYS["ascii"]], b"itsdangerous.Signer", ".", "django-concat", "sha1")
    colon = make(Signer, [KEYS["ascii"]], b"itsdangerous.Signer", ":", "django-concat", "sha1")
    cases.append(unsign_record(s, "token made with ':' verified with '.'", colon.sign(b"a.b")))
    # NoneAlgorithm accepts anything that base64-decodes to nothing
    for derivation in ["django-concat", "hmac"]:
        n = make(Signer, [KEYS["ascii"]], b"itsdangerous.Signer", ".", derivation, "sha1", "none")
        hm = make(Signer, [KEYS["ascii"]], b"itsdangerous.Signer", ".", derivation, "sha1")
        for note, tok in [
            ("NoneAlgorithm valid", n.sign(b"payload")),
            ("NoneAlgorithm, empty value", n.sign(b"")),
            ("NoneAlgorithm, HMAC token", hm.sign(b"payload")),
            ("NoneAlgorithm, signature '='", b"payload.="),
            ("NoneAlgorithm, signature '===='", b"payload.===="),
            ("NoneAlgorithm, signature '!!!'", b"payload.!!!"),
            ("NoneAlgorithm, signature ' '", b"payload. "),
            ("NoneAlgorithm, signature 'A'", b"payload.A"),
            ("NoneAlgorithm, signature 'AA'", b"payload.AA"),
            ("NoneAlgorithm, no separator", b"payload"),
        ]:
            cases.append(unsign_record(n, note, tok))
        # an HMAC signer must not accept NoneAlgorithm tokens
        cases.append(unsign_record(hm, "HMAC signer, NoneAlgorithm token", n.sign(b"payload")))
    return cases


def construct_cases():
    """Which separators the Signer constructor refuses (a substring test on the alphabet)."""
    cases = []
    for sep in [".", ":", " ", "", "a", "A", "0", "=", "-", "_", "ab", "ba", "zA", "Za", "9-",
                "-.", ".-", "a.", "==", "_=", "=_"]:
        rec = {"op": "construct", "sep": sep}
        try:
            Signer("k", sep=sep)
            rec["python_accepts"] = True
        except ValueError as e:
            rec["python_accepts"] = False
            rec["error"] = type(e).__name__
            rec["message"] = str(e)
        cases.append(rec)
    return cases


# --------------------------------------------------------------------------- timed.json

SIGN_TIMESTAMPS = [0, 1, 255, 256, 65535, 65536, 1700000000, 2**31 - 1, 2**32 - 1, 2**32,
                   253402300799, 253402300800, 2**62, 2**63, 2**64 - 1]


def timed_config(s, legacy):
    return {**signer_config(s), "legacy": legacy}


def timed_sign(s, value, ts, legacy, note):
    with frozen(ts):
        tok = s.sign(value)
    wire = ts - LEGACY_EPOCH if legacy else ts
    return {"op": "sign", "note": note, **timed_config(s, legacy), "value_hex": hx(value),
            "timestamp": ts, "wire_timestamp": wire, "token_hex": hx(tok),
            "token": ascii_or_none(tok)}


def timed_unsign(s, note, tok, now, max_age, legacy=False, return_timestamp=True):
    rec = {"op": "unsign", "note": note, **timed_config(s, legacy), "token_hex": hx(tok),
           "token": ascii_or_none(tok), "now": now, "max_age": max_age,
           "return_timestamp": return_timestamp}
    try:
        with frozen(now):
            r = s.unsign(tok, max_age=max_age, return_timestamp=return_timestamp)
        if return_timestamp:
            rec["expect"] = {"value_hex": hx(r[0]), "timestamp": dt_unix(r[1])}
        else:
            rec["expect"] = {"value_hex": hx(r)}
        rec["python_accepts"] = True
    except BadData as e:
        rec["expect"] = error_record(e, with_date=True)
        rec["python_accepts"] = False
    except Exception as e:  # datetime overflow etc. escapes itsdangerous
        rec["expect"] = {"error": type(e).__name__, "message": str(e), "python_crash": True}
        rec["python_accepts"] = False
    # classification (not an expected output): are the base64 parts canonical?
    parts = tok.split(s.sep)
    if len(parts) >= 3:
        ts_seg, sig = parts[-2], parts[-1]
        rec["strict_base64"] = strict_b64(sig) and strict_b64(ts_seg)
        if strict_b64(ts_seg):
            raw = base64.urlsafe_b64decode(ts_seg + b"=" * (-len(ts_seg) % 4))
            rec["canonical_timestamp"] = len(raw) <= 8 and not raw.startswith(b"\x00")
        else:
            rec["canonical_timestamp"] = False
    else:
        rec["strict_base64"] = strict_b64(parts[-1]) if len(parts) == 2 else None
        rec["canonical_timestamp"] = None
    return rec


def timed_cases():
    cases = []
    configs = [
        ([KEYS["ascii"]], b"itsdangerous.Signer", ".", "django-concat", "sha1"),
        ([KEYS["short"], KEYS["ascii"]], b"activate", ".", "concat", "sha256"),
        ([KEYS["long"], KEYS["binary"]], b"", ":", "hmac", "sha512"),
        ([KEYS["empty"]], b"cookie-session", "|~", "none", "md5"),
        ([KEYS["block65"]], SALTS[3], "::", "hmac", "sha224"),
        ([KEYS["binary"], KEYS["long"], KEYS["ascii"]], b"x", "~", "django-concat", "sha384"),
    ]
    signers = [make(TimestampSigner, *c) for c in configs]
    # --- sign
    for ci, s in enumerate(signers):
        values = values_for(s.sep.decode())
        for ti, ts in enumerate(SIGN_TIMESTAMPS):
            try:
                cases.append(timed_sign(s, values[(ti + ci) % len(values)], ts, False, "sign"))
            except Exception as e:  # pragma: no cover - would mean the list needs pruning
                raise AssertionError(f"cannot sign timestamp {ts}: {e!r}")
    for derivation in DERIVATIONS:
        for digest in DIGESTS:
            s = make(TimestampSigner, [KEYS["ascii"]], b"itsdangerous.Signer", ".", derivation, digest)
            cases.append(timed_sign(s, b"grid", 1700000000, False, "derivation x digest"))
    s = TimestampSigner("secret-key")
    cases.append(timed_sign(s, b"my string", 1700000000, False, "all defaults"))
    # --- unsign
    NOW = 1700000000
    for s in signers:
        sep = s.sep

        def at(ts, value=b"hello"):
            with frozen(ts):
                return s.sign(value)

        def plain(value):  # same key/salt/derivation/digest, but no timestamp
            return Signer(s.secret_keys, salt=s.salt, sep=sep, key_derivation=s.key_derivation,
                          digest_method=s.digest_method).sign(value)

        tok = at(NOW - 10)
        v_ts, sig = tok.rsplit(sep, 1)
        v, ts_seg = v_ts.rsplit(sep, 1)
        U = lambda note, t, now=NOW, max_age=None, **kw: cases.append(  # noqa: E731
            timed_unsign(s, note, t, now, max_age, **kw))
        U("valid, no max_age", tok)
        U("valid, return_timestamp false", tok, return_timestamp=False)
        U("age == max_age passes", tok, max_age=10)
        U("age == max_age + 1 expires", tok, max_age=9)
        U("age well within max_age", tok, max_age=3600)
        U("max_age 0, age 0", at(NOW), max_age=0)
        U("max_age 0, age 1", at(NOW - 1), max_age=0)
        U("max_age 0, age 10", tok, max_age=0)
        U("negative max_age", at(NOW), max_age=-1)
        U("future timestamp, no max_age", at(NOW + 100))
        U("future timestamp by 1, with max_age", at(NOW + 1), max_age=100)
        U("future timestamp by 100, with max_age", at(NOW + 100), max_age=100)
        U("future timestamp, max_age 0", at(NOW + 1), max_age=0)
        U("timestamp 0, no max_age", at(0))
        U("timestamp 0, max_age", at(0), max_age=31 * 86400)
        U("timestamp 0 is an empty timestamp segment", at(0, b"zero"), now=5, max_age=5)
        for big in [2**32, 253402300799, 253402300800, 2**62, 2**63, 2**64 - 1]:
            t = at(big)
            U(f"valid, timestamp {big}", t, now=big)
            U(f"valid, timestamp {big}, return_timestamp false", t, now=big, return_timestamp=False)
            U(f"valid, timestamp {big}, max_age, age 0", t, now=big, max_age=10)
            U(f"valid, timestamp {big}, max_age, future", t, now=NOW, max_age=10)
            U(f"valid, timestamp {big}, expired", t, now=big + 100, max_age=10)
            bad = t.rsplit(sep, 1)[0] + sep + flip_char(sig, 0)
            U(f"bad signature, timestamp {big}", bad, now=big)
        with frozen(NOW - 3):
            old = TimestampSigner(s.secret_keys[0], salt=s.salt, sep=sep,
                                  key_derivation=s.key_derivation,
                                  digest_method=s.digest_method).sign(b"old key")
            foreign = TimestampSigner(b"foreign", salt=s.salt, sep=sep,
                                      key_derivation=s.key_derivation,
                                      digest_method=s.digest_method).sign(b"foreign key")
        U("signed by the oldest key in the list", old, max_age=5)
        U("signed by a key not in the list (date_signed readable)", foreign, max_age=5)
        U("bad signature, readable timestamp", v + sep + ts_seg + sep + flip_char(sig, 0))
        U("bad signature, readable timestamp, with max_age", v + sep + ts_seg + sep + flip_char(sig, 0), max_age=1)
        U("bad signature, flipped value", bytes([v[0] ^ 1]) + v[1:] + sep + ts_seg + sep + sig)
        U("bad signature, timestamp changed", v + sep + base64_encode(int_to_bytes(NOW)) + sep + sig)
        U("bad signature, garbage timestamp '!!!'", v + sep + b"!!!" + sep + sig)
        U("bad signature, garbage timestamp 'A'", v + sep + b"A" + sep + sig)
        U("bad signature, 9-byte timestamp", v + sep + base64_encode(b"\x01" * 9) + sep + sig)
        U("bad signature, empty timestamp", v + sep + sep + sig)
        U("bad signature, no timestamp", v + sep + sig)
        U("bad signature, no separator at all", v + sig)
        U("empty token", b"")
        U("truncated signature", tok[:-1])
        U("= padded signature", tok + b"=" * (-len(sig) % 4))
        tb = flip_trailing_bits(sig)
        if tb is not None:
            U("non-zero unused trailing bits in signature", v_ts + sep + tb)
        # tokens whose signature is valid but whose timestamp part is odd: sign the whole
        # "value<sep>timestamp" with a plain Signer of the same configuration
        U("missing timestamp (plain Signer token)", plain(b"hello"))
        U("missing timestamp, value contains separator", plain(b"a" + sep + b"ZVPxAA"))
        U("missing timestamp, value ends with separator", plain(b"hello" + sep))
        U("malformed timestamp: 9 bytes", plain(v + sep + base64_encode(b"\x01" * 9)))
        U("malformed timestamp: 9 bytes with a leading zero", plain(v + sep + base64_encode(b"\x00" + int_to_bytes(NOW).rjust(8, b"\x00"))))
        U("malformed timestamp: bad base64 'A'", plain(v + sep + b"A"))
        U("malformed timestamp: bad base64 'AAAAA'", plain(v + sep + b"AAAAA"))
        U("timestamp '!!!' decodes to nothing", plain(v + sep + b"!!!"))
        U("timestamp '!!!' decodes to nothing, max_age", plain(v + sep + b"!!!"), max_age=10)
        U("empty timestamp", plain(v + sep))
        U("empty timestamp, max_age", plain(v + sep), max_age=10)
        U("empty timestamp, now 0, max_age 0", plain(v + sep), now=0, max_age=0)
        lz = base64_encode(b"\x00" + int_to_bytes(NOW - 10))
        U("timestamp with one leading zero byte", plain(v + sep + lz), max_age=10)
        lz8 = base64_encode(int_to_bytes(NOW - 10).rjust(8, b"\x00"))
        U("timestamp as 8 bytes with leading zeros", plain(v + sep + lz8), max_age=10)
        U("timestamp as 8 zero bytes", plain(v + sep + base64_encode(b"\x00" * 8)))
        U("timestamp as one zero byte", plain(v + sep + base64_encode(b"\x00")))
        U("timestamp with = padding", plain(v + sep + ts_seg + b"=" * (-len(ts_seg) % 4)), max_age=10)
        U("timestamp with non-zero trailing bits", plain(v + sep + flip_trailing_bits(ts_seg)), max_age=10)
        U("timestamp with embedded space", plain(v + sep + ts_seg[:2] + b"    " + ts_seg[2:]), max_age=10)
        U("timestamp in standard base64 alphabet", plain(v + sep + base64.b64encode(int_to_bytes(4294967294)).rstrip(b"=")), now=4294967294)
    # legacy epoch (itsdangerous < 1.0)
    for c in configs[:3]:
        s = make(LegacyTimestampSigner, *c)
        for ts in [LEGACY_EPOCH, LEGACY_EPOCH + 1, 1500000000, NOW, 2**32 - 1]:
            cases.append(timed_sign(s, b"legacy", ts, True, "legacy epoch sign"))
        with frozen(1500000000):
            tok = s.sign(b"legacy")
        cases.append(timed_unsign(s, "legacy valid", tok, 1500000100, None, legacy=True))
        cases.append(timed_unsign(s, "legacy within max_age", tok, 1500000100, 100, legacy=True))
        cases.append(timed_unsign(s, "legacy expired", tok, 1500000100, 99, legacy=True))
        cases.append(timed_unsign(s, "legacy future", tok, 1499999999, 100, legacy=True))
        v_ts, sig = tok.rsplit(s.sep, 1)
        cases.append(timed_unsign(s, "legacy bad signature", v_ts + s.sep + flip_char(sig, 0),
                                  1500000100, 100, legacy=True))
        # a modern token read as legacy and vice versa
        with frozen(1500000000):
            modern = make(TimestampSigner, *c).sign(b"legacy")
        cases.append(timed_unsign(s, "modern token read with legacy epoch", modern, 1500000100, 100, legacy=True))
        cases.append(timed_unsign(make(TimestampSigner, *c), "legacy token read with modern epoch",
                                  tok, 1500000100, 100, legacy=False))
    return cases


# --------------------------------------------------------------------------- serializer.json

SER_CLASSES = {
    "Serializer": Serializer,
    "URLSafeSerializer": URLSafeSerializer,
    "TimedSerializer": TimedSerializer,
    "URLSafeTimedSerializer": URLSafeTimedSerializer,
}
TIMED = ("TimedSerializer", "URLSafeTimedSerializer")  # tuples: set order would depend on PYTHONHASHSEED
URLSAFE = ("URLSafeSerializer", "URLSafeTimedSerializer")


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def boundary_objects():
    """Strings whose compact JSON compresses to exactly len-0 .. len-3 bytes."""
    found = {}
    r = random.Random(7)
    for n in range(1, 400):
        for trial in range(40):
            alpha = "ab" if trial % 2 else "abcdefgh"
            s = "".join(r.choice(alpha) for _ in range(n))
            j = compact(s)
            d = len(j) - len(zlib.compress(j))
            if d in (0, 1, 2, 3) and f"string, {d}" not in found:
                found[f"string, {d}"] = s
        if len(found) == 4:
            break
    # also lists of repeated small ints
    for n in range(1, 200):
        j = compact(list(range(n % 10)) * (n // 10 + 1))
        d = len(j) - len(zlib.compress(j))
        if d in (1, 2) and f"list, {d}" not in found:
            found[f"list, {d}"] = list(range(n % 10)) * (n // 10 + 1)
    assert len(found) == 6, found
    return [(f"compression boundary ({k.split(', ')[0]}): len(json) - len(zlib) = {k.split(', ')[1]}", v)
            for k, v in sorted(found.items())]


def objects():
    objs = [
        ("zero", 0), ("one", 1), ("42", 42), ("negative", -17), ("2**53+1", 2**53 + 1),
        ("2**64", 2**64), ("2**200", 2**200), ("-2**200", -2**200),
        ("true", True), ("false", False), ("null", None),
        ("0.1", 0.1), ("1e16", 1e16), ("1e-7", 1e-7), ("-0.0", -0.0), ("1.5", 1.5),
        ("1e308", 1e308), ("5e-324", 5e-324), ("123456789.125", 123456789.125),
        ("NaN", float("nan")), ("Infinity", float("inf")), ("-Infinity", float("-inf")),
        ("empty string", ""), ("ascii", "hello"), ("non-ASCII", "héllo wörld"),
        ("CJK", "日本語"), ("astral", "emoji \U0001F600 and \U0010FFFF"),
        ("controls", "\x00\x01\x08\t\n\x0b\x0c\r\x1f\x7f\x80\x9f"),
        ("quotes and backslashes", "\"quoted\" \\ back\\slash / slash </script>"),
        ("line separators", "\u2028\u2029\ufeff"), ("lone BMP specials", "\ufffd\uffff"),
        ("dots and seps", "a.b:c|d~e!f"),
        ("empty list", []), ("empty dict", {}), ("list", [1, 2, 3, 4]),
        ("nested", {"a": [1, {"b": None, "c": [True, False]}], "d": {"e": {"f": "g"}}}),
        ("unsorted keys", {"z": 1, "a": 2, "m": 3, "B": 4, "é": 5, "\U0001F600": 6}),
        ("non-ASCII keys", {"ключ": "значение", "\x00": "nul key"}),
        ("mixed list", [0, -1, 1.25, "s", None, True, [], {}, [[[]]]]),
        ("deep nesting", [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]),
        ("dict of floats", {"x": 0.30000000000000004, "y": 1e22, "z": 1e21, "w": 1e-5}),
        ("login", {"user_id": 42, "roles": ["admin", "user"], "exp": 1700003600}),
        ("repetitive (compresses)", "abc" * 200),
        ("repetitive list", [{"id": i % 3, "name": "item"} for i in range(60)]),
        ("large random text", "".join(random.Random(3).choice(string.ascii_letters) for _ in range(3000))),
        ("long repetitive", "x" * 10000),
        ("tiny", "a"),
    ]
    return objs + boundary_objects()


def ser_config(cls_name, keys, salt, signer_kwargs, fallbacks):
    kw = dict(signer_kwargs)
    ser = SER_CLASSES[cls_name](keys, salt=salt, signer_kwargs=kw,
                                fallback_signers=[dict(f) for f in fallbacks])
    sig = ser.make_signer()
    cfg = {
        "class": cls_name,
        "secret_keys_hex": [hx(k) for k in ser.secret_keys],
        "salt_hex": hx(sig.salt),
        "sep": sig.sep.decode("ascii"),
        "derivation": sig.key_derivation,
        "digest": digest_name(sig.digest_method),
        "algorithm": "none" if isinstance(sig.algorithm, NoneAlgorithm) else "hmac",
    }
    fb = []
    for f in fallbacks:  # a dict replaces signer_kwargs entirely; defaults fill the rest
        probe = ser.signer(b"k", salt=sig.salt, **f)
        fb.append({"sep": probe.sep.decode("ascii"), "derivation": probe.key_derivation,
                   "digest": digest_name(probe.digest_method),
                   "algorithm": "none" if isinstance(probe.algorithm, NoneAlgorithm) else "hmac"})
    cfg["fallbacks"] = fb
    return ser, cfg


def skw(derivation=None, digest=None, sep=None):
    kw = {}
    if derivation:
        kw["key_derivation"] = derivation
    if digest:
        kw["digest_method"] = DIGESTS[digest]
    if sep:
        kw["sep"] = sep
    return kw


def obj_json(obj):
    return json.dumps(obj, ensure_ascii=True, sort_keys=False)


def ser_dumps(cls_name, keys, salt, signer_kwargs, obj, note, ts=1700000000):
    ser, cfg = ser_config(cls_name, keys, salt, signer_kwargs, [])
    with frozen(ts):
        tok = ser.dumps(obj)
    rec = {"op": "dumps", "note": note, **cfg}
    if cls_name in TIMED:
        rec["timestamp"] = ts
    payload = tok.encode().rsplit(ser.make_signer().sep, 2 if cls_name in TIMED else 1)[0]
    rec.update({"obj_json": obj_json(obj), "token": tok,
                "compressed": cls_name in URLSAFE and payload.startswith(b".")})
    return rec


def ser_token(tok):
    """Serializer tokens are strings; a token that is not ASCII also gets token_hex."""
    b = tok if isinstance(tok, bytes) else tok.encode("utf-8")
    text = ascii_or_none(b)
    return {"token": text} if text is not None else {"token": None, "token_hex": hx(b)}


def ser_classify(rec, cls_name, seps, tok):
    """Classification, not an expected output: python_accepts, and whether every base64 part
    (signature, timestamp, URL-safe payload) is canonical unpadded base64url."""
    rec["python_accepts"] = "error" not in rec["expect"] and rec["expect"].get("valid", True)
    b = tok if isinstance(tok, bytes) else tok.encode("utf-8")
    n = 2 if cls_name in TIMED else 1
    for sep in seps:  # the primary separator, then the fallbacks'
        parts = b.rsplit(sep.encode(), n)
        if len(parts) == n + 1:
            break
    else:
        rec["strict_base64"] = None
        return rec
    segs = parts[1:]
    if cls_name in URLSAFE:
        segs.append(parts[0][1:] if parts[0].startswith(b".") else parts[0])
    rec["strict_base64"] = all(strict_b64(x) for x in segs)
    return rec


def ser_loads(cls_name, keys, salt, signer_kwargs, tok, note, now=1700000000, max_age=None,
              fallbacks=()):
    ser, cfg = ser_config(cls_name, keys, salt, signer_kwargs, fallbacks)
    rec = {"op": "loads", "note": note, **cfg, **ser_token(tok),
           "now": now, "max_age": max_age}
    try:
        with frozen(now):
            if cls_name in TIMED:
                obj, dt = ser.loads(tok, max_age=max_age, return_timestamp=True)
                rec["expect"] = {"obj_json": obj_json(obj), "timestamp": dt_unix(dt)}
            else:
                rec["expect"] = {"obj_json": obj_json(ser.loads(tok))}
    except BadData as e:
        rec["expect"] = {"error": type(e).__name__, "message": str(e)}
        if getattr(e, "original_error", None) is not None:
            rec["expect"]["original_error"] = type(e.original_error).__name__
    except Exception as e:
        rec["expect"] = {"error": type(e).__name__, "message": str(e), "python_crash": True}
    return ser_classify(rec, cls_name, [cfg["sep"]] + [f["sep"] for f in cfg["fallbacks"]], tok)


def ser_loads_unsafe(cls_name, keys, salt, signer_kwargs, tok, note, now=1700000000,
                     max_age=None, fallbacks=()):
    ser, cfg = ser_config(cls_name, keys, salt, signer_kwargs, fallbacks)
    rec = {"op": "loads_unsafe", "note": note, **cfg, **ser_token(tok),
           "now": now, "max_age": max_age}
    try:
        with frozen(now):
            if cls_name in TIMED:
                valid, obj = ser.loads_unsafe(tok, max_age=max_age)
            else:
                valid, obj = ser.loads_unsafe(tok)
        rec["expect"] = {"valid": valid, "obj_json": None if obj is None else obj_json(obj)}
    except BadData as e:  # loads_unsafe lets BadPayload through when the signature is valid
        rec["expect"] = {"error": type(e).__name__, "message": str(e)}
    except Exception as e:
        rec["expect"] = {"error": type(e).__name__, "message": str(e), "python_crash": True}
    return ser_classify(rec, cls_name, [cfg["sep"]] + [f["sep"] for f in cfg["fallbacks"]], tok)


def serializer_cases():
    cases = []
    key = [KEYS["ascii"]]
    setups = [
        (key, b"itsdangerous", {}),
        (key, b"activate", skw("concat", "sha256")),
        ([KEYS["short"], KEYS["long"]], b"", skw("hmac", "sha512", ":")),
        ([KEYS["binary"]], None, skw("none", "md5", "|")),
        ([KEYS["empty"], KEYS["ascii"]], b"cookie-session", skw("hmac", "sha1")),
        (key, b"\x00\xffsalt", skw("django-concat", "sha224", "~")),
        (key, b"x", skw("concat", "sha384", "!")),
    ]
    objs = objects()
    # dumps: every class x every object, config rotating
    i = 0
    for cls_name in SER_CLASSES:
        for note, obj in objs:
            keys, salt, kw = setups[i % len(setups)]
            cases.append(ser_dumps(cls_name, keys, salt, kw, obj, note, ts=1700000000 + i))
            i += 1
        # every config with a couple of objects
        for keys, salt, kw in setups:
            for note, obj in [("list", [1, 2, 3, 4]), ("dict", {"b": 1, "a": "é"})]:
                cases.append(ser_dumps(cls_name, keys, salt, kw, obj, note + " (config sweep)"))
    for cls_name in TIMED:
        for ts in [0, 1, 255, 2**32, 253402300799]:
            cases.append(ser_dumps(cls_name, key, b"itsdangerous", {}, {"t": ts}, "timestamp", ts=ts))

    # loads: round trips of a sample of the dumps above, under the same config
    for rec in [c for c in cases if c["op"] == "dumps"][::3]:
        cls_name = rec["class"]
        keys = [bytes.fromhex(k) for k in rec["secret_keys_hex"]]
        salt = bytes.fromhex(rec["salt_hex"])
        kw = skw(rec["derivation"], rec["digest"], rec["sep"])
        now = rec.get("timestamp", 1700000000) + 5
        cases.append(ser_loads(cls_name, keys, salt, kw, rec["token"], "round trip: " + rec["note"],
                               now=now, max_age=10 if cls_name in TIMED else None))

    NOW = 1700000000
    for cls_name in SER_CLASSES:
        timed = cls_name in TIMED
        urlsafe = cls_name in URLSAFE
        ma = 60 if timed else None
        primary = skw(None, "sha256")
        keys = [KEYS["short"], KEYS["ascii"]]

        def dumps(obj, kw=primary, ks=keys, at=NOW - 10, salt=b"itsdangerous"):
            ser, _ = ser_config(cls_name, ks, salt, kw, [])
            with frozen(at):
                return ser.dumps(obj)

        def raw(payload, kw=primary, ks=keys, at=NOW - 10, salt=b"itsdangerous"):
            ser, _ = ser_config(cls_name, ks, salt, kw, [])
            with frozen(at):
                return ser.make_signer().sign(payload)

        L = lambda tok, note, fb=(), kw=primary, ks=keys, max_age=ma, now=NOW: cases.append(  # noqa: E731
            ser_loads(cls_name, ks, b"itsdangerous", kw, tok, note, now=now, max_age=max_age, fallbacks=fb))
        LU = lambda tok, note, fb=(), kw=primary, max_age=ma, now=NOW: cases.append(  # noqa: E731
            ser_loads_unsafe(cls_name, keys, b"itsdangerous", kw, tok, note, now=now, max_age=max_age, fallbacks=fb))

        good = dumps({"id": 5})
        sha1_tok = dumps({"id": 5}, kw={})
        sha1_old = dumps({"id": 5}, kw={}, ks=[KEYS["short"]])
        L(good, "valid")
        L(dumps({"id": 5}, ks=[KEYS["short"]]), "signed by older key")
        L(sha1_tok, "sha1 token, sha256 signer, no fallback")
        fb_sha1 = [{"digest_method": hashlib.sha1}]
        L(sha1_tok, "sha1 token, sha1 fallback", fb=fb_sha1)
        L(sha1_old, "sha1 token by older key, sha1 fallback", fb=fb_sha1)
        L(good, "primary valid, fallback not needed", fb=fb_sha1)
        L(dumps({"id": 5}, kw=skw("hmac", "sha512")), "sha512/hmac token, fallbacks sha1 then hmac-sha512",
          fb=[{"digest_method": hashlib.sha1}, {"key_derivation": "hmac", "digest_method": hashlib.sha512}])
        L(dumps({"id": 5}, kw=skw(None, "sha256", "|")), "'|' token, fallback with sep '|'",
          fb=[{"digest_method": hashlib.sha256, "sep": "|"}])
        L(dumps({"id": 5}, ks=[b"foreign"]), "foreign key, fallbacks exhausted (last error wins)",
          fb=[{"digest_method": hashlib.sha1}, {"digest_method": hashlib.sha256, "sep": "|"}])
        L(dumps({"id": 5}, kw={"digest_method": hashlib.sha1, "key_derivation": "hmac"}),
          "fallback dict replaces signer_kwargs (derivation reverts to default)",
          fb=[{"digest_method": hashlib.sha1}], kw=skw("hmac", "sha256"))
        if timed:
            old = dumps({"id": 5}, at=NOW - 1000)
            L(old, "expired", max_age=60)
            L(old, "expired stops the fallback search", fb=fb_sha1, max_age=60)
            L(dumps({"id": 5}, kw={}, at=NOW - 1000), "fallback signer valid but expired",
              fb=fb_sha1, max_age=60)
            L(old, "old token, no max_age", max_age=None)
            L(dumps({"id": 5}, at=NOW + 50), "future timestamp, max_age", max_age=60)
            L(dumps({"id": 5}, at=2**63), "huge timestamp, no max_age (timestamp returned)", max_age=None, now=2**63)
            L(dumps({"id": 5}, at=253402300800), "year 10000 timestamp, no max_age", max_age=None, now=253402300800)
            nots = Signer(keys, salt=b"itsdangerous", **primary).sign(
                base64_encode(b'"no timestamp"') if urlsafe else b'"no timestamp"')
            L(nots.decode("ascii"), "plain Signer token (timestamp missing)")
        # bad payloads under a valid signature
        if urlsafe:
            L(raw(b"bm90IGpzb24"), "valid signature over non-JSON (base64 of 'not json')")
            L(raw(b"!!!!"), "valid signature over non-base64 '!!!!' (decodes to nothing)")
            L(raw(b"A"), "valid signature over bad base64 'A'")
            L(raw(b"WzFd="), "valid signature over '='-padded base64 of [1]")
            L(raw(flip_trailing_bits(base64_encode(b"[1] "))),
              "valid signature over base64 of '[1] ' with non-zero trailing bits")
            L(raw(b".WzFd"), "'.'-prefixed payload that is not zlib")
            z = base64_encode(zlib.compress(b'{"a":"' + b"b" * 100 + b'"}'))
            L(raw(b"." + z), "compressed payload signed directly")
            L(raw(b"." + z[:-6]), "truncated zlib stream")
            L(raw(b"." + base64_encode(zlib.compress(b"[1,2,3]", 9))), "zlib level 9 stream")
            L(raw(b"." + base64_encode(zlib.compress(b"[1,2,3]", 0))), "zlib level 0 stream")
            L(raw(b"." + base64_encode(zlib.compress(b"[1,2,3]") + b"trailing")), "zlib stream with trailing garbage")
            L(raw(b"." + base64_encode(zlib.compress(b"{\"a\":1}")[:-4])), "zlib stream missing adler32")
            L(raw(b".."), "'..' payload")
            L(raw(b"."), "'.' payload (empty compressed)")
            L(raw(b""), "empty payload")
            L(raw(base64_encode(b"[1] ")), "JSON with trailing space")
            L(raw(base64_encode(b"\xff\xfe")), "payload that is not UTF-8")
            L(raw(base64_encode(b'"\\ud800"'.replace(b"\\ud800", b"ok"))), "JSON string payload")
            L(raw(base64_encode(b"NaN")), "bare NaN payload")
            L(raw(base64_encode(b'{"a":1,"a":2}')), "duplicate keys (last wins)")
            L(raw(base64_encode("\ufeff[1]".encode())), "UTF-8 BOM before JSON")
        else:
            L(raw(b"not json"), "valid signature over non-JSON")
            L(raw(b""), "empty payload")
            L(raw(b"\xff\xfe"), "payload that is not UTF-8")
            L(raw(b"[1, 2,]"), "trailing comma")
            L(raw(b"Infinity"), "bare Infinity payload")
            L(raw(b'{"a": 1, "a": 2}'), "duplicate keys (last wins)")
            L(raw(b"  [1]  "), "JSON with surrounding spaces")
            L(raw("\ufeff[1]".encode()), "UTF-8 BOM before JSON")
            L(raw(b"1.0"), "float payload 1.0")
        # signature problems
        L(good[:-1], "truncated signature")
        L(good + "=", "= appended to signature")
        L("x" + good[1:], "tampered payload")
        L(good[:-1] + "\u00e9", "non-ASCII character in signature")
        L("", "empty token")
        L("no-separator", "no separator")
        # loads_unsafe
        LU(good, "valid")
        LU(dumps({"id": 6}, ks=[b"foreign"]), "bad signature, payload readable")
        LU(sha1_tok, "sha1 token, sha1 fallback", fb=fb_sha1)
        LU("nosep", "no separator (payload None)")
        LU(raw(b"bm90IGpzb24" if urlsafe else b"not json"), "valid signature, bad payload")
        tampered = dumps({"id": 7}, ks=[b"foreign"])
        LU(tampered[:-1], "truncated signature")
        if timed:
            LU(dumps({"id": 8}, at=NOW - 1000), "expired", max_age=60)
            LU(dumps({"id": 8}, at=NOW - 1000), "old, no max_age", max_age=None)
            LU(dumps([1], at=2**63), "huge timestamp with max_age (datetime overflow)", max_age=60)
    # default-configured classes (salt defaults, Serializer's ", " separators)
    for cls_name, cls in SER_CLASSES.items():
        ser = cls("secret-key")
        with frozen(1700000000):
            tok = ser.dumps({"b": [1, 2.5, None], "a": "x"})
        _, cfg = ser_config(cls_name, [b"secret-key"], b"itsdangerous", {}, [])
        rec = {"op": "dumps", "note": "class defaults", **cfg}
        if cls_name in TIMED:
            rec["timestamp"] = 1700000000
        rec.update({"obj_json": obj_json({"b": [1, 2.5, None], "a": "x"}), "token": tok,
                    "compressed": False})
        cases.append(rec)
        # salt=None falls through to the signer's default salt
        ser = cls("secret-key", salt=None)
        with frozen(1700000000):
            tok = ser.dumps([1])
        _, cfg = ser_config(cls_name, [b"secret-key"], None, {}, [])
        assert cfg["salt_hex"] == b"itsdangerous.Signer".hex()
        rec = {"op": "dumps", "note": "salt=None uses the Signer default salt", **cfg}
        if cls_name in TIMED:
            rec["timestamp"] = 1700000000
        rec.update({"obj_json": "[1]", "token": tok, "compressed": False})
        cases.append(rec)
    return cases


# --------------------------------------------------------------------------- known_answers.json

def known_answer_cases():
    cases = []
    s = Signer("secret-key")
    tok = s.sign("my string").decode()
    assert tok == "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA", tok  # documented value, checked only
    cases.append({"op": "sign", "call": 'Signer("secret-key").sign("my string")', **signer_config(s),
                  "value_hex": hx(b"my string"), "token": tok})
    for call, ser, obj, doc in [
        ('URLSafeSerializer("secret-key", salt="activate").dumps(42)',
         URLSafeSerializer("secret-key", salt="activate"), 42, "NDI.MHQqszw6Wc81wOBQszCrEE_RlzY"),
        ('URLSafeSerializer("secret-key").dumps([1, 2, 3, 4])',
         URLSafeSerializer("secret-key"), [1, 2, 3, 4], "WzEsMiwzLDRd.wSPHqC0gR7VUqivlSukJ0IeTDgo"),
    ]:
        tok = ser.dumps(obj)
        assert tok == doc, tok
        sig = ser.make_signer()
        cases.append({"op": "dumps", "call": call, "class": "URLSafeSerializer",
                      "secret_keys_hex": [hx(k) for k in ser.secret_keys], "salt_hex": hx(sig.salt),
                      "sep": sig.sep.decode(), "derivation": sig.key_derivation,
                      "digest": digest_name(sig.digest_method), "algorithm": "hmac",
                      "fallbacks": [], "obj_json": obj_json(obj), "token": tok})
        assert ser.loads(tok) == obj
    assert s.unsign(cases[0]["token"]) == b"my string"
    return cases


# --------------------------------------------------------------------------- main

def int64_safe(value):
    """Integers outside the signed 64-bit range become decimal strings, so that JSON readers
    without big integers (Foundation's) can still load the file."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return str(value)
    if isinstance(value, dict):
        return {k: int64_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [int64_safe(v) for v in value]
    return value


def write(name, cases):
    cases = int64_safe(cases)
    doc = {"generator": GENERATOR, "itsdangerous": importlib.metadata.version("itsdangerous"),
           "python": "%d.%d" % sys.version_info[:2], "zlib": zlib.ZLIB_RUNTIME_VERSION,
           "cases": cases}
    text = json.dumps(doc, ensure_ascii=True, indent=1, allow_nan=False) + "\n"
    path = OUT / name
    path.write_text(text, encoding="ascii")
    ops = {}
    for c in cases:
        ops[c["op"]] = ops.get(c["op"], 0) + 1
    print(f"{path.relative_to(OUT.parent.parent.parent)}: {len(cases)} cases {ops}, {len(text)} bytes")
    assert len(text) < 2_200_000, f"{name} too large"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write("signer.json", signer_sign_cases() + signer_unsign_cases() + construct_cases())
    write("timed.json", timed_cases())
    write("serializer.json", serializer_cases())
    write("known_answers.json", known_answer_cases())


if __name__ == "__main__":
    main()
