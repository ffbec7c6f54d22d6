/// The ``JSONSink`` that builds a Flask session straight from its tagged JSON text: each
/// container is untagged as it closes (`TaggedJSONSerializer._untag_scan`), so no `JSONValue`
/// tree is built first.
///
/// Python parses the whole text, keeps the last of repeated keys, and only then untags, in
/// order, stopping at the first tag holding the wrong type. So a failed tag is only noted, with
/// its position in its container (a later repeated key drops it, as Python drops the value),
/// and the first one left is thrown once the whole text has been read: a syntax error further
/// on wins, as in Python.
package struct SessionBuilder: JSONSink {
    private struct State {
        var open: OpenContainers<SessionValue>
        let years: HTTPDate.YearReading
        /// Failed tags not yet dropped: the depth of the container holding the failed value
        /// (0: the document), its position there, and the error. Empty (no allocation) on good text.
        var failures: [(depth: Int, position: Int, error: SignetError)] = []
    }

    /// The state lives in `session`'s frame: the reader keeps its sink by value, and copying a
    /// pointer retains nothing.
    private let state: UnsafeMutablePointer<State>

    private var open: OpenContainers<SessionValue> {
        _read { yield state.pointee.open }
        nonmutating _modify { yield &state.pointee.open }
    }

    private var failures: [(depth: Int, position: Int, error: SignetError)] {
        _read { yield state.pointee.failures }
        nonmutating _modify { yield &state.pointee.failures }
    }

    private var years: HTTPDate.YearReading { state.pointee.years }

    /// The session in `text`: a dict at the root, tags untagged (`years`: see
    /// ``TaggedJSON/untag(_:years:)``).
    package static func session(_ text: UnsafeRawBufferPointer, limits: JSONDecodingLimits, years: HTTPDate.YearReading) throws(SignetError) -> SessionDict {
        try OpenContainers.withScratch { (open) throws(SignetError) -> SessionDict in
            var state = State(open: open, years: years)
            defer { state.open.free() }
            return try withUnsafeMutablePointer(to: &state) { (state) throws(SignetError) -> SessionDict in
                var builder = SessionBuilder(state: state)
                try JSONReader.read(text, limits: limits, into: &builder)
                if let failure = builder.failures.first?.error { throw failure }
                guard case .dict(let dict)? = builder.open.take() else { throw SignetError.sessionNotAnObject }
                return dict
            }
        }
    }

    /// Files a finished value, with the failed tag it holds, if any.
    private mutating func file(_ value: consuming SessionValue, failure: SignetError? = nil) {
        let position = open.file(value)
        guard failure != nil || !failures.isEmpty else { return }
        let depth = open.depth
        failures.removeAll { $0.depth == depth && $0.position == position }
        if let failure { failures.append((depth, position, failure)) }
    }

    /// The first failed tag among a closing container's children, in untagging order.
    private mutating func closeFailures() -> SignetError? {
        guard !failures.isEmpty else { return nil }
        let depth = open.depth + 1
        let first = failures.filter { $0.depth == depth }.min { $0.position < $1.position }?.error
        failures.removeAll { $0.depth == depth }
        return first
    }

    mutating func beginArray(at offset: Int) { open.open(isObject: false) }

    mutating func endArray(at end: Int) {
        let items = open.closeList()
        file(.list(items), failure: closeFailures())
    }

    mutating func beginObject(at offset: Int) { open.open(isObject: true) }

    mutating func endObject(at end: Int) {
        guard open.innermostCount == 1 && TaggedJSON.isTagKey(open.innermostFirstKey) else {
            let dict = open.closeDict()
            file(.dict(dict), failure: closeFailures())
            return
        }
        let member = open.closeOnlyMember()
        if let failure = closeFailures() {
            file(.dict(SessionDict(uniqueMembers: [member])), failure: failure)
            return
        }
        do {
            file(try TaggedJSON.fromTag(member.key, member.value, years: years))
        } catch {
            file(.dict(SessionDict(uniqueMembers: [member])), failure: error)
        }
    }

    mutating func key(_ key: JSONStringToken) { open.setKey(key.value) }

    mutating func string(_ string: JSONStringToken) { file(.string(string.value)) }

    mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool) {
        file(.integer(JSONInteger(canonicalDecimal: String(decoding: canonical, as: UTF8.self))))
    }

    mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>) { file(.float(value)) }

    mutating func bool(_ value: Bool) { file(.bool(value)) }

    mutating func null() { file(.null) }

    mutating func abandon() {
        open.free()
        failures.removeAll()
    }
}
