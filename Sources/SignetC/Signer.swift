import CSignet
import Signet

// The raw signers return the value's length instead of a copy: itsdangerous's value is always
// a prefix of the token, so the caller's own buffer already holds it.

extension Context {
    /// The raw entry points honour the token limit too, so one bound covers every input.
    func checkLength(_ token: UnsafeRawBufferPointer) throws(CStatus) {
        guard token.count <= limits.maxTokenLength else { throw CStatus(SIGNET_E_TOKEN_TOO_LARGE) }
    }
}

@c @implementation
public func signet_sign(
    _ ctx: OpaquePointer?, _ value: UnsafePointer<UInt8>?, _ valueLen: Int,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let context = try Context.borrow(ctx)
        try output.deliver(context.signer.sign(try input(value, valueLen)))
    }
}

@c @implementation
public func signet_unsign(
    _ ctx: OpaquePointer?, _ token: UnsafePointer<UInt8>?, _ tokenLen: Int, _ valueLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let valueLen = try required(valueLen)
        valueLen.pointee = 0
        let context = try Context.borrow(ctx)
        let bytes = try input(token, tokenLen)
        try context.checkLength(bytes)
        valueLen.pointee = try core { () throws(SignetError) in try context.signer.unsign(bytes).count }
    }
}

@c @implementation
public func signet_timestamp_sign(
    _ ctx: OpaquePointer?, _ value: UnsafePointer<UInt8>?, _ valueLen: Int, _ now: Int64,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let context = try Context.borrow(ctx)
        let bytes = try input(value, valueLen)
        let timestamp = try context.signingTime(now)
        try output.deliver(context.timestampSigner.sign(bytes, timestamp: timestamp))
    }
}

@c @implementation
public func signet_timestamp_unsign(
    _ ctx: OpaquePointer?, _ token: UnsafePointer<UInt8>?, _ tokenLen: Int, _ now: Int64,
    _ valueLen: UnsafeMutablePointer<Int>?, _ signedAt: UnsafeMutablePointer<Int64>?
) -> Int32 {
    status { () throws(CStatus) in
        let valueLen = try required(valueLen)
        valueLen.pointee = 0
        let context = try Context.borrow(ctx)
        let bytes = try input(token, tokenLen)
        try context.checkLength(bytes)
        let signed = try core { () throws(SignetError) in
            try context.timestampSigner.unsign(bytes, maxAge: context.maxAge, now: time(now))
        }
        valueLen.pointee = signed.value.count
        signedAt?.pointee = signed.timestamp
    }
}
