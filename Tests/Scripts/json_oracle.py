#!/usr/bin/env python3
"""CPython's json module as the oracle for Signet's PythonJSON.

    json_oracle.py vectors > Tests/Vectors/json/cases.txt   regenerate the committed vectors
    json_oracle.py serve < requests > answers                answer a batch for the live test

Values travel in a small tagged text format, so neither side needs a JSON parser to read
them (the thing under test) and strings may hold lone surrogates:

    n  t  f                null, true, false
    i<decimal>;            int
    d<16 hex digits>;      float, by IEEE 754 bit pattern
    s<hex>;                str, as WTF-8 (UTF-8 with surrogatepass)
    a<count>;<values>      list
    o<count>;<key value>   dict, keys as s-values, in insertion order

Vector file lines (tab-separated, `#` starts a comment):

    enc  <tagged value>  <pythonDefault>  <compact>  <flask>
    dec  <input>  <depth>  <result>

An encoder output is hex of the UTF-8 bytes, or `!unserializable`. A decoder input is
comma-separated pieces, each `hex` or `hex*count`. Depth is the deepest bracket nesting of the
input. A result is `ok:<tagged value>` or `err:<kind>:<hex of Python's message>`, kind one of
badJSON (JSONDecodeError), badUTF8 (UnicodeDecodeError), integerTooLong (int digit limit),
jsonTooDeep (RecursionError).

serve reads `E <tagged value>` and `D <hex>` lines and answers one line each, in the formats
above (`E` answers are the three encoder outputs joined by tabs).
"""

import json
import math
import random
import struct
import sys
from contextlib import contextmanager

OPTION_SETS = [
    ("pythonDefault", {}),
    ("compact", {"separators": (",", ":"), "ensure_ascii": False}),
    ("flask", {"separators": (",", ":"), "sort_keys": True}),
]


# ----- tagged format -----

def to_tag(value, out):
    if value is None:
        out.append("n")
    elif value is True:
        out.append("t")
    elif value is False:
        out.append("f")
    elif isinstance(value, int):
        out.append("i%d;" % value)
    elif isinstance(value, float):
        out.append("d%s;" % struct.pack(">d", value).hex())
    elif isinstance(value, str):
        out.append("s%s;" % value.encode("utf-8", "surrogatepass").hex())
    elif isinstance(value, list):
        out.append("a%d;" % len(value))
        for item in value:
            to_tag(item, out)
    elif isinstance(value, dict):
        out.append("o%d;" % len(value))
        for key, item in value.items():
            to_tag(key, out)
            to_tag(item, out)
    else:
        raise TypeError(type(value))


@contextmanager
def deep_recursion():
    """Lifts the limits json itself is subject to, for the tagged codec only."""
    old_limit, old_digits = sys.getrecursionlimit(), sys.get_int_max_str_digits()
    sys.setrecursionlimit(max(old_limit, 250_000))
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.setrecursionlimit(old_limit)
        sys.set_int_max_str_digits(old_digits)


def tag(value):
    out = []
    with deep_recursion():
        to_tag(value, out)
    return "".join(out)


def from_tag(text):
    pos = 0

    def field():
        nonlocal pos
        end = text.index(";", pos)
        result = text[pos:end]
        pos = end + 1
        return result

    def value():
        nonlocal pos
        kind = text[pos]
        pos += 1
        if kind == "n":
            return None
        if kind == "t":
            return True
        if kind == "f":
            return False
        if kind == "i":
            return int(field())
        if kind == "d":
            return struct.unpack(">d", bytes.fromhex(field()))[0]
        if kind == "s":
            return bytes.fromhex(field()).decode("utf-8", "surrogatepass")
        if kind == "a":
            return [value() for _ in range(int(field()))]
        if kind == "o":
            result = {}
            for _ in range(int(field())):
                key = value()
                result[key] = value()
            return result
        raise ValueError("bad tag %r at %d" % (kind, pos - 1))

    with deep_recursion():
        result = value()
    assert pos == len(text), "trailing tagged text"
    return result


# ----- the oracle -----

def py_encode(value, options):
    try:
        return json.dumps(value, **options).encode("utf-8").hex()
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        return "!unserializable"


def py_decode(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return "err:badUTF8:" + str(error).encode().hex()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return "err:badJSON:" + str(error).encode().hex()
    except RecursionError as error:
        return "err:jsonTooDeep:" + str(error).encode().hex()
    except ValueError as error:  # int("...") over sys.get_int_max_str_digits()
        return "err:integerTooLong:" + str(error).encode().hex()
    return "ok:" + tag(value)


def depth_of(data):
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def serve():
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.startswith("E "):
            value = from_tag(line[2:])
            out.write("\t".join(py_encode(value, options) for _, options in OPTION_SETS) + "\n")
        elif line.startswith("D "):
            out.write(py_decode(bytes.fromhex(line[2:])) + "\n")
        else:
            raise SystemExit("bad request line: %r" % line[:40])


# ----- committed vectors -----

def encode_cases(rng):
    cases = [None, True, False, 0, 1, -1, 42, -42, 2**31, 2**53, 2**53 + 1, 2**63 - 1, -2**63, 2**64,
             10**100, -(10**200), int("9" * 4300), -int("9" * 4300), 10**4300, -(10**4300)]

    floats = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 100.0, 1e16, 1e15, 9999999999999998.0,
              1e17, 0.0001, 0.00001, 0.00012345, 0.000012345, 123456789012345680.0, 5e-324, -5e-324,
              1e-323, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e+308,
              -1.7976931348623157e+308, 1e22, 1e23, 1e21, 1.5e300, 1.5e-300, 1e-7, 123.456, 1e100,
              2.0**53, 2.0**63, 2.0**64, 2.0**-1074, 2.0**-1022, 0.5, 1234567.0, 12345678901234567.0,
              math.inf, -math.inf, math.nan, 3.141592653589793, 2.718281828459045, 1e-5, 9.5e-5,
              1e-4 * 0.9999999999999999, 1e16 - 2, 1e16 + 2, 4.35, 0.1 + 0.2]
    for exponent in range(-330, 310, 7):
        floats.append(float("1e%d" % exponent))
        floats.append(float("4.9e%d" % exponent))
    while len(floats) < 400:
        bits = rng.getrandbits(64)
        value = struct.unpack(">d", bits.to_bytes(8, "big"))[0]
        floats.append(value)
    for _ in range(60):  # subnormals
        floats.append(struct.unpack(">d", rng.getrandbits(52).to_bytes(8, "big"))[0])
    for _ in range(60):  # short decimals
        floats.append(float("%d.%de%d" % (rng.randrange(10), rng.randrange(1000), rng.randrange(-20, 25))))
    cases += floats

    strings = ["", "a", "hello world", '"', "\\", "/", "'", "\x7f", "\x80", "\xa0", "\xff", "\u0100",
               "\u07ff", "\u0800", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U00010000",
               "\U0001F600", "\U0010FFFF", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00",
               "a\ud800b", "\ude00\ud83d", "caf\u00e9", "\u65e5\u672c\u8a9e", "<script>&amp;</script>",
               "tab\there", "\x00", "mixed \x01\x1f\x7f\u00e9\U0001F600\ud800 end"]
    strings += [chr(c) for c in range(0x20)]
    strings.append("".join(chr(c) for c in range(0x80)))
    cases += strings

    cases += [[], {}, [[]], [{}], {"": {}}, [1, "a", None, True, 1.5], {"b": 1, "a": 2, "c": [3, {"z": 0, "y": 1}]},
              {"\U00010000": 1, "\uffff": 2, "\ue000": 3, "\ud800": 4, "\ud7ff": 5, "a": 6, "A": 7, "": 8,
               "\u00e9": 9, "e\u0301": 10},
              {"k\ud800": [math.nan, math.inf], "k": {"x": "\U0001F600"}},
              {"_fresh": True, "_permanent": True, "csrf_token": "0123abcd", "user_id": 42,
               "_flashes": [["message", "Hello \u00e9"]]},
              [[[[[["deep"]]]]]], {"a": {"b": {"c": {"d": None}}}},
              ["\U0001F600", {"\ud83d": "\ude00"}], list(range(20)),
              {str(k): k for k in range(40, 0, -1)}]
    return cases


def decode_cases(rng):
    docs = [b'null', b'true', b'false', b'0', b'-0', b'1', b'-1', b'123', b'-123', b'0.0', b'-0.0',
            b'1.5', b'1e5', b'1E5', b'1e+5', b'1e-5', b'1.5e300', b'1e400', b'-1e400', b'1e-400',
            b'-1e-400', b'1e999999999999999999', b'0e99999999999', b'0.1', b'0.30000000000000004',
            b'2.4703282292062328e-324', b'2.4703282292062327e-324', b'1.7976931348623158e+308',
            b'1.7976931348623159e+308', b'9007199254740993', b'9007199254740993.0',
            b'123456789012345678901234567890', b'-123456789012345678901234567890.5',
            b'0.' + b'0' * 400 + b'1', b'1' + b'0' * 400 + b'.0', b'3.' + b'1' * 800,
            b'1' * 4300, b'1' * 4301, b'-' + b'1' * 4300, b'-' + b'1' * 4301, b'[' + b'1' * 4301 + b',',
            b'1' * 4301 + b'.0', b'1' * 5000 + b'e-4990', b'NaN', b'Infinity', b'-Infinity', b'[NaN,Infinity,-Infinity]',
            b'""', b'"a"', b'"\\"\\\\\\/\\b\\f\\n\\r\\t"', b'"\\u0041\\u00e9\\u00E9\\uFFFF"', b'"\\u0000"',
            b'"\\ud83d\\ude00"', b'"\\uD83D\\uDE00"', b'"\\ud83d"', b'"\\ude00"', b'"\\ude00\\ud83d"',
            b'"\\ud83d\\u0041"', b'"\\ud83d\\ud83d\\ude00"', b'"\\ud83dx"', b'"\\ud83d\\"', b'"\\ud83d\\n"',
            b'"\\ud83d\\ude0"', b'"\\ud83d\\uzzzz"', b'"\\ud83d\\uDE00x"', b'["\\ud83d\\ude00"]',
            b'"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80"', b'"\x7f"', b'"\xef\xbb\xbf"', b'" / "',
            b'[]', b'{}', b'[ ]', b'{ }', b'[1,2,3]', b'[1, 2, 3]', b' \t\n\r[ \t\n\r1 \t\n\r, \t\n\r2 \t\n\r] \t\n\r',
            b'{"a":1}', b'{ "a" : 1 , "b" : [ ] }', b'{"a":1,"b":2,"a":3}', b'{"a":1,"a":2,"a":3}',
            b'{"b":1,"a":2,"b":3,"c":4,"a":5}', b'{"":0}', b'{"\\u0061":1,"a":2}', b'{"\\ud83d\\ude00":1,"\xf0\x9f\x98\x80":2}',
            b'[{"a":[{"b":[]}]},{}]', b'{"a":{"a":{"a":{}}}}',
            b'\n\n  [1,\n 2,\n x]', b'[1,\n2,\n"\xc3\xa9\xc3\xa9", x]',
            # invalid
            b'', b' ', b'\n', b'[1,]', b'[,1]', b'[1,,2]', b'{"a":1,}', b'{,}', b"{'a':1}", b"'a'", b'01', b'-01', b'00',
            b'1.', b'.5', b'+1', b'-', b'--1', b'1e', b'1e+', b'1E-', b'1.e5', b'1.5e', b'0x10', b'1_000', b'tru', b'nul', b'fals',
            b'True', b'None', b'nan', b'inf', b'-inf', b'infinity', b'-NaN', b'+Infinity', b'NaNx', b'nulll', b'truefalse',
            b'"\x00"', b'"\x01"', b'"\x1f"', b'"\t"', b'"\n"', b'"a\rb"', b'"\\x41"', b'"\\a"', b'"\\U0001F600"', b'"\\\'"',
            b'"\\u12"', b'"\\u12"x', b'"\\u12345"', b'"\\u004"', b'"\\u0041', b'"\\u00411', b'"\\uGGGG"', b'"\\u-123"',
            b'"abc', b'"', b'"\\', b'"\\"', b'["a', b'\xef\xbb\xbf1', b'\xef\xbb\xbf', b' \xef\xbb\xbf1',
            b'\xff', b'"\xff"', b'"\xc0\x80"', b'"\xed\xa0\x80"', b'"\xed\xbf\xbf"', b'"\xe2\x82"', b'"\xf4\x90\x80\x80"',
            b'"\xf0\x9f\x98"', b'"\x80"', b'[1, 2 \xff', b'[\xc3\xa9]', b'\xc3\xa9', b'["\xc3\xa9" x]', b'1 \xff',
            b'[1 2]', b'{"a" 1}', b'{"a":1 "b":2}', b'{1:2}', b'{"a"}', b'{"a":}', b'{"a"', b'{"a":', b'{"a":1', b'[',
            b'{', b']', b'}', b'[1', b'[1,', b'[[]', b'[]]', b'{}}', b'1 2', b'[] []', b'/* c */ 1', b'1 // c', b'# c\n1',
            b'\x0b1', b'\x0c1', b'\xc2\xa01', b'1\x00', b'\x001', b'[1]x', b'"a"b', b'[1,2,3,]', b'{"a":[1,}',
            b'[-]', b'[-x]', b'[1.]', b'[.1]', b'[01]', b'["a\\"]', b'{"a":1}}', b'{"a" : 1 , }',
            b'"\\ud800\\u"', b'"\\ud800\\u12"', b'"\\ud800\\u123"',
            ]
    cases = [[(doc, 1)] for doc in docs]
    for depth in (10, 500, 990, 994, 995, 996, 999, 1000, 1001, 100_000):
        cases.append([(b"[", depth), (b"]", depth)])
        cases.append([(b'{"a":', depth), (b"1", 1), (b"}", depth)])
    cases.append([(b"[", 100_000)])
    cases.append([(b'[{"a":', 50_000)])
    cases.append([(b"[", 1000), (b"]", 999)])
    # Random garbage and mutations of valid documents.
    alphabet = b'[]{}",:\\ 0123456789.eE+-tfnulrsaINfy\x00\x1f\x7f\xc3\xa9\xff\xedu'
    seeds = [b'{"a":[1,2.5e3,"x\\u00e9y"],"b":{"c":null,"d":true}}', b'[-0.0,1e-7,"\\ud83d\\ude00",false]',
             b'{"k":"\xc3\xa9\xf0\x9f\x98\x80","n":-12345678901234567890}']
    for _ in range(250):
        doc = bytearray(rng.choice(seeds))
        for _ in range(rng.randrange(1, 4)):
            op = rng.randrange(3)
            pos = rng.randrange(len(doc) + 1)
            if op == 0 and pos < len(doc):
                del doc[pos]
            elif op == 1:
                doc.insert(pos, rng.choice(alphabet))
            elif pos < len(doc):
                doc[pos] = rng.choice(alphabet)
        cases.append([(bytes(doc), 1)])
    return cases


def spec(pieces):
    return ",".join(piece.hex() + ("*%d" % count if count != 1 else "") for piece, count in pieces)


def vectors():
    rng = random.Random(20240611)
    out = sys.stdout
    out.write("# Generated by Tests/Scripts/json_oracle.py vectors (CPython %s); do not edit.\n"
              % sys.version.split()[0])
    for value in encode_cases(rng):
        outputs = [py_encode(value, options) for _, options in OPTION_SETS]
        out.write("enc\t%s\t%s\n" % (tag(value), "\t".join(outputs)))
    for pieces in decode_cases(rng):
        data = b"".join(piece * count for piece, count in pieces)
        out.write("dec\t%s\t%d\t%s\n" % (spec(pieces), depth_of(data), py_decode(data)))


if __name__ == "__main__":
    sys.set_int_max_str_digits(4300)  # the 3.11 default, in case the environment changed it
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "vectors":
        vectors()
    elif command == "serve":
        serve()
    else:
        raise SystemExit(__doc__)
