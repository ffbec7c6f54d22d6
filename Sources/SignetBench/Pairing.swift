import Glibc

/// Two operations timed in alternating short batches, as `Tests/Benchmarks/bench_pair.c` times
/// the C API against raw C (its comment and Tests/Benchmarks/README.md say why): each pair of
/// adjacent batches gives the ratio of their times per call, in the order AB, BA, AB...
struct PairResult {
    /// Quartiles of the per-pair ratios: time per call of A over B.
    let median: Double
    let lowerQuartile: Double
    let upperQuartile: Double
    /// Median time per call of each side, in nanoseconds.
    let nanosecondsA: Double
    let nanosecondsB: Double
    let pairs: Int
}

/// CPU seconds of this thread, as the other drivers time (see Tests/Benchmarks/bench_common.h).
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func wallSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// How many calls of `op` last about `seconds` of CPU time, from growing trial batches (which
/// also warm caches up); nil when a call returns false (a wrong result).
func calibrate(seconds: Double, _ op: () -> Bool) -> Int? {
    var iterations = 1
    while true {
        guard let elapsed = timeBatch(iterations, op) else { return nil }
        if elapsed > seconds / 4 { return Int(Double(iterations) * seconds / elapsed) + 1 }
        iterations *= 4
    }
}

/// CPU seconds of `count` calls of `op`; nil when a call returns false.
func timeBatch(_ count: Int, _ op: () -> Bool) -> Double? {
    let start = threadCPUSeconds()
    for _ in 0..<count where !op() { return nil }
    return threadCPUSeconds() - start
}

/// CPU seconds per call of a batch of `count` calls of `op`; nil when a call returns false.
func timePerCall(_ count: Int, _ op: () -> Bool) -> Double? {
    timeBatch(count, op).map { $0 / Double(count) }
}

/// Pairs of batches of `a` and `b`, each sized to about `batchSeconds` of CPU time, until
/// `totalSeconds` of wall time have passed and at least 16 pairs are in (as bench_pair.c);
/// nil when a call returns false.
func measurePairs(batchSeconds: Double, totalSeconds: Double, _ a: () -> Bool, _ b: () -> Bool) -> PairResult? {
    guard let callsA = calibrate(seconds: batchSeconds, a), let callsB = calibrate(seconds: batchSeconds, b) else {
        return nil
    }
    var ratios = [Double](), timesA = [Double](), timesB = [Double]()
    let start = wallSeconds()
    while ratios.count < 16 || (wallSeconds() - start < totalSeconds && ratios.count < 20000) {
        let timeA: Double, timeB: Double
        if ratios.count % 2 == 0 {
            guard let ta = timePerCall(callsA, a), let tb = timePerCall(callsB, b) else { return nil }
            (timeA, timeB) = (ta, tb)
        } else {
            guard let tb = timePerCall(callsB, b), let ta = timePerCall(callsA, a) else { return nil }
            (timeA, timeB) = (ta, tb)
        }
        ratios.append(timeA / timeB)
        timesA.append(timeA)
        timesB.append(timeB)
    }
    ratios.sort()
    timesA.sort()
    timesB.sort()
    return PairResult(
        median: quantile(ratios, 0.5), lowerQuartile: quantile(ratios, 0.25), upperQuartile: quantile(ratios, 0.75),
        nanosecondsA: quantile(timesA, 0.5) * 1e9, nanosecondsB: quantile(timesB, 0.5) * 1e9, pairs: ratios.count)
}

/// The p-quantile of sorted values, interpolating between neighbours (as bench_pair.c).
func quantile(_ sorted: [Double], _ p: Double) -> Double {
    let position = p * Double(sorted.count - 1)
    let i = Int(position)
    return i + 1 < sorted.count ? sorted[i] + (position - Double(i)) * (sorted[i + 1] - sorted[i]) : sorted[i]
}
