#!/usr/bin/env python3
"""The Python oracle for Signet's Starlette, Django and Quart differential tests.

Same protocol as oracle.py: a JSON array of requests on stdin, one answer each on stdout.
Every answer comes from the installed packages (pinned in .ci/run): Starlette's own
SessionMiddleware driven over ASGI, Django's django.core.signing and signed_cookies
SessionStore, Quart's session interface. Session values cross as JSON text: requests carry
`json` (read with json.loads), answers the framework's own JSON of the value it read.

Requests:
  {"op": "starlette_mint", "secret_key", "json", "timestamp", "options"} -> {"set_cookie", "cookie"}
      the Set-Cookie header SessionMiddleware(**options) writes for a view that sets the session
  {"op": "starlette_clear", "secret_key", "cookie", "timestamp", "options"} -> {"set_cookie"}
      the header it writes when a view clears the session the cookie holds
  {"op": "starlette_load", "secret_key", "cookie", "now", "options"} -> {"json"} | {"error"}
      what a view finds in request.session (json.dumps), or the class of what the middleware
      raised or refused (BadSignature, SignatureExpired: the view then sees an empty session)
  {"op": "django_dumps", "key", "fallbacks", "salt", "compress", "algorithm", "json", "timestamp"} -> {"token"}
  {"op": "django_loads", "key", "fallbacks", "salt", "algorithm", "token", "now", "max_age"} -> {"json"} | {"error"}
  {"op": "django_session_save", "key", "fallbacks", "json", "timestamp"} -> {"cookie"}
  {"op": "django_session_load", "key", "fallbacks", "cookie", "now", "age"} -> {"json"} | {"error": "reset"}
  {"op": "quart_mint", "secret_key", "fallbacks", "tagged_json", "timestamp"} -> {"cookie"}
  {"op": "quart_load", "secret_key", "fallbacks", "cookie", "now"} -> {"tagged_json", "timestamp"} | {"error"}
"""
import asyncio
import json
import sys
from unittest import mock

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="configured-per-request",
    SECRET_KEY_FALLBACKS=[],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    USE_TZ=True,
)
django.setup()

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from itsdangerous import BadSignature  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.sessions import SessionMiddleware  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402


def frozen(seconds):
    return mock.patch("time.time", return_value=seconds)


def error(e):
    return {"error": type(e).__name__, "message": str(e)}


# Starlette: the real middleware in a real app, driven by one ASGI request.

def starlette_app(secret_key, options, view):
    async def endpoint(request):
        return PlainTextResponse(view(request.session))
    return Starlette(
        routes=[Route("/", endpoint)],
        middleware=[Middleware(SessionMiddleware, secret_key=secret_key, **options)])


def session_middleware(app):
    """The app's middleware stack, built once, and the SessionMiddleware instance inside it."""
    stack = app.build_middleware_stack()
    node = stack
    while not isinstance(node, SessionMiddleware):
        node = node.app
    return stack, node


def asgi_get(stack, cookie, options):
    """Runs one GET / through `stack` with the session cookie `cookie` (or none) and returns
    (headers, body)."""
    headers = [(b"host", b"127.0.0.1")]
    if cookie is not None:
        name = options.get("session_cookie", "session")
        headers.append((b"cookie", (name + "=" + cookie).encode("latin-1")))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/", "raw_path": b"/", "root_path": "", "query_string": b"", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {}}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(stack(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]], body


def set_cookie_of(headers):
    values = [v for k, v in headers if k.lower() == "set-cookie"]
    return values[0] if values else None


def starlette_mint(request):
    session = json.loads(request["json"])
    options = request.get("options", {})

    def view(s):
        s.update(session)
        return ""
    stack, _ = session_middleware(starlette_app(request["secret_key"], options, view))
    with frozen(request["timestamp"]):
        headers, _ = asgi_get(stack, None, options)
    header = set_cookie_of(headers)
    name = options.get("session_cookie", "session")
    return {"set_cookie": header, "cookie": header[len(name) + 1:].split(";", 1)[0]}


def starlette_clear(request):
    def view(s):
        s.clear()
        return ""
    options = request.get("options", {})
    stack, _ = session_middleware(starlette_app(request["secret_key"], options, view))
    with frozen(request["timestamp"]):
        headers, _ = asgi_get(stack, request["cookie"], options)
    return {"set_cookie": set_cookie_of(headers)}


def starlette_load(request):
    options = request.get("options", {})
    stack, middleware = session_middleware(starlette_app(request["secret_key"], options, json.dumps))
    # The middleware's own signer, watched so that a refused cookie (an empty session for the
    # view) is told apart from an empty session.
    refused = {}
    unsign = middleware.signer.unsign

    def watched(*args, **kwargs):
        try:
            return unsign(*args, **kwargs)
        except BadSignature as e:
            refused["error"] = type(e).__name__
            raise
    middleware.signer.unsign = watched
    try:
        with frozen(request["now"]):
            _, body = asgi_get(stack, request["cookie"], options)
    except Exception as e:  # the middleware raised: the request fails with a 500
        return error(e)
    return refused or {"json": body.decode("utf-8")}


# Django: django.core.signing and the signed_cookies SessionStore, settings set per request.

def django_settings(key, fallbacks):
    settings.SECRET_KEY = key
    settings.SECRET_KEY_FALLBACKS = list(fallbacks)


def django_signer(request):
    return signing.TimestampSigner(key=request["key"], salt=request["salt"], fallback_keys=request["fallbacks"],
                                   algorithm=request.get("algorithm") or None)


def compact(obj):
    return signing.JSONSerializer().dumps(obj).decode("latin-1")


def handle(request):
    op = request["op"]
    if op == "starlette_mint":
        return starlette_mint(request)
    if op == "starlette_clear":
        return starlette_clear(request)
    if op == "starlette_load":
        return starlette_load(request)
    if op == "django_dumps":
        obj = json.loads(request["json"])
        with frozen(request["timestamp"]):
            if not request.get("algorithm"):
                django_settings(request["key"], request["fallbacks"])
                return {"token": signing.dumps(obj, key=request["key"], salt=request["salt"], compress=request["compress"])}
            return {"token": django_signer(request).sign_object(obj, compress=request["compress"])}
    if op == "django_loads":
        with frozen(request["now"]):
            try:
                if not request.get("algorithm"):
                    obj = signing.loads(request["token"], key=request["key"], salt=request["salt"],
                                        max_age=request["max_age"], fallback_keys=request["fallbacks"])
                else:
                    obj = django_signer(request).unsign_object(request["token"], max_age=request["max_age"])
                return {"json": compact(obj)}
            except Exception as e:
                return error(e)
    if op == "django_session_save":
        django_settings(request["key"], request["fallbacks"])
        with frozen(request["timestamp"]):
            store = SessionStore()
            store.update(json.loads(request["json"]))
            store.save()
            return {"cookie": store.session_key}
    if op == "django_session_load":
        django_settings(request["key"], request["fallbacks"])
        settings.SESSION_COOKIE_AGE = request["age"]
        with frozen(request["now"]):
            store = SessionStore(session_key=request["cookie"])
            data = store.load()
            # load() resets the session (create() marks it modified) on any error.
            if store.modified:
                return {"error": "reset"}
            return {"json": compact(data)}
    if op in ("quart_mint", "quart_load"):
        return quart(request)
    raise ValueError(f"unknown op {op}")


def quart(request):
    from quart import Quart
    app = Quart("oracle")
    app.config["SECRET_KEY"] = request["secret_key"]
    app.config["SECRET_KEY_FALLBACKS"] = list(request["fallbacks"])
    serializer = app.session_interface.get_signing_serializer(app)
    if request["op"] == "quart_mint":
        with frozen(request["timestamp"]):
            return {"cookie": serializer.dumps(serializer.serializer.loads(request["tagged_json"]))}
    with frozen(request["now"]):
        try:
            max_age = int(app.permanent_session_lifetime.total_seconds())
            data, when = serializer.loads(request["cookie"], max_age=max_age, return_timestamp=True)
            return {"tagged_json": serializer.serializer.dumps(data), "timestamp": int(when.timestamp())}
        except Exception as e:
            return error(e)


def main():
    requests = json.load(sys.stdin)
    json.dump([handle(request) for request in requests], sys.stdout)


if __name__ == "__main__":
    main()
