#!/usr/bin/env python3
"""The Python oracle for Signet's live differential tests.

Reads a JSON array of requests on stdin and writes a JSON array of results on stdout, one per
request, so that a test pays for one Python start per batch. Bytes travel as hex (`*_hex`).
Every answer comes from the installed itsdangerous 2.2.0 / Flask 3.1.3.

Requests:
  {"op": "sign", "signer": S, "value_hex"}                     -> {"token"}
  {"op": "unsign", "signer": S, "token"}                       -> {"value_hex"} | {"error"}
  {"op": "timed_sign", "signer": S, "value_hex", "timestamp"}  -> {"token"}
  {"op": "timed_unsign", "signer": S, "token", "now", "max_age"} -> {"value_hex", "timestamp"} | {"error"}
  {"op": "dumps", "class", "keys_hex", "salt_hex", "signer": S, "obj_json", "timestamp"} -> {"token"}
  {"op": "loads", "class", "keys_hex", "salt_hex", "signer": S, "token", "now", "max_age"} -> {"obj_json"} | {"error"}
  {"op": "flask_mint", "secret_key", "fallbacks", "tagged_json", "timestamp"} -> {"cookie"}
  {"op": "flask_load", "secret_key", "fallbacks", "cookie", "now", "max_age"} -> {"tagged_json", "timestamp"} | {"error"}
  {"op": "json_dumps", "obj_json", "style": "default"|"compact"|"flask"} -> {"text"} | {"error"}
  {"op": "json_loads", "text_hex"} -> {"obj_json"} | {"error"}
  {"op": "parse_cookie", "header_hex", "name"} -> {"value_hex"} (null when absent): a Flask request's
      request.cookies.get(name) when a server receives the header bytes (WSGI: decoded as Latin-1)
  {"op": "dump_cookie", "name", "value", "attributes", "now"} -> {"header"} | {"error"}: the
      Set-Cookie value werkzeug's dump_cookie writes, attributes being its keyword arguments
  {"op": "profile_sign", "python", "key", "value_hex", "timestamp"} -> {"token"}: the class or
      framework named as a row of Signet's profile table names it (`python`), built with nothing
      but the key, so that its own defaults apply; serializers sign json.loads(value), Flask
      sessions tagged JSON, signers the bytes
  {"op": "loads_unsafe", "python", "key", "token", "now"} -> {"valid", "json", "is_dict",
      "signet_must_agree"} | {"error", "signet_must_agree"}: loads_unsafe of the same object (Flask
      sessions: max_age PERMANENT_SESSION_LIFETIME); json is the value as canonical JSON (Flask:
      tagged), or null. signet_must_agree (not Python's answer, a reading of the token) is false
      where README's deviations let Signet refuse what Python reads: a payload that is not
      canonical unpadded base64 (Python skips stray characters) or a zlib stream followed by
      other bytes (Python ignores them); Signet then has no value
S = {"keys_hex": [...], "salt_hex", "sep", "derivation", "digest", "algorithm": "hmac"|"none"}
obj_json is always json.dumps(obj, ensure_ascii=True) so that any Python value crosses intact.
"""
import base64
import hashlib
import json
import sys
import zlib
from unittest import mock

import itsdangerous
from itsdangerous import Serializer, Signer, TimedSerializer, TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer
from itsdangerous.signer import HMACAlgorithm, NoneAlgorithm

CLASSES = {
    "Serializer": Serializer,
    "URLSafeSerializer": URLSafeSerializer,
    "TimedSerializer": TimedSerializer,
    "URLSafeTimedSerializer": URLSafeTimedSerializer,
}


def signer_kwargs(spec):
    digest = getattr(hashlib, spec["digest"])
    algorithm = NoneAlgorithm() if spec.get("algorithm") == "none" else HMACAlgorithm(digest)
    return {"sep": spec["sep"], "key_derivation": spec["derivation"], "digest_method": digest, "algorithm": algorithm}


def make_signer(spec, cls=Signer):
    keys = [bytes.fromhex(k) for k in spec["keys_hex"]]
    return cls(keys, salt=bytes.fromhex(spec["salt_hex"]), **signer_kwargs(spec))


def error(e):
    return {"error": type(e).__name__, "message": str(e)}


def frozen(seconds):
    return mock.patch("time.time", return_value=seconds)


def flask_app(secret_key, fallbacks):
    from flask import Flask
    app = Flask("oracle")
    app.config["SECRET_KEY"] = secret_key
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    return app


def request_cookie(header, name):
    """What a Flask view finds in request.cookies for these Cookie header bytes, as UTF-8 hex."""
    from flask import Request
    value = Request({"HTTP_COOKIE": header.decode("latin-1")}).cookies.get(name)
    return None if value is None else value.encode("utf-8").hex()


def dump_cookie(name, value, attributes, now):
    """werkzeug's dump_cookie at the frozen time `now` (for Expires computed from max_age)."""
    import warnings
    from datetime import datetime
    from werkzeug import http

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(now, tz)

    with mock.patch("werkzeug.http.datetime", Frozen), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the size warning: Signet's maxSize is checked apart
        try:
            return {"header": http.dump_cookie(name, value, max_size=0, **attributes)}
        except Exception as e:
            return error(e)


FLASK_SESSION = "flask.sessions.SecureCookieSessionInterface"


def profile_object(python, key, app_context):
    """The object a profile row mirrors, with the key and its own defaults; for Flask, within
    `app_context` (an ExitStack) so that its JSON is the app's."""
    if python == FLASK_SESSION:
        app = flask_app(key, [])
        app_context.enter_context(app.app_context())
        return app.session_interface.get_signing_serializer(app), app.permanent_session_lifetime.total_seconds()
    module, _, name = python.rpartition(".")
    assert module == "itsdangerous", python
    return getattr(itsdangerous, name)(key), None


def canonical(python, serializer, obj):
    if python == FLASK_SESSION:
        return serializer.serializer.dumps(obj)
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":"), sort_keys=True)


B64 = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def timed(python):
    return python == FLASK_SESSION or "Timed" in python


def url_safe(python):
    return python == FLASK_SESSION or "URLSafe" in python


def python_payload(token, is_timed):
    """The payload loads_unsafe reads, cut as itsdangerous cuts (rsplit on the signature's dot,
    then on the timestamp's when there is one); None without any dot."""
    if b"." not in token:
        return None
    value = token.rsplit(b".", 1)[0]
    if is_timed and b"." in value:
        value = value.rsplit(b".", 1)[0]
    return value


def canonical_base64(segment):
    if any(c not in B64 for c in segment) or len(segment) % 4 == 1:
        return False
    raw = base64.urlsafe_b64decode(segment + b"=" * (-len(segment) % 4))
    return base64.urlsafe_b64encode(raw).rstrip(b"=") == segment


def signature_canonical(token):
    """Whether the signature (after the last dot) is canonical unpadded URL-safe base64. Where it
    is not, Python may still find it genuine (its decoder skips stray characters and unused bits);
    README's deviations make it a bad signature to Signet, which is never more lenient."""
    return b"." not in token or canonical_base64(token.rsplit(b".", 1)[1])


def signet_must_agree(python, token):
    payload = python_payload(token, timed(python))
    if payload is None or not url_safe(python):
        return True
    compressed = payload.startswith(b".")
    text = payload[1:] if compressed else payload
    if not canonical_base64(text):
        return False
    if compressed:
        inflater = zlib.decompressobj()
        try:
            inflater.decompress(base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4)))
        except zlib.error:
            return True  # Python cannot read it either
        return not inflater.unused_data
    return True


# Starlette's and Django's rows: their tokens come from the frameworks themselves
# (frameworks_oracle.py); they have no loads_unsafe.
FRAMEWORK_ROWS = {
    "starlette.middleware.sessions.SessionMiddleware":
        lambda r, text: {"op": "starlette_mint", "secret_key": r["key"], "json": text, "timestamp": r["timestamp"]},
    "django.core.signing.dumps":
        lambda r, text: {"op": "django_dumps", "key": r["key"], "fallbacks": [], "salt": "django.core.signing",
                         "compress": False, "algorithm": "", "json": text, "timestamp": r["timestamp"]},
    "django.contrib.sessions.backends.signed_cookies.SessionStore":
        lambda r, text: {"op": "django_session_save", "key": r["key"], "fallbacks": [], "json": text,
                         "timestamp": r["timestamp"]},
}


def framework_sign(request):
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import frameworks_oracle
    text = bytes.fromhex(request["value_hex"]).decode("utf-8")
    answer = frameworks_oracle.handle(FRAMEWORK_ROWS[request["python"]](request, text))
    return {"token": answer.get("cookie") or answer.get("token")}


def profile_request(request):
    from contextlib import ExitStack

    python = request["python"]
    if python in FRAMEWORK_ROWS:
        assert request["op"] == "profile_sign", "Starlette and Django have no loads_unsafe"
        return framework_sign(request)
    with ExitStack() as stack:
        target, max_age = profile_object(python, request["key"], stack)
        if request["op"] == "profile_sign":
            value = bytes.fromhex(request["value_hex"])
            with frozen(request["timestamp"]):
                if isinstance(target, Signer):
                    return {"token": target.sign(value).decode("latin1")}
                obj = (target.serializer if python == FLASK_SESSION else json).loads(value)
                token = target.dumps(obj)
                return {"token": token if isinstance(token, str) else token.decode("latin1")}
        agree = signet_must_agree(python, request["token"].encode("latin1"))
        strict = {"signature_canonical": signature_canonical(request["token"].encode("latin1"))}
        with frozen(request["now"]):
            try:
                if isinstance(target, TimedSerializer) or python == FLASK_SESSION:
                    valid, obj = target.loads_unsafe(request["token"], max_age=max_age)
                else:
                    valid, obj = target.loads_unsafe(request["token"])
            except Exception as e:
                return error(e) | {"signet_must_agree": agree} | strict
            if obj is None:
                return {"valid": valid, "json": None, "is_dict": False, "signet_must_agree": agree} | strict
            return {"valid": valid, "json": canonical(python, target, obj), "is_dict": isinstance(obj, dict),
                    "signet_must_agree": agree} | strict


def handle(request):
    op = request["op"]
    if op in ("profile_sign", "loads_unsafe"):
        return profile_request(request)
    if op == "sign":
        return {"token": make_signer(request["signer"]).sign(bytes.fromhex(request["value_hex"])).decode("latin1")}
    if op == "unsign":
        try:
            return {"value_hex": make_signer(request["signer"]).unsign(request["token"].encode("latin1")).hex()}
        except Exception as e:
            return error(e)
    if op == "timed_sign":
        with frozen(request["timestamp"]):
            signer = make_signer(request["signer"], TimestampSigner)
            return {"token": signer.sign(bytes.fromhex(request["value_hex"])).decode("latin1")}
    if op == "timed_unsign":
        with frozen(request["now"]):
            try:
                signer = make_signer(request["signer"], TimestampSigner)
                value, when = signer.unsign(request["token"].encode("latin1"), max_age=request["max_age"], return_timestamp=True)
                return {"value_hex": value.hex(), "timestamp": int(when.timestamp())}
            except Exception as e:
                return error(e)
    if op in ("dumps", "loads"):
        spec = request["signer"]
        cls = CLASSES[request["class"]]
        keys = [bytes.fromhex(k) for k in request["keys_hex"]]
        kwargs = signer_kwargs(spec)
        serializer = cls(keys, salt=bytes.fromhex(request["salt_hex"]), signer_kwargs=kwargs)
        if op == "dumps":
            with frozen(request.get("timestamp") or 0):
                try:
                    return {"token": serializer.dumps(json.loads(request["obj_json"]))}
                except Exception as e:
                    return error(e)
        with frozen(request.get("now") or 0):
            try:
                if "Timed" in request["class"]:
                    obj = serializer.loads(request["token"], max_age=request.get("max_age"))
                else:
                    obj = serializer.loads(request["token"])
                return {"obj_json": json.dumps(obj, ensure_ascii=True)}
            except Exception as e:
                return error(e)
    if op == "flask_mint":
        app = flask_app(request["secret_key"], request["fallbacks"])
        with app.app_context(), frozen(request["timestamp"]):
            serializer = app.session_interface.get_signing_serializer(app)
            return {"cookie": serializer.dumps(serializer.serializer.loads(request["tagged_json"]))}
    if op == "flask_load":
        app = flask_app(request["secret_key"], request["fallbacks"])
        with app.app_context(), frozen(request["now"]):
            serializer = app.session_interface.get_signing_serializer(app)
            try:
                data, when = serializer.loads(request["cookie"], max_age=request["max_age"], return_timestamp=True)
                return {"tagged_json": serializer.serializer.dumps(data), "timestamp": int(when.timestamp())}
            except Exception as e:
                return error(e)
    if op == "json_dumps":
        obj = json.loads(request["obj_json"])
        style = request["style"]
        try:
            if style == "default":
                text = json.dumps(obj)
            elif style == "compact":
                text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
                text.encode("utf-8")
            else:
                text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
            return {"text": text}
        except Exception as e:
            return error(e)
    if op == "json_loads":
        try:
            text = bytes.fromhex(request["text_hex"]).decode("utf-8")
            return {"obj_json": json.dumps(json.loads(text), ensure_ascii=True)}
        except Exception as e:
            return error(e)
    if op == "parse_cookie":
        return {"value_hex": request_cookie(bytes.fromhex(request["header_hex"]), request["name"])}
    if op == "dump_cookie":
        return dump_cookie(request["name"], request["value"], request["attributes"], request["now"])
    raise ValueError(f"unknown op {op}")


def main():
    requests = json.load(sys.stdin)
    json.dump([handle(request) for request in requests], sys.stdout)


if __name__ == "__main__":
    main()
