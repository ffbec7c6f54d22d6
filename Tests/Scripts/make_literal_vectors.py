#!/usr/bin/env python3
"""Writes Tests/Vectors/literals/sign.json: what `signet sign` must print for each text, from the
real Python and Flask 3.1.3.

The texts below are typed by hand (inputs only); every answer comes from Python. The rule signet
documents decides how a text is read: valid JSON (Python's json.loads) is tagged JSON, read with
Flask's own TaggedJSONSerializer.loads; anything else is a Python literal, read with
ast.literal_eval. The session is then dumped by Flask's session serializer (SECRET_KEY below, at
Unix time NOW). One object per text:
    {"text": ..., "cookie": ...}     Flask's cookie, which signet must print byte for byte
    {"text": ..., "error": ...}      the exception Python or Flask raised (or "not a dict"):
                                     signet must refuse the text (exit 10, or 7 for a limit)
    "deviation": reason              set on texts where signet deliberately differs (README),
                                     with "signet": "refuses" or "accepts"
Run from the repository root: python3 Tests/Scripts/make_literal_vectors.py
"""
import ast
import importlib.metadata
import json
import warnings
from pathlib import Path
from unittest import mock

from flask import Flask

assert importlib.metadata.version("Flask") == "3.1.3", "needs Flask 3.1.3"
assert importlib.metadata.version("itsdangerous") == "2.2.0", "needs itsdangerous 2.2.0"

NOW = 1_700_000_000
SECRET_KEY = "literal-vectors-key"
OUT = Path(__file__).resolve().parent.parent / "Vectors" / "literals" / "sign.json"

ACCEPTED = [
    # The example, and every container form.
    "{'user': 'admin', 'cart': (1, 2), 'raw': b'x', 'ok': True}",
    "{'a': None, 'b': False, 'c': [], 'd': (), 'e': {}, 'f': (1,), 'g': (1), 'h': [1, 2,], 'i': {'x': 1,}, 'j': ((1, 2),)}",
    # Quotes and prefixes.
    "{'s': \"dq\", 't': '''tri\nple''', 'u': \"\"\"x\"y\"\"\", 'r': r'\\d+\\'', 'R': R\"a\\b\", 'U': u'\\u00e9',"
    " 'b': b'\\x00\\xff', 'br': br'\\x', 'rb': Rb'\\n', 'B': B\"q\", 'e': '', 'eb': b''}",
    "{'q': '\"', 'qq': \"'\", 'tq': '''a'b''c''', 'raw_nl': r'a\\\nb'}",
    # Escapes, unknown ones kept, octal past \\377 in str and in bytes.
    "{'e': '\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"\\0\\12\\777\\x41\\u20ac\\U0001F600\\q\\8\\ '}",
    "{'b': b'\\u1234\\N{BULLET}\\777\\400\\x7f\\q'}",
    "{'c': 'a\\\nb'}",
    # Unicode names, any case, algorithmic ones.
    "{'n': '\\N{SNOWMAN}\\N{latin small letter e with acute}\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{HANGUL SYLLABLE GA}'}",
    # Lone surrogates, and a pair written as two escapes (two code points in Python).
    "{'s': '\\ud800', 'p': '\\ud83d\\ude00', '\\udfff': 1}",
    # Implicit concatenation, across lines inside brackets.
    "{'c': 'a' \"b\" '''c''', 'd': ('x'\n 'y'), 'e': b'1' rb'\\2', 'f': 'x' # comment\n 'z'}",
    # Comments, line breaks, continuations.
    "{ # a comment\n'a': 1, # more\n 'b': [1,\n 2]\n}",
    "{'a': \\\n 1}",
    "{'a': 1}\n# trailing comment",
    # Integers of every base and size.
    "{'i': [0, -0, 7, -7, 1_000_000, 0x_FF, 0XdeadBEEF, 0o777, 0O1_0, 0b1010, 0B_1, -0x10, +5, 00, 0_0]}",
    "{'big': 123456789012345678901234567890, 'neg': -0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, 'bin': 0b" + "1" * 200 + "}",
    "{'n': " + "9" * 4300 + "}",
    "{'n': -0x" + "f" * 3500 + "}",
    # Floats: forms, rounding, overflow to infinity, underflow.
    "{'f': [1.5, -0.0, 0.0, .5, 5., 1e3, 1E-3, 1_0.0_1, 1e1_0, 00.5, 1.e2, -1e999, 1e999, 1e-400, 2.5e-308,"
    " 1.7976931348623157e308, 0.1, 123456789.123456789, 3.141592653589793238462643383279, 9007199254740993.0]}",
    "{'p': -(1), 'q': +(2.5), 'r': ((3)), 's': (-4), 't': - 5}",
    # Keys: a tag key is escaped by Flask, duplicates keep the first place and the last value.
    "{' t': [1, 2]}",
    "{'a': {' b': 'x'}, 'b': {' di': 1}, 'c': {' t': 1, 'other': 2}}",
    "{'a': 1, 'b': 2, 'a': 3}",
    "{'b': 1, 'a': 2, 'B': 3, '': 4, '\u00e9': 5, '\\U0001F600': 6, '\\uffff': 7}",
    # Non-ASCII source text.
    "{'\u00e9': '\u00fc\u2603\U0001F600', 'k': \"\\N{BULLET}\"}",
    # Valid JSON: tagged JSON, read by Flask's tagged serializer.
    '{"a": [1, 2], "t": {" t": [1, 2]}, "b": {" b": "eA=="}, "m": {" m": "<b>x</b>"}}',
    '{"u": {" u": "12345678123456781234567812345678"}, "d": {" d": "Tue, 14 Nov 2023 22:13:20 GMT"}}',
    '{"a": NaN, "b": Infinity}',
    # 199 nested brackets: within Python's parser.
    "{'deep': " + "[" * 198 + "]" * 198 + "}",
]

REFUSED = [
    "{'a': 1", "{'a': [1, 2}", "{'a': 1 2}", "{'a': 1}, 2", "{'a': 1}\n{'b': 2}", "{'a':}", "{,}",
    "{'a': {1, 2}}", "{'a': set()}", "{'a': 1j}", "{'a': 1+2j}", "{'a': -1J}",
    "{'a': inf}", "{'a': nan}", "{'a': Markup('x')}", "{'a': ...}", "{'a': true}", "{'a': x}",
    "{'a': f'x'}", "{'a': 'x' b'y'}", "{'a': 01}", "{'a': 1_}", "{'a': 1__0}", "{'a': 0b2}", "{'a': 0x}",
    "{'a': 1e}", "{'a': 1.2.3}", "{'a': --1}", "{'a': -True}", "{'a': -'x'}", "{'a': 'unterminated}",
    "{'a': 'new\nline'}", "{'a': '\\x4'}", "{'a': '\\U00110000'}", "{'a': '\\N{NOT A REAL NAME}'}",
    "{'a': '\\N{SNOWMAN'}", "{'a': b'\u00e9'}", "{'a': '''open}",
    "[1, 2]", "'text'", "(1, 2)", "None", "{'a': {(1, 2): 3}}", "{'a': {b'k': 3}}", "{'a': {None: 1, 'b': 2}}",
    "{'n': " + "9" * 4301 + "}",
    "{'n': 0x" + "f" * 3600 + "}",
    '{" t": [1, 2]}',
]

# Where signet differs from Python on purpose (README, "sign").
DEVIATIONS = {
    "{1: 2}": ("non-str dict key: Flask's JSON writes it as a string; signet asks for the string", "refuses"),
    "{'a': {1: 'x', 2.5: 'y'}}": ("non-str dict key", "refuses"),
    "{'deep': " + "[" * 300 + "]" * 300 + "}": ("deeper than Python's parser (200 brackets), within the JSON depth limit", "accepts"),
}


def app():
    flask_app = Flask("literal_vectors")
    flask_app.secret_key = SECRET_KEY
    return flask_app


def oracle(text):
    """What Python does with `text` under signet's rule: the cookie, or the exception's class."""
    flask_app = app()
    try:
        json.loads(text)
        is_json = True
    except ValueError:
        is_json = False
    with flask_app.app_context(), mock.patch("time.time", return_value=NOW), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = flask_app.session_interface.serializer.loads(text) if is_json else ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as error:
            return {"error": type(error).__name__}
        if not isinstance(value, dict):
            return {"error": "not a dict"}
        try:
            return {"cookie": flask_app.session_interface.get_signing_serializer(flask_app).dumps(value)}
        except (ValueError, TypeError, RecursionError) as error:
            return {"error": type(error).__name__}


def main():
    vectors = []
    for text in ACCEPTED:
        answer = oracle(text)
        assert "cookie" in answer, f"Python refused an accepted case: {text[:60]!r}: {answer}"
        vectors.append({"text": text, **answer})
    for text in REFUSED:
        answer = oracle(text)
        assert "error" in answer, f"Python accepted a refused case: {text[:60]!r}"
        vectors.append({"text": text, **answer})
    for text, (reason, signet) in DEVIATIONS.items():
        vectors.append({"text": text, **oracle(text), "deviation": reason, "signet": signet})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("[\n" + ",\n".join(json.dumps(v, ensure_ascii=False) for v in vectors) + "\n]\n")
    print(f"{OUT}: {len(vectors)} vectors")


if __name__ == "__main__":
    main()
