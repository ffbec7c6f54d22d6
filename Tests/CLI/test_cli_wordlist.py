"""`signet audit` on flask-unsign's wordlist format: lines written as Python literals.

The real `flask-unsign-wordlist` from PyPI supplies the list (the test fails under CI=true when it
is missing); Python's own `ast.literal_eval` decides what every generated literal means.

    python3 Tests/CLI/test_cli_wordlist.py
"""
import ast
import hashlib
import io
import json
import os
import random
import shutil
import tempfile
import tokenize
import unittest
import warnings

from test_cli import EXIT, main, run

try:
    import itsdangerous
except ImportError:
    itsdangerous = None

try:
    import flask_unsign_wordlist
except ImportError:
    flask_unsign_wordlist = None


def flask_cookie(key):
    """A cookie signed the way Flask signs its session, with a str or bytes key."""
    return itsdangerous.URLSafeTimedSerializer(
        key, salt="cookie-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1}).dumps({"a": 1})


def literal_key(line):
    """The key flask-unsign reads from `line` when it is exactly one str/bytes literal (not an
    implicit concatenation such as `'a' 'b'`), as bytes; else None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = ast.literal_eval(line.strip())
            tokens = list(tokenize.generate_tokens(io.StringIO(line.strip()).readline))
        except (SyntaxError, ValueError, MemoryError, tokenize.TokenError):
            return None
    if sum(token.type == tokenize.STRING for token in tokens) != 1:
        return None
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            return None
    return value if isinstance(value, bytes) else None


def random_literal(rng):
    """One Python str or bytes literal with a random mix of escapes, prefixes and quotes."""
    is_bytes = rng.random() < 0.4
    raw = rng.random() < 0.15
    letters = (["b"] if is_bytes else []) + (["r"] if raw else [])
    rng.shuffle(letters)
    prefix = "".join(letter.upper() if rng.random() < 0.3 else letter for letter in letters)
    if not letters and rng.random() < 0.1:
        prefix = rng.choice("uU")
    quote = rng.choice(["'", '"', "'''", '"""'])
    plain = [c for c in map(chr, range(0x20, 0x7F)) if c not in "\\'\""] + ["\x1b", "\x0c", "\x7f", "\t"]
    if not is_bytes:
        plain += ["é", "中", "😀"]
    parts = []
    for _ in range(rng.randint(1, 10)):
        pick = rng.random()
        if pick < 0.35:
            parts.append(rng.choice(plain))
        elif pick < 0.5:
            parts.append("\\" + rng.choice("\\'\"abfnrtv"))
        elif pick < 0.6:
            parts.append("\\" + format(rng.randrange(0o1000), "o")[: rng.randint(1, 3)])
        elif pick < 0.7:
            parts.append("\\x" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(rng.choice([2, 2, 2, 1]))))
        elif pick < 0.8:
            value = rng.choice([rng.randrange(0x10000), rng.randrange(0xD800, 0xE000), rng.randrange(0x110000)])
            parts.append("\\u%04x" % value if value < 0x10000 and rng.random() < 0.5 else "\\U%08x" % value)
        elif pick < 0.85:
            parts.append("\\U%08X" % rng.randrange(0x10FFFF, 0x200000))
        elif pick < 0.9:
            parts.append(rng.choice(["\\q", "\\N{BULLET}", "\\8", "\\ "]))
        elif pick < 0.95:
            parts.append(quote[0] if len(quote) == 3 else "\\" + quote)
        else:
            parts.append(rng.choice(["'", '"']))
    spaces = lambda: rng.choice(["", "", " ", "\t", "  "])
    return spaces() + prefix + quote + "".join(parts) + quote + spaces()


class WordlistLiteralTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="signet-wordlist-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)

    def write(self, name, lines):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(b"".join((line.encode() if isinstance(line, str) else line) + b"\n" for line in lines))
        return path

    def audit(self, words, key):
        rc, out, err = run(["audit", "--wordlist", words, "--json", "--quiet", flask_cookie(key)], secrets=())
        self.assertIn(rc, (EXIT["ok"], EXIT["notFound"]), err)
        return json.loads(out)

    def first_line_of(self, lines, key):
        """Where the audit must stop for `key`: the first line whose literal or raw form is it."""
        for number, line in enumerate(lines, 1):
            if literal_key(line) == key:
                return number, "literal"
            if line.encode() == key:
                return number, "raw"
        raise AssertionError("key not in the list")

    def test_real_flask_unsign_wordlist(self):
        if flask_unsign_wordlist is None:
            self.fail_or_skip("flask-unsign-wordlist is required")
        path = flask_unsign_wordlist.get("all")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        rng = random.Random(17)
        escaped = [line for line in lines if "\\" in line and literal_key(line)]
        picks = [lines[-1], rng.choice(lines), rng.choice(escaped), rng.choice(escaped)]
        for line in picks:
            key = literal_key(line)
            self.assertIsNotNone(key, line)
            self.assertNotEqual(key, line.encode(), "the pick must need decoding")
            result = self.audit(path, key)
            self.assertEqual((result["found"], result["kind"], result["secret_hex"]), (True, "literal", key.hex()), line)
            self.assertEqual(result["line"], self.first_line_of(lines, key)[0], line)
        # The text output names the line and how it was read.
        rc, out, err = run(["audit", "--wordlist", path, flask_cookie(literal_key(picks[0]))], secrets=())
        self.assertEqual(rc, 0, err)
        self.assertIn(f"at line {self.first_line_of(lines, literal_key(picks[0]))[0]} of the wordlist, read as a Python literal", err)

    def test_generated_literals_decode_as_ast_literal_eval(self):
        rng = random.Random(1717)
        lines = [random_literal(rng) for _ in range(400)]
        # `\N{...}` needs Unicode's name table: such lines are tried raw only (Sources/SignetCLI/README.md).
        accepted = [(line, literal_key(line)) for line in lines if literal_key(line) and "\\N{" not in line]
        self.assertGreater(len(accepted), 150, "the generator must produce mostly valid literals")
        self.assertGreater(len(lines) - len(accepted), 20, "and some invalid ones")
        words = self.write("generated.txt", lines)
        for line, key in accepted:
            result = self.audit(words, key)
            self.assertTrue(result["found"], f"{line!r} -> {key!r}")
            self.assertEqual((result["line"], result["kind"]), self.first_line_of(lines, key), f"{line!r} -> {key!r}")
            self.assertEqual(bytes.fromhex(result["secret_hex"]), key)

    def test_lines_that_are_not_one_literal_are_taken_raw(self):
        # Not literals for Python (or not one literal): tried as is, and only so.
        for line in ["'a' 'b'", "'unterminated", "'a\\'", "b'\u00e9'", "'\\x4'", "u'a", "f'x'", "ub'x'",
                     "'\\N{BULLET}'", "'\\ud800'", "\"mixed'", "'''a''''", "123", "x'a'"]:
            expected = literal_key(line)
            words = self.write("raw.txt", ["first", line, "last"])
            result = self.audit(words, line.encode())
            self.assertEqual((result["found"], result["line"], result["kind"]), (True, 2, "raw"), line)
            if expected is not None:
                # Python reads it (only `\N{...}` here): Signet does not.
                self.assertEqual(line, "'\\N{BULLET}'")
        # A key that looks like a literal, quotes included, is still found: every line is tried raw too.
        quoted = "'really-the-key'"
        words = self.write("quoted.txt", ["x", quoted])
        result = self.audit(words, quoted.encode())
        self.assertEqual((result["found"], result["line"], result["kind"]), (True, 2, "raw"))
        result = self.audit(words, b"really-the-key")
        self.assertEqual((result["found"], result["line"], result["kind"]), (True, 2, "literal"))
        # Bytes that are not UTF-8 are never a str literal (flask-unsign decodes lines as UTF-8).
        words = self.write("latin1.txt", [b"'caf\xe9'"])
        self.assertEqual(self.audit(words, "café".encode())["found"], False)
        self.assertEqual(self.audit(words, b"'caf\xe9'")["kind"], "raw")

    def fail_or_skip(self, message):
        if os.environ.get("CI") == "true":
            self.fail(message + " (CI=true)")
        self.skipTest(message)


if __name__ == "__main__":
    main("test_cli_wordlist")
