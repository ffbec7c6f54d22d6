import CSignet
import Signet

// Reading and building session JSON for C programs. Both directions go through the library's one
// JSON decoder and one encoder, so what is accepted and written is exactly what Python does.

/// What signet_session_build writes: json.dumps(d, separators=(",", ":")), ASCII escapes, the
/// caller's order.
private let buildStyle = JSONEncodingOptions(
    itemSeparator: Array(",".utf8), keySeparator: Array(":".utf8), ensureASCII: true, sortKeys: false)

/// A raw JSON member sits one level inside the built object, and the encoder refuses what the
/// decoder's default depth would refuse: members get one level less.
private let memberLimits = JSONDecodingLimits(maxDepth: JSONDecodingLimits.default.maxDepth - 1)

/// UTF-8 as Python's strict codec reads it (no surrogates), or nil.
private func utf8String(_ bytes: UnsafeRawBufferPointer) -> JSONString? {
    guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
    return JSONString(uncheckedWTF8: Array(bytes))
}

/// Whether well-formed WTF-8 holds a surrogate: only those encode as ED A0..BF xx.
private func holdsSurrogate(_ wtf8: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    while index + 1 < wtf8.count {
        if wtf8[index] == 0xED && wtf8[index + 1] >= 0xA0 { return true }
        index += 1
    }
    return false
}

/// Calls `body` with top-level member `key` of the JSON object `json` (the last one of a
/// repeated key), found without building the document (see `MemberLookup`).
private func withMember<R>(
    _ json: UnsafeRawBufferPointer, _ key: UnsafeRawBufferPointer, _ body: (MemberLookup.Member) throws(CStatus) -> R
) throws(CStatus) -> R {
    guard let name = utf8String(key) else { throw .invalidArgument }
    guard let member = try core({ () throws(SignetError) in try MemberLookup.member(of: json, key: name) }) else {
        throw CStatus(SIGNET_E_NOT_FOUND)
    }
    return try body(member)
}

extension MemberLookup.Kind {
    var cType: signet_value_type {
        switch self {
        case .null: SIGNET_VALUE_NULL
        case .bool: SIGNET_VALUE_BOOL
        case .integer: SIGNET_VALUE_INTEGER
        case .float: SIGNET_VALUE_FLOAT
        case .string: SIGNET_VALUE_STRING
        case .array: SIGNET_VALUE_ARRAY
        case .object: SIGNET_VALUE_OBJECT
        }
    }
}

extension OutputBuffer {
    func deliver(_ text: MemberLookup.Text) throws(CStatus) {
        switch text {
        case .slice(let bytes): try deliver(bytes)
        case .made(let bytes): try deliver(bytes)
        }
    }
}

@c @implementation
public func signet_session_get(
    _ json: UnsafePointer<UInt8>?, _ jsonLen: Int, _ key: UnsafePointer<UInt8>?, _ keyLen: Int,
    _ flags: UInt32, _ type: UnsafeMutablePointer<signet_value_type>?,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let type = try required(type)
        guard flags & ~UInt32(SIGNET_GET_JSON) == 0 else { throw .invalidArgument }
        try withMember(try input(json, jsonLen), try input(key, keyLen)) { (member) throws(CStatus) in
            type.pointee = member.kind.cType
            if let string = member.stringValue, flags & UInt32(SIGNET_GET_JSON) == 0 {
                let surrogate: Bool
                switch string {
                case .slice(let bytes): surrogate = holdsSurrogate(bytes)
                case .made(let bytes): surrogate = bytes.withUnsafeBufferPointer(holdsSurrogate)
                }
                if surrogate { throw CStatus(SIGNET_E_LONE_SURROGATE) }
                try output.deliver(string)
                return
            }
            try output.deliver(try core { () throws(SignetError) in try member.canonicalJSON() })
        }
    }
}

@c @implementation
public func signet_session_get_int64(
    _ json: UnsafePointer<UInt8>?, _ jsonLen: Int, _ key: UnsafePointer<UInt8>?, _ keyLen: Int,
    _ value: UnsafeMutablePointer<Int64>?
) -> Int32 {
    status { () throws(CStatus) in
        let value = try required(value)
        value.pointee = 0
        value.pointee = try withMember(try input(json, jsonLen), try input(key, keyLen)) { (member) throws(CStatus) in
            guard let text = member.integerText else { throw CStatus(SIGNET_E_WRONG_TYPE) }
            guard let int64 = Int64(String(decoding: text, as: UTF8.self)) else { throw CStatus(SIGNET_E_OUT_OF_RANGE) }
            return int64
        }
    }
}

extension signet_member {
    /// The member as a key and a value, checked as signet_session_build documents.
    func pair() throws(CStatus) -> (JSONString, JSONValue) {
        guard let name = utf8String(try key.buffer()) else { throw .invalidArgument }
        switch type {
        case SIGNET_VALUE_NULL:
            return (name, .null)
        case SIGNET_VALUE_BOOL:
            guard integer == 0 || integer == 1 else { throw .invalidArgument }
            return (name, .bool(integer == 1))
        case SIGNET_VALUE_INTEGER:
            return (name, .integer(JSONInteger(integer)))
        case SIGNET_VALUE_STRING:
            guard let string = utf8String(try text.buffer()) else { throw .invalidArgument }
            return (name, .string(string))
        case SIGNET_VALUE_JSON:
            let raw = try text.buffer()
            return (name, try core { () throws(SignetError) in try PythonJSON.decode(raw, limits: memberLimits) })
        default:
            throw .invalidArgument
        }
    }
}

@c @implementation
public func signet_session_build(
    _ members: UnsafePointer<signet_member>?, _ memberCount: Int,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        guard memberCount >= 0 else { throw .invalidArgument }
        guard memberCount == 0 || members != nil else { throw .invalidArgument }
        var pairs: [(JSONString, JSONValue)] = []
        pairs.reserveCapacity(memberCount)
        var seen = Set<JSONString>()
        for index in 0..<memberCount {
            let pair = try members![index].pair()
            guard seen.insert(pair.0).inserted else { throw .invalidArgument }
            pairs.append(pair)
        }
        let object = JSONValue.object(JSONObject(pairs))
        try output.deliver(try core { () throws(SignetError) in try PythonJSON.encode(object, options: buildStyle) })
    }
}
