"""The profile table and the one unverified decoder, through the C ABI and the command line.

Run after `swift build -c release --product signet` and `--product signet-cli`:

    python3 Tests/CLI/test_profiles.py

- `signet profiles --json` prints the table (Sources/Signet/Profile.swift); C's presets by name
  (signet_preset_name) are the same rows, in the same order.
- Every row signs, through signet_options_init + signet_mint or signet_sign in C and through
  `signet sign --profile` on the command line, as the Python it names (Tests/Scripts/oracle.py
  builds it from the key alone). Tests/SignetTests/UnverifiedTokenTests checks the Swift API.
- signet_decode_unsafe and `signet decode` give itsdangerous's loads_unsafe answers on
  Tests/Vectors/unsafe/loads_unsafe.json (odd splits), then on random tokens, answered live.
Skipped without Flask 3.1.3 and itsdangerous 2.2.0, failing under CI=true.
"""
import ctypes
import json
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Scripts"))
from test_cli import HAVE_PYTHON_ORACLE, ROOT, main, run  # noqa: E402

if HAVE_PYTHON_ORACLE:
    import oracle  # noqa: E402

LIBRARY = os.environ.get("SIGNET_LIB", os.path.join(ROOT, ".build", "release", "libsignet.so"))
VECTORS = os.path.join(ROOT, "Tests", "Vectors", "unsafe", "loads_unsafe.json")
NOW = 1_700_000_000
SIGNET_OK, SIGNET_E_BUFFER_TOO_SMALL = 0, -100


class Bytes(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_char_p), ("len", ctypes.c_size_t)]


class Options(ctypes.Structure):  # struct signet_options of include/signet.h
    _fields_ = [("struct_size", ctypes.c_size_t), ("secret_keys", ctypes.POINTER(Bytes)), ("secret_key_count", ctypes.c_size_t),
                ("salt", Bytes), ("separator", Bytes),
                ("digest", ctypes.c_int), ("key_derivation", ctypes.c_int), ("algorithm", ctypes.c_int),
                ("json_style", ctypes.c_int), ("payload", ctypes.c_int),
                ("timed", ctypes.c_int), ("flask_tags", ctypes.c_int),
                ("max_age", ctypes.c_int64), ("legacy_epoch", ctypes.c_int),
                ("max_token_length", ctypes.c_size_t), ("max_decompressed_size", ctypes.c_size_t),
                ("max_depth", ctypes.c_uint32), ("max_integer_digits", ctypes.c_uint32)]


class C:
    """The few functions of libsignet.so these tests call."""

    def __init__(self):
        lib = self.lib = ctypes.CDLL(LIBRARY)
        lib.signet_preset_name.restype = ctypes.c_char_p
        lib.signet_preset_name.argtypes = [ctypes.c_int]
        lib.signet_preset_from_name.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
        lib.signet_options_init.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        lib.signet_new.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
        lib.signet_free.argtypes = [ctypes.c_void_p]
        out = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
        lib.signet_mint.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64] + out
        lib.signet_sign.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t] + out
        lib.signet_timestamp_sign.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64] + out
        lib.signet_decode_unsafe.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64] + out + [
            ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_int)]

    def preset_names(self):
        names, preset = [], 1
        while (name := self.lib.signet_preset_name(preset)) is not None:
            names.append(name.decode())
            preset += 1
        return names

    def context(self, name, key):
        preset = ctypes.c_int()
        assert self.lib.signet_preset_from_name(name.encode(), ctypes.byref(preset)) == SIGNET_OK, name
        options = Options()
        assert self.lib.signet_options_init(ctypes.byref(options), ctypes.sizeof(options), preset) == SIGNET_OK
        self.key = ctypes.create_string_buffer(key.encode(), len(key))
        self.keys = (Bytes * 1)(Bytes(ctypes.cast(self.key, ctypes.c_char_p), len(key)))
        options.secret_keys, options.secret_key_count = self.keys, 1
        context = ctypes.c_void_p()
        assert self.lib.signet_new(ctypes.byref(options), ctypes.byref(context)) == SIGNET_OK
        return context

    def call(self, function, context, data, *middle, extra=()):
        out, length = ctypes.create_string_buffer(1 << 16), ctypes.c_size_t()
        status = function(context, data, len(data), *middle, out, len(out), ctypes.byref(length), *extra)
        return status, out.raw[:length.value] if status == SIGNET_OK else None


@unittest.skipUnless(HAVE_PYTHON_ORACLE, "needs itsdangerous==2.2.0 and Flask==3.1.3")
class ProfileTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = C()
        rc, out, err = run(["profiles", "--json"])
        assert rc == 0, err
        cls.table = [json.loads(line) for line in out.splitlines()]

    def test_c_presets_are_the_table(self):
        self.assertEqual(self.c.preset_names(), [row["names"][0] for row in self.table])
        for row in self.table:
            for name in row["names"]:
                preset = ctypes.c_int()
                self.assertEqual(self.c.lib.signet_preset_from_name(name.encode(), ctypes.byref(preset)), SIGNET_OK)
                self.assertEqual(self.c.lib.signet_preset_name(preset.value).decode(), row["names"][0])
        rc, out, _ = run(["profiles"])
        self.assertEqual(rc, 0)
        for row in self.table:
            self.assertIn(row["python"], out)

    def test_every_profile_signs_as_its_python(self):
        key, at = "profile-key", NOW
        value = b'{"user":"ada","cart":[1,2],"n":1.5}'
        for row in self.table:
            name = row["names"][0]
            expected = oracle.handle({"op": "profile_sign", "python": row["python"], "key": key,
                                      "value_hex": value.hex(), "timestamp": at})["token"].encode()
            context = self.c.context(name, key)
            if row["value"] == "bytes":
                if row["timed"]:
                    got = self.c.call(self.c.lib.signet_timestamp_sign, context, value, at)
                else:
                    got = self.c.call(self.c.lib.signet_sign, context, value)
            else:
                got = self.c.call(self.c.lib.signet_mint, context, value, at)
            self.c.lib.signet_free(context)
            self.assertEqual(got, (SIGNET_OK, expected), name)
            for alias in row["names"]:
                rc, out, err = run(["sign", "--profile", alias, "--secret", key, "--timestamp", str(at), value.decode()],
                                   secrets=())
                self.assertEqual((rc, out.strip()), (0, expected.decode()), f"{alias}: {err}")
            # verify and decode print the value as JSON; a signer's bytes as a JSON string.
            shown = json.dumps(value.decode()) if row["value"] == "bytes" else \
                json.dumps(json.loads(value), sort_keys=True, separators=(",", ":"))
            rc, out, err = run(["verify", "--profile", name, "--secret", key, "--now", str(at), expected.decode()], secrets=())
            if row["own_json"]:  # Starlette's and Django's rows print their framework's own JSON
                self.assertEqual((rc, json.loads(out)), (0, json.loads(value)), f"{name}: {err}")
            else:
                self.assertEqual((rc, out.strip()), (0, shown), f"{name}: {err}")
            rc, out, err = run(["decode", "--profile", name, "--json", expected.decode()])
            decoded = json.loads(out)
            self.assertEqual((rc, json.dumps(decoded["payload"], sort_keys=True, separators=(",", ":")), decoded["signed_at"]),
                             (0, shown, at if row["timed"] else None), f"{name}: {err}")

    def check_decoders(self, python, key, token, now, expect, label):
        """signet_decode_unsafe and `signet decode` against loads_unsafe's answer `expect`."""
        row = next(r for r in self.table if r["python"] == python)
        name = row["names"][0]
        context = self.c.context(name, key)
        signed_at, verify_status = ctypes.c_int64(), ctypes.c_int()
        status, canonical = self.c.call(self.c.lib.signet_decode_unsafe, context, token, now,
                                        extra=(ctypes.byref(signed_at), ctypes.byref(verify_status)))
        self.c.lib.signet_free(context)
        # The command line reads a COOKIE with "=" or ";" as pasted pairs, and trims whitespace:
        # such tokens are checked in C only.
        on_command_line = not (set(token) & set(b"=;")) and token.strip() == token != b""
        if on_command_line:
            rc, out, err = run(["decode", "--profile", name, "--json", "--", token.decode("latin1")], secrets=())
            shown = json.dumps(json.loads(out)["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=True) if rc == 0 else None
        if not expect.get("signature_canonical", True):
            # README's deviations: a signature not in canonical base64 is bad to Signet, whatever
            # Python's lenient decoder makes of it.
            self.assertNotEqual(verify_status.value, SIGNET_OK, label)
            return
        if "error" in expect:
            # Genuine, and the payload does not decode: C says so, decode shows nothing.
            self.assertEqual(verify_status.value, SIGNET_OK, label)
            self.assertNotEqual(status, SIGNET_OK, label)
            self.assertTrue(not on_command_line or rc != 0, label)
            return
        self.assertEqual(verify_status.value == SIGNET_OK, expect["valid"], label)
        readable = expect["signet_must_agree"] and expect["json"] is not None and (expect["is_dict"] or not row["flask_tags"])
        if readable:
            self.assertEqual((status, canonical.decode() if canonical else None), (SIGNET_OK, expect["json"]), label)
            if on_command_line and row["flask_tags"]:
                # decode shows the JSON as signed; Flask's canonical text of it is Python's.
                self.assertEqual(rc, 0, f"{label}: {err}")
            elif on_command_line:
                self.assertEqual(shown, expect["json"], label)
        else:
            self.assertNotEqual(status, SIGNET_OK, label)
            self.assertTrue(not on_command_line or rc != 0, label)

    def test_unsafe_vectors(self):
        with open(VECTORS) as f:
            vectors = json.load(f)
        for case in vectors["cases"]:
            token = case["token"].encode("latin1")
            self.check_decoders(case["python"], vectors["key"], token, vectors["now"], case["expect"],
                                f"{case['python']} {case['token']!r}")

    def test_random_tokens(self):
        seed = int(os.environ.get("SIGNET_SEED", random.randrange(1 << 32)))
        rng = random.Random(seed)
        key = "live-key"
        alphabet = b"eyJhIjoxfQ.ZVPxAA-_!=."
        for row in self.table:
            if row["value"] != "json" or row["own_json"]:  # Starlette and Django have no loads_unsafe
                continue
            for signing_key in (key, "wrong-key"):
                genuine = oracle.handle({"op": "profile_sign", "python": row["python"], "key": signing_key,
                                         "value_hex": b'{"a":1,"b":[1,2]}'.hex(), "timestamp": NOW - 5})["token"].encode()
                for _ in range(12):
                    token = bytearray(genuine)
                    for _ in range(rng.randint(1, 3)):
                        if not token:
                            break
                        at = rng.randrange(len(token))
                        operation = rng.randrange(3)
                        if operation == 0:
                            token.insert(at, ord("."))
                        elif operation == 1:
                            del token[at]
                        else:
                            token[at] = rng.choice(alphabet)
                    token = bytes(token)
                    answer = oracle.handle({"op": "loads_unsafe", "python": row["python"], "key": key,
                                            "token": token.decode("latin1"), "now": NOW})
                    self.check_decoders(row["python"], key, token, NOW, answer, f"{token!r} (SIGNET_SEED={seed})")


if __name__ == "__main__":
    main("test_profiles")
