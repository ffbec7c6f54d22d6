/// A verified token whose value crosses as JSON text (Starlette, Django), and when it was signed.
public struct VerifiedJSON: Sendable, Hashable {
    /// The value, written the way the framework writes it (so a genuine cookie's JSON comes back
    /// byte for byte): ASCII escapes, the framework's separators, its key order.
    public let json: String
    /// When the token was signed, in Unix seconds.
    public let signedAt: Int64
}

/// What Starlette's and Django's profiles share: a serializer over JSON text, an age limit, and
/// the few ways the frameworks read a payload.
package struct JSONTextProfile: Sendable {
    let serializer: Serializer
    let maxAge: Int64?
    /// The profile row: how its framework reads JSON (``Profile/objectOnly``, ``Profile/asciiOnly``).
    let row: Profile

    /// Reads as `row` reads (its `objectOnly` and `asciiOnly`), with `serializer`'s keys.
    package init(_ row: Profile, serializer: Serializer, maxAge: Int64?) {
        self.serializer = serializer
        self.maxAge = maxAge
        self.row = row
    }

    /// `row`'s serializer for `secretKeys` (oldest first; the last signs), its salt or `salt`.
    static func serializer(
        _ row: Profile, secretKeys: [[UInt8]], salt: [UInt8]? = nil, digest: DigestAlgorithm? = nil,
        payloadEncoding: PayloadEncoding? = nil, clock: Clock, limits: Limits
    ) throws(SignetError) -> Serializer {
        var signer = row.signerOptions
        signer.digest = digest ?? row.digest
        return try Serializer(
            secretKeys: secretKeys, salt: salt ?? row.salt, signer: signer,
            payloadEncoding: payloadEncoding ?? row.payloadEncoding, jsonOptions: row.jsonOptions,
            timing: row.timing(clock: clock), limits: limits)
    }

    var limits: Limits { serializer.limits }

    /// The token for the value in `json` (any JSON text Python's `json.loads` reads), written
    /// again in the framework's form and signed at `timestamp` or now.
    func mint<C: Collection<UInt8>>(json: C, timestamp: Int64?) throws(SignetError) -> String {
        String(decoding: try mintBytes(json: json, timestamp: timestamp), as: UTF8.self)
    }

    package func mintBytes<C: Collection<UInt8>>(json: C, timestamp: Int64?) throws(SignetError) -> [UInt8] {
        let value = try PythonJSON.decode(json, limits: limits.json)
        if row.objectOnly, !value.isObject {
            throw SignetError(.invalidArgument, "The session is not a JSON object")
        }
        return try serializer.dumps(value, timestamp: timestamp)
    }

    /// Verifies `token` (signature, then age) and returns its value as the framework's JSON.
    func verify<C: Collection<UInt8>>(_ token: C, now: Int64?) throws(SignetError) -> VerifiedJSON {
        try withContiguousBytes(token) { (bytes) throws(SignetError) in
            let (payload, timestamp) = try serializer.unsignPayload(bytes, maxAge: maxAge, now: now)
            return VerifiedJSON(json: try json(inPayload: payload), signedAt: timestamp ?? 0)
        }
    }

    /// The value in `token` **without** checking its signature or age: for debugging and
    /// auditing only. Throws when there is no payload to read.
    func decodeUnsafe<C: Collection<UInt8>>(_ token: C) throws(SignetError) -> String {
        try withContiguousBytes(token) { (bytes) throws(SignetError) in
            let read = try serializer.decodeUnverified(bytes, maxAge: maxAge) { (text) throws(SignetError) in try jsonText(text) }
            return String(decoding: try read.decoded.get(), as: UTF8.self)
        }
    }

    /// The payload's JSON, checked as the framework reads it, in the framework's form.
    private func json(inPayload payload: UnsafeRawBufferPointer) throws(SignetError) -> String {
        String(decoding: try jsonBytes(inPayload: payload), as: UTF8.self)
    }

    /// The payload's JSON as bytes (see `json(inPayload:)`).
    package func jsonBytes(inPayload payload: UnsafeRawBufferPointer) throws(SignetError) -> [UInt8] {
        try jsonText(try serializer.payloadEncoding.decode(payload, limits: limits))
    }

    /// The JSON text of a payload, checked as the framework reads it, in the framework's form.
    package func jsonText(_ text: [UInt8]) throws(SignetError) -> [UInt8] {
        try JSONTextProfile.jsonText(text, row: row, limits: limits)
    }

    /// `text` read as `row`'s framework reads a payload's JSON, written in its form: what
    /// verify returns and `signet decode` checks.
    package static func jsonText(_ text: [UInt8], row: Profile, limits: Limits) throws(SignetError) -> [UInt8] {
        if row.asciiOnly, text.contains(where: { $0 >= 0x80 }) {
            throw SignetError(.badPayload, "The payload's JSON is not ASCII (Django reads it as Latin-1)")
        }
        let value = try PythonJSON.decode(text, limits: limits.json)
        if row.objectOnly, !value.isObject {
            throw SignetError.sessionNotAnObject
        }
        return try PythonJSON.encode(value, options: row.jsonOptions, limits: limits.json)
    }
}

extension JSONValue {
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
