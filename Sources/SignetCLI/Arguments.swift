#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Hand-rolled argument parsing: `--name value`, `--name=value`, flags, repeatable options,
/// positionals, `--` and `-` (stdin). Arguments stay raw bytes so a secret key reaches the
/// signer exactly as typed, whatever its encoding. No message ever repeats an argument: a key
/// typed in the wrong place must not reach a terminal log or CI output, so errors name the
/// option (or the argument's position) and the problem.

/// One option a subcommand accepts.
struct OptionSpec: Sendable {
    /// Without the leading dashes.
    let name: String
    /// A value follows (`--salt X`); otherwise a flag.
    let takesValue: Bool
    /// May be given several times (`--fallback`).
    let repeatable: Bool

    static func value(_ name: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, takesValue: true, repeatable: repeatable)
    }

    static func flag(_ name: String) -> OptionSpec {
        OptionSpec(name: name, takesValue: false, repeatable: false)
    }
}

/// The command line of one subcommand, parsed against its option table.
struct ParsedArguments {
    /// Every option with its value (empty for flags), in command-line order.
    private(set) var options: [(name: String, value: [UInt8])] = []
    private(set) var positionals: [[UInt8]] = []

    /// Parses `arguments` (after the subcommand name). `--help`/`-h` is not handled here.
    init(_ arguments: [[UInt8]], specs: [OptionSpec], command: String) throws(CLIError) {
        var index = 0
        var onlyPositionals = false
        // Counted as the user sees them: the subcommand is argument 1.
        func unknown(_ position: Int) -> CLIError {
            CLIError.usage("argument \(position + 1) is not an option of signet \(command)", command: command)
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument.count < 2 || argument[0] != UInt8(ascii: "-") {
                positionals.append(argument)
                continue
            }
            if argument == Array("--".utf8) {
                onlyPositionals = true
                continue
            }
            guard argument[1] == UInt8(ascii: "-") else { throw unknown(index) }
            var name = Array(argument.dropFirst(2))
            var inlineValue: [UInt8]?
            if let equals = name.firstIndex(of: UInt8(ascii: "=")) {
                inlineValue = Array(name[(equals + 1)...])
                name = Array(name[..<equals])
            }
            let nameText = String(decoding: name, as: UTF8.self)
            guard let spec = specs.first(where: { $0.name == nameText }) else { throw unknown(index) }
            if !spec.repeatable, options.contains(where: { $0.name == nameText }) {
                throw CLIError.usage("--\(nameText) given twice", command: command)
            }
            if !spec.takesValue {
                guard inlineValue == nil else {
                    throw CLIError.usage("--\(nameText) takes no value", command: command)
                }
                options.append((nameText, []))
                continue
            }
            if let inlineValue {
                options.append((nameText, inlineValue))
            } else {
                guard index < arguments.count else {
                    throw CLIError.usage("--\(nameText) needs a value", command: command)
                }
                options.append((nameText, arguments[index]))
                index += 1
            }
        }
    }

    func has(_ name: String) -> Bool { options.contains { $0.name == name } }

    /// The value of a non-repeatable option.
    func value(_ name: String) -> [UInt8]? { options.first { $0.name == name }?.value }

    /// The value as text (option values other than keys are ASCII words and numbers).
    func text(_ name: String) -> String? { value(name).map { String(decoding: $0, as: UTF8.self) } }

    /// The values of a repeatable option, in order.
    func values(_ name: String) -> [[UInt8]] { options.filter { $0.name == name }.map(\.value) }

    /// Exactly `count` positionals, named in `names` for the error message.
    func positionals(_ names: [String], command: String) throws(CLIError) -> [[UInt8]] {
        if positionals.count < names.count {
            throw CLIError.usage("missing \(names[positionals.count])", command: command)
        }
        if positionals.count > names.count {
            // Not echoed: a key given without its option would land here.
            let expected = names.isEmpty ? "no arguments" : "only " + names.joined(separator: " ")
            throw CLIError.usage("\(positionals.count) arguments where \(expected) is taken", command: command)
        }
        return positionals
    }
}

/// The raw bytes of the process arguments, after the program name.
func rawArguments() -> [[UInt8]] {
    (1..<Int(CommandLine.argc)).map { index in
        guard let pointer = CommandLine.unsafeArgv[index] else { return [] }
        let length = strlen(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
