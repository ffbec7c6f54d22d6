// libFuzzer harness: the canonical check (CanonicalCheck), on which the fast path hands verified
// JSON out as it is. Oracle: whenever the check says yes, decoding the text and encoding it
// again (re-tagged, for Flask sessions) gives the very same bytes: encode(decode(x)) == x.
// Also: the session builder, which untags as it reads, gives what untagging a decoded tree gives.
import Signet

private let small = JSONDecodingLimits(maxDepth: 16, maxIntegerDigits: 50)

/// The canonical text of `text` by the tree path, or its error as text.
private func viaTree(_ text: [UInt8], _ limits: JSONDecodingLimits, flaskTags: Bool) -> Result<[UInt8], SignetError> {
    Result { () throws(SignetError) -> [UInt8] in
        let value = try PythonJSON.decode(text, limits: limits)
        guard flaskTags else { return try PythonJSON.encode(value, options: .flask, limits: limits) }
        guard case .dict(let session) = try TaggedJSON.untag(value) else { throw SignetError(.badPayload, "The session is not a JSON object") }
        return try FlaskSessions.taggedJSON(session, limits: Limits(maxDepth: limits.maxDepth, maxIntegerDigits: limits.maxIntegerDigits))
    }
}

/// The same by the session builder.
private func viaBuilder(_ text: [UInt8], _ limits: JSONDecodingLimits) -> Result<[UInt8], SignetError> {
    text.withUnsafeBytes { bytes in
        Result { () throws(SignetError) -> [UInt8] in
            let session = try SessionBuilder.session(bytes, limits: limits, years: .python)
            return try FlaskSessions.taggedJSON(session, limits: Limits(maxDepth: limits.maxDepth, maxIntegerDigits: limits.maxIntegerDigits))
        }
    }
}

private func same(_ a: Result<[UInt8], SignetError>, _ b: Result<[UInt8], SignetError>) -> Bool {
    switch (a, b) {
    case (.success(let x), .success(let y)): return x == y
    case (.failure(let x), .failure(let y)): return x.kind == y.kind && x.message == y.message
    default: return false
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    let flaskTags = (input.mode & 1) != 0
    let limits = (input.mode & 2) != 0 ? small : .default
    let canonical = input.data.withUnsafeBytes { CanonicalCheck.isCanonical($0, flaskTags: flaskTags, limits: limits) }
    let reference = viaTree(input.data, limits, flaskTags: flaskTags)
    if flaskTags {
        require(same(reference, viaBuilder(input.data, limits)), "the session builder and the tree path disagree")
    }
    if canonical {
        guard case .success(let text) = reference else {
            require(false, "the check said canonical, the general path refuses the text")
            return 0
        }
        require(text == input.data, "the check said canonical, re-encoding changes the text")
    }
    return 0
}
