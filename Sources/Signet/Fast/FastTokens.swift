import COpenSSL
import Synchronization

/// What the fast path of ``FastTokens`` concluded.
package enum FastOutcome {
    /// Done: `length` bytes were written to the output; `signedAt` is the token's time (Unix
    /// seconds) for timed serializers.
    case done(length: Int, signedAt: Int64?)
    /// The result needs `length` bytes and the output is smaller; nothing was written.
    case tooSmall(length: Int)
    /// The token is genuine and fresh, but its JSON is not canonical: decode `json` (in this
    /// thread's scratch memory, valid until its next fast-path call) the general way, without
    /// verifying again. Nothing was written.
    case verifiedJSON(json: UnsafeRawBufferPointer, signedAt: Int64?)
    /// The fast path does not apply: take the general path, which gives the result or the
    /// error. Nothing was written.
    case general
}

/// The switch tests use to compare the fast path with the general one: off, every entry point
/// takes the general path. On in every normal use; nothing in the library turns it off.
package enum FastPath {
    private static let enabled = Atomic<Bool>(true)

    package static var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }
}

/// Verify-and-decode and mint of a serializer's tokens with no allocation, for the C API's
/// `signet_verify` and `signet_mint`.
///
/// The general path parses the JSON into values, re-tags them for Flask and writes them back
/// out; this one checks with ``CanonicalCheck`` that the JSON is already in the form that
/// would produce, and then uses the bytes as they are. Keys are the serializer's prepared HMAC
/// states; base64 and zlib work in this thread's scratch memory and streams. Any failure,
/// however reached, answers ``FastOutcome/general`` rather than an error, so the general path
/// stays the one place errors are decided: the fast path may only ever be faster, never
/// different.
///
/// Everything the hot path reads is plain memory owned by this object, in one block (see
/// ``FastTable``), so threads sharing one instance touch no reference count and no shared cache
/// line is written.
package final class FastTokens: @unchecked Sendable {
    /// The settings, separator and prepared key states; freed (keys wiped) with this object.
    package let table: FastTable

    /// `flaskTags`: the JSON is a Flask session (tags checked, root an object).
    package init(serializer: Serializer, flaskTags: Bool) {
        table = FastTable(serializer: serializer, flaskTags: flaskTags)
    }

    deinit { table.free() }

    /// `loads` followed by the canonical encoding of the value, into `out`.
    package func verify(_ token: UnsafeRawBufferPointer, maxAge: Int64?, now: Int64?, into out: UnsafeMutableRawBufferPointer) -> FastOutcome {
        table.verify(token, maxAge: maxAge, now: now, into: out)
    }

    /// See ``FastTable/verifiedJSON(_:maxAge:now:decodingInto:)``.
    @inline(__always)
    func verifiedJSON(
        _ token: UnsafeRawBufferPointer, maxAge: Int64?, now: Int64?, decodingInto stackBuffer: UnsafeMutableRawBufferPointer? = nil
    ) -> (UnsafeRawBufferPointer, Int64?)? {
        table.verifiedJSON(token, maxAge: maxAge, now: now, decodingInto: stackBuffer)
    }

    /// `dumps` of the value `json` holds, into `out`.
    package func mint(_ json: UnsafeRawBufferPointer, timestamp: Int64?, into out: UnsafeMutableRawBufferPointer) -> FastOutcome {
        table.mint(json, timestamp: timestamp, into: out)
    }

    /// The most bytes `sign(json:timestamp:into:)` writes for `count` bytes of JSON.
    func signedLengthBound(_ count: Int) -> Int { table.signedLengthBound(count) }

    /// See ``FastTable/sign(json:timestamp:into:)``.
    func sign(json: UnsafeRawBufferPointer, timestamp: Int64?, into out: UnsafeMutableRawBufferPointer) -> FastOutcome {
        table.sign(json: json, timestamp: timestamp, into: out)
    }
}

/// The fast path's state as one heap block that a pointer names, so that a verify reads one
/// allocation (issue 15: between two server requests these lines are cold): the settings, then
/// the separator's bytes, then, from the next 64-byte boundary, each key's prepared inner and
/// outer states. A copy is the same pointer: no reference counting; ``FastTokens``
/// owns the block. Immutable after `init`; the memory is never written again until `free()`.
package struct FastTable: @unchecked Sendable {
    private struct Settings {
        let keyStates: UnsafeMutableRawPointer
        let keyCount: Int
        let separator: UnsafeMutableBufferPointer<UInt8>
        let digest: DigestAlgorithm
        let hmac: Bool
        let timed: Bool
        let epoch: TimestampEpoch
        let urlSafe: Bool
        let flaskTags: Bool
        /// Whether a canonical JSON text is the very text the serializer signs (Flask's options).
        let signsCanonicalText: Bool
        /// Whether the tokens are itsdangerous-shaped (base64 timestamp, plain or URL-safe
        /// payload): the only ones this path reads and writes.
        let applies: Bool
        /// Whether the separator is one byte outside the base64 alphabet (see
        /// `signatureSeparator(in:)`).
        let separatorOutsideAlphabet: Bool
        /// The length of a signature's base64.
        let signatureLength: Int
        let limits: Limits
        let clock: Clock
    }

    private let settings: UnsafeMutablePointer<Settings>

    private var keyStates: UnsafeMutableRawPointer { settings.pointee.keyStates }
    private var keyCount: Int { settings.pointee.keyCount }
    private var digest: DigestAlgorithm { settings.pointee.digest }
    private var hmac: Bool { settings.pointee.hmac }
    private var separator: UnsafeMutableBufferPointer<UInt8> { settings.pointee.separator }
    private var timed: Bool { settings.pointee.timed }
    private var epoch: TimestampEpoch { settings.pointee.epoch }
    private var clock: Clock { settings.pointee.clock }
    private var urlSafe: Bool { settings.pointee.urlSafe }
    private var limits: Limits { settings.pointee.limits }
    private var flaskTags: Bool { settings.pointee.flaskTags }
    private var signsCanonicalText: Bool { settings.pointee.signsCanonicalText }
    private var applies: Bool { settings.pointee.applies }
    private var signatureLength: Int { settings.pointee.signatureLength }
    private var separatorOutsideAlphabet: Bool { settings.pointee.separatorOutsideAlphabet }

    init(serializer: Serializer, flaskTags: Bool) {
        let signer = serializer.signer
        let keyCount = signer.keys.count
        let keyStride = 2 * HMACKey.stateSize
        let separatorStart = MemoryLayout<Settings>.stride
        let keysStart = (separatorStart + signer.separator.count + 63) & ~63
        let block = UnsafeMutableRawPointer.allocate(byteCount: keysStart + keyCount * keyStride, alignment: 64)
        let keyStates = block + keysStart
        for (index, key) in signer.keys.enumerated() {
            key.copyStates(to: keyStates + index * keyStride)
        }
        let separator = UnsafeMutableBufferPointer(
            start: (block + separatorStart).bindMemory(to: UInt8.self, capacity: signer.separator.count),
            count: signer.separator.count)
        _ = separator.initialize(from: signer.separator)
        let hmac = signer.algorithm == .hmac
        let timed: Bool
        let epoch: TimestampEpoch
        let clock: Clock
        switch serializer.timing {
        case .untimed:
            timed = false
            epoch = .unix
            clock = .system
        case .timed(let timingClock, let timingEpoch):
            timed = true
            epoch = timingEpoch
            clock = timingClock
        case .base62(let timingClock):
            // Never taken: only Flask-shaped serializers reach the fast path.
            timed = true
            epoch = .unix
            clock = timingClock
        }
        let urlSafe = serializer.payloadEncoding == .urlSafe
        settings = block.bindMemory(to: Settings.self, capacity: 1)
        settings.initialize(to: Settings(
            keyStates: keyStates, keyCount: keyCount,
            separator: separator, digest: signer.digest, hmac: hmac, timed: timed, epoch: epoch,
            urlSafe: urlSafe, flaskTags: flaskTags, signsCanonicalText: serializer.jsonOptions == .flask,
            applies: !Self.isBase62(serializer.timing) && (urlSafe || serializer.payloadEncoding == .plain),
            separatorOutsideAlphabet: signer.separator.count == 1 && Base64URL.decodeTable[Int(signer.separator[0])] == 0xFF,
            signatureLength: hmac ? Base64URL.encodedLength(signer.digest.outputSize) : 0,
            limits: serializer.limits, clock: clock))
    }

    private static func isBase62(_ timing: Serializer.Timing) -> Bool {
        if case .base62 = timing { return true }
        return false
    }

    /// Wipes the keys and frees the block; called once, by the owner.
    func free() {
        wipe(keyStates, count: keyCount * 2 * HMACKey.stateSize)
        settings.deinitialize(count: 1)
        UnsafeMutableRawPointer(settings).deallocate()
    }

    /// The raw signature of `message` under key `index` (0: the newest, which signs).
    @inline(__always)
    private func sign(_ message: UnsafeRawBufferPointer, key index: Int, into out: UnsafeMutableRawPointer) -> Int {
        guard hmac else { return 0 }
        let inner = keyStates + index * 2 * HMACKey.stateSize
        HMACKey.authenticate(
            message, inner: UnsafeRawBufferPointer(start: inner, count: HMACKey.stateSize),
            outer: UnsafeRawBufferPointer(start: inner + HMACKey.stateSize, count: HMACKey.stateSize),
            algorithm: digest, into: out)
        return digest.outputSize
    }

    /// `Signer.verify_signature`: any key, newest first, compared in constant time.
    @inline(__always)
    private func signatureMatches(_ value: UnsafeRawBufferPointer, _ signature: UnsafeRawBufferPointer) -> Bool {
        Signer.signatureMatches(signature, keyCount: keyCount) { index, out in sign(value, key: index, into: out) }
    }

    /// The start of the last separator in `haystack` (`rsplit(sep, 1)`).
    @inline(__always)
    private func lastSeparator(in haystack: UnsafeRawBufferPointer) -> Int? {
        Signer.lastIndex(of: UnsafeBufferPointer(separator), in: haystack)
    }

    /// The start of the last separator in `token`, as `lastSeparator(in:)` finds it. A token
    /// this path verifies ends in `signatureLength` characters of base64, which cannot hold a
    /// separator outside the alphabet (decoding the signature refuses one): when such a
    /// separator stands just before them, it is the last, found without a search.
    @inline(__always)
    private func signatureSeparator(in token: UnsafeRawBufferPointer) -> Int? {
        let guess = token.count &- signatureLength &- 1
        if separatorOutsideAlphabet && guess >= 0 && token[guess] == separator[0] { return guess }
        return lastSeparator(in: token)
    }

    /// The start of the last separator in `signed`, as `lastSeparator(in:)` finds it, when it
    /// ends at most `maxTimestampTextLength` bytes before the end; nil otherwise. A timestamp
    /// text any longer is refused by `decodeTimestamp`, so only the last few bytes need a look:
    /// for the usual one-byte separator, eight bytes at a time from the end and no search call.
    @inline(__always)
    private func timestampSeparator(in signed: UnsafeRawBufferPointer) -> Int? {
        let windowStart = max(0, signed.count &- (TimestampSigner.maxTimestampTextLength &+ separator.count))
        if separator.count == 1 {
            let byte = separator[0]
            var end = signed.count
            while end &- windowStart >= 8 {
                let matches = Self.equalBytes(signed.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self), byte)
                if matches != 0 { return end &- 8 &+ (63 &- matches.leadingZeroBitCount) &>> 3 }
                end &-= 8
            }
            while end > windowStart {
                end &-= 1
                if signed[end] == byte { return end }
            }
            return nil
        }
        return lastSeparator(in: UnsafeRawBufferPointer(rebasing: signed[windowStart...])).map { $0 &+ windowStart }
    }

    /// The bytes of `word` (eight bytes, the first in the lowest byte) equal to `byte`: the high
    /// bit of each such byte set, exactly (no carry crosses a byte, so the highest mark is the
    /// last match).
    @inline(__always)
    private static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let difference = UInt64(littleEndian: word) ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return ~(((difference & lows) &+ lows) | difference) & ~lows
    }

    /// Copies `count` bytes from `source` to `destination`: up to 16 with two overlapping
    /// words and no call (a tiny session's JSON), more with `memcpy`.
    @inline(__always)
    private static func copy(_ source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
        if count >= 8 && count <= 16 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            destination.storeBytes(of: head, as: UInt64.self)
            destination.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        } else {
            destination.copyMemory(from: source, byteCount: count)
        }
    }

    /// `loads` followed by the canonical encoding of the value, into `out`.
    package func verify(_ token: UnsafeRawBufferPointer, maxAge: Int64?, now: Int64?, into out: UnsafeMutableRawBufferPointer) -> FastOutcome {
        // A cookie of the usual size is decoded in this frame, not in the thread's scratch memory:
        // a server's request then reads no thread-specific data (pthread_getspecific, its key,
        // the scratch's own page), lines that are cold between two requests (issue 15).
        guard token.count <= FastTable.onStackTokenLength else {
            return verify(token, maxAge: maxAge, now: now, into: out, decodingInto: nil)
        }
        return withUnsafeTemporaryAllocation(byteCount: Base64URL.decodedLength(FastTable.onStackTokenLength), alignment: 16) { buffer in
            let outcome = verify(token, maxAge: maxAge, now: now, into: out, decodingInto: buffer)
            // JSON left for the general path outlives this frame: it moves to the scratch memory
            // (unless it was inflated there already).
            guard case .verifiedJSON(let json, let signedAt) = outcome,
                  let start = json.baseAddress, let bufferStart = buffer.baseAddress,
                  start >= UnsafeRawPointer(bufferStart), start < UnsafeRawPointer(bufferStart + buffer.count)
            else { return outcome }
            let scratch = PerThread.withStorage { $0.scratchRegion(0) }
            scratch.copyMemory(from: json)
            return .verifiedJSON(json: UnsafeRawBufferPointer(rebasing: scratch[0..<json.count]), signedAt: signedAt)
        }
    }

    /// The longest token `verify` decodes on the stack.
    static let onStackTokenLength = 1024

    @inline(never)
    private func verify(
        _ token: UnsafeRawBufferPointer, maxAge: Int64?, now: Int64?, into out: UnsafeMutableRawBufferPointer,
        decodingInto stackBuffer: UnsafeMutableRawBufferPointer?
    ) -> FastOutcome {
        guard let (json, signedAt) = verifiedJSON(token, maxAge: maxAge, now: now, decodingInto: stackBuffer) else { return .general }
        guard CanonicalCheck.isCanonical(json, flaskTags: flaskTags, limits: limits.json) else {
            return .verifiedJSON(json: json, signedAt: signedAt)
        }
        guard json.count <= out.count, let destination = out.baseAddress else { return .tooSmall(length: json.count) }
        Self.copy(json.baseAddress!, to: destination, count: json.count)
        return .done(length: json.count, signedAt: signedAt)
    }

    /// Verifies `token` and returns the JSON text inside it (in `stackBuffer`, which holds at least
    /// `Base64URL.decodedLength(token.count)` bytes, or else this thread's scratch memory, valid
    /// until the thread's next fast-path call) with the signing time; nil when anything
    /// is refused, for the general path to report. Inlined into its two callers (the C API's
    /// `verify` and the Swift API's), which saves a call and its register spills per verify.
    @inline(__always)
    func verifiedJSON(
        _ token: UnsafeRawBufferPointer, maxAge: Int64?, now: Int64?, decodingInto stackBuffer: UnsafeMutableRawBufferPointer? = nil
    ) -> (UnsafeRawBufferPointer, Int64?)? {
        guard applies, FastPath.isEnabled, token.count <= limits.maxTokenLength, token.count <= PerThread.scratchRegionSize else { return nil }
        let separatorLength = separator.count
        guard let signatureStart = signatureSeparator(in: token) else { return nil }
        let signed = UnsafeRawBufferPointer(rebasing: token[0..<signatureStart])
        let signature = UnsafeRawBufferPointer(rebasing: token[(signatureStart + separatorLength)...])
        guard signatureMatches(signed, signature) else { return nil }

        var payload = signed
        var signedAt: Int64?
        if timed {
            guard let timestampStart = timestampSeparator(in: signed) else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: signed[(timestampStart + separatorLength)...])
            guard let readable = TimestampSigner.decodeTimestamp(text, epoch: epoch), let unix = readable else { return nil }
            if let maxAge {
                let age = (now ?? clock.now()) &- unix
                guard age <= maxAge, age >= 0 else { return nil }
            }
            signedAt = unix
            payload = UnsafeRawBufferPointer(rebasing: signed[0..<timestampStart])
        }

        let json: UnsafeRawBufferPointer
        if !urlSafe {
            json = payload
        } else {
            let decoded = stackBuffer ?? PerThread.withStorage { $0.scratchRegion(0) }
            let compressed = payload.first == UInt8(ascii: ".")
            let text = compressed ? UnsafeRawBufferPointer(rebasing: payload[1...]) : payload
            guard let length = Base64URL.decode(text, into: decoded) else { return nil }
            let bytes = UnsafeRawBufferPointer(rebasing: decoded[0..<length])
            if compressed {
                let inflated = PerThread.withStorage { $0.scratchRegion(1) }
                guard let size = Compression.decompress(bytes, into: inflated, maxSize: limits.maxDecompressedSize) else { return nil }
                json = UnsafeRawBufferPointer(rebasing: inflated[0..<size])
            } else {
                guard length <= limits.maxDecompressedSize else { return nil }
                json = bytes
            }
        }
        return (json, signedAt)
    }

    /// `dumps` of the value `json` holds, into `out`, stamped with `timestamp` (or the clock's
    /// time) for timed serializers.
    package func mint(_ json: UnsafeRawBufferPointer, timestamp: Int64?, into out: UnsafeMutableRawBufferPointer) -> FastOutcome {
        guard CanonicalCheck.isCanonical(json, flaskTags: flaskTags, limits: limits.json) else { return .general }
        return sign(json: json, timestamp: timestamp, into: out)
    }

    /// The most bytes `sign(json:timestamp:into:)` writes for `count` bytes of JSON.
    func signedLengthBound(_ count: Int) -> Int {
        1 + Base64URL.encodedLength(count) + 2 * separator.count + Base64URL.encodedLength(8)
            + Base64URL.encodedLength(DigestAlgorithm.maxOutputSize)
    }

    /// `dumps` of canonical JSON text, which the caller vouches for: the payload, timestamp
    /// and signature around it.
    func sign(json: UnsafeRawBufferPointer, timestamp: Int64?, into out: UnsafeMutableRawBufferPointer) -> FastOutcome {
        // Base64 of the JSON must fit a scratch region.
        guard applies, FastPath.isEnabled, signsCanonicalText, json.count <= PerThread.scratchRegionSize / 2 else { return .general }

        let payload: UnsafeRawBufferPointer
        if !urlSafe {
            payload = json
        } else {
            let (text, compressed) = PerThread.withStorage { ($0.scratchRegion(0), $0.scratchRegion(1)) }
            let base = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard let size = Compression.compress(json, into: compressed) else { return .general }
            var length: Int
            if size < json.count - 1 {
                base[0] = UInt8(ascii: ".")
                length = 1 + Base64URL.encode(UnsafeRawBufferPointer(rebasing: compressed[0..<size]), into: base + 1)
            } else {
                length = Base64URL.encode(json, into: base)
            }
            payload = UnsafeRawBufferPointer(rebasing: text[0..<length])
        }

        // The timestamp's base64 (at most 11 characters) on the stack.
        var stamp: (UInt64, UInt64) = (0, 0)
        var stampLength = 0
        if timed {
            stampLength = TimestampBytes.withEncoded(epoch.stored(timestamp ?? clock.now())) { raw in
                withUnsafeMutableBytes(of: &stamp) { out in
                    Base64URL.encode(raw, into: out.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        let signatureLength = hmac ? Base64URL.encodedLength(digest.outputSize) : 0
        let signedLength = payload.count + (timed ? separator.count + stampLength : 0)
        let total = signedLength + separator.count + signatureLength
        guard total <= out.count, let destination = out.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return .tooSmall(length: total)
        }

        var cursor = destination
        cursor.initialize(from: payload.baseAddress!.assumingMemoryBound(to: UInt8.self), count: payload.count)
        cursor += payload.count
        if timed {
            cursor.initialize(from: separator.baseAddress!, count: separator.count)
            cursor += separator.count
            withUnsafeBytes(of: &stamp) { cursor.initialize(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: stampLength) }
            cursor += stampLength
        }
        cursor.initialize(from: separator.baseAddress!, count: separator.count)
        cursor += separator.count
        var raw = Signer.emptySignatureBuffer
        withUnsafeMutableBytes(of: &raw) { rawBuffer in
            let length = sign(UnsafeRawBufferPointer(start: destination, count: signedLength), key: 0, into: rawBuffer.baseAddress!)
            _ = Base64URL.encode(UnsafeRawBufferPointer(rebasing: rawBuffer[0..<length]), into: cursor)
            wipe(rawBuffer)
        }
        return .done(length: total, signedAt: nil)
    }
}
