/// Bounds on the work an untrusted token can cause. Each is checked before the work it bounds,
/// and each has its own error kind.
public struct Limits: Sendable, Hashable {
    /// Longest token accepted, in bytes, checked before any decoding (`.tokenTooLarge`).
    /// Browsers keep cookies up to 4096 bytes; the default leaves room for other transports.
    public var maxTokenLength: Int
    /// Most bytes a compressed payload may inflate to; inflation stops there
    /// (`.decompressedTooLarge`). `Int.max` (C's `SIZE_MAX`) means no limit.
    public var maxDecompressedSize: Int
    /// Deepest JSON nesting accepted (`.jsonTooDeep`), 0 to ``maxDepthAllowed``. Python
    /// accepts 999 levels. The same bound applies when writing (`.unserializable` from mint and
    /// dumps), so every value read can be written back and the other way round.
    ///
    /// No pass Signet makes over a value recurses (parse, Flask tags, encode, `==`, `hash`, and
    /// the release of every value, whoever built it), so its stack use does not grow with depth:
    /// every entry point runs, and every value it returns is dropped, on a 64 KiB thread at any
    /// depth. `SessionDecoder` refuses more than ``SessionDecoder/maxDepth`` levels.
    public var maxDepth: Int
    /// Most digits in a JSON integer (`.integerTooLong`), Python 3.11's
    /// `sys.get_int_max_str_digits()`; 0 means no limit, as in Python. Writing has the same
    /// bound (`.unserializable`).
    public var maxIntegerDigits: Int

    public init(
        maxTokenLength: Int = 65_536,
        maxDecompressedSize: Int = 1_048_576,
        maxDepth: Int = 1000,
        maxIntegerDigits: Int = 4300
    ) {
        self.maxTokenLength = maxTokenLength
        self.maxDecompressedSize = maxDecompressedSize
        self.maxDepth = maxDepth
        self.maxIntegerDigits = maxIntegerDigits
    }

    public static let `default` = Limits()

    /// The largest `maxDepth` accepted (C's `max_depth` too). Depth costs heap memory and time,
    /// linearly, never stack.
    public static let maxDepthAllowed = 10_000

    /// Refuses limits that cannot hold: a negative value, or `maxDepth` above
    /// ``maxDepthAllowed`` (`.invalidArgument`, when a serializer is made).
    package func validate() throws(SignetError) {
        guard maxTokenLength >= 0, maxDecompressedSize >= 0, maxIntegerDigits >= 0 else {
            throw SignetError(.invalidArgument, "Limits must not be negative")
        }
        guard maxDepth >= 0, maxDepth <= Limits.maxDepthAllowed else {
            throw SignetError(.invalidArgument, "maxDepth must be between 0 and \(Limits.maxDepthAllowed)")
        }
    }

    /// Refuses a token longer than `maxTokenLength`, before any work is done on it.
    package func checkTokenLength(_ count: Int) throws(SignetError) {
        guard count <= maxTokenLength else {
            throw SignetError(.tokenTooLarge, "The token is longer than the \(maxTokenLength)-byte limit")
        }
    }

    /// The JSON part of these limits.
    public var json: JSONDecodingLimits {
        JSONDecodingLimits(maxDepth: maxDepth, maxIntegerDigits: maxIntegerDigits)
    }
}
