#!/usr/bin/env python3
"""Writes Tests/Vectors/hmac/rfc.json: the RFC 2202 (HMAC-MD5, HMAC-SHA1) and RFC 4231
(HMAC-SHA-224/256/384/512) test inputs, with each MAC computed by Python's hmac module, and
checked here against the value the RFC prints so neither side is typed by hand into the tests.

Run from the repository root: python3 Tests/Scripts/make_hmac_vectors.py
"""
import hashlib
import hmac
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "Vectors" / "hmac" / "rfc.json"

# (key, data) pairs of the RFCs' test cases.
RFC2202_SHA1 = [
    (b"\x0b" * 20, b"Hi There"),
    (b"Jefe", b"what do ya want for nothing?"),
    (b"\xaa" * 20, b"\xdd" * 50),
    (bytes(range(1, 26)), b"\xcd" * 50),
    (b"\x0c" * 20, b"Test With Truncation"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key - Hash Key First"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
]
RFC2202_MD5 = [
    (b"\x0b" * 16, b"Hi There"),
    (b"Jefe", b"what do ya want for nothing?"),
    (b"\xaa" * 16, b"\xdd" * 50),
    (bytes(range(1, 26)), b"\xcd" * 50),
    (b"\x0c" * 16, b"Test With Truncation"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key - Hash Key First"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
]
RFC4231 = [
    (b"\x0b" * 20, b"Hi There"),
    (b"Jefe", b"what do ya want for nothing?"),
    (b"\xaa" * 20, b"\xdd" * 50),
    (bytes(range(1, 26)), b"\xcd" * 50),
    (b"\x0c" * 20, b"Test With Truncation"),
    (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First"),
    (b"\xaa" * 131, b"This is a test using a larger than block-size key and a larger than block-size data. "
                    b"The key needs to be hashed before being used by the HMAC algorithm."),
]
# Spot checks against the RFC text: a wrong transcription of the inputs fails here.
PRINTED = {
    ("sha1", 0): "b617318655057264e28bc0b6fb378c8ef146be00",
    ("md5", 1): "750c783e6ab0b503eaa86e310a5db738",
    ("sha256", 1): "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ("sha512", 0): "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                   "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
}


def main():
    cases = []
    groups = [("md5", RFC2202_MD5, "RFC 2202"), ("sha1", RFC2202_SHA1, "RFC 2202")]
    groups += [(name, RFC4231, "RFC 4231") for name in ["sha224", "sha256", "sha384", "sha512"]]
    for digest, inputs, source in groups:
        for index, (key, data) in enumerate(inputs):
            mac = hmac.new(key, data, getattr(hashlib, digest)).hexdigest()
            if (digest, index) in PRINTED:
                assert mac == PRINTED[(digest, index)], (digest, index)
            cases.append({"source": f"{source} case {index + 1}", "digest": digest,
                          "key_hex": key.hex(), "data_hex": data.hex(), "mac_hex": mac})
    digests = []
    for digest in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]:
        for data in [b"", b"abc", b"a" * 1000, bytes(range(256))]:
            digests.append({"digest": digest, "data_hex": data.hex(), "hash_hex": hashlib.new(digest, data).hexdigest()})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"generator": "Tests/Scripts/make_hmac_vectors.py", "cases": cases, "digests": digests}
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
