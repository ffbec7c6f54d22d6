#!/usr/bin/env python3
"""The peer: Flask 3.1 / itsdangerous 2.2 doing what Flask does per request.

verify: the session interface's serializer `loads(cookie, max_age=PERMANENT_SESSION_LIFETIME)`
        (SecureCookieSessionInterface.open_session without the request plumbing), the leanest
        Python path and the one the table compares against; also, for the record,
        verify-open_session: what open_session itself does (a new serializer per request, then
        the session object);
mint:   its `dumps(dict(session))` (save_session), with the clock pinned to the input's
        timestamp so the cookie can be compared with the expected bytes.

Both run inside an app context, as in a request (Flask's JSON sorts keys only there). Results
are checked before and after timing: the session read back must equal the one Flask minted,
and the minted cookie must equal the input cookie. Prints "RESULT python ..." lines like the
C drivers, medians of RUNS batches, timed per CPU-second of the thread (time.thread_time) as
the C and Swift drivers are.
"""
import statistics
import sys
import time

import itsdangerous
from flask import Flask


def measure(fn, runs, batch_seconds):
    n = 1
    while True:
        start = time.thread_time()
        for _ in range(n):
            fn()
        elapsed = time.thread_time() - start
        if elapsed > batch_seconds / 4:
            n = int(n * batch_seconds / elapsed) + 1
            break
        n *= 4
    rates = []
    for _ in range(runs):
        start = time.thread_time()
        for _ in range(n):
            fn()
        rates.append(n / (time.thread_time() - start))
    return statistics.median(rates)


def main():
    args = [a for a in sys.argv[1:] if a != "--smoke"]
    smoke = "--smoke" in sys.argv
    runs, batch = (1, 0.002) if smoke else (7, 0.1)
    for line in open(args[0]):
        name, key, ts, cookie, tagged = line.rstrip("\n").split("\t")
        ts = int(ts)
        app = Flask("signet-bench")
        app.config["SECRET_KEY"] = key
        with app.app_context():
            s = app.session_interface.get_signing_serializer(app)
            max_age = int(app.permanent_session_lifetime.total_seconds())
            expected = s.serializer.loads(tagged)

            def verify():
                return s.loads(cookie, max_age=max_age)

            # What Flask's open_session does per request on top: a new serializer each time
            # and the session object (the cookie already read from the request).
            interface = app.session_interface

            def open_session():
                data = interface.get_signing_serializer(app).loads(cookie, max_age=max_age)
                return interface.session_class(data)

            original = itsdangerous.TimestampSigner.get_timestamp
            itsdangerous.TimestampSigner.get_timestamp = lambda self: ts
            try:
                def mint():
                    return s.dumps(dict(expected))

                for _ in range(2):  # before and after timing
                    if verify() != expected or mint() != cookie:
                        sys.exit("benchmark: Flask disagrees with the inputs for " + name)
                    if _ == 0:
                        print("RESULT python %s verify %.1f" % (name, measure(verify, runs, batch)), flush=True)
                        print("RESULT python %s mint %.1f" % (name, measure(mint, runs, batch)), flush=True)
                        if open_session() != expected:
                            sys.exit("benchmark: Flask's open_session disagrees with the inputs for " + name)
                        print("RESULT python %s verify-open_session %.1f" % (name, measure(open_session, runs, batch)), flush=True)
            finally:
                itsdangerous.TimestampSigner.get_timestamp = original


if __name__ == "__main__":
    main()
