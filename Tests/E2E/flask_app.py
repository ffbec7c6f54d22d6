#!/usr/bin/env python3
"""The Flask half of the end-to-end test: a plain Flask 3.1 app with the default session.

    SECRET_KEY=... [SECRET_KEY_FALLBACKS=old1,old2] python3 flask_app.py [--port N]

It listens on 127.0.0.1 (port 0, the default, picks a free one) and prints one line,
"listening on http://127.0.0.1:PORT", once it accepts connections; SIGTERM stops it (exit 0).
The routes are those of examples-c/http_service.c, with the same bodies:

    GET /login?user=NAME  a fresh permanent session {"user": NAME}  -> {"user":NAME}
    GET /whoami           -> {"user":NAME}, or 401 when the session has no user
    GET /logout           session.clear() (Flask deletes the cookie) -> {"user":null}

The session is permanent (session.permanent = True), so the cookie carries Expires =
now + PERMANENT_SESSION_LIFETIME (31 days) like the C service's; either way Flask refuses a
cookie signed more than PERMANENT_SESSION_LIFETIME ago. SESSION_SALT, when set, replaces the
session salt "cookie-session": the test uses it to show that a change of signing is noticed.
"""
import argparse
import os
import signal
import sys

from flask import Flask, jsonify, request, session
from flask.sessions import SecureCookieSessionInterface


def create_app(secret_key, fallbacks=(), salt=None):
    app = Flask("signet-e2e")
    app.config["SECRET_KEY"] = secret_key
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)  # oldest first, as in Flask's docs
    if salt is not None:
        interface = SecureCookieSessionInterface()
        interface.salt = salt
        app.session_interface = interface

    @app.get("/login")
    def login():
        user = request.args.get("user")
        if not user:
            return jsonify(error="give ?user=NAME"), 400
        session.clear()
        session["user"] = user
        session.permanent = True
        return jsonify(user=user)

    @app.get("/whoami")
    def whoami():
        user = session.get("user")
        if not isinstance(user, str):
            return jsonify(error="no session"), 401
        return jsonify(user=user)

    @app.get("/logout")
    def logout():
        session.clear()
        return jsonify(user=None)

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        parser.error("set SECRET_KEY")
    fallbacks = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k]
    app = create_app(secret, fallbacks, os.environ.get("SESSION_SALT"))

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", args.port, app)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
