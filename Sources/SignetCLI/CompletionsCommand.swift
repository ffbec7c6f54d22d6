import Signet

/// `signet completions bash|zsh`: a completion script made from the commands' option tables,
/// so it offers exactly what the parser accepts.
enum CompletionsCommand: Command {
    static let name = "completions"
    static let summary = "print a bash or zsh completion script"
    static let specs: [OptionSpec] = []

    enum Shell: String, CaseIterable {
        case bash, zsh
    }

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let shell = String(decoding: try arguments.positionals(["SHELL"], command: name)[0], as: UTF8.self)
        switch Shell(rawValue: shell) {
        case .bash: printOut(bash)
        case .zsh: printOut(zsh)
        case nil: throw CLIError.usage("SHELL must be one of \(Shell.allCases.map(\.rawValue).joined(separator: ", "))", command: name)
        }
        return .ok
    }

    /// The words an option's value may be, or nil for free text; `files` for a path.
    enum ValueKind {
        case words([String])
        case files
        case text
    }

    static func valueKind(_ spec: OptionSpec) -> ValueKind {
        switch spec.name {
        case "profile": .words(profileNames)
        case "digest": .words(DigestAlgorithm.allCases.map(\.rawValue))
        case "derivation": .words(KeyDerivation.allCases.map(\.rawValue))
        case "max-age": .words(["none"])
        case "wordlist", "secret-file", "fallback-file": .files
        default: .text
        }
    }

    /// Every spelling of an option: `--name`, and `-x` when it has one.
    static func spellings(_ spec: OptionSpec) -> [String] {
        ["--" + spec.name] + (spec.short.map { ["-" + String(UnicodeScalar($0))] } ?? [])
    }

    static var bash: String {
        var perCommand = ""
        var perValue = ""
        for command in commands {
            let words = command.specs.flatMap(spellings) + ["--help"]
            let positional = command == CompletionsCommand.self ? Shell.allCases.map(\.rawValue) : []
            perCommand += "        \(command.name)) options=\"\((words + positional).joined(separator: " "))\" ;;\n"
        }
        var seen = Set<String>()
        for spec in commands.flatMap({ $0.specs }) where spec.takesValue && seen.insert(spec.name).inserted {
            let pattern = spellings(spec).joined(separator: "|")
            switch valueKind(spec) {
            case .words(let words): perValue += "        \(pattern)) COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
            case .files: perValue += "        \(pattern)) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
            case .text: perValue += "        \(pattern)) COMPREPLY=(); return ;;\n"
            }
        }
        let names = (commands.map { $0.name } + ["--help", "--version"]).joined(separator: " ")
        return """
            # bash completion for signet (made by `signet completions bash`): source it, or save it
            # as ~/.local/share/bash-completion/completions/signet.
            _signet() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" options=""
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W "\(names)" -- "$cur"))
                    return
                fi
                case "$prev" in
            \(perValue)    esac
                case "${COMP_WORDS[1]}" in
            \(perCommand)        *) return ;;
                esac
                COMPREPLY=($(compgen -W "$options" -- "$cur"))
            }
            complete -o default -F _signet signet
            """
    }

    static var zsh: String {
        var perCommand = ""
        for command in commands {
            var lines = command.specs.map { spec -> String in
                let value: String
                switch (spec.takesValue, valueKind(spec)) {
                case (false, _): value = ""
                case (true, .words(let words)): value = ":\(spec.name):(\(words.joined(separator: " ")))"
                case (true, .files): value = ":\(spec.name):_files"
                case (true, .text): value = ":\(spec.name): "
                }
                let spelled = spellings(spec)
                let names = spelled.count == 1 ? spelled[0] : "{\(spelled.joined(separator: ","))}"
                let exclusive = spec.repeatable ? "*" : "(\(spelled.joined(separator: " ")))"
                return "'\(exclusive)'\(names)'\(value)'"
            }
            lines.append("'--help'")
            lines.append(command == CompletionsCommand.self ? "':shell:(\(Shell.allCases.map(\.rawValue).joined(separator: " ")))'" : "':argument:_files'")
            perCommand += "        \(command.name)) _arguments \(lines.joined(separator: " ")) ;;\n"
        }
        let described = commands.map { "'\($0.name):\($0.summary.replacing("'", with: "'\\''"))'" }.joined(separator: " ")
        return """
            #compdef signet
            # zsh completion for signet (made by `signet completions zsh`): save it as _signet in a
            # directory of $fpath, or source it after compinit.
            _signet() {
                local -a commands
                commands=(\(described))
                if (( CURRENT == 2 )); then
                    _describe command commands
                    return
                fi
                local command=$words[2]
                shift words
                (( CURRENT-- ))
                case $command in
            \(perCommand)    esac
            }
            compdef _signet signet
            """
    }
}

extension CompletionsCommand {
    static var help: String {
        """
        Usage: signet completions bash|zsh

        Prints a completion script for the shell, made from the option tables of every
        command: subcommands, options (short ones too), the choices of --profile, --digest
        and --derivation, and file names where a path is expected.

        \(Help.exitCodesPointer)

        Examples:
          source <(signet completions bash) && complete -p signet
          signet completions zsh | tee _signet | head -1
        """
    }
}
