#!/usr/bin/env python3
"""Instructions, and distinct 64-byte cache lines and 4 KiB pages of code and data, that one warm
call of signet_cookie_value and of signet_verify touches (issue 15: on a server's request path
these lines are mostly cold, and each one missed costs more than the instructions around it).

    python3 Tests/Benchmarks/touched_lines.py COLD_CACHE_BINARY COOKIE KEY

COLD_CACHE_BINARY is .build/bench/cold_cache, which Tests/Benchmarks/run.sh builds. Runs it once under
`valgrind --tool=lackey --trace-mem=yes` (deterministic: no timing) and reads the trace between
the stores to its `marker` around the third call."""
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, cookie, key = sys.argv[1:]
    with tempfile.TemporaryDirectory() as work:
        trace = os.path.join(work, "trace")
        run = subprocess.run(["valgrind", "--tool=lackey", "--trace-mem=yes", f"--log-file={trace}",
                              binary, "--mark", cookie, key], capture_output=True, text=True)
        found = re.search(r"marker 0x([0-9a-f]+)", run.stdout)
        if run.returncode != 0 or not found:
            sys.exit(f"touched_lines: the program failed:\n{run.stdout}{run.stderr}")
        store = re.compile(r"^ S ([0-9a-f]+),")
        access = re.compile(r"^(I| L| S| M)\s+([0-9a-f]+),")
        marker = int(found.group(1), 16)
        # The last three stores to the marker bound the two calls of the third round.
        with open(trace) as lines:
            text = lines.read().split("\n")
        marks = [i for i, line in enumerate(text) if (m := store.match(line)) and int(m.group(1), 16) == marker]
        if len(marks) < 3:
            sys.exit("touched_lines: markers not found in the trace")
        first, middle, last = marks[-3:]
        print(f"{'call':22} {'instructions':>12} {'code lines':>10} {'code pages':>10} {'data lines':>10} {'data pages':>10}")
        for name, (start, end) in (("signet_cookie_value", (first, middle)), ("signet_verify", (middle, last))):
            code, data = [], []
            for line in text[start + 1:end]:
                m = access.match(line)
                if m:
                    (code if m.group(1) == "I" else data).append(int(m.group(2), 16))
            print(f"{name:22} {len(code):12,} {len({a >> 6 for a in code}):10} {len({a >> 12 for a in code}):10} "
                  f"{len({a >> 6 for a in data}):10} {len({a >> 12 for a in data}):10}")


if __name__ == "__main__":
    main()
