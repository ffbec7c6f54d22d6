import CSignet
import Signet

/// A C status on its way out of a Swift implementation: the one error type the entry points
/// throw, so that every exit path turns into exactly one `int`.
struct CStatus: Error {
    let code: Int32

    init(_ status: signet_status) { code = status.rawValue }

    /// `SignetError.Kind` raw values are pinned so that the status is just their negation.
    init(_ error: SignetError) { code = -error.kind.rawValue }

    static let invalidArgument = CStatus(SIGNET_E_INVALID_ARGUMENT)
    static let bufferTooSmall = CStatus(SIGNET_E_BUFFER_TOO_SMALL)
}

/// Runs an entry point's body and returns its status.
func status(_ body: () throws(CStatus) -> Void) -> Int32 {
    do {
        try body()
        return SIGNET_OK.rawValue
    } catch {
        return error.code
    }
}

/// Converts the core's errors at the boundary; a separate helper keeps the entry points'
/// bodies in one typed-throws dialect.
func core<R>(_ body: () throws(SignetError) -> R) throws(CStatus) -> R {
    do {
        return try body()
    } catch {
        throw CStatus(error)
    }
}

/// The NUL-terminated bytes of a literal: compiled into read-only data, so the pointer stays
/// valid for the life of the process and callers never free it.
func staticCString(_ string: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}

@c @implementation
public func signet_strerror(_ status: Int32) -> UnsafePointer<CChar>? {
    staticCString(message(for: status))
}

private func message(for status: Int32) -> StaticString {
    switch status {
    case SIGNET_OK.rawValue: return "success"
    case SIGNET_E_BAD_DATA.rawValue: return "bad data"
    case SIGNET_E_BAD_SIGNATURE.rawValue: return "bad signature"
    case SIGNET_E_BAD_TIME_SIGNATURE.rawValue: return "bad time signature"
    case SIGNET_E_SIGNATURE_EXPIRED.rawValue: return "signature expired"
    case SIGNET_E_MISSING_TIMESTAMP.rawValue: return "timestamp missing"
    case SIGNET_E_MALFORMED_TIMESTAMP.rawValue: return "malformed timestamp"
    case SIGNET_E_BAD_PAYLOAD.rawValue: return "bad payload"
    case SIGNET_E_BAD_JSON.rawValue: return "invalid JSON"
    case SIGNET_E_TOKEN_TOO_LARGE.rawValue: return "token too large"
    case SIGNET_E_DECOMPRESSED_TOO_LARGE.rawValue: return "decompressed payload too large"
    case SIGNET_E_JSON_TOO_DEEP.rawValue: return "JSON nested too deeply"
    case SIGNET_E_INTEGER_TOO_LONG.rawValue: return "JSON integer too long"
    case SIGNET_E_UNSERIALIZABLE.rawValue: return "value cannot be serialised"
    case SIGNET_E_INVALID_ARGUMENT.rawValue: return "invalid argument"
    case SIGNET_E_BUFFER_TOO_SMALL.rawValue: return "output buffer too small"
    case SIGNET_E_NO_MEMORY.rawValue: return "out of memory"
    case SIGNET_E_EMPTY_KEY.rawValue: return "a secret key is empty"
    case SIGNET_E_NOT_FOUND.rawValue: return "not found"
    case SIGNET_E_OUT_OF_RANGE.rawValue: return "integer out of range"
    case SIGNET_E_WRONG_TYPE.rawValue: return "value of another JSON type"
    case SIGNET_E_LONE_SURROGATE.rawValue: return "string holds a lone surrogate (no UTF-8 form)"
    case SIGNET_E_BAD_COOKIE.rawValue: return "cookie would not be a safe Set-Cookie header"
    default: return "unknown status"
    }
}

@c @implementation
public func signet_status_is_a(_ status: Int32, _ ancestor: Int32) -> Int32 {
    if status == ancestor { return 1 }
    // Only the itsdangerous statuses have a hierarchy; the Swift enum owns it. `0 &-` because
    // negating INT_MIN would trap.
    guard let kind = SignetError.Kind(rawValue: 0 &- status),
        let parent = SignetError.Kind(rawValue: 0 &- ancestor)
    else { return 0 }
    return SignetError(kind, "").isA(parent) ? 1 : 0
}
