import Signet

/// The text of `--help`, for the tool and each subcommand.
enum Help {
    static var tool: String {
        """
        signet: mint, verify, decode, rotate and audit Flask session cookies (itsdangerous 2.2
        tokens), byte-for-byte like Python.

        Usage: signet COMMAND [OPTIONS] ARGUMENT
               signet COMMAND --help
               signet --version

        Commands:
        \(commands.map { "  " + $0.name.padding(8) + $0.summary }.joined(separator: "\n"))

        A COOKIE or JSON argument of '-' is read from stdin (cookies can exceed the
        argument-length limit). Keys come from --secret KEY, --secret-file PATH or the
        SIGNET_SECRET environment variable, so they need not sit in shell history.

        \(exitCodes)

        Examples (COOKIE signed with dev-key, key.txt holding dev-key):
          signet sign --secret dev-key '{"user_id":"42"}'
          signet verify --secret dev-key "$COOKIE"
          signet decode "$COOKIE"
          signet audit --wordlist words.txt "$COOKIE"
        """
    }

    /// Subcommand help points to the table rather than repeating it.
    static let exitCodesPointer = "Exit codes and the error format: signet --help."

    static let exitCodes = """
        Exit codes:
           0  ok (audit: the secret key was found)
           1  BadSignature: the signature does not match, or no '.' separator
           2  usage error: unknown option, missing argument, bad option value, no key
              or an empty one
           3  SignatureExpired: valid signature, older than --max-age (or in the future)
           4  BadTimeSignature: timed cookie with a bad signature, or a missing or
              malformed timestamp (a wrong key on a timed cookie gives this one)
           5  BadPayload: the payload does not decode (base64, zlib, JSON, Flask tags)
           6  BadData: any other data error
           7  a limit was exceeded (token 65536 bytes, decompressed 1 MiB, JSON depth
              1000, integer 4300 digits, input 16 MiB, wordlist line 1 MiB)
           8  audit: the secret key is neither a default key nor in the wordlist
           9  I/O error: a file or stdin could not be read, or stdout not written
          10  ValueError: sign: invalid JSON or not a session; others: the pasted
              header or pairs hold no such cookie
        Errors go to stderr as one line, "Class: reason"; they never repeat an argument
        (a key typed in the wrong place): they name the option and the problem.
        """

    static let format = """
          --profile NAME  defaults, payload and JSON style: a name signet profiles
                          lists (flask by default; itsdangerous is
                          urlsafe-timed-serializer; signer and timestamp-signer sign
                          the argument's bytes and show them as a JSON string)
          --legacy        timestamps count from 2011-01-01 (itsdangerous < 1.0, Flask < 2018)
          --no-timestamp  untimed serializer (URLSafeSerializer): no timestamp in the cookie
        """

    static let signing = """
          -S, --salt SALT default the profile's (flask: cookie-session)
          --digest NAME   md5, sha1, sha224, sha256, sha384, sha512 (default the profile's)
          --derivation NAME
                          hmac, django-concat, concat, none (default the profile's: flask
                          hmac, itsdangerous django-concat)
        """

    static let secret = """
          -s, --secret KEY
                          the secret key (Flask's SECRET_KEY)
          --secret-file PATH
                          read the key from a file (one trailing newline is dropped)
          SIGNET_SECRET   environment variable used when neither option is given
        """

    static let fallbacks = """
          --fallback KEY  an old key still accepted (SECRET_KEY_FALLBACKS); repeat, oldest
                          first; tried after the secret, newest first
          --fallback-file PATH
                          the same, read from a file
        """

    /// The options verify and rotate share.
    static var verifying: String { [secret, fallbacks, signing, format, age, cookieName].joined(separator: "\n") }

    static let cookieName = """
          --cookie-name NAME
                          the cookie to take from a pasted COOKIE (default session):
                          COOKIE may be the cookie, NAME=<cookie>, a 'Cookie: ...'
                          header line or a 'Set-Cookie: ...' line (its first pair)
        """

    static let age = """
          --max-age SECONDS
                          oldest accepted cookie, default the profile's: \(Profile.flaskSession.maxAge!)
                          for flask (31 days, PERMANENT_SESSION_LIFETIME), none for
                          the others; 'none' accepts any age
          --now UNIX      judge the age as of this Unix time instead of the clock's
        """
}

extension DecodeCommand {
    static var help: String {
        """
        Usage: signet decode [OPTIONS] COOKIE

        Shows a cookie's payload (decompressed, Flask's tags as stored, e.g. {" t":[1,2]})
        and its signing time in UTC, without any key. It never checks the signature: anyone
        can forge what it shows. Use 'signet verify' to trust a cookie. Control and
        bidirectional characters in the payload are shown as \\uXXXX escapes.

        Options:
        \(Help.format)
        \(Help.cookieName)
          --json          one JSON object: compressed, payload, signed_at,
                          signed_at_utc, verified (always false)

        \(Help.exitCodesPointer)

        Examples:
          signet decode eyJ1c2VyX2lkIjoiNDIifQ.ZVPxAA.mqi3YA1d3Zr2lNJXd2q8TYz98YI
          echo "$COOKIE" | signet decode --json -
        """
    }
}

extension SignCommand {
    static var help: String {
        """
        Usage: signet sign [OPTIONS] JSON

        Mints a cookie from JSON ('-' reads stdin) and prints it. With the flask profile the
        JSON is a session object in Flask's tagged form ({" t":[...]} tuple, {" b":"..."}
        bytes, {" m":"..."} Markup, {" u":"..."} UUID, {" d":"..."} datetime), serialised
        as Flask does (sorted keys, ASCII, compact); the cookie is byte-identical to Flask's
        for the same key and time.

        Options:
        \(Help.secret)
        \(Help.signing)
        \(Help.format)
          --timestamp UNIX
                          sign as of this Unix time instead of now

        \(Help.exitCodesPointer)

        Examples:
          signet sign --secret dev-key '{"user_id":"42","cart":{" t":[1,2]}}'
          SIGNET_SECRET=dev-key signet sign --timestamp 1700000000 '{"user_id":"42"}'
          echo '[1,2,3]' | signet sign --profile itsdangerous --secret-file key.txt -
        """
    }
}

extension VerifyCommand {
    static var help: String {
        """
        Usage: signet verify [OPTIONS] COOKIE

        Verifies a cookie ('-' reads stdin) as Flask does: the secret key first, then each
        fallback from newest to oldest, then the age. On success prints the session as
        Flask's canonical tagged JSON (sorted keys, ASCII escapes, compact) and exits 0;
        otherwise prints "Class: reason" on stderr and exits with the class's code.

        Options:
        \(Help.verifying)
          --json          one JSON object on stdout: valid, session, signed_at,
                          signed_at_utc; or valid false, error, kind, message, exit_code

        \(Help.exitCodesPointer)

        Examples:
          signet verify --secret dev-key "$COOKIE"
          signet verify --secret new-key --fallback dev-key --max-age 3600 "$COOKIE"
          signet verify --secret-file key.txt --json - < cookie.txt
        """
    }
}

extension RotateCommand {
    static var help: String {
        """
        Usage: signet rotate --secret NEW [--fallback OLD ...] [OPTIONS] COOKIE

        Migrates a session after a key change: verifies the cookie with any key (the age is
        checked as in verify), then prints it re-signed with the current key (--secret) at
        the current time (or --timestamp). The payload is kept byte for byte. A note on
        stderr says whether the cookie was signed with a fallback key. Without --fallback it
        refreshes a cookie of the current key (new time), and says so.

        Options:
        \(Help.verifying)
          --timestamp UNIX
                          re-sign as of this Unix time instead of now

        \(Help.exitCodesPointer)

        Examples:
          signet rotate --secret new-key --fallback dev-key "$COOKIE"
          SIGNET_SECRET=new-key signet rotate --fallback-file key.txt - < cookie.txt
        """
    }
}

extension AuditCommand {
    static var help: String {
        """
        Usage: signet audit [--wordlist FILE] [OPTIONS] COOKIE

        For owners checking that their secret key is not guessable: tries first the
        built-in default keys (placeholders and examples shipped by Flask's docs and
        tutorial, flask-unsign, Superset, Airflow, Redash: a match names its source),
        then every line of FILE ('-' reads stdin) as the key of COOKIE, on every core,
        reading the file in chunks (any size). A line is a candidate as is, without its '\\n' or '\\r\\n'; empty lines
        are skipped. A line that is one Python str or bytes literal ("key", b'\\xff...', the
        format of flask-unsign's wordlists) is tried decoded first, then as is. Only the
        signature is checked, not the age. When the key is found it is printed on stdout
        and the exit code is 0 (the key is guessable: replace it); when not, the exit code
        is 8. Progress goes to stderr every second, with the percent read and the time
        left when FILE is a regular file.

        Options:
          -w, --wordlist FILE
                          candidate keys, one a line (without it: the default keys only)
          --threads N     threads (default: the number of cores)
          --quiet         no progress or summary on stderr
        \(Help.signing)
          --profile NAME  the defaults of --salt, --digest and --derivation
                          (signet profiles lists them)
        \(Help.cookieName)
          --json          one JSON object: found, secret, secret_hex, line, kind (raw,
                          literal or default), source (of a default key), candidates,
                          seconds, per_second, threads

        \(Help.exitCodesPointer)

        Examples:
          signet audit "$COOKIE" || echo "not a known default key"
          signet audit --wordlist words.txt "$COOKIE"
          signet audit --wordlist words.txt --json --quiet "$COOKIE"
        """
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
