#!/usr/bin/env python3
"""Instructions, and distinct 64-byte cache lines and 4 KiB pages of code and data, that one warm
call of signet_cookie_value and of signet_verify touches (issue 15: on a server's request path
these lines are mostly cold, and each one missed costs more than the instructions around it).

    python3 Tests/Benchmarks/touched_lines.py COLD_CACHE_BINARY COOKIE KEY

COLD_CACHE_BINARY is .build/bench/cold_cache, which Tests/Benchmarks/run.sh builds. Runs it once under
`valgrind --tool=lackey --trace-mem=yes` (deterministic: no timing) and reads the trace between
the stores to its `marker` around each call of the third round. Two more tables split each call's code lines and
data lines by the mapping they belong to (the program's /proc/self/maps, which --mark prints: an
object's name, "X .bss" past its file, or the stack, heap and thread block cold_cache names)."""
import os
import re
import subprocess
import sys
import tempfile


def traced_round(binary, cookie, key):
    """Runs `binary --mark COOKIE KEY` under lackey. Returns its output (with the `map` lines of
    its /proc/self/maps) and, for the third round's signet_cookie_value and signet_verify, the
    addresses each touched in order as ("I" for code, "D" for data, address) pairs."""
    with tempfile.TemporaryDirectory() as work:
        trace = os.path.join(work, "trace")
        run = subprocess.run(["valgrind", "--tool=lackey", "--trace-mem=yes", f"--log-file={trace}",
                              binary, "--mark", cookie, key], capture_output=True, text=True)
        found = re.search(r"marker 0x([0-9a-f]+)", run.stdout)
        if run.returncode != 0 or not found:
            sys.exit(f"touched_lines: the program failed:\n{run.stdout}{run.stderr}")
        with open(trace) as lines:
            text = lines.read().split("\n")
    store = re.compile(r"^ S ([0-9a-f]+),")
    access = re.compile(r"^(I| L| S| M)\s+([0-9a-f]+),")
    marker = int(found.group(1), 16)
    # The last four stores to the marker bound the two calls of the third round, one pair each.
    marks = [i for i, line in enumerate(text) if (m := store.match(line)) and int(m.group(1), 16) == marker]
    if len(marks) < 4:
        sys.exit("touched_lines: markers not found in the trace")
    calls = []
    for start, end in (marks[-4:-2], marks[-2:]):
        calls.append([("I" if m.group(1) == "I" else "D", int(m.group(2), 16))
                      for line in text[start + 1:end] if (m := access.match(line))])
    return run.stdout, calls


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    output, calls = traced_round(*sys.argv[1:])
    mappings = [(int(m.group(1), 16), int(m.group(2), 16), m.group(3), os.path.basename(m.group(4).strip()) or "anonymous")
                for m in re.finditer(r"^map ([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+[ \t]*(.*)$", output, re.M)]
    regions = [(int(m.group(2), 16), m.group(1)) for m in re.finditer(r"^region (\S+) 0x([0-9a-f]+)$", output, re.M)]
    named = []
    for lo, hi, mode, name in mappings:
        if name == "anonymous":
            # The stack, heap and thread block cold_cache names; else an object's .bss runs on past
            # its file as an anonymous mapping.
            name = next((region for address, region in regions if lo <= address < hi), None) or (
                f"{named[-1][3]} .bss" if named and named[-1][1] == lo and named[-1][2] == "rw-p" else "anonymous")
        named.append((lo, hi, mode, name))

    def owner(address):
        return next((name.split(".so")[0] for lo, hi, _, name in named if lo <= address < hi), "other")

    print(f"{'call':22} {'instructions':>12} {'code lines':>10} {'code pages':>10} {'data lines':>10} {'data pages':>10}")
    split = []
    for name, accesses in zip(("signet_cookie_value", "signet_verify", "both (one request)"), calls + [calls[0] + calls[1]]):
        code = [a for kind, a in accesses if kind == "I"]
        data = [a for kind, a in accesses if kind == "D"]
        print(f"{name:22} {len(code):12,} {len({a >> 6 for a in code}):10} {len({a >> 12 for a in code}):10} "
              f"{len({a >> 6 for a in data}):10} {len({a >> 12 for a in data}):10}")
        split.append((name, by_owner(code, owner), by_owner(data, owner)))
    for kind, index in (("code", 1), ("data", 2)):
        print(f"{kind} lines (pages) by mapping:")
        for row in split:
            print(f"  {row[0]:20} " + ", ".join(f"{obj} {len(lines)} ({len({line >> 6 for line in lines})})"
                                              for obj, lines in sorted(row[index].items(), key=lambda kv: -len(kv[1]))))


def by_owner(addresses, owner):
    """The distinct cache lines of `addresses`, grouped by the mapping that holds them."""
    groups = {}
    for line in {a >> 6 for a in addresses}:
        groups.setdefault(owner(line << 6), set()).add(line)
    return groups

if __name__ == "__main__":
    main()
