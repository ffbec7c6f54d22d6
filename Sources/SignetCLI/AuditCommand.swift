import Signet
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `signet audit [--wordlist FILE] COOKIE`: is the cookie's secret key a known default
/// (`DefaultKeys`) or in a list of guesses?
enum AuditCommand: Command {
    static let name = "audit"
    static let summary = "look for a cookie's secret key among known defaults and in a wordlist (every core)"
    static let specs = [OptionSpec.value("wordlist", short: "w"), .value("threads"), .flag("quiet"), .value("profile")]
        + Specs.signing + Specs.json + Specs.cookieName

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let input = try arguments.positionals(["COOKIE"], command: name)[0]
        let path = arguments.value("wordlist")
        if let path, path == [UInt8(ascii: "-")] && input == path {
            throw CLIError.usage("the cookie and the wordlist cannot both come from stdin", command: name)
        }
        let threads = Int(try parseInteger(arguments, "threads", range: 1...256, command: name) ?? Int64(coreCount()))
        let format = try Format(arguments, command: name)
        let cookie = try pastedCookie(input, arguments, command: name)
        let target = try AuditTarget(
            cookie: cookie, salt: format.salt, digest: format.digest, derivation: format.derivation,
            separator: format.profile.separator)
        let quiet = arguments.has("quiet")

        let start = monotonicSeconds()
        var result = Outcome(found: searchDefaults(target), candidates: DefaultKeys.all.count)
        if result.found == nil, let path {
            let source = path == [UInt8(ascii: "-")] ? "the wordlist on stdin" : "the file of --wordlist"
            let fd = path == [UInt8(ascii: "-")] ? 0 : try openFile(path, what: source)
            defer { if fd != 0 { close(fd) } }
            let wordlist = Wordlist(fd: fd, name: source) { progress in
                if !quiet { printErr(progressLine(progress)) }
            }
            let fromWordlist = search(target, in: wordlist, threads: threads)
            if let failure = wordlist.failure { throw failure }
            result = Outcome(found: fromWordlist.found, candidates: result.candidates + fromWordlist.candidates)
        }
        let seconds = monotonicSeconds() - start

        let rate = Double(result.candidates) / max(seconds, 1e-9)
        if arguments.has("json") {
            var output = JSONOutput()
            output.integer("candidates", Int64(result.candidates))
            output.bool("found", result.found != nil)
            output.value("kind", result.found.map { .string(JSONString($0.kind.rawValue)) } ?? .null)
            output.integer("line", result.found.flatMap { $0.kind == .defaultKey ? nil : Int64($0.line) })
            output.integer("per_second", Int64(rate.rounded()))
            output.double("seconds", (seconds * 1000).rounded() / 1000)
            output.value("secret", result.found.map { .string(JSONString(String(decoding: $0.key, as: UTF8.self))) } ?? .null)
            output.value("source", result.found?.source.map { .string(JSONString($0)) } ?? .null)
            output.value("secret_hex", result.found.map { .string(JSONString($0.key.map(hex2).joined())) } ?? .null)
            output.integer("threads", Int64(threads))
            printOut(output.bytes)
        } else if let found = result.found {
            printOut(found.key)
        }
        if !quiet {
            let summary = "\(result.candidates) candidates in \(formatted(seconds)) s, \(Int(rate)) candidates/s on \(threads) thread\(threads == 1 ? "" : "s")"
            if let found = result.found, let source = found.source {
                printErr("audit: FOUND: the key is \(source) (\(summary)): it is guessable; replace it")
            } else if let found = result.found {
                printErr("audit: FOUND the secret key at line \(found.line) of the wordlist, read \(found.kind == .literal ? "as a Python literal" : "as is") (\(summary)): it is guessable; replace it")
            } else {
                printErr("audit: not found (\(summary))")
            }
        }
        return result.found == nil ? .notFound : .ok
    }

    /// How a wordlist line became the key that matched.
    enum EntryKind: String, Sendable {
        /// The line as is.
        case raw
        /// The line read as a Python literal (see `PythonLiteral`).
        case literal
        /// A known default key (`DefaultKeys`), tried before any wordlist.
        case defaultKey = "default"
    }

    struct Found: Sendable {
        var line: Int
        var key: [UInt8]
        var kind: EntryKind
        /// Where a default key comes from.
        var source: String? = nil
    }

    struct Outcome {
        var found: Found?
        var candidates: Int
    }

    /// "N candidates read in S s (R/s)", then, when the file's size is known, the share read
    /// and the time left at the rate so far.
    static func progressLine(_ progress: Wordlist.Progress) -> String {
        let rate = Int(Double(progress.lines) / max(progress.seconds, 1e-9))
        var line = "audit: \(progress.lines) candidates read in \(formatted(progress.seconds)) s (\(rate)/s)"
        if let size = progress.size, size > 0, progress.bytesRead > 0 {
            let fraction = min(Double(progress.bytesRead) / Double(size), 1)
            let left = progress.seconds * (1 - fraction) / fraction
            line += ", \(formatted(fraction * 100))% of the wordlist, about \(Int(left.rounded(.up))) s left"
        }
        return line
    }

    /// The first of `DefaultKeys.all` that signed the target.
    static func searchDefaults(_ target: AuditTarget) -> Found? {
        let checker = AuditChecker(target)
        for (index, entry) in DefaultKeys.all.enumerated()
        where entry.key.withUnsafeBytes({ checker.matches($0.baseAddress!, count: $0.count) }) {
            return Found(line: index + 1, key: entry.key, kind: .defaultKey, source: entry.source)
        }
        return nil
    }

    /// Runs `threads` checkers over the wordlist; stops early once a key is found (the one on
    /// the lowest line among those found).
    static func search(_ target: AuditTarget, in wordlist: Wordlist, threads: Int) -> Outcome {
        // The line of the best key found so far; chunks hold increasing lines, so no new chunk
        // is needed once one is found, and a chunk stops past that line.
        let foundLine = Atomic<Int>(Int.max)
        let candidates = Atomic<Int>(0)
        let found = Mutex<Found?>(nil)
        runThreads(threads) {
            let checker = AuditChecker(target)
            var chunk = [UInt8]()
            var decoded = [UInt8]()
            decoded.reserveCapacity(256)
            while foundLine.load(ordering: .relaxed) == Int.max, let firstLine = wordlist.next(into: &chunk) {
                var checked = 0
                chunk.withUnsafeBytes { bytes in
                    forEachLine(bytes, firstLine: firstLine) { candidate, length, line in
                        guard length > 0 else { return true }
                        if checked & 1023 == 1023 && line > foundLine.load(ordering: .relaxed) { return false }
                        checked += 1
                        // A literal line is tried decoded, then as is (a key may contain quotes).
                        var match: Found?
                        if PythonLiteral.decode(UnsafeRawBufferPointer(start: candidate, count: length), into: &decoded),
                           !decoded.isEmpty, decoded.withUnsafeBytes({ checker.matches($0.baseAddress!, count: $0.count) }) {
                            match = Found(line: line, key: decoded, kind: .literal)
                        } else if checker.matches(candidate, count: length) {
                            match = Found(line: line, key: Array(UnsafeRawBufferPointer(start: candidate, count: length)), kind: .raw)
                        }
                        guard let match else { return true }
                        found.withLock { current in
                            if current == nil || line < current!.line {
                                current = match
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
