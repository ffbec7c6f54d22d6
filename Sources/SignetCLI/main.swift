#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CSignet

/// `signet COMMAND [OPTIONS] ARGUMENT`: finds the subcommand, parses its options, runs it and
/// turns the outcome into an exit code.
func runTool(_ arguments: [[UInt8]]) -> ExitCode {
    let helpWords: [[UInt8]] = [Array("--help".utf8), Array("-h".utf8), Array("help".utf8)]
    guard let first = arguments.first else {
        writeAll(Array((Help.tool + "\n").utf8), fd: 2)
        return .usage
    }
    if helpWords.contains(first) {
        if arguments.count > 1, let command = commands.first(where: { Array($0.name.utf8) == arguments[1] }) {
            printOut(command.help)
        } else {
            printOut(Help.tool)
        }
        return .ok
    }
    if first == Array("--version".utf8) {
        printOut("signet \(signetVersion)")
        return .ok
    }
    guard let command = commands.first(where: { Array($0.name.utf8) == first }) else {
        let names = commands.map { $0.name }.joined(separator: ", ")
        printErr(CLIError.usage("the first argument is not a command (\(names))", command: "").line)
        return .usage
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains(where: helpWords.prefix(2).contains) {
        printOut(command.help)
        return .ok
    }
    do {
        let parsed = try ParsedArguments(rest, specs: command.specs, command: command.name)
        return try command.run(parsed)
    } catch {
        printErr(error.line)
        return error.code
    }
}

/// The version printed by `signet --version`: the numbers of include/signet.h.
let signetVersion = "\(SIGNET_VERSION_MAJOR).\(SIGNET_VERSION_MINOR).\(SIGNET_VERSION_PATCH)"

var outcome = runTool(rawArguments())
if let error = stdoutWriteError, outcome == .ok {
    printErr("IOError: cannot write the result to stdout: \(errorText(error))")
    outcome = .io
}
exit(outcome.rawValue)
