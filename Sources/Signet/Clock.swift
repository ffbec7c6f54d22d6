#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where "now" comes from, in whole Unix seconds (`TimestampSigner.get_timestamp`).
///
/// Inject a fixed clock to make signing and expiry reproducible.
public struct Clock: Sendable {
    /// nil for the system clock, read without a closure call (once per verify).
    private let read: (@Sendable () -> Int64)?

    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    private init() { read = nil }

    /// The current Unix time, truncated to seconds like `int(time.time())`.
    public static let system = Clock()

    /// A clock that always reads `seconds`.
    public static func fixed(_ seconds: Int64) -> Clock { Clock { seconds } }

    /// The current time in Unix seconds.
    public func now() -> Int64 {
        guard let read else { return Int64(time(nil)) }
        return read()
    }
}

/// What a timestamp in a token counts from.
public enum TimestampEpoch: Sendable, Hashable {
    /// Unix time: itsdangerous 1.0 and later, Flask since late 2018.
    case unix
    /// Seconds since 2011-01-01 (1293840000): itsdangerous before 1.0.
    case legacy2011

    /// Unix seconds of the epoch.
    public var offset: Int64 {
        switch self {
        case .unix: return 0
        case .legacy2011: return 1_293_840_000
        }
    }

    /// What a token stores for Unix time `unix`: the seconds since this epoch as an unsigned
    /// 64-bit value (a time before the epoch wraps).
    func stored(_ unix: Int64) -> UInt64 {
        UInt64(truncatingIfNeeded: unix &- offset)
    }
}

/// Timestamps past the end of year 9999 have no Python `datetime`; Signet calls them malformed.
package let maxRepresentableTimestamp: Int64 = 253_402_300_799
