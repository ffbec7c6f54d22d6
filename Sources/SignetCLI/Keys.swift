import Signet

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret key and fallbacks: `--secret`, `--secret-file` or `SIGNET_SECRET`; `--fallback`
/// and `--fallback-file` in the order given (oldest first, as `SECRET_KEY_FALLBACKS`).
struct Keys {
    let secret: [UInt8]
    let fallbacks: [[UInt8]]

    /// Oldest first: the fallbacks, then the secret (which signs).
    var all: [[UInt8]] { fallbacks + [secret] }

    init(_ arguments: ParsedArguments, command: String) throws(CLIError) {
        let direct = arguments.value("secret")
        let file = arguments.value("secret-file")
        if direct != nil && file != nil {
            throw CLIError.usage("give --secret or --secret-file, not both", command: command)
        }
        // An empty key is refused wherever it comes from, naming its source: the library would
        // refuse it too (anyone could forge with it), but not say which option held it.
        func nonEmpty(_ key: [UInt8], _ source: String) throws(CLIError) -> [UInt8] {
            guard !key.isEmpty else { throw CLIError.usage("\(source) is empty: an empty key lets anyone forge cookies", command: command) }
            return key
        }
        if let direct {
            secret = try nonEmpty(direct, "--secret")
        } else if let file {
            secret = try nonEmpty(try keyFile(file, option: "secret-file"), "the key in the file of --secret-file")
        } else if let environment = getenv("SIGNET_SECRET") {
            // Raw bytes: a key that is not UTF-8 must not be repaired.
            secret = try nonEmpty(Array(UnsafeRawBufferPointer(start: environment, count: strlen(environment))), "SIGNET_SECRET")
        } else {
            throw CLIError.usage("a secret key is required: --secret KEY, --secret-file PATH or SIGNET_SECRET", command: command)
        }
        var fallbacks = [[UInt8]]()
        for option in arguments.options {
            if option.name == "fallback" { fallbacks.append(try nonEmpty(option.value, "a --fallback")) }
            if option.name == "fallback-file" {
                fallbacks.append(try nonEmpty(try keyFile(option.value, option: "fallback-file"), "the key in a file of --fallback-file"))
            }
        }
        self.fallbacks = fallbacks
    }
}

/// A key file's content, without one trailing newline (`\n` or `\r\n`).
func keyFile(_ path: [UInt8], option: String) throws(CLIError) -> [UInt8] {
    var key = try readFile(path, what: "the file of --\(option)")
    if key.last == UInt8(ascii: "\n") { key.removeLast() }
    if key.last == UInt8(ascii: "\r") { key.removeLast() }
    return key
}
