#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Most bytes read from stdin or a small file (a COOKIE, JSON or key): far above any cookie
/// (65 536-byte token limit) yet bounded.
let maxInputSize = 16 << 20

/// Reads a whole file descriptor, refusing more than `limit` bytes.
func readAll(fd: Int32, limit: Int, what: String) throws(CLIError) -> [UInt8] {
    var data = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw CLIError.io("cannot read \(what): \(errorText(errno))")
        }
        if count == 0 { return data }
        data += chunk[0..<count]
        if data.count > limit {
            throw CLIError.limit("\(what) is larger than the \(limit)-byte input limit")
        }
    }
}

/// Opens a file for reading. `what` names the file by the option that gave it ("the file of
/// --secret-file"), never by its path: a key passed there by mistake must not be printed.
func openFile(_ path: [UInt8], what: String) throws(CLIError) -> Int32 {
    let fd = (path + [0]).withUnsafeBufferPointer { pointer in
        pointer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_CLOEXEC) }
    }
    guard fd >= 0 else {
        throw CLIError.io("cannot open \(what): \(errorText(errno))")
    }
    return fd
}

/// Reads a small file whole.
func readFile(_ path: [UInt8], what: String) throws(CLIError) -> [UInt8] {
    let fd = try openFile(path, what: what)
    defer { close(fd) }
    return try readAll(fd: fd, limit: maxInputSize, what: what)
}

/// A COOKIE or VALUE argument: itself, or stdin for `-`. Surrounding whitespace (the newline
/// of `echo`) is dropped.
func argumentOrStdin(_ argument: [UInt8], what: String) throws(CLIError) -> [UInt8] {
    let bytes = argument == [UInt8(ascii: "-")] ? try readAll(fd: 0, limit: maxInputSize, what: "stdin (\(what))") : argument
    return trimmed(bytes)
}

func trimmed(_ bytes: [UInt8]) -> [UInt8] {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return [] }
    let last = bytes.lastIndex(where: { !isSpace($0) })!
    return Array(bytes[first...last])
}

func errorText(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// Writes bytes to a file descriptor, whole; false when the system refused (e.g. a full disk).
@discardableResult
func writeAll(_ bytes: [UInt8], fd: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}

/// The error of the first stdout write that failed, if any: a result that never reached its
/// reader must not exit 0. Only the main thread writes stdout.
nonisolated(unsafe) var stdoutWriteError: Int32?

/// A line on stdout.
func printOut(_ bytes: [UInt8]) {
    if !writeAll(bytes + [UInt8(ascii: "\n")], fd: 1), stdoutWriteError == nil {
        stdoutWriteError = errno
    }
}
func printOut(_ text: String) { printOut(Array(text.utf8)) }
/// A line on stderr.
func printErr(_ text: String) { writeAll(Array((text + "\n").utf8), fd: 2) }

/// Seconds since an arbitrary start, for rates.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// `2024-01-02T03:04:05Z` for Unix seconds.
func utcText(_ seconds: Int64) -> String {
    var time = time_t(seconds)
    var parts = tm()
    guard gmtime_r(&time, &parts) != nil else { return "?" }
    func pad(_ value: Int32, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
}
