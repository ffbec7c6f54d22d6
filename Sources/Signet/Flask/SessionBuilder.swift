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
    /// A failed tag not yet dropped: the depth of the container holding the failed value (0:
    /// the document), its position there, and the error.
    private typealias Failure = (depth: Int, position: Int, error: SignetError)

    /// What the builder changes besides its open containers.
    private struct State {
        /// Empty, no allocation, on good text.
        var failures: [Failure] = [] {
            didSet { hasFailures = !failures.isEmpty }
        }
        /// `!failures.isEmpty`, read for every value filed: a stored flag, not a call to the
        /// array's (unspecialised) count.
        private(set) var hasFailures = false
        /// The depths (`open.depth`) of the open containers holding a value that needs freeing
        /// (one not carved from the slab and not a scalar: bytes, a UUID, a long string with
        /// escapes...), innermost last; rarely more than a few.
        var impureDepths: [Int] = []
        /// The last of `impureDepths`, or -1: read at every close without a call.
        var deepestImpure = -1
        var carver: SessionSlabCarver
    }

    /// The open containers and the state live in `session`'s frame: the reader keeps its sink
    /// by value, and copying pointers retains nothing.
    private let openContainers: UnsafeMutablePointer<OpenContainers<SessionValue>>
    private let state: UnsafeMutablePointer<State>
    private let years: HTTPDate.YearReading

    private var open: OpenContainers<SessionValue> {
        _read { yield openContainers.pointee }
        nonmutating _modify { yield &openContainers.pointee }
    }

    private var failures: [Failure] {
        _read { yield state.pointee.failures }
        nonmutating _modify { yield &state.pointee.failures }
    }

    /// The session in `text`: a dict at the root, tags untagged (`years`: see
    /// ``TaggedJSON/untag(_:years:)``).
    package static func session(_ text: UnsafeRawBufferPointer, limits: JSONDecodingLimits, years: HTTPDate.YearReading) throws(SignetError) -> SessionDict {
        // `withScratch` frees the containers once done.
        try OpenContainers.withScratch { (open) throws(SignetError) -> SessionDict in
            var state = State(carver: SessionSlabCarver(textCount: text.count))
            defer { state.carver.free() }
            return try withUnsafeMutablePointer(to: &open) { (open) throws(SignetError) -> SessionDict in
                try withUnsafeMutablePointer(to: &state) { (state) throws(SignetError) -> SessionDict in
                    var builder = SessionBuilder(openContainers: open, state: state, years: years)
                    try JSONReader.read(text, limits: limits, into: &builder)
                    if open.pointee.hasReplaced { builder.forgetUncounted(replacedOnly: true) }
                    // The document leaves the builder: its reference is counted from here on.
                    let root = open.pointee.take()
                    if case .dict(let dict)? = root, !state.pointee.hasFailures {
                        state.pointee.carver.lift(dict)
                        return dict
                    }
                    throw refusal(of: root, state)
                }
            }
        }
    }

    /// Why a document read to its end is not a session (a failed tag, or not a dict), once its
    /// reference is counted (it is dropped as it leaves the builder).
    @inline(never)
    private static func refusal(of root: SessionValue?, _ state: UnsafeMutablePointer<State>) -> SignetError {
        if let root { state.pointee.carver.lift(root) }
        return state.pointee.failures.first?.error ?? SignetError.sessionNotAnObject
    }

    /// Files a finished value, with the failed tag it holds, if any.
    @inline(__always)
    private mutating func file(_ value: consuming SessionValue, failure: SignetError? = nil) {
        let position = open.file(consume value)
        if failure != nil || state.pointee.hasFailures { noteFailure(failure, at: position) }
    }

    /// Notes the failed tag (if any) of the value just filed at `position` of the innermost
    /// container, in place of the one a repeated key replaced.
    @inline(never)
    private mutating func noteFailure(_ failure: SignetError?, at position: Int) {
        let depth = open.depth
        failures.removeAll { $0.depth == depth && $0.position == position }
        if let failure { failures.append((depth, position, failure)) }
    }

    /// Files a list or dict just closed, with the first failed tag among its children, if any
    /// (good text has none: no optional error is made then).
    @inline(__always)
    private mutating func fileClosed(_ value: consuming SessionValue) {
        if state.pointee.hasFailures {
            fileClosedAfterFailures(value)
        } else {
            open.file(consume value)
        }
    }

    @inline(never)
    private mutating func fileClosedAfterFailures(_ value: consuming SessionValue) {
        let failure = firstFailureClosing()
        file(value, failure: failure)
    }

    /// The first failed tag among a closing container's children, in untagging order.
    @inline(__always)
    private mutating func closeFailures() -> SignetError? {
        state.pointee.hasFailures ? firstFailureClosing() : nil
    }

    @inline(never)
    private mutating func firstFailureClosing() -> SignetError? {
        let depth = open.depth + 1
        let first = failures.filter { $0.depth == depth }.min { $0.position < $1.position }?.error
        failures.removeAll { $0.depth == depth }
        return first
    }

    /// The value just about to be filed at the current depth needs freeing: the container
    /// receiving it must be walked when its slab is dropped, and the slab, if it becomes this
    /// thread's spare, emptied before it is reused.
    @inline(never)
    private func noteImpure() {
        state.pointee.carver.mayHoldReferences = true
        let depth = open.depth
        guard state.pointee.deepestImpure != depth else { return }
        state.pointee.impureDepths.append(depth)
        state.pointee.deepestImpure = depth
    }

    /// Whether the innermost container, about to close, holds nothing that needs freeing but
    /// what was carved from the slab (its record then needs no walk when the slab is dropped).
    @inline(__always)
    private func innermostIsPlain() -> Bool {
        state.pointee.deepestImpure < open.depth || forgetImpure()
    }

    @inline(never)
    private func forgetImpure() -> Bool {
        let depth = open.depth
        while let last = state.pointee.impureDepths.last, last >= depth { state.pointee.impureDepths.removeLast() }
        state.pointee.deepestImpure = state.pointee.impureDepths.last ?? -1
        return false
    }

    mutating func beginArray(at offset: Int) { open.open(isObject: false) }

    mutating func endArray(at end: Int) {
        let plain = innermostIsPlain()
        let items = open.close { (members, count) in state.pointee.carver.list(movingValuesOf: members, count: count, plain: plain) }
        fileClosed(.list(consume items))
    }

    mutating func beginObject(at offset: Int) { open.open(isObject: true) }

    mutating func endObject(at end: Int) {
        let plain = innermostIsPlain()
        guard open.innermostCount == 1 && TaggedJSON.isTagKey(open.innermostFirstKey) else {
            let dict = open.close { (members, count) in state.pointee.carver.dict(moving: members, count: count, plain: plain) }
            fileClosed(.dict(consume dict))
            return
        }
        let member = open.closeOnlyMember()
        let keySlot = UnsafeMutableRawPointer(member).assumingMemoryBound(to: JSONString.self)
        // Moved out to locals, which nothing else can reach: passed on with no copy (a copy of
        // a carved value counts a reference), then moved back to be freed or let go.
        let key = keySlot.move()
        let tagged = memberValue(member).move()
        let (value, failure) = untag(key, tagged)
        keySlot.initialize(to: consume key)
        memberValue(member).initialize(to: consume tagged)
        state.pointee.carver.drop(keySlot)
        state.pointee.carver.drop(memberValue(member))
        file(value, failure: failure)
    }

    /// The untagged value of the tag `key` holding `value` (borrowed: what the result keeps of
    /// it is copied, so counted, then given back as it is filed), or the tag kept as a dict
    /// and why it failed.
    @inline(__always)
    private mutating func untag(_ key: JSONString, _ value: SessionValue) -> (SessionValue, SignetError?) {
        if let failure = closeFailures() { return (.dict(carved(SessionDict(uniqueMembers: [(key, value)]))), failure) }
        do {
            let untagged = try TaggedJSON.fromTag(key, value, years: years)
            if case .dict(let dict) = untagged { return (.dict(carved(dict)), nil) }
            if !Self.isPlainTagValue(untagged) { noteImpure() }
            state.pointee.carver.lower(untagged)
            return (untagged, nil)
        } catch {
            return (.dict(carved(SessionDict(uniqueMembers: [(key, value)]))), error)
        }
    }

    /// Whether an untagged value other than a dict needs no freeing but its slab's.
    private static func isPlainTagValue(_ value: SessionValue) -> Bool {
        switch value {
        case .datetime, .tuple, .uuid: true
        case .markup(let html): html.isInline
        default: false
        }
    }

    /// `dict`, made apart from the slab (a failed tag kept as a dict, or `" di"`'s), copied into
    /// it: a storage of its own holding values carved from the slab, filed in the slab, would
    /// hold the slab from inside it, a cycle never freed. Held uncounted, as all the carver makes.
    private func carved(_ dict: SessionDict) -> SessionDict {
        state.pointee.carver.dict(copying: dict)
    }

    @inline(__always) mutating func key(_ key: JSONStringToken) { open.setKey(text(key)) }

    @inline(__always) mutating func string(_ string: JSONStringToken) { file(.string(text(string))) }

    /// A string's value; without escapes, its bytes are the text's and a long one is carved.
    @inline(__always)
    private func text(_ token: JSONStringToken) -> JSONString {
        token.hasEscapes ? unescapedText(token) : state.pointee.carver.string(token.raw)
    }

    @inline(never)
    private func unescapedText(_ token: JSONStringToken) -> JSONString {
        let text = token.value
        if !text.isInline { noteImpure() }
        return text
    }

    @inline(__always) mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool) {
        let integer = JSONInteger(canonicalDecimal: canonical)
        if !integer.holdsNoStorage { noteImpure() }
        file(.integer(integer))
    }

    @inline(__always) mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>) { file(.float(value)) }

    @inline(__always) mutating func bool(_ value: Bool) { file(.bool(value)) }

    @inline(__always) mutating func null() { file(.null) }

    /// Lets the keys and values carved from the slabs go uncounted (their memory is the slabs'):
    /// those repeated keys replaced, and unless `replacedOnly`, all the builder holds.
    private func forgetUncounted(replacedOnly: Bool) {
        let carver = state.pointee.carver
        open.forget(replacedOnly: replacedOnly, where: { key in
            !key.isInline && carver.isCarved(.string(key))
        }, { carver.isCarved($0) })
    }

    mutating func abandon() {
        forgetUncounted(replacedOnly: false)
        open.free()
        failures.removeAll()
        state.pointee.impureDepths.removeAll()
        state.pointee.carver.free()
    }
}
