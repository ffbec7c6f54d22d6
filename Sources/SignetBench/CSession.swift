/// One workload through the C API of a `CLibrary`: its context, the cookie and JSON in memory
/// the library reads, and an output buffer, set up once so that a timed call is the C call
/// alone, as in `bench_c.c`.
final class CSession {
    private let library: CLibrary
    private let context: OpaquePointer
    private let cookie: UnsafeMutableBufferPointer<UInt8>
    private let json: UnsafeMutableBufferPointer<UInt8>
    private let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 65536)
    private let timestamp: Int64

    init?(library: CLibrary, key: [UInt8], cookie: [UInt8], json: [UInt8], timestamp: Int64) {
        guard let context = library.flaskContext(key: key) else { return nil }
        self.library = library
        self.context = context
        self.cookie = .allocate(capacity: cookie.count)
        _ = self.cookie.initialize(from: cookie)
        self.json = .allocate(capacity: json.count)
        _ = self.json.initialize(from: json)
        self.timestamp = timestamp
    }

    deinit {
        library.free(context)
        cookie.deallocate()
        json.deallocate()
        output.deallocate()
    }

    /// `signet_verify` of the cookie; true when it succeeds with the JSON's length and the
    /// cookie's signing time (the per-call check, as cheap as the Swift side's).
    func verify() -> Bool {
        var length = 0
        var signedAt: Int64 = 0
        let status = library.verify(
            context, cookie.baseAddress, cookie.count, .min, output.baseAddress, output.count, &length, &signedAt)
        return status == 0 && length == json.count && signedAt == timestamp
    }

    /// `signet_mint` of the JSON at the cookie's time; true when it succeeds with the cookie's length.
    func mint() -> Bool {
        var length = 0
        let status = library.mint(
            context, json.baseAddress, json.count, timestamp, output.baseAddress, output.count, &length)
        return status == 0 && length == cookie.count
    }

    /// Both calls with their whole results compared to Flask's bytes.
    func matchesFlask() -> Bool {
        guard verify(), output.prefix(json.count).elementsEqual(json) else { return false }
        return mint() && output.prefix(cookie.count).elementsEqual(cookie)
    }
}
