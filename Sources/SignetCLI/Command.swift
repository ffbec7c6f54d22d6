/// A subcommand: its options, its help, and what it does.
protocol Command: Sendable {
    static var name: String { get }
    /// One line for the tool's help.
    static var summary: String { get }
    static var specs: [OptionSpec] { get }
    static var help: String { get }
    /// Runs with parsed arguments; returns the exit code on success paths (`audit` may
    /// return `.notFound`), throws for errors.
    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode
}

let commands: [any Command.Type] = [
    DecodeCommand.self, SignCommand.self, VerifyCommand.self, RotateCommand.self, AuditCommand.self,
    ProfilesCommand.self, CompletionsCommand.self,
]
