import Signet
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `signet audit --wordlist FILE COOKIE`: is the cookie's secret key in a list of guesses?
enum AuditCommand: Command {
    static let name = "audit"
    static let summary = "look for a cookie's secret key in a wordlist (every core)"
    static let specs = [OptionSpec.value("wordlist"), .value("threads"), .flag("quiet"), .value("profile")]
        + Specs.signing + Specs.json

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let input = try arguments.positionals(["COOKIE"], command: name)[0]
        guard let path = arguments.value("wordlist") else {
            throw CLIError.usage("--wordlist FILE is required", command: name)
        }
        if path == [UInt8(ascii: "-")] && input == path {
            throw CLIError.usage("the cookie and the wordlist cannot both come from stdin", command: name)
        }
        let threads = Int(try parseInteger(arguments, "threads", range: 1...256, command: name) ?? Int64(coreCount()))
        let format = try Format(arguments, command: name)
        let cookie = try argumentOrStdin(input, what: "COOKIE")
        let target = try AuditTarget(cookie: cookie, salt: format.salt, digest: format.digest, derivation: format.derivation)
        let source = path == [UInt8(ascii: "-")] ? "the wordlist on stdin" : "the file of --wordlist"
        let fd = path == [UInt8(ascii: "-")] ? 0 : try openFile(path, what: source)
        defer { if fd != 0 { close(fd) } }

        let quiet = arguments.has("quiet")
        let wordlist = Wordlist(fd: fd, name: source) { lines, seconds in
            if !quiet {
                printErr("audit: \(lines) candidates read in \(formatted(seconds)) s (\(Int(Double(lines) / max(seconds, 1e-9)))/s)")
            }
        }
        let start = monotonicSeconds()
        let result = search(target, in: wordlist, threads: threads)
        let seconds = monotonicSeconds() - start
        if let failure = wordlist.failure { throw failure }

        let rate = Double(result.candidates) / max(seconds, 1e-9)
        if arguments.has("json") {
            var output = JSONOutput()
            output.integer("candidates", Int64(result.candidates))
            output.bool("found", result.found != nil)
            output.integer("line", result.found.map { Int64($0.line) })
            output.integer("per_second", Int64(rate.rounded()))
            output.double("seconds", (seconds * 1000).rounded() / 1000)
            output.value("secret", result.found.map { .string(JSONString(String(decoding: $0.key, as: UTF8.self))) } ?? .null)
            output.value("secret_hex", result.found.map { .string(JSONString($0.key.map(hex2).joined())) } ?? .null)
            output.integer("threads", Int64(threads))
            printOut(output.bytes)
        } else if let found = result.found {
            printOut(found.key)
        }
        if !quiet {
            let summary = "\(result.candidates) candidates in \(formatted(seconds)) s, \(Int(rate)) candidates/s on \(threads) thread\(threads == 1 ? "" : "s")"
            if let found = result.found {
                printErr("audit: FOUND the secret key at line \(found.line) of the wordlist (\(summary)): it is guessable; replace it")
            } else {
                printErr("audit: not found (\(summary))")
            }
        }
        return result.found == nil ? .notFound : .ok
    }

    struct Outcome {
        var found: (line: Int, key: [UInt8])?
        var candidates: Int
    }

    /// Runs `threads` checkers over the wordlist; stops early once a key is found (the one on
    /// the lowest line among those found).
    static func search(_ target: AuditTarget, in wordlist: Wordlist, threads: Int) -> Outcome {
        // The line of the best key found so far; chunks hold increasing lines, so no new chunk
        // is needed once one is found, and a chunk stops past that line.
        let foundLine = Atomic<Int>(Int.max)
        let candidates = Atomic<Int>(0)
        let found = Mutex<(line: Int, key: [UInt8])?>(nil)
        runThreads(threads) {
            let checker = AuditChecker(target)
            var chunk = [UInt8]()
            while foundLine.load(ordering: .relaxed) == Int.max, let firstLine = wordlist.next(into: &chunk) {
                var checked = 0
                chunk.withUnsafeBytes { bytes in
                    forEachLine(bytes, firstLine: firstLine) { candidate, length, line in
                        guard length > 0 else { return true }
                        if checked & 1023 == 1023 && line > foundLine.load(ordering: .relaxed) { return false }
                        checked += 1
                        guard checker.matches(candidate, count: length) else { return true }
                        let key = Array(UnsafeRawBufferPointer(start: candidate, count: length))
                        found.withLock { current in
                            if current == nil || line < current!.line {
                                current = (line, key)
                                foundLine.store(line, ordering: .relaxed)
                            }
                        }
                        return false
                    }
                }
                candidates.add(checked, ordering: .relaxed)
            }
        }
        return Outcome(found: found.withLock { $0 }, candidates: candidates.load(ordering: .relaxed))
    }
}

/// Runs `body` on `count` threads at once (the calling thread is one) and waits for them.
func runThreads(_ count: Int, _ body: @escaping @Sendable () -> Void) {
    final class Box: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var threads = [pthread_t]()
    for _ in 1..<max(count, 1) {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        if status == 0 {
            threads.append(thread)
        } else {
            Unmanaged<Box>.fromOpaque(context).release()
        }
    }
    body()
    for thread in threads { pthread_join(thread, nil) }
}

/// The cores this process may run on.
func coreCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

func formatted(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
