import Signet

/// `--max-age SECONDS` (or `none`) and `--now UNIX`.
struct Age {
    let maxAge: Int64?
    let now: Int64?

    init(_ arguments: ParsedArguments, format: Format, command: String) throws(CLIError) {
        if arguments.text("max-age") == "none" {
            maxAge = nil
        } else {
            maxAge = try parseInteger(arguments, "max-age", range: 0...Int64.max, command: command) ?? format.profile.maxAge
        }
        now = try parseInteger(arguments, "now", range: unixTimeRange, command: command)
    }
}

/// `--timestamp UNIX`: not before the epoch the cookie counts from.
func signingTimestamp(_ arguments: ParsedArguments, format: Format, command: String) throws(CLIError) -> Int64? {
    try parseInteger(arguments, "timestamp", range: format.epoch.offset...unixTimeRange.upperBound, command: command)
}
