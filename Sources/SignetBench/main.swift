// Signet through its Swift API, for Tests/Benchmarks/run.sh: FlaskSessions.verify (a cookie to a
// VerifiedSession) and FlaskSessions.mintBytes (a SessionDict to cookie bytes) of every workload
// in gen_inputs.py's file. Results are checked against Flask's before and after timing, and
// every timed call checks something cheap about its result.
//
//     SignetBench [--smoke] INPUTS
//     SignetBench --calls N [--only WORKLOAD] [--op verify|mint] INPUTS
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

/// CPU seconds of this thread, as the other drivers time (see Tests/Benchmarks/bench_common.h).
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Median ops per CPU-second over `runs` batches of about `batchSeconds` each.
func measure(runs: Int, batchSeconds: Double, _ op: () -> Bool) -> Double {
    var iterations = 1
    while true {
        let start = now()
        for _ in 0..<iterations where !op() { fail("an operation returned a wrong result") }
        let elapsed = now() - start
        if elapsed > batchSeconds / 4 {
            iterations = Int(Double(iterations) * batchSeconds / elapsed) + 1
            break
        }
        iterations *= 4
    }
    var rates = [Double]()
    for _ in 0..<runs {
        let start = now()
        for _ in 0..<iterations where !op() { fail("an operation returned a wrong result") }
        rates.append(Double(iterations) / (now() - start))
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
var rest = CommandLine.arguments.dropFirst()
while let argument = rest.popFirst() {
    switch argument {
    case "--smoke": smoke = true
    case "--calls": calls = rest.popFirst().flatMap { Int($0) }
    case "--only": only = rest.popFirst()
    case "--op": onlyOp = rest.popFirst()
    default: path = argument
    }
}
guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    fail("usage: SignetBench [--smoke] INPUTS | SignetBench --calls N [--only WORKLOAD] [--op verify|mint] INPUTS")
}
let (runs, batch) = smoke ? (1, 0.002) : (7, 0.1)

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
        result(w.name, "verify", measure(runs: runs, batchSeconds: batch) {
            guard let verified = try? w.sessions.verify(w.cookie) else { return false }
            return verified.session.count == keyCount && verified.signedAt == w.timestamp
        })
        let cookieCount = w.cookie.count
        result(w.name, "mint", measure(runs: runs, batchSeconds: batch) {
            (try? w.sessions.mintBytes(w.session, timestamp: w.timestamp))?.count == cookieCount
        })
        guard try check() else { fail("Signet's Swift API disagrees with Flask for \(w.name)") }
    } catch {
        fail("\(error)")
    }
}
