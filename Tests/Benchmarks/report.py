#!/usr/bin/env python3
"""Turns the drivers' RESULT/ALLOCS/PAIR lines into the benchmark table and the issues' targets.

    report.py RESULTS_FILE [AUDIT_OUTPUT_FILE | -]

Throughput is ops per CPU-second (median over rounds of medians of runs); "x raw" is how many times longer than the raw C
baseline an operation takes (lower is better, 1.00 is the limit); "x Python" is how many times
faster than Flask/itsdangerous (higher is better). Issue 16's targets come from the PAIR lines
instead (bench_pair.c, SignetBench --pair): the median and quartiles of time ratios of batches
paired in one process. Exits 0 whatever passes: timing is printed, never asserted.
"""
import re
import statistics
import sys

CONTENDERS = [("c", "Signet C API"), ("swift", "Signet Swift"), ("python", "Flask/itsd."), ("raw", "raw C")]
WORKLOADS = [("login", "(a) login, compressed"), ("large", "(b) 3 KB, tags, compressed"), ("tiny", "(c) tiny, uncompressed")]


def main():
    samples, allocs, pairs, instructions = {}, {}, {}, {}
    for line in open(sys.argv[1]):
        parts = line.split()
        if len(parts) == 6 and parts[0] == "INSTR":
            instructions[tuple(parts[1:5])] = float(parts[5])
        if len(parts) == 12 and parts[0] == "PAIR":
            names = ("median", "q1", "q3", "pairs", "batch_ms", "a_ns", "b_ns")
            pairs[tuple(parts[1:5])] = dict(zip(names, (float(x) for x in parts[5:])))
            pairs[tuple(parts[1:5])]["pairs"] = int(parts[8])
        if len(parts) == 5 and parts[0] == "RESULT":
            samples.setdefault((parts[1], parts[2], parts[3]), []).append(float(parts[4]))
        elif len(parts) == 5 and parts[0] == "ALLOCS":
            allocs[(parts[1], parts[2], parts[3])] = float(parts[4])
    # Each round's figure is already a median of runs; the table takes the median of rounds.
    rates = {key: statistics.median(values) for key, values in samples.items()}
    rounds = max((len(v) for v in samples.values()), default=0)
    audit = open(sys.argv[2]).read() if len(sys.argv) > 2 and sys.argv[2] != "-" else None

    def rate(contender, workload, op):
        return rates.get((contender, workload, op))

    def fmt(value):
        return "%12s" % ("-" if value is None else "{:,.0f}".format(value))

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    def fmt_ratio(value):
        return "%8s" % ("-" if value is None else "%.2fx" % value)

    header = "%-27s %-6s" % ("workload", "op") + "".join("%13s" % label for _, label in CONTENDERS)
    header += "%9s%9s%9s%9s" % ("C/raw", "C/Py", "Sw/Py", "raw/Py")
    print("Throughput, ops per CPU-second of the measuring thread (median of %d rounds, each the" % rounds)
    print("median of 7 timed batches; CPU time, not wall time, so load elsewhere on the machine")
    print("does not favour whichever contender ran at a quiet moment);")
    print("C/raw = C API time / raw C time (lower is better);")
    print("C/Py, Sw/Py, raw/Py = speed-up over Flask/itsdangerous (higher is better)")
    print()
    print(header)
    print("-" * len(header))
    for workload, label in WORKLOADS:
        for op in ("verify", "mint"):
            row = "%-27s %-6s" % (label, op)
            row += "".join(" " + fmt(rate(c, workload, op)) for c, _ in CONTENDERS)
            c, sw, py, raw = (rate(x, workload, op) for x in ("c", "swift", "python", "raw"))
            row += " " + fmt_ratio(ratio(raw, c)) + " " + fmt_ratio(ratio(c, py))
            row += " " + fmt_ratio(ratio(sw, py)) + " " + fmt_ratio(ratio(raw, py))
            print(row)
    print()
    c_login, py_login = rate("c", "login", "verify"), rate("python", "login", "verify")
    open_session = rate("python", "login", "verify-open_session")
    if open_session is not None:
        print("Flask's open_session itself (a new serializer per request, then the session object):")
        print("  verify (a) %s ops/s; the C API is %s that (the table compares with the leaner loads)"
              % (fmt(open_session).strip(), fmt_ratio(ratio(c_login, open_session)).strip()))
    inflate = rate("raw", "login", "inflate-only")
    if inflate is not None and py_login:
        budget_ns = 1e9 / (25 * py_login)
        print("zlib's share: inflating the payload of (a) alone takes %.0f ns (raw C, reused stream);"
              % (1e9 / inflate))
        print("  25x Python leaves %.0f ns for the whole verify: inflate alone is %.0f%% of that budget"
              % (budget_ns, 100 * (1e9 / inflate) / budget_ns))
    print()
    one, two = rate("c", "login", "verify-1thread"), rate("c", "login", "verify-2threads")
    raw_one, raw_two = rate("raw", "login", "verify-1thread"), rate("raw", "login", "verify-2threads")
    print("Threads, verify (a), one shared signet_ctx: 1 thread %s ops/s, 2 threads %s ops/s, scaling %s"
          % (fmt(one).strip(), fmt(two).strip(), fmt_ratio(ratio(two, one)).strip()))
    print("  same run, raw C baseline with a state per thread: 1 thread %s, 2 threads %s, scaling %s"
          % (fmt(raw_one).strip(), fmt(raw_two).strip(), fmt_ratio(ratio(raw_two, raw_one)).strip()))
    print("  (the raw scaling is what the machine's two cores gave at the time: the ceiling)")
    one_cpu, two_cpu = rate("c", "login", "verify-1thread-percpu"), rate("c", "login", "verify-2threads-percpu")
    efficiency = ratio(two_cpu, one_cpu)
    print("  ops per CPU-second used: 1 thread %s, 2 threads %s: each thread keeps %s of its speed,"
          % (fmt(one_cpu).strip(), fmt(two_cpu).strip(), "-" if efficiency is None else "%.0f%%" % (100 * efficiency)))
    raw_efficiency = ratio(rate("raw", "login", "verify-2threads-percpu"), rate("raw", "login", "verify-1thread-percpu"))
    print("  so two free cores give %s (raw C, same run: each thread keeps %s, i.e. %s: what sharing"
          % ("-" if efficiency is None else "%.2fx" % (2 * efficiency),
             "-" if raw_efficiency is None else "%.0f%%" % (100 * raw_efficiency),
             "-" if raw_efficiency is None else "%.2fx" % (2 * raw_efficiency)))
    print("  the machine's caches and cores with other work costs any code)")
    print()
    print("signet_session_get of one member of the verified JSON (C API), ns per call:")
    for workload, label in WORKLOADS:
        get = rate("c", workload, "session_get")
        print("  %-27s %s" % (label, "-" if get is None else "%.0f ns" % (1e9 / get)))
    print()
    print("Heap allocations per call after warm-up (C API, LD_PRELOAD counter):")
    for workload, label in WORKLOADS:
        v, m = allocs.get(("c", workload, "verify")), allocs.get(("c", workload, "mint"))
        c = allocs.get(("c", workload, "cookie_value"))
        print("  %-27s verify %s   mint %s   signet_cookie_value %s" % (
            label, *("-" if n is None else "%.2f" % n for n in (v, m, c))))
    print()

    audit_ratio = None
    if audit is None:
        print("audit: not measured (CLI missing)")
    else:
        print("audit (Tests/CLI/bench_audit.sh):")
        for line in audit.strip().splitlines():
            print("  " + line)
            match = re.search(r"ratio\D*([0-9]+(?:\.[0-9]+)?)", line, re.IGNORECASE)
            if match:
                audit_ratio = float(match.group(1))
    print()

    def verdict(ok):
        return "n/a " if ok is None else ("PASS" if ok else "FAIL")

    c_raw_v = ratio(rate("raw", "login", "verify"), rate("c", "login", "verify"))
    c_py_v = ratio(rate("c", "login", "verify"), rate("python", "login", "verify"))
    raw_py_v = ratio(rate("raw", "login", "verify"), rate("python", "login", "verify"))
    c_raw_m = ratio(rate("raw", "login", "mint"), rate("c", "login", "mint"))
    scaling = ratio(two, one)
    alloc_v = allocs.get(("c", "login", "verify"))
    alloc_worst = max((allocs[k] for k in allocs if k[2] == "verify"), default=None)

    def check(value, limit, below):
        return None if value is None else (value <= limit if below else value >= limit)

    print("Targets (issue 6):")
    print("  [%s] verify (a), C API <= 1.5x raw C:      %s" % (verdict(check(c_raw_v, 1.5, True)), fmt_ratio(c_raw_v).strip()))
    print("  [%s] verify (a), C API >= 25x Python:      %s (ceiling: raw C is %s Python)"
          % (verdict(check(c_py_v, 25, False)), fmt_ratio(c_py_v).strip(), fmt_ratio(raw_py_v).strip()))
    print("  [%s] mint (a), C API <= 1.3x raw C:        %s" % (verdict(check(c_raw_m, 1.3, True)), fmt_ratio(c_raw_m).strip()))
    print("  [%s] verify on 2 threads >= 1.8x 1 thread: %s wall-clock (raw C on the same cores: %s);"
          % (verdict(check(scaling, 1.8, False)), fmt_ratio(scaling).strip(), fmt_ratio(ratio(raw_two, raw_one)).strip()))
    print("  [%s]   per CPU-second, i.e. on two free cores: %s (raw C: %s)"
          % (verdict(check(None if efficiency is None else 2 * efficiency, 1.8, False)),
             "-" if efficiency is None else "%.2fx" % (2 * efficiency),
             "-" if raw_efficiency is None else "%.2fx" % (2 * raw_efficiency)))
    print("  [%s] verify <= 2 allocations per call:     (a) %s, worst workload %s"
          % (verdict(check(alloc_worst, 2, True)), "-" if alloc_v is None else "%.2f" % alloc_v,
             "-" if alloc_worst is None else "%.2f" % alloc_worst))
    print("  [%s] audit >= 50x flask-unsign:            %s"
          % (verdict(check(audit_ratio, 50, False)), "not measured" if audit_ratio is None else "%.1fx" % audit_ratio))

    print()
    report_pairs(pairs, instructions)


def report_pairs(pairs, instructions):
    """Issue 16's targets from the paired lines of bench_pair and SignetBench --pair, with the
    ratio of instructions per call of the same two sides (INSTR lines) where callgrind ran."""
    if not pairs:
        print("Targets (issue 16): not measured (no paired results)")
        return
    counts = [p["pairs"] for p in pairs.values()]
    batch = next(iter(pairs.values()))["batch_ms"]
    print("Targets (issue 16), paired: each ratio is one contender's time per call over another's, both")
    print("run in one process in alternating batches of ~%g ms CPU time (order AB, BA, AB...); the ratio"
          % batch)
    print("is the median of the pairs' ratios (%d to %d pairs a line), then their quartiles, then the"
          % (min(counts), max(counts)))
    print("median ns per call of each side; \"instr.\" is the ratio of instructions per call counted by")
    print("callgrind in the same two sides (load-independent; time also pays cache misses, allocation).")
    print("Lower is better.")
    print("         %-22s %-27s %-6s %7s  %-11s %6s %7s  %s"
          % ("comparison", "workload", "op", "median", "quartiles", "pairs", "instr.", "ns per call"))

    def row(mark, comparison, key, label, limit=None):
        p = pairs.get(key)
        if p is None:
            print("  %s %-22s %-27s %-6s not measured" % (mark or "      ", comparison, label, key[3]))
            return
        if limit is not None:
            mark = "[PASS]" if p["median"] <= limit else "[FAIL]"
        driver = "pair" if key[:2] == ("c", "raw") else "swift"
        a, b = (instructions.get((driver, side, key[2], key[3])) for side in key[:2])
        instr = "%.2fx" % (a / b) if a and b and key[0] != key[1] else "-"
        print("  %s %-22s %-27s %-6s %6.2fx  %.2fx-%.2fx %6d %7s  %s / %s" % (
            mark or "      ", comparison, label, key[3], p["median"], p["q1"], p["q3"], p["pairs"], instr,
            "{:,.0f}".format(p["a_ns"]), "{:,.0f}".format(p["b_ns"])))

    for workload, label in WORKLOADS:
        for op in ("verify", "mint"):
            row(None, "Swift / C API <= 1.3x", ("swift", "c", workload, op), label, 1.3)
    row(None, "C API / raw C <= 1.2x", ("c", "raw", "tiny", "verify"), WORKLOADS[2][1], 1.2)
    print("  not targets of issue 16 (issue 6's are above, unpaired):")
    for workload, label in WORKLOADS:
        for op in ("verify", "mint"):
            if (workload, op) != ("tiny", "verify"):
                row(None, "C API / raw C", ("c", "raw", workload, op), label)
    print("  the method's own check, a contender paired with itself (should be 1.00x):")
    row(None, "C API / C API", ("c", "c", "tiny", "verify"), WORKLOADS[2][1])
    row(None, "Swift / Swift", ("swift", "swift", "tiny", "verify"), WORKLOADS[2][1])

if __name__ == "__main__":
    main()
