import COpenSSL
import CSignet
import Signet

/// What a `signet_ctx *` points at: a retained instance of this class.
///
/// Everything is immutable and `Sendable`, which is what lets C threads share one handle
/// without locks. Secret keys live only inside the core's signers, as derived keys that wipe
/// themselves on release.
final class Context: Sendable {
    // What signet_verify reads first, at the start of the object: one cache line, then the
    // fast path's own block (issue 15: a server request's lines are cold).
    /// The allocation-free path of `signet_verify` and `signet_mint`: `fast`'s block.
    let fastTable: FastTable
    let maxAge: Int64?
    let serializer: Serializer
    let timed: Bool
    /// Django's base62 timestamps (`SIGNET_TIMED_DJANGO`) rather than itsdangerous's.
    let djangoTimestamps: Bool
    let flaskTags: Bool
    let epoch: TimestampEpoch
    let limits: Limits
    /// The owner of `fastTable`.
    let fast: FastTokens
    /// Starlette's and Django's JSON styles: the framework's own reading and writing.
    let framework: JSONTextProfile?

    var signer: Signer { serializer.signer }
    var timestampSigner: TimestampSigner {
        TimestampSigner(signer: signer, clock: .system, coding: djangoTimestamps ? .djangoBase62 : .itsdangerous(epoch))
    }
    var jsonLimits: JSONDecodingLimits { limits.json }

    init(_ o: signet_options) throws(CStatus) {
        let salt = try o.salt.buffer()
        let separator = try o.separator.buffer()
        let signerOptions = SignerOptions(
            separator: Array(separator),
            keyDerivation: try o.key_derivation.derivation(),
            digest: try o.digest.algorithm(),
            algorithm: try o.algorithm.algorithm())
        let payload = try o.payload.encoding()
        let json = try o.json_style.options()
        limits = try Limits(o)
        timed = o.timed != 0
        djangoTimestamps = o.timed == SIGNET_TIMED_DJANGO
        flaskTags = o.flask_tags != 0
        maxAge = o.max_age == Int64.min ? nil : o.max_age
        epoch = o.legacy_epoch != 0 ? .legacy2011 : .unix

        var keys = try Context.copyKeys(o)
        // The core keeps only derived keys; these plain copies are the only others, and they
        // are wiped whether or not the serializer could be built.
        defer {
            for index in keys.indices { keys[index].withUnsafeMutableBytes { wipe($0) } }
        }
        let saltBytes = Array(salt)
        let timing: Serializer.Timing =
            !timed ? .untimed : djangoTimestamps ? .base62(clock: .system) : .timed(clock: .system, epoch: epoch)
        let limits = limits
        serializer = try core { () throws(SignetError) in
            try Serializer(
                secretKeys: keys, salt: saltBytes, signer: signerOptions,
                payloadEncoding: payload, jsonOptions: json, timing: timing, limits: limits)
        }
        fast = FastTokens(serializer: serializer, flaskTags: flaskTags)
        fastTable = fast.table
        let (built, age) = (serializer, maxAge)
        framework = o.json_style.framework.map { JSONTextProfile($0, serializer: built, maxAge: age) }
    }

    private static func copyKeys(_ o: signet_options) throws(CStatus) -> [[UInt8]] {
        guard o.secret_key_count > 0, let list = o.secret_keys else { throw .invalidArgument }
        var keys = [[UInt8]]()
        for index in 0..<o.secret_key_count {
            keys.append(Array(try list[index].buffer()))
        }
        return keys
    }

    /// Runs `body` with the fast path of the context behind a non-NULL handle and the context's
    /// max age, without touching any reference count: threads sharing a handle then share no
    /// written cache line.
    @inline(__always)
    static func withFastPath<R>(_ handle: OpaquePointer, _ body: (FastTable, Int64?) -> R) -> R {
        Unmanaged<Context>.fromOpaque(UnsafeRawPointer(handle))._withUnsafeGuaranteedRef { context in
            body(context.fastTable, context.maxAge)
        }
    }

    /// The context behind a handle, without taking ownership.
    static func borrow(_ handle: OpaquePointer?) throws(CStatus) -> Context {
        guard let handle else { throw .invalidArgument }
        return Unmanaged<Context>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }
}

@c @implementation
public func signet_new(_ opts: UnsafePointer<signet_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    status { () throws(CStatus) in
        let out = try required(out)
        out.pointee = nil
        guard let opts else { throw .invalidArgument }
        let context = try Context(try readOptions(opts))
        out.pointee = OpaquePointer(Unmanaged.passRetained(context).toOpaque())
    }
}

@c @implementation
public func signet_free(_ ctx: OpaquePointer?) {
    guard let ctx else { return }
    Unmanaged<Context>.fromOpaque(UnsafeRawPointer(ctx)).release()
}
