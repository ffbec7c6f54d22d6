// Signet through its Swift API, for Tests/Benchmarks/run.sh: FlaskSessions.verify (a cookie to a
// VerifiedSession) and FlaskSessions.mintBytes (a SessionDict to cookie bytes) of every workload
// in gen_inputs.py's file. Results are checked against Flask's before and after timing, and
// every timed call checks something cheap about its result.
//
//     SignetBench [--smoke] INPUTS
//     SignetBench [--smoke] --pair LIBSIGNET INPUTS
//     SignetBench --count --pair LIBSIGNET INPUTS
//     SignetBench --calls N [--only WORKLOAD] [--op verify|mint] INPUTS
//
// `--pair` times the Swift API against the C API of LIBSIGNET (the shipped libsignet.so, opened
// with dlopen) in this one process, in alternating short batches, and prints one line per
// workload and operation: "PAIR swift c WORKLOAD OP MEDIAN Q1 Q3 PAIRS BATCH_MS SWIFT_NS C_NS",
// the quartiles of the per-pair ratios of Swift's time per call over the C API's ("PAIR swift
// swift tiny verify", Swift against itself, checks the method: 1.00x; see
// Pairing.swift and Tests/Benchmarks/bench_pair.c, which pairs the C API with raw C). Both
// sides check the same cheap things per call (status, length, signing time or key count) and
// their full results against Flask's before and after.
//
// `--count` makes 50 untimed calls of each side's verify and mint instead, for callgrind
// (countedCalls says how), announced by "COUNT SIDE WORKLOAD OP 50" lines in dump order.
//
// `--calls` makes N untimed calls of each operation instead, for an instruction count
// (`valgrind --tool=callgrind`), which does not depend on the load of a shared machine.
import Foundation
import Signet

struct Workload {
    let name: String
    let sessions: FlaskSessions
    let timestamp: Int64
    let cookie: [UInt8]
    let session: SessionDict
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("benchmark: \(message)\n".utf8))
    exit(1)
}

/// Median ops per CPU-second over `runs` batches of about `batchSeconds` each.
func measure(runs: Int, batchSeconds: Double, _ op: () -> Bool) -> Double {
    guard let iterations = calibrate(seconds: batchSeconds, op) else { fail("an operation returned a wrong result") }
    var rates = [Double]()
    for _ in 0..<runs {
        guard let elapsed = timeBatch(iterations, op) else { fail("an operation returned a wrong result") }
        rates.append(Double(iterations) / elapsed)
    }
    return rates.sorted()[runs / 2]
}

func result(_ workload: String, _ op: String, _ rate: Double) {
    // One write per line, so lines from the drivers never interleave.
    FileHandle.standardOutput.write(Data("RESULT swift \(workload) \(op) \(String(format: "%.1f", rate))\n".utf8))
}

var smoke = false
var calls: Int?
var only: String?
var onlyOp: String?
var path: String?
var library: String?
var counting = false
var rest = CommandLine.arguments.dropFirst()
while let argument = rest.popFirst() {
    switch argument {
    case "--smoke": smoke = true
    case "--calls": calls = rest.popFirst().flatMap { Int($0) }
    case "--only": only = rest.popFirst()
    case "--op": onlyOp = rest.popFirst()
    case "--pair": library = rest.popFirst()
    case "--count": counting = true
    default: path = argument
    }
}
guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    fail("usage: SignetBench [--smoke] [--pair LIBSIGNET] INPUTS | SignetBench --calls N [--only WORKLOAD] [--op verify|mint] INPUTS")
}
let (runs, batch) = smoke ? (1, 0.002) : (7, 0.1)
// --pair: batches of 3 ms (as bench_pair.c), for 1.5 s per workload and operation.
let (pairBatch, pairSeconds) = smoke ? (0.0002, 0.0) : (0.003, Double(environment("BENCH_PAIR_SECONDS") ?? "") ?? 1.5)
var cLibrary: CLibrary?
if let library {
    do { cLibrary = try CLibrary(path: library) } catch { fail(error.message) }
}

func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name]
}

/// `count` calls of `op`, outside any timing: `--count`'s unit, which callgrind counts alone
/// (`--toggle-collect='*countedCalls*'`) and dumps after each call
/// (`--dump-after='$s11SignetBench12countedCalls*'`: callgrind 3.19 takes no leading `*` there,
/// nor the same pattern twice), as bench_pair.c's pair_counted_calls; false when a call returns
/// false.
@inline(never) func countedCalls(_ count: Int, _ op: () -> Bool) -> Bool {
    for _ in 0..<count where !op() { return false }
    return true
}

func pairResult(_ sides: String, _ workload: String, _ op: String, _ pair: PairResult?) {
    guard let pair else { fail("an operation returned a wrong result") }
    let fields = [pair.median, pair.lowerQuartile, pair.upperQuartile].map { String(format: "%.4f", $0) }
    let times = [pair.nanosecondsA, pair.nanosecondsB].map { String(format: "%.1f", $0) }
    let line = "PAIR \(sides) \(workload) \(op) \(fields.joined(separator: " ")) \(pair.pairs) "
        + "\(String(format: "%.1f", pairBatch * 1e3)) \(times.joined(separator: " "))\n"
    FileHandle.standardOutput.write(Data(line.utf8))
}

for line in text.split(separator: "\n") {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 5, let timestamp = Int64(fields[2]) else { fail("malformed inputs line") }
    do {
        let w = Workload(
            name: fields[0], sessions: try FlaskSessions(secretKey: fields[1]), timestamp: timestamp,
            cookie: Array(fields[3].utf8), session: try FlaskSessions.session(fromTaggedJSON: Array(fields[4].utf8)))
        func check() throws -> Bool {
            let verified = try w.sessions.verify(w.cookie)
            let minted = try w.sessions.mintBytes(w.session, timestamp: w.timestamp)
            return verified.session == w.session && verified.signedAt == w.timestamp && minted == w.cookie
        }
        guard try check() else { fail("Signet's Swift API disagrees with Flask for \(w.name)") }
        if let calls {
            if only != nil && only != w.name { continue }
            for _ in 0..<calls where onlyOp != "mint" { _ = try w.sessions.verify(w.cookie) }
            for _ in 0..<calls where onlyOp != "verify" { _ = try w.sessions.mintBytes(w.session, timestamp: w.timestamp) }
            continue
        }
        let keyCount = w.session.count
        let swiftVerify = {
            guard let verified = try? w.sessions.verify(w.cookie) else { return false }
            return verified.session.count == keyCount && verified.signedAt == w.timestamp
        }
        let cookieCount = w.cookie.count
        let swiftMint = { (try? w.sessions.mintBytes(w.session, timestamp: w.timestamp))?.count == cookieCount }
        if let cLibrary {
            guard
                let c = CSession(
                    library: cLibrary, key: Array(fields[1].utf8), cookie: w.cookie, json: Array(fields[4].utf8),
                    timestamp: timestamp), c.matchesFlask()
            else { fail("the C API of \(cLibrary.path) disagrees with Flask for \(w.name)") }
            if counting {
                let units = [("swift", "verify", swiftVerify), ("c", "verify", c.verify), ("swift", "mint", swiftMint), ("c", "mint", c.mint)]
                for (side, op, call) in units {
                    for _ in 0..<10 where !call() { fail("an operation returned a wrong result") }
                    guard countedCalls(50, call) else { fail("an operation returned a wrong result") }
                    FileHandle.standardOutput.write(Data("COUNT \(side) \(w.name) \(op) 50\n".utf8))
                }
                continue
            }
            func pair(_ a: () -> Bool, _ b: () -> Bool) -> PairResult? {
                measurePairs(batchSeconds: pairBatch, totalSeconds: pairSeconds, a, b)
            }
            pairResult("swift c", w.name, "verify", pair(swiftVerify, c.verify))
            pairResult("swift c", w.name, "mint", pair(swiftMint, c.mint))
            // The method's own check (as bench_pair.c's): the Swift API against itself must give 1.00x.
            if w.name == "tiny" { pairResult("swift swift", w.name, "verify", pair(swiftVerify, swiftVerify)) }
            guard c.matchesFlask() else { fail("the C API of \(cLibrary.path) disagrees with Flask for \(w.name)") }
        } else {
            result(w.name, "verify", measure(runs: runs, batchSeconds: batch, swiftVerify))
            result(w.name, "mint", measure(runs: runs, batchSeconds: batch, swiftMint))
        }
        guard try check() else { fail("Signet's Swift API disagrees with Flask for \(w.name)") }
    } catch {
        fail("\(error)")
    }
}
