// libFuzzer harness: the C ABI (signet.h) on hostile tokens, with every preset, entry point
// and output-buffer size, then the same bytes as JSON through mint -> verify -> mint -> verify.
// Invariants: a known status, never a crash, leak or overrun; output lengths within the buffer;
// what decode_unsafe calls genuine verifies; what mints verifies, with stable canonical JSON.
import CSignet
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

private let knownStatuses: Set<Int32> = Set((-14...0).map(Int32.init) + [-100, -101])

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
    }
    return 0
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
