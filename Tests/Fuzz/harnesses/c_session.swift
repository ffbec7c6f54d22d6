// libFuzzer harness: signet_session_get, signet_session_get_int64 and signet_session_build on
// hostile bytes. Invariants: a known status, never a crash, leak or overrun; outputs within the
// buffer; a STRING comes out as UTF-8; whatever get returns, build takes back and get returns
// again unchanged; whatever build writes mints, and get reads every member back as it was given.
import CSignet
#if canImport(Glibc)
import Glibc
#endif

private let knownStatuses: Set<Int32> = Set((-14...0).map(Int32.init) + [-100, -101, -103, -104, -105, -106])
private let ok = SIGNET_OK.rawValue
private let capacity = 1 << 18
nonisolated(unsafe) private let buffers = (0..<3).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: capacity) }

nonisolated(unsafe) private let flask = makeContext(SIGNET_PRESET_FLASK_SESSION)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    if input.mode & 0x80 == 0 {
        get(input)
    } else {
        build(input.data)
    }
    return 0
}

/// The data is a key length, the key, then the JSON text.
private func get(_ input: Input) {
    let data = input.data
    let keyLength = data.isEmpty ? 0 : min(Int(data[0]), data.count - 1)
    let key = Array(data.dropFirst().prefix(keyLength))
    let json = Array(data.dropFirst(1 + keyLength))
    let flags: UInt32 = input.mode & 1 == 0 ? 0 : UInt32(SIGNET_GET_JSON)
    let cap = [0, 1, 16, capacity][Int(input.mode >> 1) & 3]
    var type = signet_value_type(0)
    var length = 0
    let status = signet_session_get(json, json.count, key, key.count, flags, &type, buffers[0], cap, &length)
    require(knownStatuses.contains(status), "session_get status \(status)")
    require(status != ok || length <= cap, "session_get wrote past cap")
    var value: Int64 = 0
    let intStatus = signet_session_get_int64(json, json.count, key, key.count, &value)
    require(knownStatuses.contains(intStatus), "session_get_int64 status \(intStatus)")
    require((intStatus == SIGNET_E_NOT_FOUND.rawValue) == (status == SIGNET_E_NOT_FOUND.rawValue), "get and get_int64 disagree on the key")
    guard status == ok else { return }

    // Back through build, then get again: the same type and bytes.
    let asString = type == SIGNET_VALUE_STRING && flags == 0
    let out = UnsafeBufferPointer(start: buffers[0], count: length)
    if asString { require(String(validating: out, as: UTF8.self) != nil, "a STRING that is not UTF-8") }
    key.withUnsafeBufferPointer { keyBuffer in
        var member = signet_member(
            key: signet_bytes(ptr: keyBuffer.baseAddress, len: keyBuffer.count),
            type: asString ? SIGNET_VALUE_STRING : SIGNET_VALUE_JSON,
            text: signet_bytes(ptr: buffers[0], len: length), integer: 0)
        var builtLength = 0
        let built = signet_session_build(&member, 1, buffers[1], capacity, &builtLength)
        require(built == ok, "session_build refuses what session_get returned: \(built)")
        var againType = signet_value_type(0)
        var againLength = 0
        let again = signet_session_get(buffers[1], builtLength, keyBuffer.baseAddress, keyBuffer.count, flags, &againType, buffers[2], capacity, &againLength)
        require(again == ok && againType == type, "get(build(get(x))) status \(again), type \(againType) vs \(type)")
        require(againLength == length && memcmp(buffers[0], buffers[2], length) == 0, "get(build(get(x))) differs")
    }
}

/// Members read from the data: type byte, key length, key, then a value length and value bytes
/// (STRING, JSON) or eight bytes (INTEGER, BOOL).
private func build(_ data: [UInt8]) {
    var members: [signet_member] = []
    var index = 0
    func take(_ count: Int) -> ArraySlice<UInt8> {
        let end = min(index + count, data.count)
        defer { index = end }
        return data[index..<end]
    }
    data.withUnsafeBufferPointer { base in
        let start = base.baseAddress
        func bytes(_ slice: ArraySlice<UInt8>) -> signet_bytes {
            signet_bytes(ptr: slice.isEmpty ? nil : start! + slice.startIndex, len: slice.count)
        }
        while index < data.count && members.count < 8 {
            let typeByte = take(1).first ?? 0
            let types = [SIGNET_VALUE_NULL, SIGNET_VALUE_BOOL, SIGNET_VALUE_INTEGER, SIGNET_VALUE_STRING, SIGNET_VALUE_JSON, SIGNET_VALUE_FLOAT]
            let type = types[Int(typeByte) % types.count]
            let key = take(Int(take(1).first ?? 0) % 16)
            var text = signet_bytes(ptr: nil, len: 0)
            var integer: Int64 = 0
            if type == SIGNET_VALUE_STRING || type == SIGNET_VALUE_JSON {
                text = bytes(take(Int(take(1).first ?? 0)))
            } else {
                for byte in take(8) { integer = integer << 8 | Int64(byte) }
                if type == SIGNET_VALUE_BOOL && typeByte & 0x80 == 0 { integer &= 1 }
            }
            members.append(signet_member(key: bytes(key), type: type, text: text, integer: integer))
        }
        var length = 0
        let status = signet_session_build(members, members.count, buffers[0], capacity, &length)
        require(knownStatuses.contains(status), "session_build status \(status)")
        guard status == ok else { return }
        var cookieLength = 0
        let minted = signet_mint(flask, buffers[0], length, 1_700_000_000, buffers[1], capacity, &cookieLength)
        require(minted == ok || minted == SIGNET_E_BAD_PAYLOAD.rawValue, "session_build output does not mint: \(minted)")
        for member in members {
            var type = signet_value_type(0)
            var outLength = 0
            let got = signet_session_get(buffers[0], length, member.key.ptr, member.key.len, 0, &type, buffers[2], capacity, &outLength)
            require(got == ok || (got == SIGNET_E_LONE_SURROGATE.rawValue && member.type == SIGNET_VALUE_JSON), "a built member is not found: \(got)")
            switch member.type {
            case SIGNET_VALUE_STRING:
                require(type == SIGNET_VALUE_STRING && outLength == member.text.len
                    && (outLength == 0 || memcmp(buffers[2], member.text.ptr, outLength) == 0), "a STRING member changed")
            case SIGNET_VALUE_INTEGER:
                var value: Int64 = 0
                require(signet_session_get_int64(buffers[0], length, member.key.ptr, member.key.len, &value) == ok
                    && value == member.integer, "an INTEGER member changed")
            case SIGNET_VALUE_BOOL:
                require(type == SIGNET_VALUE_BOOL && outLength == (member.integer == 1 ? 4 : 5), "a BOOL member changed")
            case SIGNET_VALUE_NULL:
                require(type == SIGNET_VALUE_NULL, "a NULL member changed")
            default:
                break
            }
        }
    }
}
