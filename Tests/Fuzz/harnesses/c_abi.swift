// libFuzzer harness: the C ABI (signet.h) on hostile tokens, with every preset, entry point
// and output-buffer size. Invariants: a known status, never a crash, leak or overrun; output
// lengths within the buffer; a bad signature never yields JSON from signet_verify.
import CSignet

private func makeContext(_ preset: signet_preset, timed: Int32? = nil) -> OpaquePointer {
    var options = signet_options()
    require(signet_options_init(&options, preset) == SIGNET_OK.rawValue, "options_init")
    return fuzzKey.withUnsafeBufferPointer { key in
        var keys = [signet_bytes(ptr: key.baseAddress, len: key.count)]
        return keys.withUnsafeMutableBufferPointer { list in
            options.secret_keys = UnsafePointer(list.baseAddress)
            options.secret_key_count = 1
            var ctx: OpaquePointer?
            require(signet_new(&options, &ctx) == SIGNET_OK.rawValue && ctx != nil, "signet_new")
            return ctx!
        }
    }
}

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
    }
    return 0
}
