// libFuzzer harness: the C ABI (signet.h) on hostile tokens, with every preset, entry point
// and output-buffer size, then the same bytes as JSON through mint -> verify -> mint -> verify.
// Invariants: a known status, never a crash, leak or overrun; output lengths within the buffer;
// what decode_unsafe calls genuine verifies; what mints verifies, with stable canonical JSON;
// verify and mint give the same status and bytes with the fast path off (FastPath) as on.
import CSignet
import Signet
#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) private let contexts: [OpaquePointer] = [
    makeContext(SIGNET_PRESET_FLASK_SESSION),
    makeContext(SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER),
    makeContext(SIGNET_PRESET_URLSAFE_SERIALIZER),
    makeContext(SIGNET_PRESET_SERIALIZER),
    makeContext(SIGNET_PRESET_TIMED_SERIALIZER),
    makeContext(SIGNET_PRESET_SIGNER),
    makeContext(SIGNET_PRESET_TIMESTAMP_SIGNER),
]

private let knownStatuses: Set<Int32> = Set((-14...0).map(Int32.init) + [-100, -101, -103, -107])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    let ctx = contexts[Int(input.mode & 7) % contexts.count]
    // Small capacities exercise SIGNET_E_BUFFER_TOO_SMALL and the size query.
    let capacities = [0, 1, 16, 256, 65_536 * 4]
    let cap = capacities[Int(input.mode >> 3) % capacities.count]
    var out = [UInt8](repeating: 0, count: max(cap, 1))
    var outLen = 0
    var signedAt: Int64 = 0
    let now: Int64 = (input.mode & 0x80) != 0 ? 1_700_000_000 : Int64.min
    input.data.withUnsafeBufferPointer { token in
        let status = signet_verify(ctx, token.baseAddress, token.count, now, &out, cap, &outLen, &signedAt)
        bothPaths("verify", cap) { out, outLen, signedAt in
            signet_verify(ctx, token.baseAddress, token.count, now, out, cap, outLen, signedAt)
        }
        bothPaths("mint", cap) { out, outLen, _ in
            signet_mint(ctx, token.baseAddress, token.count, 1_700_000_000, out, cap, outLen)
        }
        require(knownStatuses.contains(status), "verify status \(status)")
        require(status != SIGNET_OK.rawValue || outLen <= cap, "verify wrote past cap")
        require(signet_strerror(status) != nil, "strerror")

        var verifyStatus: Int32 = 0
        let unsafeStatus = signet_decode_unsafe(
            ctx, token.baseAddress, token.count, now, &out, cap, &outLen, &signedAt, &verifyStatus)
        require(knownStatuses.contains(unsafeStatus), "decode_unsafe status \(unsafeStatus)")
        require(unsafeStatus != SIGNET_OK.rawValue || outLen <= cap, "decode_unsafe wrote past cap")
        // The unsafe decode must judge the signature exactly as verify does.
        if unsafeStatus == SIGNET_OK.rawValue && verifyStatus == SIGNET_OK.rawValue {
            require(status == SIGNET_OK.rawValue, "decode_unsafe says genuine, verify says \(status)")
        }

        var valueLen = 0
        let unsign = signet_unsign(ctx, token.baseAddress, token.count, &valueLen)
        require(knownStatuses.contains(unsign), "unsign status \(unsign)")
        require(unsign != SIGNET_OK.rawValue || valueLen <= token.count, "unsign length")
        let tsUnsign = signet_timestamp_unsign(ctx, token.baseAddress, token.count, now, &valueLen, &signedAt)
        require(knownStatuses.contains(tsUnsign), "timestamp_unsign status \(tsUnsign)")
        require(tsUnsign != SIGNET_OK.rawValue || valueLen <= token.count, "timestamp_unsign length")

        // The same bytes as JSON to mint: parsed under the limits, never trusted.
        let mint = signet_mint(ctx, token.baseAddress, token.count, 1_700_000_000, &out, cap, &outLen)
        require(knownStatuses.contains(mint), "mint status \(mint)")
        roundTrip(ctx, token)
        cookies(token, &out, cap)
    }
    return 0
}

/// Runs `call` with the fast path on, then off: the status, length, time and bytes must agree.
private func bothPaths(
    _ what: String, _ cap: Int,
    _ call: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int64>) -> Int32
) {
    var results: [(Int32, Int, Int64, [UInt8])] = []
    for enabled in [true, false] {
        FastPath.isEnabled = enabled
        let out = pathBuffers[enabled ? 0 : 1]
        var outLen = 0
        var signedAt: Int64 = 0
        let status = call(out, &outLen, &signedAt)
        let written = status == SIGNET_OK.rawValue ? Array(UnsafeBufferPointer(start: out, count: min(outLen, cap))) : []
        results.append((status, outLen, status == SIGNET_OK.rawValue ? signedAt : 0, written))
    }
    FastPath.isEnabled = true
    let (fast, general) = (results[0], results[1])
    require(fast.0 == general.0 && fast.1 == general.1 && fast.2 == general.2 && fast.3 == general.3,
            "\(what): the fast path gives status \(fast.0) length \(fast.1), the general path status \(general.0) length \(general.1)")
}

nonisolated(unsafe) private let pathBuffers = (0..<2).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: 65_536 * 4) }

/// The bytes as a Cookie header, and as the name, domain, path and value of a Set-Cookie: a
/// value is found or not, never longer than twice the header; a header written holds no control
/// character or non-ASCII byte.
private func cookies(_ bytes: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8], _ cap: Int) {
    var outLen = 0
    let name: [UInt8] = bytes.count > 3 && bytes[0] & 1 == 1 ? Array(bytes[1..<4]) : Array("session".utf8)
    let found = signet_cookie_value(bytes.baseAddress, bytes.count, name, name.count, &out, cap, &outLen)
    require([SIGNET_OK.rawValue, SIGNET_E_NOT_FOUND.rawValue, SIGNET_E_BUFFER_TOO_SMALL.rawValue].contains(found), "cookie_value status \(found)")
    require(outLen <= 2 * bytes.count, "cookie_value longer than twice the header")

    var opts = signet_cookie_options()
    require(signet_cookie_options_init(&opts, MemoryLayout<signet_cookie_options>.size) == SIGNET_OK.rawValue, "cookie_options_init")
    // Up to three '|'-separated fields before the value: name, domain, path.
    let fields = bytes.split(separator: UInt8(ascii: "|"), maxSplits: 3, omittingEmptySubsequences: false)
    let value = fields.count == 4 ? fields[3] : bytes[...]
    let status: Int32 = withBytes(fields.count == 4 ? Array(fields[0]) : Array("session".utf8)) { name in
        withBytes(fields.count == 4 ? Array(fields[1]) : []) { domain in
            withBytes(fields.count == 4 ? Array(fields[2]) : Array("/".utf8)) { path in
                opts.name = name
                opts.domain = domain
                opts.path = path
                // Bytes 1-8 as Expires and, with bit 2 of the first, as Max-Age: every Int64.
                let time = bytes.count > 8 ? Int64(bitPattern: (1...8).reduce(0) { $0 << 8 | UInt64(bytes[$1]) }) : Int64.min
                opts.expires = bytes.first.map { $0 & 4 } == 0 ? time : Int64.min
                opts.max_age = bytes.first.map { $0 & 4 } == 0 ? Int64.min : time
                opts.same_site = signet_same_site(rawValue: UInt32(bytes.first ?? 0) & 3)
                opts.partitioned = Int32(bytes.count & 1)
                return Array(value).withUnsafeBufferPointer { value in
                    signet_set_cookie(&opts, value.baseAddress, value.count, &out, cap, &outLen)
                }
            }
        }
    }
    let allowed = [SIGNET_OK, SIGNET_E_BAD_COOKIE, SIGNET_E_TOKEN_TOO_LARGE, SIGNET_E_BUFFER_TOO_SMALL].map(\.rawValue)
    require(allowed.contains(status), "set_cookie status \(status)")
    if status == SIGNET_OK.rawValue {
        require(outLen <= cap && out[..<outLen].allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "set_cookie wrote an unsafe byte")
    }
}

/// `bytes` as a borrowed signet_bytes for the duration of `body`.
private func withBytes<R>(_ bytes: [UInt8], _ body: (signet_bytes) -> R) -> R {
    bytes.withUnsafeBufferPointer { body(signet_bytes(ptr: $0.baseAddress, len: $0.count)) }
}

/// Sign then verify through the C ABI: JSON that mints must verify at the signing time, and the
/// canonical JSON verify returns must mint a token that verifies to the same canonical JSON.
private func roundTrip(_ ctx: OpaquePointer, _ json: UnsafeBufferPointer<UInt8>) {
    let now: Int64 = 1_700_000_000
    let cap = roundTripCapacity
    let minted = roundTripBuffers[0], canonical = roundTripBuffers[1], again = roundTripBuffers[2], canonicalAgain = roundTripBuffers[3]
    var mintedLen = 0, canonicalLen = 0, againLen = 0, canonicalAgainLen = 0
    var signedAt: Int64 = 0
    guard signet_mint(ctx, json.baseAddress, json.count, now, minted, cap, &mintedLen) == SIGNET_OK.rawValue,
        mintedLen <= 65_536
    else { return }
    let verified = signet_verify(ctx, minted, mintedLen, now, canonical, cap, &canonicalLen, &signedAt)
    require(verified == SIGNET_OK.rawValue, "a minted token does not verify: \(verified)")
    let reminted = signet_mint(ctx, canonical, canonicalLen, now, again, cap, &againLen)
    require(reminted == SIGNET_OK.rawValue, "verify's canonical JSON does not mint: \(reminted)")
    guard againLen <= 65_536 else { return }
    let reverified = signet_verify(ctx, again, againLen, now, canonicalAgain, cap, &canonicalAgainLen, &signedAt)
    require(reverified == SIGNET_OK.rawValue, "a re-minted token does not verify: \(reverified)")
    require(canonicalLen == canonicalAgainLen && memcmp(canonical, canonicalAgain, canonicalLen) == 0, "canonical JSON is not stable")
}

// Allocated once: libFuzzer calls the harness from one thread.
private let roundTripCapacity = 1 << 18
nonisolated(unsafe) private let roundTripBuffers = (0..<4).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: roundTripCapacity) }
