import Signet

/// The option tables, shared by the subcommands that take them.
enum Specs {
    static let format: [OptionSpec] = [.value("profile"), .flag("legacy"), .flag("no-timestamp")]
    static let signing: [OptionSpec] = [.value("salt", short: "S"), .value("digest"), .value("derivation")]
    static let secret: [OptionSpec] = [.value("secret", short: "s"), .value("secret-file")]
    static let fallbacks: [OptionSpec] = [.value("fallback", repeatable: true), .value("fallback-file", repeatable: true)]
    static let age: [OptionSpec] = [.value("max-age"), .value("now")]
    static let json: [OptionSpec] = [.flag("json")]
    static let timestamp: [OptionSpec] = [.value("timestamp")]
}

/// An option whose value names a case (`--digest sha256`).
func parseChoice<T: RawRepresentable & CaseIterable>(
    _ arguments: ParsedArguments, _ name: String, default fallback: T, command: String
) throws(CLIError) -> T where T.RawValue == String {
    guard let text = arguments.text(name) else { return fallback }
    guard let value = T(rawValue: text) else {
        let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw CLIError.usage("--\(name) must be one of \(choices)", command: command)
    }
    return value
}

/// An integer option (`--now 1700000000`), within `range`.
func parseInteger(_ arguments: ParsedArguments, _ name: String, range: ClosedRange<Int64>, command: String) throws(CLIError) -> Int64? {
    guard let text = arguments.text(name) else { return nil }
    guard let value = Int64(text), range.contains(value) else {
        throw CLIError.usage("--\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)", command: command)
    }
    return value
}

/// Unix times the options accept: Python's `datetime` range, 0001-01-01 to 9999-12-31.
let unixTimeRange: ClosedRange<Int64> = -62_135_596_800...maxRepresentableTimestamp
