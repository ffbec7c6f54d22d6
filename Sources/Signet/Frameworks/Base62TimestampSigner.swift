/// Django's `django.core.signing.TimestampSigner`: ``TimestampSigner`` with
/// ``TimestampCoding/djangoBase62``, kept for source compatibility.
@available(*, deprecated, message: "use TimestampSigner(signer:clock:coding: .djangoBase62)")
public struct Base62TimestampSigner: Sendable {
    private let timed: TimestampSigner
    public var signer: Signer { timed.signer }
    public var clock: Clock { timed.clock }

    public init(signer: Signer, clock: Clock = .system) {
        timed = TimestampSigner(signer: signer, clock: clock, coding: .djangoBase62)
    }

    /// ``TimestampSigner/sign(_:timestamp:)``.
    public func sign<C: Collection<UInt8>>(_ value: C, timestamp: Int64? = nil) -> [UInt8] {
        timed.sign(value, timestamp: timestamp)
    }

    /// ``TimestampSigner/unsign(_:maxAge:now:)``.
    public func unsign<C: Collection<UInt8>>(_ token: C, maxAge: Int64? = nil, now: Int64? = nil) throws(SignetError) -> SignedValue {
        try timed.unsign(token, maxAge: maxAge, now: now)
    }
}
