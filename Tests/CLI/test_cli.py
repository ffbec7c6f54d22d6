"""Drives the built `signet-cli` binary against the real Flask 3.1.3 and itsdangerous 2.2.0.

Run from anywhere after `swift build -c release --product signet-cli`:

    python3 Tests/CLI/test_cli.py

Every subcommand, option and exit code; decode and verify agree with Python on a corpus of
cookies Flask mints; audit finds a key at the end of a 1,000,000-line wordlist; the command-line guide's
examples (Sources/SignetCLI/README.md) and README's quick start run as written. Without Flask the tests are skipped, or fail when CI=true.
"""
import base64
import datetime
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid
import zlib
from unittest import mock

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("SIGNET_CLI", os.path.join(ROOT, ".build", "release", "signet-cli"))

try:
    import flask
    import itsdangerous
    from importlib.metadata import version
    from markupsafe import Markup

    HAVE_PYTHON_ORACLE = version("itsdangerous") == "2.2.0" and version("Flask") == "3.1.3"
except ImportError:
    HAVE_PYTHON_ORACLE = False

LEGACY_EPOCH = 1293840000
T0 = 1700000000
KEY = "cli-test-key-7f3a"
OLD_KEY = "old-key-91c2"
EXIT = {
    "ok": 0, "BadSignature": 1, "usage": 2, "SignatureExpired": 3, "BadTimeSignature": 4,
    "BadPayload": 5, "BadData": 6, "limit": 7, "notFound": 8, "io": 9, "invalidInput": 10,
}


def run(args, stdin=None, env=None, secrets=(KEY, OLD_KEY), cwd=None):
    """Runs the binary; asserts no key appears in stderr unless it succeeded with audit."""
    full_env = {k: v for k, v in os.environ.items() if k != "SIGNET_SECRET"}
    full_env.update(env or {})
    proc = subprocess.run(
        [BINARY] + list(args), input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True, env=full_env, cwd=cwd, timeout=300)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        for secret in secrets:
            assert secret not in err and secret not in out, f"key leaked in error output of {args}: {err}"
    return proc.returncode, out, err


def flask_app(key=KEY, fallbacks=(), **config):
    app = flask.Flask("signet_cli_test")
    app.secret_key = key
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    app.config.update(config)
    return app


def flask_mint(session, at=T0, key=KEY, **config):
    """The cookie the real Flask writes for `session` at Unix time `at`."""
    app = flask_app(key, **config)
    with app.app_context(), mock.patch("time.time", return_value=at):
        return app.session_interface.get_signing_serializer(app).dumps(dict(session))


def flask_canonical(cookie, now, key=KEY, fallbacks=(), max_age=2678400):
    """What Flask reads from `cookie`, re-serialised canonically."""
    app = flask_app(key, fallbacks)
    with app.app_context(), mock.patch("time.time", return_value=now):
        data = app.session_interface.get_signing_serializer(app).loads(cookie, max_age=max_age)
        return app.session_interface.serializer.dumps(data)


def python_decode(cookie, salt="cookie-session"):
    """Payload JSON (tags as stored) and signing time, read with itsdangerous and a wrong key."""
    raw = itsdangerous.URLSafeTimedSerializer("not-the-key", salt=salt, serializer=json)
    try:
        raw.loads(cookie)
    except itsdangerous.BadTimeSignature as error:
        return raw.load_payload(error.payload), int(error.date_signed.timestamp())
    raise AssertionError("a wrong key verified")


if HAVE_PYTHON_ORACLE:
    class LegacySigner(itsdangerous.TimestampSigner):
        """itsdangerous before 1.0: timestamps count from 2011-01-01."""

        def get_timestamp(self):
            return int(__import__("time").time()) - LEGACY_EPOCH

        def timestamp_to_datetime(self, ts):
            return super().timestamp_to_datetime(ts + LEGACY_EPOCH)


def random_session(rng, depth=0):
    def text():
        alphabet = "abcXYZ019 _-\"\\/\u00e9\u2603\U0001f600\x7f\n"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

    def value(d):
        kinds = ["str", "int", "bigint", "float", "bool", "none", "bytes", "markup", "uuid", "datetime"]
        if d < 3:
            kinds += ["list", "tuple", "dict", "tagdict"]
        kind = rng.choice(kinds)
        if kind == "str": return text()
        if kind == "int": return rng.randint(-10**6, 10**6)
        if kind == "bigint": return rng.randint(-10**40, 10**40)
        if kind == "float": return rng.choice([0.1, -2.5e-308, 1e300, 3.0, rng.random() * 1000, math.inf])
        if kind == "bool": return rng.random() < 0.5
        if kind == "none": return None
        if kind == "bytes": return bytes(rng.randrange(256) for _ in range(rng.randint(0, 20)))
        if kind == "markup": return Markup("<b>" + text() + "</b>")
        if kind == "uuid": return uuid.UUID(int=rng.getrandbits(128))
        if kind == "datetime":
            return datetime.datetime.fromtimestamp(rng.randint(0, 4 * 10**9), datetime.timezone.utc)
        if kind == "list": return [value(d + 1) for _ in range(rng.randint(0, 4))]
        if kind == "tuple": return tuple(value(d + 1) for _ in range(rng.randint(0, 4)))
        if kind == "tagdict": return {rng.choice([" t", " b", " di"]): value(d + 1)}
        return {text(): value(d + 1) for _ in range(rng.randint(0, 4))}

    session = {text(): value(depth) for _ in range(rng.randint(0, 6))}
    if rng.random() < 0.2:
        session["bulk"] = "repeat " * rng.randint(20, 200)  # compressed cookies
    return session


@unittest.skipUnless(HAVE_PYTHON_ORACLE, "needs itsdangerous==2.2.0 and Flask==3.1.3")
class CLITests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="signet-cli-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name, content=None):
        path = os.path.join(self.tmp, name)
        if content is not None:
            with open(path, "wb") as f:
                f.write(content.encode() if isinstance(content, str) else content)
        return path

    def expect_error(self, args, code, cls=None, stdin=None, env=None, contains=None):
        rc, out, err = run(args, stdin=stdin, env=env)
        self.assertEqual(rc, EXIT[code], f"{args}: {err}")
        lines = err.strip().splitlines()
        self.assertEqual(len(lines), 1, f"one line on stderr: {err!r}")
        if cls:
            self.assertTrue(lines[0].startswith(cls + ": "), lines[0])
        if contains:
            self.assertIn(contains, lines[0])
        return out, err

    # MARK: help and usage

    def test_help(self):
        rc, out, _ = run(["--help"])
        self.assertEqual(rc, 0)
        for word in ["decode", "sign", "verify", "rotate", "audit", "Exit codes", "SIGNET_SECRET"]:
            self.assertIn(word, out)
        for command in ["decode", "sign", "verify", "rotate", "audit"]:
            for form in ([command, "--help"], [command, "-h"], ["help", command]):
                rc, text, _ = run(form)
                self.assertEqual(rc, 0)
                self.assertIn(f"Usage: signet {command}", text)
                self.assertIn("Examples:", text)
                # The exit-code table is the tool's help only.
                self.assertIn("Exit codes and the error format: signet --help.", text)
                self.assertNotIn("Exit codes:", text)
        for code in range(11):
            self.assertRegex(out, rf"\n\s+{code}  ")
        rc, _, err = run([])
        self.assertEqual(rc, EXIT["usage"])
        self.assertIn("Usage:", err)
        rc, out, _ = run(["--version"])
        self.assertEqual((rc, out.startswith("signet ")), (0, True))

    def test_help_examples_run(self):
        """Every example line of every --help runs and succeeds, with a cookie signed by dev-key,
        key.txt holding dev-key, cookie.txt the cookie and words.txt a wordlist with dev-key."""
        work = os.path.join(self.tmp, "help-work")
        bin_dir = os.path.join(work, "bin")
        os.makedirs(bin_dir, exist_ok=True)
        link = os.path.join(bin_dir, "signet")
        if not os.path.exists(link):
            os.symlink(BINARY, link)
        cookie = flask_mint({"user_id": "42"}, at=int(__import__("time").time()), key="dev-key")
        for name, content in [("key.txt", "dev-key\n"), ("cookie.txt", cookie + "\n"), ("words.txt", "a\nb\ndev-key\n")]:
            with open(os.path.join(work, name), "w") as f:
                f.write(content)
        env = {k: v for k, v in os.environ.items() if k != "SIGNET_SECRET"}
        env.update(COOKIE=cookie, PATH=bin_dir + os.pathsep + env["PATH"])
        ran = 0
        for command in ["", "decode", "sign", "verify", "rotate", "audit", "completions"]:
            _, text, _ = run(["--help", command] if command else ["--help"])
            examples = text.split("Examples")[1].splitlines()[1:]
            for line in (l.strip() for l in examples):
                if not line:
                    break
                proc = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True)
                self.assertEqual(proc.returncode, 0, f"help example of '{command}' failed: {line}\n{proc.stderr}")
                self.assertTrue(proc.stdout, line)
                ran += 1
        self.assertGreaterEqual(ran, 15)

    def test_usage_errors(self):
        cookie = flask_mint({"a": 1})
        self.expect_error(["frobnicate"], "usage", contains="the first argument is not a command (decode, sign, verify")
        self.expect_error(["verify", "--secret", KEY, "--bogus", cookie], "usage", contains="argument 4 is not an option of signet verify")
        self.expect_error(["verify", "-x", cookie], "usage", contains="argument 2 is not an option of signet verify (see")
        self.expect_error(["verify", cookie, "--secret"], "usage", contains="--secret needs a value")
        self.expect_error(["verify", "--secret", KEY], "usage", contains="missing COOKIE")
        self.expect_error(["verify", "--secret", KEY, cookie, "extra"], "usage", contains="2 arguments where only COOKIE is taken")
        # A key typed without its option is not echoed.
        _, err = self.expect_error(["verify", cookie, KEY], "usage")
        self.assertNotIn(KEY, err)
        _, err = self.expect_error(["verify", "-" + KEY, cookie], "usage", contains="argument 2 is not an option")
        self.assertNotIn(KEY, err)
        self.expect_error(["verify", "--secret", KEY, "--salt", "a", "--salt", "b", cookie], "usage", contains="given twice")
        self.expect_error(["verify", "--secret", KEY, "--digest", "sha3", cookie], "usage", contains="--digest must be one of")
        self.expect_error(["verify", "--secret", KEY, "--derivation", "x", cookie], "usage", contains="--derivation")
        self.expect_error(["verify", "--secret", KEY, "--profile", "rails", cookie], "usage", contains="--profile must be one of")  # django is a profile now
        self.expect_error(["verify", "--secret", KEY, "--now", "soon", cookie], "usage", contains="--now must be an integer")
        self.expect_error(["verify", "--secret", KEY, "--max-age", "-1", cookie], "usage", contains="--max-age")
        self.expect_error(["verify", "--json=yes", "--secret", KEY, cookie], "usage", contains="takes no value")
        self.expect_error(["verify", cookie], "usage", contains="a secret key is required")
        self.expect_error(["verify", "--secret", "", cookie], "usage", contains="--secret is empty")
        self.expect_error(["verify", "--secret", KEY, "--secret-file", "/dev/null", cookie], "usage", contains="not both")
        self.expect_error(["verify", "--secret", KEY, "--legacy", "--no-timestamp", cookie], "usage", contains="exclude")
        self.expect_error(["sign", "--secret", KEY, "--timestamp", "1", "--legacy", "{}"], "usage", contains="--timestamp")
        self.expect_error(["decode", "--secret", KEY, cookie], "usage", contains="argument 2 is not an option of signet decode")
        self.expect_error(["audit", "--wordlist", "-", "-"], "usage", contains="both come from stdin")
        self.expect_error(["audit", "--wordlist", "x", "--threads", "0", cookie], "usage", contains="--threads")
        # `--` ends the options; `--name=value` works.
        rc, out, _ = run(["verify", f"--secret={KEY}", f"--now={T0}", "--", cookie])
        self.assertEqual((rc, out.strip()), (0, '{"a":1}'))

    # MARK: sign

    def test_sign_matches_flask(self):
        rng = random.Random(5)
        for _ in range(40):
            session = random_session(rng)
            app = flask_app()
            with app.app_context():
                tagged = app.session_interface.serializer.dumps(session)
            at = rng.randint(T0, T0 + 10**8)
            rc, out, err = run(["sign", "--secret", KEY, "--timestamp", str(at), tagged])
            self.assertEqual(rc, 0, err)
            self.assertEqual(out.strip(), flask_mint(session, at))

    def test_sign_options(self):
        session = {"user_id": "42", "cart": (1, 2)}
        tagged = '{"user_id":"42","cart":{" t":[1,2]}}'
        cases = [
            (["--salt", "other-salt"], dict(salt="other-salt")),
            (["--digest", "sha256"], dict(digest_method=__import__("hashlib").sha256)),
            (["--derivation", "concat"], dict(key_derivation="concat")),
            (["--derivation", "django-concat", "--digest", "md5"], dict(key_derivation="django-concat", digest_method=__import__("hashlib").md5)),
            (["--derivation", "none"], dict(key_derivation="none")),
        ]
        for options, kwargs in cases:
            salt = kwargs.pop("salt", "cookie-session")
            signer_kwargs = dict(key_derivation="hmac", digest_method=__import__("hashlib").sha1)
            signer_kwargs.update(kwargs)
            app = flask_app()
            with app.app_context(), mock.patch("time.time", return_value=T0):
                expected = itsdangerous.URLSafeTimedSerializer(
                    KEY, salt=salt, serializer=app.session_interface.serializer,
                    signer_kwargs=signer_kwargs).dumps(session)
            rc, out, err = run(["sign", "--secret", KEY, "--timestamp", str(T0)] + options + [tagged])
            self.assertEqual((rc, out.strip()), (0, expected), options)
            rc, out, err = run(["verify", "--secret", KEY, "--now", str(T0)] + options + [expected])
            self.assertEqual((rc, out.strip()), (0, '{"cart":{" t":[1,2]},"user_id":"42"}'), err)

    def test_no_timestamp_and_profiles(self):
        app = flask_app()
        with app.app_context():
            expected = itsdangerous.URLSafeSerializer(
                KEY, salt="cookie-session", serializer=app.session_interface.serializer,
                signer_kwargs=dict(key_derivation="hmac", digest_method=__import__("hashlib").sha1)).dumps({"a": "b"})
        rc, out, _ = run(["sign", "--secret", KEY, "--no-timestamp", '{"a":"b"}'])
        self.assertEqual(out.strip(), expected)
        rc, out, _ = run(["verify", "--secret", KEY, "--no-timestamp", expected])
        self.assertEqual((rc, out.strip()), (0, '{"a":"b"}'))
        rc, out, _ = run(["decode", "--no-timestamp", expected])
        self.assertIn('payload: {"a":"b"}', out)
        self.assertNotIn("signed:", out)
        # itsdangerous profile: URLSafeTimedSerializer's salt, derivation and compact JSON,
        # key order kept, non-ASCII kept, any value.
        value = {"z": "\u00e9t\u00e9", "a": [1, 2.5, None]}
        with mock.patch("time.time", return_value=T0):
            expected = itsdangerous.URLSafeTimedSerializer(KEY).dumps(value)
        rc, out, err = run(["sign", "--profile", "itsdangerous", "--secret", KEY, "--timestamp", str(T0),
                            json.dumps(value, ensure_ascii=False)])
        self.assertEqual((rc, out.strip()), (0, expected), err)
        with mock.patch("time.time", return_value=T0 + 10**8):
            expected = itsdangerous.URLSafeTimedSerializer(KEY, salt="activate").dumps([1, "x"])
        rc, out, err = run(["verify", "--profile", "itsdangerous", "--salt", "activate", "--secret", KEY, expected])
        self.assertEqual((rc, out.strip()), (0, '[1,"x"]'), err)  # no max age by default
        rc, out, err = run(["verify", "--profile", "itsdangerous", "--salt", "activate", "--max-age", "10",
                            "--now", str(T0 + 10**8 + 11), "--secret", KEY, expected])
        self.assertEqual(rc, EXIT["SignatureExpired"])
        expected = itsdangerous.URLSafeSerializer(KEY).dumps("plain")
        rc, out, _ = run(["verify", "--profile", "itsdangerous", "--no-timestamp", "--secret", KEY, expected])
        self.assertEqual((rc, out.strip()), (0, '"plain"'))
        rc, out, _ = run(["sign", "--profile", "itsdangerous", "--no-timestamp", "--secret", KEY, '"plain"'])
        self.assertEqual(out.strip(), expected)

    def test_legacy(self):
        serializer = itsdangerous.URLSafeTimedSerializer(
            KEY, salt="cookie-session", signer=LegacySigner,
            signer_kwargs=dict(key_derivation="hmac", digest_method=__import__("hashlib").sha1))
        with mock.patch("time.time", return_value=T0):
            legacy = serializer.dumps({"old": True})
        rc, out, _ = run(["sign", "--legacy", "--secret", KEY, "--timestamp", str(T0), '{"old":true}'])
        self.assertEqual((rc, out.strip()), (0, legacy))
        rc, out, _ = run(["verify", "--legacy", "--secret", KEY, "--now", str(T0 + 60), "--json", legacy])
        result = json.loads(out)
        self.assertEqual((rc, result["signed_at"], result["session"]), (0, T0, {"old": True}))
        rc, out, _ = run(["decode", "--legacy", "--json", legacy])
        self.assertEqual(json.loads(out)["signed_at"], T0)
        # Without --legacy the same cookie looks 41 years old.
        rc, _, err = run(["verify", "--secret", KEY, "--now", str(T0 + 60), legacy])
        self.assertEqual(rc, EXIT["SignatureExpired"], err)

    def test_sign_errors(self):
        self.expect_error(["sign", "--secret", KEY, "{nope"], "invalidInput", "ValueError", contains="neither JSON (Expecting property name")
        self.expect_error(["sign", "--secret", KEY, "[1,2]"], "invalidInput", "ValueError", contains="the JSON is valid but not an object: a Flask session is a JSON object")
        self.expect_error(["sign", "--secret", KEY, '{"a":{" t":"ab"}}'], "invalidInput", "ValueError")
        self.expect_error(["sign", "--secret", KEY, "-"], "limit", stdin="[" * 2000 + "]" * 2000)
        self.expect_error(["sign", "--secret", KEY, "-"], "limit", stdin=" " * (17 << 20), contains="input limit")

    @unittest.skipUnless(os.path.exists("/dev/full"), "no /dev/full")
    def test_unwritable_stdout_is_an_io_error(self):
        # A result that never reached its reader must not exit 0.
        cookie = run(["sign", "--secret", KEY, '{"a":1}'])[1].strip()
        for args in (["sign", "--secret", KEY, '{"a":1}'], ["verify", "--secret", KEY, cookie], ["decode", cookie]):
            with open("/dev/full", "wb") as full:
                proc = subprocess.run([BINARY] + args, stdout=full, stderr=subprocess.PIPE, timeout=60)
            err = proc.stderr.decode()
            self.assertEqual(proc.returncode, EXIT["io"], f"{args}: {err}")
            self.assertTrue(err.startswith("IOError: cannot write the result to stdout"), err)
            self.assertNotIn(KEY, err)

    # MARK: verify

    def test_verify_and_decode_agree_with_python_on_a_corpus(self):
        rng = random.Random(1)
        for index in range(300):
            session = random_session(rng)
            at = T0 + rng.randint(0, 10**8)
            cookie = flask_mint(session, at)
            now = at + rng.randint(0, 2678400)
            rc, out, err = run(["verify", "--secret", KEY, "--now", str(now), cookie])
            self.assertEqual(rc, 0, f"{cookie}: {err}")
            self.assertEqual(out.rstrip("\n"), flask_canonical(cookie, now), cookie)
            rc, out, err = run(["decode", "--json", cookie])
            self.assertEqual(rc, 0, err)
            payload, signed_at = python_decode(cookie)
            decoded = json.loads(out)
            self.assertEqual(json.dumps(decoded["payload"], sort_keys=True), json.dumps(payload, sort_keys=True))
            self.assertEqual((decoded["signed_at"], decoded["verified"]), (signed_at, False))
            self.assertEqual(decoded["compressed"], cookie.startswith("."))
            self.assertEqual(decoded["signed_at_utc"],
                             datetime.datetime.fromtimestamp(signed_at, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def test_cookie_from_a_real_flask_request(self):
        app = flask_app()

        @app.route("/login")
        def login():
            flask.session["user_id"] = "42"
            flask.session["seen"] = (1, "two", b"\x00\xff")
            return "ok"

        @app.route("/me")
        def me():
            return flask.jsonify(user=flask.session.get("user_id"), seen=list(flask.session.get("seen", ())[:2]))

        client = app.test_client()
        client.get("/login")
        cookie = client.get_cookie("session").value
        rc, out, err = run(["verify", "--secret", KEY, cookie])
        self.assertEqual((rc, out), (0, '{"seen":{" t":[1,"two",{" b":"AP8="}]},"user_id":"42"}\n'), err)
        # A cookie signet mints is one the app reads.
        rc, minted, _ = run(["sign", "--secret", KEY, '{"user_id":"7","seen":{" t":[3,"four"]}}'])
        client.set_cookie("session", minted.strip())
        self.assertEqual(client.get("/me").get_json(), {"user": "7", "seen": [3, "four"]})

    def test_verify_outputs(self):
        cookie = flask_mint({"user": "\u00e9", "n": 1})
        rc, out, _ = run(["verify", "--secret", KEY, "--now", str(T0), cookie])
        self.assertEqual((rc, out), (0, '{"n":1,"user":"\\u00e9"}\n'))
        rc, out, _ = run(["verify", "--secret", KEY, "--now", str(T0), "--json", cookie])
        self.assertEqual(out, '{"session":{"n":1,"user":"\\u00e9"},"signed_at":1700000000,'
                              '"signed_at_utc":"2023-11-14T22:13:20Z","valid":true}\n')
        rc, out, err = run(["verify", "--secret", "wrong", "--now", str(T0), "--json", cookie])
        self.assertEqual(rc, EXIT["BadTimeSignature"])
        self.assertEqual(json.loads(out), {"valid": False, "error": "BadTimeSignature", "exit_code": 4,
                                           "kind": "badTimeSignature", "message": "Signature does not match"})
        self.assertEqual(err, "BadTimeSignature: Signature does not match\n")

    def test_verify_exit_codes(self):
        cookie = flask_mint({"a": 1})
        def sign(payload):
            with mock.patch("time.time", return_value=T0):
                return itsdangerous.TimestampSigner(KEY, salt="cookie-session", key_derivation="hmac").sign(payload).decode()
        untimed = itsdangerous.Signer(KEY, salt="cookie-session", key_derivation="hmac")
        bomb = "." + base64.urlsafe_b64encode(zlib.compress(b'{"a":"' + b"x" * (2 << 20) + b'"}')).decode().rstrip("=")
        bad_stamp = untimed.sign(b"eyJhIjoxfQ.AAAAAAAAAAAAAAAA").decode()
        cases = [
            (["--secret", "wrong", cookie], "BadTimeSignature", "BadTimeSignature"),
            (["--secret", KEY, "--now", str(T0 + 2678401), cookie], "SignatureExpired", "SignatureExpired"),
            (["--secret", KEY, "--now", str(T0 - 1), cookie], "SignatureExpired", "SignatureExpired"),
            (["--secret", KEY, "no-separator"], "BadSignature", "BadSignature"),
            (["--secret", KEY, "--no-timestamp", "eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAA"], "BadSignature", "BadSignature"),
            (["--secret", KEY, untimed.sign(b"eyJhIjoxfQ").decode()], "BadTimeSignature", "BadTimeSignature"),
            (["--secret", KEY, bad_stamp], "BadTimeSignature", "BadTimeSignature"),
            (["--secret", KEY, sign(b"not base64!")], "BadPayload", "BadPayload"),
            (["--secret", KEY, sign(b"bm90IGpzb24")], "BadPayload", "BadPayload"),
            (["--secret", KEY, sign(b"WzEsMl0")], "BadPayload", "BadPayload"),  # [1,2]: not a session
            (["--secret", KEY, sign(bomb.encode())], "limit", "BadPayload"),
            (["--secret", KEY, "-"], "limit", "BadSignature"),
        ]
        for args, code, cls in cases:
            stdin = "a" * 70000 + ".b" if args[-1] == "-" else None
            self.expect_error(["verify", "--now", str(T0)] + args if "--now" not in args else ["verify"] + args,
                              code, cls, stdin=stdin)
        # Python agrees on the class of each.
        app = flask_app()
        serializer = app.session_interface.get_signing_serializer(app)
        with self.assertRaises(itsdangerous.BadTimeSignature):
            serializer.loads(bad_stamp)
        with self.assertRaises(itsdangerous.BadPayload):
            serializer.loads(sign(b"bm90IGpzb24"))
        # --max-age none accepts any age; --max-age N is the limit, inclusive.
        rc, _, _ = run(["verify", "--secret", KEY, "--max-age", "none", "--now", str(T0 + 10**9), cookie])
        self.assertEqual(rc, 0)
        rc, _, _ = run(["verify", "--secret", KEY, "--max-age", "5", "--now", str(T0 + 5), cookie])
        self.assertEqual(rc, 0)
        rc, _, _ = run(["verify", "--secret", KEY, "--max-age", "5", "--now", str(T0 + 6), cookie])
        self.assertEqual(rc, EXIT["SignatureExpired"])

    def test_fallback_keys(self):
        old = flask_mint({"k": "v"}, key=OLD_KEY)
        older = flask_mint({"k": "w"}, key="oldest")
        args = ["verify", "--secret", KEY, "--fallback", "oldest", "--fallback", OLD_KEY, "--now", str(T0)]
        for cookie in (old, older):
            rc, out, _ = run(args + [cookie])
            self.assertEqual(out.strip(), flask_canonical(cookie, T0, fallbacks=["oldest", OLD_KEY]))
        self.expect_error(["verify", "--secret", KEY, "--now", str(T0), old], "BadTimeSignature")
        path = self.path("old.key", OLD_KEY + "\n")
        rc, out, _ = run(["verify", "--secret", KEY, "--fallback-file", path, "--now", str(T0), old])
        self.assertEqual((rc, out.strip()), (0, '{"k":"v"}'))
        self.expect_error(["verify", "--secret", KEY, "--fallback", "", old], "usage", contains="a --fallback is empty")

    def test_key_sources_and_stdin(self):
        cookie = flask_mint({"src": 1})
        for newline in ("", "\n", "\r\n"):
            path = self.path("key.txt", KEY + newline)
            rc, out, _ = run(["verify", "--secret-file", path, "--now", str(T0), cookie])
            self.assertEqual((rc, out.strip()), (0, '{"src":1}'))
        rc, out, _ = run(["verify", "--now", str(T0), cookie], env={"SIGNET_SECRET": KEY})
        self.assertEqual((rc, out.strip()), (0, '{"src":1}'))
        # An explicit option wins over the environment.
        rc, _, _ = run(["verify", "--secret", "other", "--now", str(T0), cookie], env={"SIGNET_SECRET": KEY})
        self.assertEqual(rc, EXIT["BadTimeSignature"])
        self.expect_error(["verify", "--secret-file", self.path("missing.key"), cookie], "io", "IOError")
        self.expect_error(["verify", "--secret-file", self.tmp, cookie], "io", "IOError")
        # Stdin for COOKIE (with the newline of echo) and for JSON; a cookie past the
        # argument-length limit (128 KiB) through stdin reaches the token limit.
        rc, out, _ = run(["verify", "--secret", KEY, "--now", str(T0), "-"], stdin=cookie + "\n")
        self.assertEqual((rc, out.strip()), (0, '{"src":1}'))
        rc, out, _ = run(["decode", "-"], stdin=cookie)
        self.assertIn('payload: {"src":1}', out)
        rc, out, _ = run(["sign", "--secret", KEY, "--timestamp", str(T0), "-"], stdin='{"src":1}\n')
        self.assertEqual(out.strip(), cookie)
        big = flask_mint({"big": os.urandom(30000).hex()})
        self.assertGreater(len(big), 40000)
        rc, out, _ = run(["verify", "--secret", KEY, "--now", str(T0), "-"], stdin=big)
        self.assertEqual(rc, 0)
        self.expect_error(["verify", "--secret", KEY, "-"], "limit", stdin="x" * 200000 + ".y")
        # A key that is not UTF-8 reaches the signer byte for byte.
        raw_key = b"\xff\xfe-latin1-\xe9"
        expected = itsdangerous.URLSafeTimedSerializer(raw_key, salt="cookie-session",
                                                       signer_kwargs=dict(key_derivation="hmac"))
        with mock.patch("time.time", return_value=T0):
            token = expected.dumps({"b": 1})
        proc = subprocess.run([BINARY, "verify", "--secret", raw_key, "--now", str(T0), token], capture_output=True)
        self.assertEqual((proc.returncode, proc.stdout), (0, b'{"b":1}\n'))
        env_bytes = {k.encode(): v.encode() for k, v in os.environ.items()}
        env_bytes[b"SIGNET_SECRET"] = raw_key
        proc = subprocess.run([BINARY, "verify", "--now", str(T0), token], capture_output=True, env=env_bytes)
        self.assertEqual((proc.returncode, proc.stdout), (0, b'{"b":1}\n'))

    # MARK: decode

    def test_decode(self):
        cookie = flask_mint({"bulk": "repeat " * 100, "t": (1, 2)}, at=T0)
        self.assertTrue(cookie.startswith("."))
        rc, out, _ = run(["decode", cookie])
        self.assertEqual(rc, 0)
        self.assertEqual(out.splitlines(), [
            'payload: {"bulk":"' + "repeat " * 100 + '","t":{" t":[1,2]}}',
            "signed: 2023-11-14T22:13:20Z (1700000000)",
            "compressed: yes",
            "signature: not checked (decode never verifies; use signet verify)"])
        self.assertNotIn("valid", out.replace("verifies", "").replace("verify", ""))
        # A forged cookie decodes all the same: decode never claims validity.
        rc, out, _ = run(["decode", cookie[:-3] + "AAA"])
        self.assertEqual(rc, 0)
        rc, out, _ = run(["decode", "eyJhIjoxfQ.!!.sig"])
        self.assertIn("signed: missing or malformed timestamp", out)
        self.expect_error(["decode", "nodot"], "BadSignature")
        self.expect_error(["decode", "eyJhIjoxfQ"], "BadSignature")
        # One dot: loads_unsafe reads the whole signed part as the payload, without a timestamp.
        app = flask_app()
        with app.app_context():
            self.assertEqual(app.session_interface.get_signing_serializer(app).loads_unsafe("eyJhIjoxfQ.sig"), (False, {"a": 1}))
        rc, out, _ = run(["decode", "eyJhIjoxfQ.sig"])
        self.assertEqual((rc, out.splitlines()[:2]), (0, ['payload: {"a":1}', "signed: missing or malformed timestamp"]))
        self.expect_error(["decode", "!!!.ZVPxAA.sig"], "BadPayload")
        self.expect_error(["decode", "bm90IGpzb24.ZVPxAA.sig"], "BadPayload")
        self.expect_error(["decode", "-"], "limit", stdin="a" * 70000 + ".b.c")

    # MARK: rotate

    def test_rotate(self):
        old = flask_mint({"user_id": "42", "cart": (1, 2)}, key=OLD_KEY)
        args = ["rotate", "--secret", KEY, "--fallback", OLD_KEY, "--now", str(T0 + 10), "--timestamp", str(T0 + 10)]
        rc, out, err = run(args + [old])
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.strip(), flask_mint({"user_id": "42", "cart": (1, 2)}, at=T0 + 10, key=KEY))
        self.assertIn("signed with a fallback key", err)
        rc, again, err = run(args + [out.strip()])
        self.assertEqual((rc, again), (0, out))
        self.assertIn("already signed with the current key", err)
        # The payload is kept byte for byte (compression included).
        bulky = flask_mint({"bulk": "x" * 500}, key=OLD_KEY)
        rc, out, _ = run(args + [bulky])
        self.assertEqual(out.strip().split(".")[1], bulky.split(".")[1])
        self.assertEqual(flask_canonical(out.strip(), T0 + 10), '{"bulk":"' + "x" * 500 + '"}')
        self.expect_error(["rotate", "--secret", KEY, "--fallback", OLD_KEY, "--now", str(T0 + 2678401), old], "SignatureExpired")
        self.expect_error(["rotate", "--secret", KEY, "--now", str(T0), old], "BadTimeSignature")
        rc, out, _ = run(["rotate", "--fallback", OLD_KEY, "--now", str(T0), "-"], stdin=old, env={"SIGNET_SECRET": KEY})
        self.assertEqual(flask_canonical(out.strip(), int(__import__("time").time())), '{"cart":{" t":[1,2]},"user_id":"42"}')

    # MARK: audit

    def write_wordlist(self, name, lines, key, newline="\n"):
        path = self.path(name)
        with open(path, "w") as f:
            for index in range(lines - 1):
                f.write(f"guess-{index:07d}{newline}")
            f.write(key + newline)
        return path

    def test_audit_finds_key_at_end_of_a_million_lines(self):
        cookie = flask_mint({"user_id": "42"})
        words = self.write_wordlist("million.txt", 1_000_000, KEY)
        rc, out, err = run(["audit", "--wordlist", words, cookie])
        self.assertEqual((rc, out), (0, KEY + "\n"), err)
        self.assertIn("FOUND the secret key at line 1000000", err)
        rc, out, err = run(["audit", "--wordlist", words, "--json", "--quiet", "--threads", "3", cookie])
        result = json.loads(out)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual((result["found"], result["line"], result["secret"], result["secret_hex"], result["threads"]),
                         (True, 1_000_000, KEY, KEY.encode().hex(), 3))
        self.assertEqual(result["candidates"], 1_000_000 + self.default_key_count(cookie))
        self.assertGreater(result["per_second"], 0)

    def default_key_count(self, cookie):
        """The candidates audit tries with no wordlist (its built-in default keys)."""
        rc, out, _ = run(["audit", "--json", "--quiet", cookie])
        self.assertEqual(rc, EXIT["notFound"])
        return json.loads(out)["candidates"]

    def test_audit_finds_default_keys_without_a_wordlist(self):
        # Keys as their sources write them: the Flask tutorial, the Flask quickstart (bytes),
        # Superset's config.py, Superset before 1.4.1 (Python's escapes), Airflow's config.
        for key, source in [("dev", "pallets/flask examples/tutorial/flaskr/__init__.py"),
                            (b'_5#y2L"F4Q8z\n\xec]/', "pallets/flask docs/quickstart.rst"),
                            ("CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET", "Superset's default (apache/superset superset/config.py)"),
                            ("\2\1thisismyscretkey\1\2\\e\\y\\y\\h", "before 1.4.1"),
                            ("temporary_key", "Airflow")]:
            cookie = flask_mint({"user_id": "1"}, key=key)
            key_bytes = key if isinstance(key, bytes) else key.encode()
            rc, out, err = run(["audit", cookie], secrets=())
            self.assertEqual(rc, 0, (key, err))
            self.assertIn("FOUND: the key is", err)
            self.assertIn(source, err)
            rc, out, err = run(["audit", "--json", "--quiet", cookie], secrets=())
            result = json.loads(out)
            self.assertEqual((rc, result["found"], result["kind"], result["secret_hex"], result["line"]),
                             (0, True, "default", key_bytes.hex(), None), key)
            self.assertIn(source, result["source"])
            # With a wordlist the default keys come first: the file is not even opened.
            rc, out, err = run(["audit", "--wordlist", self.path("absent.txt"), "--json", "--quiet", cookie], secrets=())
            self.assertEqual((rc, json.loads(out)["kind"]), (0, "default"), err)
        # A key that is no default: not found without a wordlist, found in one, source null.
        cookie = flask_mint({"a": 1})
        rc, out, err = run(["audit", cookie])
        self.assertEqual((rc, out), (EXIT["notFound"], ""))
        rc, out, _ = run(["audit", "--wordlist", "-", "--json", "--quiet", cookie], stdin=f"{KEY}\n")
        self.assertEqual((rc, json.loads(out)["source"], json.loads(out)["kind"]), (0, None, "raw"))

    def test_audit_reports_progress_while_streaming(self):
        cookie = flask_mint({"a": 1})
        proc = subprocess.Popen([BINARY, "audit", "--wordlist", "-", cookie], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdin.write(b"".join(b"early-%d\n" % i for i in range(1000)))
        proc.stdin.flush()
        __import__("time").sleep(1.5)  # progress is reported once a second
        out, err = proc.communicate(b"late\n" + KEY.encode() + b"\n", timeout=60)
        self.assertEqual((proc.returncode, out.decode()), (0, KEY + "\n"))
        self.assertRegex(err.decode(), r"audit: \d+ candidates read in \d+\.\d\d s \(\d+/s\)\n")
        self.assertNotIn("%", err.decode())  # a pipe's size is unknown

    def test_audit_reports_percent_of_a_wordlist_file(self):
        # Large enough, on one thread, to be read for more than the second between reports.
        lines = 5_000_000
        path = self.path("large.txt")
        with open(path, "w") as f:
            f.write("".join(f"guess-{index:07d}\n" for index in range(lines - 10)))
            f.write(KEY + "\n" + "".join(f"tail-{index}\n" for index in range(9)))
        cookie = flask_mint({"a": 1})
        percent = r"audit: \d+ candidates read in \d+\.\d\d s \(\d+/s\), \d+\.\d\d% of the wordlist, about \d+ s left\n"
        rc, out, err = run(["audit", "--threads", "1", "--wordlist", path, cookie])
        self.assertEqual((rc, out), (0, KEY + "\n"), err)
        self.assertRegex(err, percent)
        self.assertIn(f"FOUND the secret key at line {lines - 9}", err)
        rc, out, err = run(["audit", "--threads", "1", "--wordlist", path, flask_mint({"a": 1}, key="not-in-it")])
        self.assertEqual((rc, out), (EXIT["notFound"], ""), err)
        self.assertRegex(err, percent)
        rc, out, err = run(["audit", "--threads", "1", "--quiet", "--wordlist", path, cookie])
        self.assertEqual((rc, out, err), (0, KEY + "\n", ""))

    def test_audit_options_and_exit_codes(self):
        cookie = flask_mint({"a": 1})
        words = self.write_wordlist("small.txt", 5000, KEY, newline="\r\n")
        for threads in ("1", "2", "7"):
            rc, out, _ = run(["audit", "--threads", threads, "--wordlist", words, cookie])
            self.assertEqual((rc, out), (0, KEY + "\n"))
        missing = self.write_wordlist("none.txt", 3000, "not-it")
        rc, out, err = run(["audit", "--wordlist", missing, cookie])
        self.assertEqual((rc, out), (EXIT["notFound"], ""))
        self.assertIn(f"not found ({3000 + self.default_key_count(cookie)} candidates", err)
        rc, out, _ = run(["audit", "--wordlist", missing, "--json", "--quiet", cookie])
        self.assertEqual(json.loads(out)["found"], False)
        self.assertEqual(json.loads(out)["secret"], None)
        # Wordlist from stdin, empty lines skipped, no final newline, duplicate key lines: the first.
        rc, out, err = run(["audit", "--wordlist", "-", "--json", "--quiet", cookie],
                           stdin=f"\n\nx\n{KEY}\ny\n{KEY}")
        self.assertEqual((json.loads(out)["line"], json.loads(out)["candidates"] - self.default_key_count(cookie) <= 5), (4, True))
        rc, out, _ = run(["audit", "--wordlist", "-", cookie], stdin=f"x\n{KEY}")
        self.assertEqual((rc, out), (0, KEY + "\n"))
        # Every digest and derivation, and itsdangerous tokens through --profile.
        for digest in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512"):
            for derivation in ("hmac", "concat", "django-concat", "none"):
                token = itsdangerous.URLSafeTimedSerializer(
                    KEY * 5, salt="s", signer_kwargs=dict(key_derivation=derivation, digest_method=getattr(__import__("hashlib"), digest))).dumps(1)
                rc, out, err = run(["audit", "--wordlist", "-", "--salt", "s", "--digest", digest,
                                    "--derivation", derivation, "--quiet", token], stdin=f"a\n{KEY * 5}\nb\n", secrets=())
                self.assertEqual((rc, out), (0, KEY * 5 + "\n"), (digest, derivation, err))
        token = itsdangerous.URLSafeTimedSerializer(KEY).dumps({"x": 1})
        rc, out, _ = run(["audit", "--profile", "itsdangerous", "--wordlist", "-", token], stdin=f"{KEY}\n", secrets=())
        self.assertEqual((rc, out), (0, KEY + "\n"))
        # Errors.
        self.expect_error(["audit", "--wordlist", self.path("absent.txt"), cookie], "io", "IOError")
        self.expect_error(["audit", "--wordlist", words, "nodot"], "BadSignature")
        self.expect_error(["audit", "--wordlist", words, "a.b+c"], "BadData", "BadData")
        self.expect_error(["audit", "--wordlist", words, "--digest", "sha256", cookie], "BadSignature", contains="check --digest")
        self.expect_error(["audit", "--wordlist", "-", cookie], "limit", stdin="z" * (2 << 20), contains="wordlist line 1")
        self.expect_error(["audit", "--wordlist", words, "-"], "limit", stdin="a" * 70000 + ".b")

    # MARK: hygiene: keys, echoes, terminal output, limits

    def test_no_option_value_is_ever_repeated(self):
        """A key typed into the wrong place never reaches stdout or stderr: for every option that
        takes a value, unknown options and unknown commands, the value appears nowhere."""
        secret = "Typed-By-Mistake-5ecret-7Q"
        cookie = flask_mint({"a": 1})
        words = self.path("hygiene-words.txt", "a\nb\n")
        base = {
            "decode": [cookie], "sign": ["--secret", KEY, "{}"],
            "verify": ["--secret", KEY, cookie], "rotate": ["--secret", KEY, "--fallback", OLD_KEY, cookie],
            "audit": ["--wordlist", words, cookie],
        }
        options = {
            "decode": ["profile"],
            "sign": ["secret", "secret-file", "salt", "digest", "derivation", "profile", "timestamp"],
            "verify": ["secret", "secret-file", "fallback", "fallback-file", "salt", "digest", "derivation",
                       "profile", "max-age", "now"],
            "rotate": ["secret", "secret-file", "fallback", "fallback-file", "salt", "digest", "derivation",
                       "profile", "max-age", "now", "timestamp"],
            "audit": ["wordlist", "threads", "salt", "digest", "derivation", "profile"],
        }
        cases = []
        for command, names in options.items():
            for name in names:
                rest = [a for a in base[command] if a not in ("--" + name,)]
                if "--" + name in base[command]:  # replace the option's own value
                    index = base[command].index("--" + name)
                    rest = base[command][:index] + base[command][index + 2:]
                cases.append([command, "--" + name, secret] + rest)
                cases.append([command, f"--{name}={secret}"] + rest)
            cases.append([command, "--" + secret] + base[command])
            cases.append([command, f"--{secret}=x"] + base[command])
            cases.append([command, f"--x={secret}"] + base[command])
            cases.append([command, "-" + secret] + base[command])
            cases.append([command] + base[command] + [secret])
        cases += [[secret], [secret, "verify"], [secret, "--help"], ["--" + secret], ["-" + secret]]
        checked = 0
        for args in cases:
            proc = subprocess.run([BINARY] + args, capture_output=True, timeout=60,
                                  env={k: v for k, v in os.environ.items() if k != "SIGNET_SECRET"})
            for stream in (proc.stdout, proc.stderr):
                self.assertNotIn(secret.encode(), stream, f"{args} repeated its value: {stream[:300]!r}")
            if proc.returncode != 0:
                checked += 1
                self.assertEqual(len(proc.stderr.decode().strip().splitlines()), 1, (args, proc.stderr))
        self.assertGreater(checked, 60)
        # A file option names itself and the reason, not the path.
        for option, code in (("--secret-file", "io"), ("--fallback-file", "io")):
            _, err = self.expect_error(["verify", "--secret", KEY, option, self.path(secret), cookie] if option != "--secret-file"
                                       else ["verify", option, self.path(secret), cookie], code, "IOError")
            self.assertIn(f"cannot open the file of {option}: No such file or directory", err)
        _, err = self.expect_error(["audit", "--wordlist", self.path(secret), cookie], "io", "IOError")
        self.assertIn("cannot open the file of --wordlist: No such file or directory", err)
        _, err = self.expect_error(["verify", "--secret-file", self.tmp, cookie], "io", "IOError")
        self.assertIn("the file of --secret-file", err)
        _, err = self.expect_error(["verify", "--secret", KEY, "--max-age", secret, cookie], "usage")
        self.assertIn("--max-age must be an integer from 0 to", err)
        _, err = self.expect_error(["verify", "--secret", KEY, "--digest", secret, cookie], "usage")
        self.assertIn("--digest must be one of md5, sha1, sha224, sha256, sha384, sha512", err)

    def test_empty_keys_are_refused_naming_their_source(self):
        cookie = flask_mint({"a": 1})
        empty, newline = self.path("empty.key", ""), self.path("newline.key", "\n")
        for command, tail in (("verify", [cookie]), ("sign", ["{}"]), ("rotate", [cookie])):
            fallback = [] if command != "rotate" else ["--fallback", OLD_KEY]
            for args, env, named in (
                (["--secret", ""] + fallback, None, "--secret is empty"),
                (["--secret-file", empty] + fallback, None, "the key in the file of --secret-file is empty"),
                (["--secret-file", newline] + fallback, None, "the key in the file of --secret-file is empty"),
                (fallback, {"SIGNET_SECRET": ""}, "SIGNET_SECRET is empty"),
            ):
                _, err = self.expect_error([command] + args + tail, "usage", env=env, contains=named)
                self.assertIn(f"(see signet {command} --help)", err)
            if command != "sign":
                self.expect_error([command, "--secret", KEY, "--fallback", OLD_KEY, "--fallback", ""] + tail, "usage",
                                  contains="a --fallback is empty")
                self.expect_error([command, "--secret", KEY, "--fallback-file", empty] + tail, "usage",
                                  contains="the key in a file of --fallback-file is empty")

    def test_decode_escapes_terminal_control_and_bidi_characters(self):
        dangerous = ["\x7f", "\x80", "\x9b", "\x9f", "\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
                     "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2028", "\u2029"]
        # Raw in the JSON text (json.dumps would escape them): strings hold every one, and the
        # whitespace between tokens holds CR, LF and tab, the only C0 bytes JSON lets through raw.
        text = '{"evil":"' + "".join(dangerous) + '[31m\x7fok",\r\n\t"k":"\u00e9\u4e2d"}'
        payload = base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
        cookie = payload + ".ZVPxAA.forged-signature"
        rc, out, err = run(["decode", cookie])
        self.assertEqual(rc, 0, err)
        line = out.splitlines()[0]
        self.assertTrue(line.startswith("payload: "), line)
        for char in line:
            self.assertFalse(ord(char) < 0x20 or 0x7f <= ord(char) <= 0x9f or char in "".join(dangerous), repr(line))
        for char in dangerous + ["\r", "\n", "\t"]:
            self.assertIn("\\u%04x" % ord(char), line)
        self.assertIn("\u00e9\u4e2d", line)  # printable non-ASCII stays as it is
        # Inside strings the escapes mean the same characters: the line is still the payload's JSON.
        # (Between tokens, the escaped CR LF tab are not JSON; they are only there.)
        self.assertEqual(json.loads(line[len("payload: "):].replace("\\u000d\\u000a\\u0009", "")), json.loads(text))
        rc, out, _ = run(["decode", "--json", cookie])
        self.assertEqual(json.loads(out)["payload"], json.loads(text))
        self.assertTrue(all(0x20 <= ord(c) < 0x7f for c in out.strip()), out)
        # Bytes that are not UTF-8 never reach the terminal raw either.
        raw = base64.urlsafe_b64encode(b'{"a":"\xff\x9b"}').rstrip(b"=").decode() + ".ZVPxAA.sig"
        proc = subprocess.run([BINARY, "decode", raw], capture_output=True)
        self.assertNotIn(b"\xff", proc.stdout + proc.stderr)
        self.assertNotIn(b"\x9b", proc.stdout + proc.stderr)

    def test_wordlist_line_limit_is_exact(self):
        """1 MiB (without its \\n or \\r\\n) is accepted, one byte more refused, wherever the
        line falls against the 256 KiB chunks the wordlist is read in."""
        cookie = flask_mint({"a": 1})
        limit, chunk = 1 << 20, 256 << 10
        for offset in (0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk - 2):
            prefix = b"" if offset == 0 else b"p" * (offset - 1) + b"\n"
            long_line = 2 if offset else 1
            for ending in (b"\n", b"\r\n"):
                for extra in (0, 1):
                    data = prefix + b"L" * (limit + extra) + ending + KEY.encode() + b"\n"
                    path = self.path("limit.txt", data)
                    rc, out, err = run(["audit", "--quiet", "--json", "--wordlist", path, cookie])
                    what = (offset, ending, extra)
                    if extra:
                        self.assertEqual(rc, EXIT["limit"], what)
                        self.assertIn(f"wordlist line {long_line} is longer than the 1048576-byte limit", err, what)
                    else:
                        self.assertEqual((rc, json.loads(out)["line"]), (0, long_line + 1), (what, err))
        # The longest key itself is found, as the last line with and without its newline.
        long_key = "K" * limit
        long_cookie = flask_mint({"a": 1}, key=long_key)
        for ending in ("", "\r", "\n", "\r\n"):
            path = self.path("longkey.txt", "a\n" + long_key + ending)
            rc, out, err = run(["audit", "--quiet", "--wordlist", path, long_cookie], secrets=())
            self.assertEqual((rc, out), (0, long_key + "\n"), (ending, err[:200]))
            path = self.path("longkey.txt", "a\n" + long_key + "x" + ending)
            self.expect_error(["audit", "--quiet", "--wordlist", path, long_cookie], "limit", contains="wordlist line 2")

    def test_sign_keeps_years_below_100_as_flask_writes_them(self):
        for year in (1, 5, 68, 69, 99, 100, 999, 1000, 1969, 9999):
            session = {"d": datetime.datetime(year, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc)}
            app = flask_app()
            with app.app_context():
                tagged = app.session_interface.serializer.dumps(session)
            self.assertIn(f" {year:04d} ", tagged)
            rc, out, err = run(["sign", "--secret", KEY, "--timestamp", str(T0), tagged])
            self.assertEqual((rc, out.strip()), (0, flask_mint(session)), (year, err))

    # MARK: README

    def run_documented_blocks(self, text):
        """Runs the ```sh blocks of text as written; a ```text block after one is its stdout."""
        blocks = re.findall(r"```(\w*)\n(.*?)```", text, re.S)
        home = os.path.join(self.tmp, "home")
        work = os.path.join(self.tmp, "readme-work")
        os.makedirs(home, exist_ok=True)
        os.makedirs(work, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "SIGNET_SECRET"}
        env.update(HOME=home, PATH=os.path.join(home, ".local", "bin") + os.pathsep + env["PATH"])
        ran = 0
        for index, (lang, code) in enumerate(blocks):
            if lang != "sh":
                continue
            setup = "swift build" in code
            proc = subprocess.run(["bash", "-e", "-c", code], capture_output=True, text=True,
                                  cwd=ROOT if setup else work, env=env, timeout=600)
            self.assertEqual(proc.returncode, 0, f"documented block failed:\n{code}\n{proc.stderr}")
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following and following[0] == "text":
                self.assertEqual(proc.stdout, following[1], f"documented output differs for:\n{code}")
            ran += 1
        return ran

    def test_guide_examples_run_as_written(self):
        with open(os.path.join(ROOT, "Sources", "SignetCLI", "README.md"), encoding="utf-8") as f:
            self.assertGreaterEqual(self.run_documented_blocks(f.read()), 8)

    def test_readme_quick_start_runs_as_written(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        start = readme.index("### Command line")
        end = readme.index("\n## ", start)
        # The command line's set-up and first cookie (Starlette's and Django's are in the guide).
        self.assertEqual(self.run_documented_blocks(readme[start:end]), 2)


def main(name="test_cli"):
    """Runs the tests of the `__main__` module: skipped without Flask, failing when CI=true."""
    if not HAVE_PYTHON_ORACLE:
        message = f"{name}: itsdangerous==2.2.0 and Flask==3.1.3 are required"
        if os.environ.get("CI") == "true":
            print(message + " (CI=true: failing)", file=sys.stderr)
            sys.exit(1)
        print(message + "; skipping", file=sys.stderr)
        sys.exit(0)
    if not os.access(BINARY, os.X_OK):
        print(f"{name}: {BINARY} not built (swift build -c release --product signet-cli)", file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=1)


if __name__ == "__main__":
    main()
