"""`signet sign` on Python literals, against the real Python and Flask: the committed vectors
(Tests/Scripts/make_literal_vectors.py), then a live differential of random nested values
rendered with repr() and with other literal spellings, byte for byte; limits and messages.

    python3 Tests/CLI/test_cli_literal.py
"""
import ast
import json
import math
import os
import random
import struct
import unittest
import warnings

from test_cli import EXIT, KEY, ROOT, T0, flask_mint, main, run

VECTORS = os.path.join(ROOT, "Tests", "Vectors", "literals", "sign.json")
VECTOR_KEY = "literal-vectors-key"


def sign(text, key=KEY):
    """`signet sign` of `text`, given as the argument, or on stdin when too long for one."""
    argument, stdin = (text, None) if len(text) < 100_000 else ("-", text)
    return run(["sign", "-s", key, "--timestamp", str(T0), "--", argument], stdin=stdin, secrets=(key,))


def random_value(rng, depth):
    kinds = ["str", "str", "bytes", "int", "bigint", "float", "bool", "none"]
    if depth < 4:
        kinds += ["list", "tuple", "dict"]
    kind = rng.choice(kinds)
    if kind == "str":
        alphabet = "abZ09 _'\"\\\n\t\x00\x7f\x85\u00e9\u2028\u2603\ud800\udfff\U0001f600#{}()[],:"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
    if kind == "bytes":
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 10)))
    if kind == "int":
        return rng.randint(-10**6, 10**6)
    if kind == "bigint":
        return rng.randint(-10**80, 10**80)
    if kind == "float":
        while True:
            value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            value = rng.choice([value, rng.random() * 10 ** rng.randint(-20, 20), -0.0, 5e-324, 0.1])
            if math.isfinite(value):
                return value
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == "tuple":
        return tuple(random_value(rng, depth + 1) for _ in range(rng.randint(0, 4)))
    return random_dict(rng, depth + 1)


def random_dict(rng, depth):
    keys = ["a", "b", "user", " t", " di", "\u00e9", "\U0001f600", "", "k'\"", "\ud800"]
    return {rng.choice(keys) + str(rng.randrange(3)): random_value(rng, depth) for _ in range(rng.randint(0, 5))}


def spelled(value, rng):
    """`value` as a literal in one of Python's other spellings (checked by ast.literal_eval)."""
    space = lambda: rng.choice(["", " ", "\n", "  # note\n", "\t"])
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        form = rng.choice([repr, hex, oct, bin, lambda v: f"{v:_}", lambda v: f"({v})", lambda v: f"+{v}" if v >= 0 else repr(v)])
        return form(value)
    if isinstance(value, float):
        return rng.choice([repr(value), f"({value!r})", f"{value:.17e}"])
    if isinstance(value, (str, bytes)):
        if len(value) > 1 and rng.random() < 0.4:
            cut = rng.randrange(1, len(value))
            return spelled(value[:cut], rng) + space() + spelled(value[cut:], rng)
        if isinstance(value, str) and rng.random() < 0.3 and "\ud800" not in value and "\udfff" not in value:
            return json.dumps(value, ensure_ascii=rng.random() < 0.5)  # a double-quoted str literal
        text = repr(value)
        return ("u" + text if isinstance(value, str) and rng.random() < 0.2 else text)
    if isinstance(value, list):
        items = [spelled(v, rng) for v in value]
        return "[" + space() + ("," + space()).join(items) + ("," if items and rng.random() < 0.3 else "") + "]"
    if isinstance(value, tuple):
        items = [spelled(v, rng) for v in value]
        trailing = "," if len(items) == 1 or (items and rng.random() < 0.3) else ""
        return "(" + ", ".join(items) + trailing + space() + ")"
    members = [spelled(k, rng) + space() + ":" + space() + spelled(v, rng) for k, v in value.items()]
    return "{" + space() + ("," + space()).join(members) + ("," if members and rng.random() < 0.3 else "") + "}"


def has_non_str_key(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if any(not isinstance(key, str) for key in item):
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def flask_cookie_of_literal(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return flask_mint(ast.literal_eval(text))


class LiteralTests(unittest.TestCase):
    def test_vectors_from_flask(self):
        with open(VECTORS, encoding="utf-8") as f:
            vectors = json.load(f)
        self.assertGreater(len(vectors), 70)
        for vector in vectors:
            text = vector["text"]
            rc, out, err = sign(text, VECTOR_KEY)
            label = repr(text[:80])
            if vector.get("signet") == "refuses":
                self.assertEqual((rc, out), (EXIT["invalidInput"], ""), label)
            elif vector.get("signet") == "accepts":
                self.assertEqual(rc, 0, f"{label}: {err}")
            elif "cookie" in vector:
                self.assertEqual((rc, out.strip()), (0, vector["cookie"]), f"{label}: {err}")
            else:
                self.assertIn(rc, (EXIT["invalidInput"], EXIT["limit"]), f"{label}: {err}")
                self.assertEqual(out, "")
                self.assertEqual(len(err.splitlines()), 1, err)

    def test_random_values_rendered_with_repr(self):
        seed = int(os.environ.get("SIGNET_LITERAL_SEED", random.randrange(10**9)))
        rng = random.Random(seed)
        for _ in range(150):
            session = random_dict(rng, 0)
            text = repr(session)
            rc, out, err = sign(text)
            self.assertEqual((rc, out.strip()), (0, flask_cookie_of_literal(text)), f"seed {seed}: {text!r}: {err}")

    def test_random_values_in_other_spellings(self):
        seed = int(os.environ.get("SIGNET_LITERAL_SEED", random.randrange(10**9)))
        rng = random.Random(seed)
        for _ in range(150):
            text = spelled(random_dict(rng, 0), rng)
            rc, out, err = sign(text)
            try:
                json.loads(text)
                continue  # valid JSON is tagged JSON: not this test's subject
            except ValueError:
                pass
            self.assertEqual((rc, out.strip()), (0, flask_cookie_of_literal(text)), f"seed {seed}: {text!r}: {err}")

    def test_mutated_literals_agree_with_python(self):
        """Random edits of valid literals: signet signs exactly what Python and Flask sign, and
        refuses (exit 10 or 7, one line) exactly what they refuse; it never crashes."""
        seed = int(os.environ.get("SIGNET_LITERAL_SEED", random.randrange(10**9)))
        rng = random.Random(seed)
        pieces = list("{}[](),:'\"\\#-+._ \n0179aejxobrufNTF") + ["True", "None", "'''", "\\N{", "\\x", "\\u", "0x", "1e", "b'"]
        compared = 0
        for _ in range(300):
            text = list(spelled(random_dict(rng, 2), rng))
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(text) + 1)
                edit = rng.random()
                if edit < 0.4 and text:
                    del text[min(at, len(text) - 1)]
                elif edit < 0.8:
                    text.insert(at, rng.choice(pieces))
                elif text:
                    text[min(at, len(text) - 1)] = rng.choice(pieces)
            text = "".join(text).strip()
            if not text or "\r" in text or "\x00" in text:
                continue
            try:
                json.loads(text)
                continue  # the JSON rule applies
            except ValueError:
                pass
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    value = ast.literal_eval(text)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    value = SyntaxError
            try:
                expected = flask_mint(value) if isinstance(value, dict) else None
            except (TypeError, ValueError, RecursionError):
                expected = None
            if expected is not None and has_non_str_key(value):
                continue  # a documented deviation
            rc, out, err = sign(text)
            label = f"seed {seed}: {text!r}: {err}"
            if expected is None:
                self.assertIn(rc, (EXIT["invalidInput"], EXIT["limit"]), label)
                self.assertEqual((out, len(err.splitlines())), ("", 1), label)
            else:
                self.assertEqual((rc, out.strip()), (0, expected), label)
            compared += 1
        self.assertGreater(compared, 200)

    def test_depth_limit_is_the_json_one(self):
        for depth, code in ((1000, EXIT["ok"]), (1001, EXIT["limit"])):
            literal = "{'a': " + "[" * (depth - 1) + "]" * (depth - 1) + "}"
            json_text = '{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
            rc, out, err = sign(literal)
            self.assertEqual(rc, code, err)
            self.assertEqual((rc, out), sign(json_text)[:2])
        rc, out, err = sign("{'a': " + "[" * 1_000_000)
        self.assertEqual((rc, out), (EXIT["limit"], ""))
        self.assertEqual(err, "LimitExceeded: the Python literal exceeds a limit: nesting deeper than 1000 levels at byte 1005\n")
        rc, _, err = sign("{'a': " + "(" * 1_000_000)
        self.assertEqual(rc, EXIT["limit"], err)

    def test_integer_digit_limit(self):
        self.assertEqual(sign("{'n': " + "7" * 4300 + "}")[0], 0)
        for text in ("{'n': " + "7" * 4301 + "}", "{'n': 0x" + "f" * 3573 + "}", "{'n': 0b1" + "0" * 10**6 + "}"):
            rc, _, err = sign(text)
            self.assertEqual(rc, EXIT["limit"], err)
            self.assertIn("an integer longer than 4300 decimal digits", err)

    def test_messages_name_the_problem_never_the_text(self):
        marker = "Sup3rSecretMarker"
        cases = [
            ("{'%s': 1" % marker, "neither JSON (", "unexpected end of the literal at byte"),
            ("{'a': %s}" % marker, "nor a Python literal (a name is not a literal (only True, False and None are) at byte 6)", ""),
            ("{'a': inf}", "inf and nan are not Python literals (1e999 is infinity; nan has no literal)", ""),
            ("{'a': Markup('%s')}" % marker, "a call is not a literal (Markup, UUID and datetime are written as tagged JSON)", ""),
            ("{'a': {'%s', 2}}" % marker, "the Python literal cannot be a Flask session: a set cannot be in a Flask session at byte 6", ""),
            ("{'a': 1j}", "the Python literal cannot be a Flask session: a complex number cannot be in a Flask session", ""),
            ("{1: '%s'}" % marker, "a dict key that is not a str cannot be in a Flask session (write it as a string)", ""),
            ("['%s']" % marker, "the Python literal is valid but not a dict: a Flask session is a dict", ""),
            ("{'a': '%s' b'x'}" % marker, "cannot mix bytes and str literals", ""),
            ("{'a': '\\N{%s}'}" % marker, "malformed or unknown \\N{...} character name", ""),
            ("{'a': 1}, {'%s': 2}" % marker, "values separated by commas without brackets make a tuple, not a dict", ""),
        ]
        for text, message, also in cases:
            rc, out, err = sign(text)
            self.assertEqual((rc, out), (EXIT["invalidInput"], ""), text)
            self.assertTrue(err.startswith("ValueError: "), err)
            self.assertIn(message, err)
            self.assertIn(also, err)
            self.assertNotIn(marker, err)
        # The JSON rule: valid JSON is tagged JSON, so `{" t": ...}` is a tuple there (refused
        # as a session) and an escaped dict key when written as a Python literal.
        self.assertEqual(sign('{" t": [1, 2]}')[0], EXIT["invalidInput"])
        self.assertEqual(sign("{' t': [1, 2]}")[1].strip(), flask_mint({" t": [1, 2]}))
        # The itsdangerous profile reads JSON only.
        rc, _, err = run(["sign", "-s", KEY, "--profile", "itsdangerous", "{'a': 1}"])
        self.assertEqual((rc, err.startswith("ValueError: invalid JSON: ")), (EXIT["invalidInput"], True), err)


if __name__ == "__main__":
    main("test_cli_literal")
