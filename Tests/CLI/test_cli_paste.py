"""decode, verify, rotate and audit take COOKIE as people paste it: `session=<cookie>`, a whole
`Cookie:` header line, a `Set-Cookie:` line, with `--cookie-name` for another cookie. The
headers come from the real Flask and werkzeug (a response's Set-Cookie, the Cookie header the
test client sends); what Flask's `request.cookies` reads is the oracle.

    python3 Tests/CLI/test_cli_paste.py
"""
import json
import os
import shutil
import tempfile
import unittest

from test_cli import EXIT, HAVE_PYTHON_ORACLE, KEY, T0, main, run

if HAVE_PYTHON_ORACLE:
    import flask


def flask_exchange(cookie_name="session", other_cookies=()):
    """A real Set-Cookie line for a session, then the Cookie header the test client sends back
    with `other_cookies` set beside it, and the value Flask's request.cookies reads from it."""
    app = flask.Flask("signet_paste_test")
    app.secret_key = KEY
    app.config["SESSION_COOKIE_NAME"] = cookie_name

    @app.route("/login")
    def login():
        flask.session["user_id"] = "42"
        return ""

    @app.route("/echo")
    def echo():
        return {"header": flask.request.headers.get("Cookie"), "value": flask.request.cookies.get(cookie_name)}

    client = app.test_client()
    for name, value in other_cookies:
        client.set_cookie(name, value)
    set_cookie = client.get("/login").headers["Set-Cookie"]
    for name, value in other_cookies[1:]:
        client.set_cookie(name, value)
    echoed = client.get("/echo").get_json()
    return set_cookie, echoed["header"], echoed["value"]


class PastedCookieTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="signet-paste-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)

    def verify(self, pasted, *options, stdin=None):
        rc, out, err = run(["verify", "--secret", KEY, "--max-age", "none", *options, "-" if stdin else pasted], stdin=stdin)
        self.assertEqual(rc, 0, f"{pasted!r}: {err}")
        return out

    def test_every_pasted_form_reads_the_same_cookie(self):
        set_cookie, header, cookie = flask_exchange(other_cookies=[("theme", "dark"), ("lang", "en")])
        self.assertIn("; ", header)
        expected = self.verify(cookie)
        self.assertEqual(json.loads(expected), {"user_id": "42"})
        forms = [f"session={cookie}", f"Cookie: {header}", f"cookie:{header}", header,
                 f"Set-Cookie: {set_cookie}", f"set-cookie: {set_cookie}", f"  Cookie: {header}\r\n"]
        for pasted in forms:
            self.assertEqual(self.verify(pasted), expected, pasted)
            self.assertEqual(self.verify(None, stdin=pasted), expected, pasted)
            rc, out, err = run(["decode", "--json", pasted])
            self.assertEqual((rc, json.loads(out)["payload"]), (0, {"user_id": "42"}), err)
            rc, out, err = run(["audit", "--wordlist", "-", "--quiet", pasted], stdin=f"nope\n{KEY}\n")
            self.assertEqual((rc, out), (0, KEY + "\n"), err)
            rc, out, err = run(["rotate", "--secret", KEY, "--max-age", "none", pasted])
            self.assertEqual(rc, 0, err)

    def test_quoted_values_are_read_as_werkzeug_reads_them(self):
        import werkzeug.http
        _, header, cookie = flask_exchange(other_cookies=[("a", "x;session=bogus.y.z"), ("b", "1")])
        self.assertIn('"x\\073session=bogus.y.z"', header)
        # A `;` inside quotes does not end a value; a quoted session value is unquoted.
        for pasted in (header, f'a="x;session=bogus.y.z"; session={cookie}', f'session="{cookie}"; a=1',
                       f'a="x;session=bogus.y.z"; session="{cookie}"'):
            self.assertEqual(werkzeug.http.parse_cookie(pasted)["session"], cookie, pasted)
            self.assertEqual(self.verify(f"Cookie: {pasted}"), self.verify(cookie), pasted)

    def test_cookie_name_picks_another_cookie(self):
        set_cookie, header, cookie = flask_exchange(cookie_name="sid", other_cookies=[("session", "not-this-one")])
        expected = self.verify(cookie)
        for pasted in (f"Set-Cookie: {set_cookie}", f"Cookie: {header}", f"sid={cookie}"):
            self.assertEqual(self.verify(pasted, "--cookie-name", "sid"), expected)
        # Without --cookie-name the `session` cookie is taken: here not a cookie at all.
        rc, _, err = run(["verify", "--secret", KEY, f"Cookie: {header}"])
        self.assertEqual(rc, EXIT["BadSignature"], err)
        self.assertNotIn("not-this-one", err)

    def test_missing_cookie_is_a_clear_error_that_repeats_nothing(self):
        set_cookie, header, _ = flask_exchange(cookie_name="sid", other_cookies=[("theme", "dark")])
        cases = [
            ([f"Set-Cookie: {set_cookie}"], "no `session` cookie is set by the Set-Cookie line (its first name=value pair)"),
            ([f"Cookie: {header}"], "no `session` cookie in the Cookie header line given as COOKIE"),
            (["theme=dark; lang=en"], "no `session` cookie in the name=value pairs given as COOKIE"),
            (["--cookie-name", "secret-name-77", f"Cookie: {header}"], "no cookie of the --cookie-name name in the Cookie header line given as COOKIE"),
        ]
        for command in ("decode", "verify", "audit"):
            extra = {"verify": ["--secret", KEY], "audit": ["--wordlist", "-"], "decode": []}[command]
            for arguments, message in cases:
                rc, out, err = run([command, *extra, *arguments], stdin="x\n")
                self.assertEqual((rc, out), (EXIT["invalidInput"], ""), err)
                self.assertEqual(err, f"ValueError: {message}\n")
                for secret in ("dark", "secret-name-77", "user_id", set_cookie.split("=")[1][:10]):
                    self.assertNotIn(secret, err)
        rc, _, err = run(["decode", "--cookie-name", "", "session=x"])
        self.assertEqual(rc, EXIT["usage"], err)

    def test_a_damaged_token_with_an_equals_sign_is_still_the_cookie(self):
        # A signed token's first `.` comes before any `=`: such text is the cookie itself, as
        # loads_unsafe reads it, unless it is `NAME=` for the cookie name asked for.
        _, _, cookie = flask_exchange()
        payload, timestamp, signature = cookie.split(".")
        damaged = f"{payload}.{timestamp}.{signature[:5]}={signature[5:]}"
        rc, out, err = run(["decode", "--json", damaged])
        self.assertEqual((rc, json.loads(out)["payload"]), (0, {"user_id": "42"}), err)
        self.assertEqual(run(["verify", "--secret", KEY, damaged])[0], EXIT["BadTimeSignature"])
        self.assertEqual(self.verify(f"a.b={cookie}", "--cookie-name", "a.b"), self.verify(cookie))
        rc, _, err = run(["decode", "theme=da.rk"])
        self.assertEqual(rc, EXIT["invalidInput"], err)


if __name__ == "__main__":
    main("test_cli_paste")
