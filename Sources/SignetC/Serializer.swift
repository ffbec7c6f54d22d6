import CSignet
import Signet

/// The latest time a token may carry: Python has no `datetime` after year 9999, so it could
/// never read a later one back.
private let latestSigningTime: Int64 = 253_402_300_799

extension Context {
    /// A signing time from C, checked: nil reads the clock.
    func signingTime(_ now: Int64) throws(CStatus) -> Int64? {
        guard let now = time(now) else { return nil }
        guard now >= epoch.offset, now <= latestSigningTime else { throw .invalidArgument }
        return now
    }

    /// The canonical text `signet_verify` returns for the JSON text of a verified payload
    /// (`load_payload`'s JSON step): Flask's compact, sorted, ASCII-only JSON, which every value
    /// (even a lone surrogate) can be written as. For Flask sessions the value must be a dict
    /// with well-formed tags, re-tagged so equal sessions always produce the same text.
    ///
    /// Reading and writing share one set of limits, so whatever decodes can be written back;
    /// were anything still refused, verify reports it as the bad payload it is, never as
    /// `SIGNET_E_UNSERIALIZABLE`, which is mint's status.
    func canonicalJSON<C: Collection<UInt8>>(_ text: C) throws(SignetError) -> [UInt8] {
        if let framework { return try framework.jsonText(Array(text)) }
        do {
            return try withContiguousBytes(text) { (bytes) throws(SignetError) in
                guard flaskTags else {
                    return try PythonJSON.encode(try PythonJSON.decode(bytes, limits: jsonLimits), options: .flask, limits: jsonLimits)
                }
                let session = try SessionBuilder.session(bytes, limits: jsonLimits, years: .python)
                return try FlaskSessions.taggedJSON(session, limits: limits)
            }
        } catch where error.kind == .unserializable {
            throw SignetError(.badPayload, "The payload cannot be written back as JSON: \(error.message)")
        }
    }

    /// `load_payload` and the canonical text of its value.
    func canonicalJSON(payload: UnsafeRawBufferPointer) throws(SignetError) -> [UInt8] {
        try canonicalJSON(try serializer.payloadEncoding.decode(payload, limits: limits))
    }

    /// `dumps` of the JSON a caller gives; for Flask sessions its dates are read with
    /// four-digit years as written (`0005` stays year 5).
    func mint(_ json: UnsafeRawBufferPointer, timestamp: Int64?) throws(SignetError) -> [UInt8] {
        if let framework { return try framework.mintBytes(json: json, timestamp: timestamp) }
        guard flaskTags else {
            return serializer.signPayload(try serializer.dumpPayload(try PythonJSON.decode(json, limits: jsonLimits)), timestamp: timestamp)
        }
        let session = try SessionBuilder.session(json, limits: jsonLimits, years: .fourDigitsAsWritten)
        return serializer.signPayload(try serializer.dumpPayload(session: .dict(session)), timestamp: timestamp)
    }

    func verify(_ token: UnsafeRawBufferPointer, now: Int64?) throws(SignetError) -> (json: [UInt8], signedAt: Int64?) {
        let (payload, timestamp) = try serializer.unsignPayload(token, maxAge: maxAge, now: now)
        return (try canonicalJSON(payload: payload), timestamp)
    }

    /// `loads_unsafe`: the one unverified decoder, with the canonical text of the value.
    func decodeUnsafe(_ token: UnsafeRawBufferPointer, now: Int64?) throws(SignetError) -> UnverifiedToken<[UInt8]> {
        try serializer.decodeUnverified(token, maxAge: maxAge, now: now) { (json) throws(SignetError) in
            try canonicalJSON(json)
        }
    }
}

@c @implementation
public func signet_mint(
    _ ctx: OpaquePointer?, _ json: UnsafePointer<UInt8>?, _ jsonLen: Int, _ now: Int64,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let context = try Context.borrow(ctx)
        let text = try input(json, jsonLen)
        let timestamp = try context.signingTime(now)
        let fast = Context.withFastPath(ctx!) { fast, _ in fast.mint(text, timestamp: timestamp, into: output.buffer) }
        if try output.deliverFast(fast) { return }
        try output.deliver(try core { () throws(SignetError) in try context.mint(text, timestamp: timestamp) })
    }
}

@c @implementation
public func signet_verify(
    _ ctx: OpaquePointer?, _ token: UnsafePointer<UInt8>?, _ tokenLen: Int, _ now: Int64,
    _ jsonOut: UnsafeMutablePointer<UInt8>?, _ jsonCap: Int, _ jsonLen: UnsafeMutablePointer<Int>?,
    _ signedAt: UnsafeMutablePointer<Int64>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(jsonOut, jsonCap, jsonLen)
        guard let ctx else { throw .invalidArgument }
        let bytes = try input(token, tokenLen)
        let fast = Context.withFastPath(ctx) { fast, maxAge in
            fast.verify(bytes, maxAge: maxAge, now: time(now), into: output.buffer)
        }
        if case .done(_, let time) = fast { signedAt?.pointee = time ?? Int64.min }
        if try output.deliverFast(fast) { return }
        let context = try Context.borrow(ctx)
        if case .verifiedJSON(let json, let time) = fast {
            // Verified already: only the JSON needs the general decoder and encoder.
            try output.deliver(try core { () throws(SignetError) in try context.canonicalJSON(json) })
            signedAt?.pointee = time ?? Int64.min
            return
        }
        let verified = try core { () throws(SignetError) in try context.verify(bytes, now: time(now)) }
        try output.deliver(verified.json)
        signedAt?.pointee = verified.signedAt ?? Int64.min
    }
}

@c @implementation
public func signet_decode_unsafe(
    _ ctx: OpaquePointer?, _ token: UnsafePointer<UInt8>?, _ tokenLen: Int, _ now: Int64,
    _ jsonOut: UnsafeMutablePointer<UInt8>?, _ jsonCap: Int, _ jsonLen: UnsafeMutablePointer<Int>?,
    _ signedAt: UnsafeMutablePointer<Int64>?, _ verifyStatus: UnsafeMutablePointer<Int32>?
) -> Int32 {
    status { () throws(CStatus) in
        let verifyStatus = try required(verifyStatus)
        // Never leave a stale "genuine" verdict behind on an early error.
        verifyStatus.pointee = SIGNET_E_BAD_DATA.rawValue
        signedAt?.pointee = Int64.min
        let output = try OutputBuffer(jsonOut, jsonCap, jsonLen)
        let context = try Context.borrow(ctx)
        let bytes = try input(token, tokenLen)
        let unverified = try core { () throws(SignetError) in try context.decodeUnsafe(bytes, now: time(now)) }
        switch unverified.verification {
        case .genuine: verifyStatus.pointee = SIGNET_OK.rawValue
        case .refused(let error): verifyStatus.pointee = CStatus(error).code
        case .unchecked: break
        }
        signedAt?.pointee = unverified.signedAt ?? Int64.min
        try output.deliver(try core { () throws(SignetError) in try unverified.decoded.get() })
    }
}
