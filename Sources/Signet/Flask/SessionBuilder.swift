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
    private var open = OpenContainers<SessionValue>()
    private let years: HTTPDate.YearReading
    /// For each open container, its children's failed tags: (position, error).
    private var failures: [[(position: Int, error: SignetError)]] = []
    private var rootFailure: SignetError?

    private init(years: HTTPDate.YearReading) {
        self.years = years
        failures.reserveCapacity(8)
    }

    /// The session in `text`: a dict at the root, tags untagged (`years`: see
    /// ``TaggedJSON/untag(_:years:)``).
    package static func session(_ text: UnsafeRawBufferPointer, limits: JSONDecodingLimits, years: HTTPDate.YearReading) throws(SignetError) -> SessionDict {
        var builder = SessionBuilder(years: years)
        try JSONReader.read(text, limits: limits, into: &builder)
        if let failure = builder.rootFailure { throw failure }
        guard case .dict(let dict)? = builder.open.take() else { throw SignetError.sessionNotAnObject }
        return dict
    }

    /// Files a finished value, with the failed tag it holds, if any.
    private mutating func file(_ value: SessionValue, failure: SignetError? = nil) {
        let position = open.file(value)
        guard !failures.isEmpty else {
            rootFailure = failure
            return
        }
        let top = failures.count - 1
        if !failures[top].isEmpty { failures[top].removeAll { $0.position == position } }
        if let failure { failures[top].append((position, failure)) }
    }

    /// The first failed tag among a closing container's children, in untagging order.
    private mutating func closeFailures() -> SignetError? {
        let noted = failures.removeLast()
        return noted.min { $0.position < $1.position }?.error
    }

    mutating func beginArray(at offset: Int) {
        open.open(isObject: false)
        failures.append([])
    }

    mutating func endArray(at end: Int) {
        let items = open.close().items
        file(TaggedJSON.list(items), failure: closeFailures())
    }

    mutating func beginObject(at offset: Int) {
        open.open(isObject: true)
        failures.append([])
    }

    mutating func endObject(at end: Int) {
        let members = open.close().members
        if let failure = closeFailures() {
            file(.dict(SessionDict(uniqueMembers: members)), failure: failure)
            return
        }
        do {
            file(try TaggedJSON.untagged(members, years: years))
        } catch {
            file(.dict(SessionDict(uniqueMembers: members)), failure: error)
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
        open.releaseAll()
        failures.removeAll()
    }
}
