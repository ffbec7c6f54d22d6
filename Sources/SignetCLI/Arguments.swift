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
    /// The one-letter form (`-s` for `--secret`), for the options typed most.
    let short: UInt8?

    static func value(_ name: String, repeatable: Bool = false, short: Character? = nil) -> OptionSpec {
        OptionSpec(name: name, takesValue: true, repeatable: repeatable, short: short?.asciiValue)
    }

    static func flag(_ name: String) -> OptionSpec {
        OptionSpec(name: name, takesValue: false, repeatable: false, short: nil)
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
        // Counted as the user sees them: the subcommand is argument 1. The suggestion names an
        // option of the (public) table, never what was typed.
        func unknown(_ position: Int, _ typed: [UInt8]) -> CLIError {
            let suggestion = closestOption(to: typed, in: specs).map { "; did you mean --\($0)?" } ?? ""
            return CLIError.usage("argument \(position + 1) is not an option of signet \(command)\(suggestion)", command: command)
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
            var name: [UInt8]
            if argument[1] != UInt8(ascii: "-") {
                guard argument.count == 2, let spec = specs.first(where: { $0.short == argument[1] }) else {
                    // `-secret` is a typo of `--secret`; an unknown letter is no word to match.
                    throw unknown(index, argument.count > 2 ? Array(argument.dropFirst()) : [])
                }
                name = Array(spec.name.utf8)
            } else {
                name = Array(argument.dropFirst(2))
            }
            var inlineValue: [UInt8]?
            if let equals = name.firstIndex(of: UInt8(ascii: "=")) {
                inlineValue = Array(name[(equals + 1)...])
                name = Array(name[..<equals])
            }
            let nameText = String(decoding: name, as: UTF8.self)
            guard let spec = specs.first(where: { $0.name == nameText }) else { throw unknown(index, name) }
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

/// The option of `specs` a mistyped `typed` most likely meant: within two edits (insert,
/// delete, substitute, swap two neighbours), or the only option `typed` begins. Words longer
/// than any option by more than two are no typo of one, and are not compared.
func closestOption(to typed: [UInt8], in specs: [OptionSpec]) -> String? {
    guard !typed.isEmpty else { return nil }
    let typed = typed.prefix { $0 != UInt8(ascii: "=") }
    let prefixed = specs.filter { $0.name.utf8.starts(with: typed) }
    if prefixed.count == 1 { return prefixed[0].name }
    var best: (name: String, distance: Int)?
    for spec in specs {
        let name = Array(spec.name.utf8)
        guard abs(name.count - typed.count) <= 2 else { continue }
        let distance = editDistance(Array(typed), name)
        if distance <= 2, distance < best?.distance ?? Int.max { best = (spec.name, distance) }
    }
    return best?.name
}

/// Optimal string alignment distance (Levenshtein plus swaps of neighbours), row by row.
private func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}
