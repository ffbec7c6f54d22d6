import Signet

/// `signet profiles`: the profile table `--profile` reads (and C's `signet_preset_from_name`),
/// one row a line.
enum ProfilesCommand: Command {
    static let name = "profiles"
    static let summary = "list the profiles --profile takes, with their defaults"
    static let specs = Specs.json

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        _ = try arguments.positionals([], command: name)
        for profile in Profile.all {
            if arguments.has("json") {
                printOut(json(profile).bytes)
            } else {
                printOut(profile.names.joined(separator: ", ").padding(36) + profile.python)
                printOut("    " + summary(profile))
            }
        }
        return .ok
    }

    static func summary(_ profile: Profile) -> String {
        var facts = [
            "salt \(profile.saltText)", profile.keyDerivation.rawValue, profile.digest.rawValue,
            "separator \(profile.separatorText)", profile.timed ? "timestamp" : "no timestamp",
        ]
        switch profile.value {
        case .bytes: facts.append("signs bytes (shown as a JSON string)")
        case .json:
            facts += ["\(payloadName(profile.payloadEncoding)) payload", "\(jsonStyleName(profile.jsonOptions)) JSON"]
            if profile.flaskTags { facts.append("Flask's tags") }
        }
        facts.append(profile.maxAge.map { "max age \($0)" } ?? "any age")
        if let cookie = profile.cookieName { facts.append("cookie \(cookie)") }
        return facts.joined(separator: ", ")
    }

    static func json(_ profile: Profile) -> JSONOutput {
        var output = JSONOutput()
        output.value("names", .array(profile.names.map { .string(JSONString($0)) }))
        output.string("python", profile.python)
        output.string("salt", profile.saltText.description)
        output.string("digest", profile.digest.rawValue)
        output.string("key_derivation", profile.keyDerivation.rawValue)
        output.string("separator", profile.separatorText.description)
        output.bool("timed", profile.timed)
        output.string("value", profile.value == .json ? "json" : "bytes")
        output.string("payload", payloadName(profile.payloadEncoding))
        output.string("json", jsonStyleName(profile.jsonOptions))
        output.bool("flask_tags", profile.flaskTags)
        output.string("timestamp", !profile.timed ? "none" : profile.base62Timestamps ? "base62" : "base64")
        // Starlette's and Django's rows: read back in their own JSON; they have no loads_unsafe.
        output.bool("own_json", profile.ownJSON)
        output.integer("max_age", profile.maxAge)
        output.value("cookie_name", profile.cookieName.map { .string(JSONString($0)) } ?? .null)
        return output
    }

    static func payloadName(_ encoding: PayloadEncoding) -> String {
        switch encoding {
        case .plain: "plain"
        case .urlSafe: "url-safe"
        case .urlSafeUncompressed: "url-safe-uncompressed"
        case .standardBase64: "standard-base64"
        }
    }

    static func jsonStyleName(_ options: JSONEncodingOptions) -> String {
        switch options {
        case .flask: "flask"
        case .compact: "compact"
        case .pythonDefault: "python"
        case .compactASCII: "compact-ascii"
        default: "custom"
        }
    }
}

extension ProfilesCommand {
    static var help: String {
        """
        Usage: signet profiles [--json]

        Lists the profiles: the names --profile takes (the first is the usual one; C's
        signet_preset_from_name takes the same), the Python each mirrors, and the defaults it
        sets (salt, key derivation, digest, separator, timestamp, payload, JSON style, Flask's
        tags, max age, cookie name). --json prints one JSON object a line.

        \(Help.exitCodesPointer)

        Examples:
          signet profiles
          signet profiles --json | head -1
        """
    }
}
