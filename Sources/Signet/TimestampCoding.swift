/// How a timed token writes its timestamp, and whether its framework lets one in the future pass
/// a maximum age: the one difference between itsdangerous's and Django's `TimestampSigner`.
public enum TimestampCoding: Sendable, Hashable {
    /// itsdangerous: the seconds since the epoch as big-endian bytes without leading zeros
    /// (``TimestampBytes``), in URL-safe base64. A time past 9999-12-31T23:59:59Z is malformed;
    /// a time in the future fails any maximum age.
    case itsdangerous(TimestampEpoch)
    /// Django: Unix seconds in base62 (`-?[0-9A-Za-z]+`, within 64 bits). A time in the future
    /// passes any maximum age (Django checks only `age > max_age`).
    case djangoBase62

    /// What the timestamps count from.
    public var epoch: TimestampEpoch {
        if case .itsdangerous(let epoch) = self { return epoch }
        return .unix
    }

    /// Whether a token stamped after "now" is expired when a maximum age is given.
    var refusesFutureTimestamps: Bool {
        if case .itsdangerous = self { return true }
        return false
    }

    /// Appends the text of Unix time `unix`.
    func encode(_ unix: Int64, appendingTo out: inout [UInt8]) {
        switch self {
        case .itsdangerous(let epoch):
            TimestampBytes.withEncoded(epoch.stored(unix)) { Base64URL.encode($0, appendingTo: &out) }
        case .djangoBase62:
            Base62.encode(unix, appendingTo: &out)
        }
    }

    /// nil: unreadable text. `.some(nil)`: readable, but past what a Python `datetime` holds
    /// (itsdangerous only). Otherwise the Unix time.
    func decode(_ text: UnsafeRawBufferPointer) -> Int64?? {
        switch self {
        case .itsdangerous(let epoch): return TimestampSigner.decodeTimestamp(text, epoch: epoch)
        case .djangoBase62: return Base62.decode(text).map { $0 }
        }
    }
}
