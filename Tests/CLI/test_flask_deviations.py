"""The facts behind README's "Deliberate deviations from Python" (in full in the Swift guide's
Sources/Signet/Signet.docc/Compatibility.md), measured on the real Flask 3.1.3
and itsdangerous 2.2.0, next to what the built `signet-cli` does with the same input.

Run from anywhere after `swift build -c release --product signet-cli`:

    python3 Tests/CLI/test_flask_deviations.py

- Empty keys: itsdangerous signs and verifies with b""; Flask refuses to sign without SECRET_KEY
  but accepts a cookie signed with an empty SECRET_KEY_FALLBACKS entry. Signet refuses both.
- Payloads that are not an object (null, [], "", [["k","v"]]) in a genuine cookie: Flask starts
  an empty session (or a dict from the pairs); Signet refuses them as a bad payload.
- Nesting: Flask fails with RecursionError from a depth well below Signet's limit of 1000; the
  depth is measured here, with Flask's test client and with a real werkzeug server.

Without Flask the tests are skipped, or fail when CI=true.
"""
import json
import logging
import sys
import threading
import unittest
import urllib.error
import urllib.request
import warnings
from unittest import mock

from test_cli import HAVE_PYTHON_ORACLE, T0, main, run

KEY = "deviation-key"
USAGE, BAD_PAYLOAD, LIMIT = 2, 5, 7

if HAVE_PYTHON_ORACLE:
    import flask
    import itsdangerous
    from importlib.metadata import version
    from itsdangerous.encoding import base64_encode
    from werkzeug.serving import make_server


def signet(*args, env=None):
    return run(list(args), env=env, secrets=(KEY,))


def app_with(secret=KEY, fallbacks=()):
    app = flask.Flask("deviations")
    app.config["SECRET_KEY"] = secret
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    app.logger.disabled = True  # the failures provoked here are expected: no tracebacks

    @app.route("/session")
    def show():
        return json.dumps(dict(flask.session), sort_keys=True)

    @app.route("/write")
    def write():
        flask.session["user"] = "ann"
        return "written"

    return app


def signed_text(app, text, key=None):
    """A genuine cookie holding the JSON `text` as is, signed the way Flask signs sessions (with
    `key` instead of SECRET_KEY when given)."""
    with app.app_context():
        serializer = app.session_interface.get_signing_serializer(app)
        if key is not None:
            serializer = itsdangerous.URLSafeTimedSerializer(
                key, salt=serializer.salt, serializer=serializer.serializer, signer_kwargs=serializer.signer_kwargs)
        with mock.patch("time.time", return_value=T0):
            return serializer.make_signer(serializer.salt).sign(base64_encode(text.encode())).decode()


def flask_session(app, cookie):
    """(status, body) of Flask's /session for a request carrying `cookie`."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    with mock.patch("time.time", return_value=T0):
        response = client.get("/session")
    return response.status_code, response.get_data(as_text=True)


def nested(kind, depth):
    """A session nested `depth` deep in all (itself included): objects in objects, or an object
    holding lists in lists."""
    if kind == "object":
        return '{"k":' * depth + "1" + "}" * depth
    return '{"k":' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


def first_failing_depth(fails):
    """The smallest depth in 1..1000 at which `fails(depth)`, by bisection (failing is monotonic:
    a deeper value needs more of Python's stack), or None when 1000 still works."""
    if not fails(1000):
        return None
    low, high = 1, 1000  # fails(high); low works or is the answer
    while low < high:
        middle = (low + high) // 2
        if fails(middle):
            high = middle
        else:
            low = middle + 1
    return low


class FlaskDeviationTests(unittest.TestCase):
    def test_empty_keys(self):
        # itsdangerous signs and verifies with an empty key: anyone can then forge.
        forged = itsdangerous.URLSafeTimedSerializer(b"").dumps({"admin": True})
        self.assertEqual(itsdangerous.URLSafeTimedSerializer(b"").loads(forged), {"admin": True})
        # Flask with an empty SECRET_KEY has no session: writing one fails the request.
        app = app_with(secret="")
        app.testing = False
        self.assertIsNone(app.session_interface.get_signing_serializer(app))
        self.assertEqual(app.test_client().get("/write").status_code, 500)
        # ...but an empty fallback is accepted: a cookie signed with "" is a valid session.
        app = app_with(secret=KEY, fallbacks=[""])
        cookie = signed_text(app, '{"user":"admin"}', key="")
        self.assertEqual(flask_session(app, cookie), (200, '{"user": "admin"}'))
        # Signet refuses every empty key, naming where it came from.
        for args, named in ((["--secret", ""], "--secret is empty"),
                            (["--secret", KEY, "--fallback", ""], "a --fallback is empty")):
            rc, out, err = signet("verify", *args, "--now", str(T0), cookie)
            self.assertEqual((rc, out), (USAGE, ""))
            self.assertIn(named, err)
        rc, _, err = signet("verify", "--now", str(T0), cookie, env={"SIGNET_SECRET": ""})
        self.assertEqual(rc, USAGE)
        self.assertIn("SIGNET_SECRET is empty", err)

    def test_payloads_that_are_not_an_object(self):
        app = app_with()
        expected = {"null": "{}", "[]": "{}", '""': "{}", '[["k","v"]]': '{"k": "v"}'}
        for text, session in expected.items():
            cookie = signed_text(app, text)
            self.assertEqual(flask_session(app, cookie), (200, session), text)
            rc, out, err = signet("verify", "--secret", KEY, "--now", str(T0), cookie)
            self.assertEqual((rc, out), (BAD_PAYLOAD, ""), (text, err))
            self.assertIn("The session is not a JSON object", err)

    def test_depth_at_which_flask_fails(self):
        app = app_with()
        app.testing = False

        def through_test_client(kind):
            return lambda depth: flask_session(app, signed_text(app, nested(kind, depth)))[0] == 500

        logging.getLogger("werkzeug").disabled = True
        warnings.filterwarnings("ignore", message="The 'session' cookie is too large")
        server = make_server("127.0.0.1", 0, app, threaded=False)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            def through_a_server(kind):
                def fails(depth):
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{server.server_port}/session",
                        headers={"Cookie": "session=" + signed_text(app, nested(kind, depth))})
                    try:
                        with mock.patch("time.time", return_value=T0), urllib.request.urlopen(request, timeout=30) as response:
                            return response.status != 200
                    except urllib.error.HTTPError as error:
                        return error.code == 500
                return fails

            measured = {}
            for kind in ("array", "object"):
                for where, probe in (("test client", through_test_client(kind)), ("werkzeug server", through_a_server(kind))):
                    depth = first_failing_depth(probe)
                    measured[(kind, where)] = depth
                    self.assertIsNotNone(depth, (kind, where))
                    self.assertTrue(400 < depth < 1000, (kind, where, depth))
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
        print(f"\nFlask {version('Flask')} on Python {sys.version.split()[0]} fails from depth:", file=sys.stderr)
        for (kind, where), depth in measured.items():
            print(f"  {kind:6} {where:15} {depth}", file=sys.stderr)
        # Signet accepts each of those genuine cookies, and every depth up to its limit.
        deepest = max(measured.values())
        for kind in ("array", "object"):
            for depth in (min(measured.values()), deepest, 1000):
                rc, out, err = signet("verify", "--secret", KEY, "--now", str(T0), signed_text(app, nested(kind, depth)))
                self.assertEqual((rc, err), (0, ""), (kind, depth))
                self.assertEqual(out.strip(), nested(kind, depth))  # compact and sorted already
            rc, _, err = signet("verify", "--secret", KEY, "--now", str(T0), signed_text(app, nested(kind, 1001)))
            self.assertEqual(rc, LIMIT, err)


if __name__ == "__main__":
    main("test_flask_deviations")
