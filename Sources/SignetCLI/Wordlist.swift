import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A wordlist read in chunks of whole lines, shared by the audit threads: memory stays at a
/// few chunks whatever the file's size.
final class Wordlist: Sendable {
    /// Bytes read at a time.
    static let chunkSize = 256 << 10
    /// Longest line accepted (a candidate key).
    static let maxLineLength = 1 << 20

    private struct State {
        /// Bytes after the last newline of the previous chunk.
        var leftover: [UInt8] = []
        /// The line number of the first line not yet handed out.
        var nextLine = 1
        var finished = false
        var failure: CLIError?
        var nextReport: Double
        /// Bytes read from the file so far.
        var bytesRead = 0
    }

    /// Where reading stands, for the progress report.
    struct Progress {
        var lines: Int
        var seconds: Double
        var bytesRead: Int
        /// The file's size when it is a regular file (a pipe's is unknown).
        var size: Int?
    }

    private let fd: Int32
    private let name: String
    private let state: Mutex<State>
    private let start: Double
    private let size: Int?
    private let progress: @Sendable (Progress) -> Void

    init(fd: Int32, name: String, progress: @escaping @Sendable (Progress) -> Void) {
        self.fd = fd
        self.name = name
        self.progress = progress
        var status = stat()
        size = fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
        start = monotonicSeconds()
        state = Mutex(State(nextReport: start + 1))
    }

    /// The lines handed out so far.
    var linesRead: Int { state.withLock { $0.nextLine - 1 } }

    /// The error that stopped reading, if any.
    var failure: CLIError? { state.withLock { $0.failure } }

    /// Fills `chunk` with the next whole lines (the last may lack its newline at the end of the
    /// file) and returns the number of the first, or nil at the end.
    func next(into chunk: inout [UInt8]) -> Int? {
        state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            chunk.removeAll(keepingCapacity: true)
            chunk += state.leftover
            state.leftover.removeAll(keepingCapacity: true)
            var searchFrom = 0
            while true {
                let before = chunk.count
                chunk.reserveCapacity(before + Wordlist.chunkSize)
                let count = readChunk(appendingTo: &chunk)
                if count < 0 {
                    state.failure = CLIError.io("cannot read \(name): \(errorText(errno))")
                    state.finished = true
                    return nil
                }
                if count == 0 {
                    state.finished = true
                    break
                }
                state.bytesRead += count
                if let newline = chunk[max(before, searchFrom)...].lastIndex(of: UInt8(ascii: "\n")) {
                    state.leftover += chunk[(newline + 1)...]
                    chunk.removeSubrange((newline + 1)...)
                    break
                }
                searchFrom = chunk.count
                // The chunk is one unfinished line: stop reading once it cannot fit, even with
                // the `\r` of a `\r\n` still to come. Memory stays within limit + one read.
                if chunk.count > Wordlist.maxLineLength + 1 {
                    fail(&state, line: state.nextLine)
                    return nil
                }
            }
            if chunk.isEmpty { return nil }
            // Only a chunk longer than the limit can hold a line that is: check each exactly,
            // as the candidates are cut (without `\n` or `\r\n`).
            if chunk.count > Wordlist.maxLineLength {
                var tooLong: Int?
                chunk.withUnsafeBytes { bytes in
                    forEachLine(bytes, firstLine: state.nextLine) { _, length, line in
                        guard length <= Wordlist.maxLineLength else {
                            tooLong = line
                            return false
                        }
                        return true
                    }
                }
                if let tooLong {
                    fail(&state, line: tooLong)
                    return nil
                }
            }
            let first = state.nextLine
            state.nextLine += lineCount(chunk)
            let now = monotonicSeconds()
            if now >= state.nextReport {
                state.nextReport = now + 1
                progress(Progress(lines: state.nextLine - 1, seconds: now - start, bytesRead: state.bytesRead, size: size))
            }
            return first
        }
    }

    private func fail(_ state: inout State, line: Int) {
        state.failure = CLIError.limit("wordlist line \(line) is longer than the \(Wordlist.maxLineLength)-byte limit")
        state.finished = true
    }

    /// Reads up to a chunk onto the end of `buffer`; the byte count, 0 at the end, -1 on error.
    private func readChunk(appendingTo buffer: inout [UInt8]) -> Int {
        let before = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Wordlist.chunkSize))
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + before, Wordlist.chunkSize) }
        } while count < 0 && errno == EINTR
        buffer.removeLast(Wordlist.chunkSize - max(count, 0))
        return count
    }

    /// Lines in a chunk: its newlines, plus one for a last line without one.
    private func lineCount(_ chunk: [UInt8]) -> Int {
        chunk.withUnsafeBytes { bytes in
            var lines = 0
            var position = bytes.baseAddress!
            let end = position + bytes.count
            while position < end, let found = memchr(position, 0x0A, end - position) {
                lines += 1
                position = UnsafeRawPointer(found) + 1
            }
            return bytes.last == 0x0A ? lines : lines + 1
        }
    }
}

/// Calls `body` with each line of `chunk` (without `\n` or `\r\n`) and its number, until it
/// returns false.
func forEachLine(_ chunk: UnsafeRawBufferPointer, firstLine: Int, _ body: (UnsafeRawPointer, Int, Int) -> Bool) {
    guard var position = chunk.baseAddress else { return }
    let end = position + chunk.count
    var line = firstLine
    while position < end {
        let newline = memchr(position, 0x0A, end - position).map { UnsafeRawPointer($0) } ?? end
        var length = newline - position
        if length > 0 && position.load(fromByteOffset: length - 1, as: UInt8.self) == 0x0D { length -= 1 }
        if !body(position, length, line) { return }
        line += 1
        position = newline + 1
    }
}
