import Signet

/// The exit status of `signet`, one per error class. Pinned: scripts depend on them, and
/// `--help` and the command-line guide (Sources/SignetCLI/README.md) list them.
enum ExitCode: Int32, CaseIterable {
    /// Success (for `audit`: the secret was found).
    case ok = 0
    /// `BadSignature`: the signature does not match, or the cookie has no `.` separator.
    case badSignature = 1
    /// Usage error: unknown option, missing argument, invalid option value, no secret key.
    case usage = 2
    /// `SignatureExpired`: valid signature, older than `--max-age` (or from the future).
    case signatureExpired = 3
    /// `BadTimeSignature`: a timed cookie whose signature does not match, or whose timestamp is
    /// missing or malformed.
    case badTimeSignature = 4
    /// `BadPayload`: the signed payload does not decode (base64, zlib, JSON, Flask tags).
    case badPayload = 5
    /// `BadData`: any other data error.
    case badData = 6
    /// A limit was exceeded (token length, decompressed size, JSON depth, integer digits,
    /// input size); the message names the limit.
    case limitExceeded = 7
    /// `audit`: no candidate in the wordlist is the secret.
    case notFound = 8
    /// A file or stdin could not be read, or output could not be written.
    case io = 9
    /// `sign`: the JSON is invalid or cannot be a session (Python's `ValueError`/`TypeError`).
    case invalidInput = 10

    /// The exit code for a Signet error: its most specific itsdangerous class, limits apart.
    init(_ error: SignetError) {
        switch error.kind {
        case .tokenTooLarge, .decompressedTooLarge, .jsonTooDeep, .integerTooLong:
            self = .limitExceeded
        case .signatureExpired:
            self = .signatureExpired
        case .badTimeSignature, .missingTimestamp, .malformedTimestamp:
            self = .badTimeSignature
        case .badSignature:
            self = .badSignature
        case .badPayload, .badJSON:
            self = .badPayload
        case .badData:
            self = .badData
        case .unserializable, .invalidArgument, .badCookie:
            self = .invalidInput
        case .emptyKey:
            self = .usage
        }
    }
}

/// Why a command failed: what goes to stderr and the exit code.
struct CLIError: Error {
    let code: ExitCode
    /// The error class as itsdangerous names it (`BadSignature`), or `error` for usage, I/O and
    /// audit outcomes.
    let className: String
    /// Signet's own kind (`badTimeSignature`), when the error came from the library.
    let kind: String?
    /// One line; never a key.
    let message: String
    /// The subcommand, for "see signet verify --help" on usage errors.
    let command: String?

    init(_ error: SignetError) {
        code = ExitCode(error)
        className = error.kind.pythonClass
        kind = "\(error.kind)"
        message = oneLine(error.message)
        command = nil
    }

    init(code: ExitCode, className: String, message: String, command: String? = nil) {
        self.code = code
        self.className = className
        kind = nil
        self.message = oneLine(message)
        self.command = command
    }

    static func usage(_ message: String, command: String) -> CLIError {
        CLIError(code: .usage, className: "UsageError", message: message, command: command)
    }

    static func io(_ message: String) -> CLIError {
        CLIError(code: .io, className: "IOError", message: message)
    }

    static func limit(_ message: String) -> CLIError {
        CLIError(code: .limitExceeded, className: "LimitExceeded", message: message)
    }

    /// The stderr line.
    var line: String {
        if code == .usage, let command {
            let help = command.isEmpty ? "signet --help" : "signet \(command) --help"
            return "signet\(command.isEmpty ? "" : " " + command): \(message) (see \(help))"
        }
        return "\(className): \(message)"
    }
}

/// Runs `body`, turning a thrown `SignetError` into a `CLIError`.
func mapped<R>(_ body: () throws(SignetError) -> R) throws(CLIError) -> R {
    do {
        return try body()
    } catch {
        throw CLIError(error)
    }
}

/// `bytes.withUnsafeBytes` for a body with typed throws.
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(SignetError) -> R) throws(SignetError) -> R {
    try bytes.withUnsafeBytes { raw in Result { () throws(SignetError) in try body(raw) } }.get()
}

/// A message as one line a terminal shows as is (see `terminalSafe`).
func oneLine(_ text: String) -> String {
    terminalSafe(String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
}
