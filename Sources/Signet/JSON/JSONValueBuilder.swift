/// The ``JSONSink`` that builds a `JSONValue`: `json.loads`.
struct JSONValueBuilder: JSONSink {
    private var open: OpenContainers<JSONValue>

    /// The value of `bytes`.
    static func value(_ bytes: UnsafeRawBufferPointer, limits: JSONDecodingLimits) throws(SignetError) -> JSONValue {
        try OpenContainers.withScratch { (open: inout OpenContainers<JSONValue>) throws(SignetError) -> JSONValue in
            var builder = JSONValueBuilder(open: open)
            defer { builder.open.free() }
            try JSONReader.read(bytes, limits: limits, into: &builder)
            return builder.open.take()!
        }
    }

    mutating func beginArray(at offset: Int) { open.open(isObject: false) }

    mutating func endArray(at end: Int) { open.file(.array(open.closeList())) }

    mutating func beginObject(at offset: Int) { open.open(isObject: true) }

    mutating func endObject(at end: Int) { open.file(.object(open.closeDict())) }

    mutating func key(_ key: JSONStringToken) { open.setKey(key.value) }

    mutating func string(_ string: JSONStringToken) { open.file(.string(string.value)) }

    mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool) {
        open.file(.integer(JSONInteger(canonicalDecimal: canonical)))
    }

    mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>) { open.file(.float(value)) }

    mutating func bool(_ value: Bool) { open.file(.bool(value)) }

    mutating func null() { open.file(.null) }

    mutating func abandon() { open.free() }
}
