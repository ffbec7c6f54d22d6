import CSignet
import Signet

@c @implementation
public func signet_cookie_value(
    _ header: UnsafePointer<UInt8>?, _ headerLen: Int, _ name: UnsafePointer<UInt8>?, _ nameLen: Int,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let header = try input(header, headerLen).assumingMemoryBound(to: UInt8.self)
        let name = try input(name, nameLen).assumingMemoryBound(to: UInt8.self)
        switch Cookie.valueBytes(named: name, inHeader: header) {
        case .slice(let value): try output.deliver(value)
        case .decoded(let value): try output.deliver(value)
        case nil: throw CStatus(SIGNET_E_NOT_FOUND)
        }
    }
}

/// The only layout published so far; `struct_size` below it is a caller's error.
private let firstCookieOptionsSize = MemoryLayout<signet_cookie_options>.size

private let defaultName: StaticString = "session"
private let defaultPath: StaticString = "/"

@c @implementation
public func signet_cookie_options_init(_ opts: UnsafeMutablePointer<signet_cookie_options>?, _ optsSize: Int) -> Int32 {
    status { () throws(CStatus) in
        let opts = try required(opts)
        try checkCookieOptionsSize(optsSize)
        var o = signet_cookie_options()
        o.struct_size = optsSize
        o.name = signet_bytes(ptr: defaultName.utf8Start, len: defaultName.utf8CodeUnitCount)
        o.path = signet_bytes(ptr: defaultPath.utf8Start, len: defaultPath.utf8CodeUnitCount)
        o.expires = Int64.min
        o.max_age = Int64.min
        o.http_only = 1
        o.same_site = SIGNET_SAME_SITE_UNSET
        o.max_size = Cookie.defaultMaxSize
        // Writes no more than the caller's struct holds (today: all of it).
        withUnsafeBytes(of: &o) { UnsafeMutableRawPointer(opts).copyMemory(from: $0.baseAddress!, byteCount: optsSize) }
    }
}

private func checkCookieOptionsSize(_ size: Int) throws(CStatus) {
    guard size >= firstCookieOptionsSize, size <= MemoryLayout<signet_cookie_options>.size else { throw .invalidArgument }
}

@c @implementation
public func signet_set_cookie(
    _ opts: UnsafePointer<signet_cookie_options>?, _ value: UnsafePointer<UInt8>?, _ valueLen: Int,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let settings = try CookieSettings(opts)
        let value = Array(try input(value, valueLen))
        try output.deliver(core { () throws(SignetError) in
            try Cookie.setCookie(name: settings.name, value: value, attributes: settings.attributes, maxSize: settings.maxSize)
        })
    }
}

@c @implementation
public func signet_delete_cookie(
    _ opts: UnsafePointer<signet_cookie_options>?, _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int,
    _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let settings = try CookieSettings(opts)
        try output.deliver(Array(core { () throws(SignetError) in
            try Cookie.deletion(name: settings.name, attributes: settings.attributes)
        }.utf8))
    }
}

@c @implementation
public func signet_starlette_set_cookie(
    _ opts: UnsafePointer<signet_cookie_options>?, _ value: UnsafePointer<UInt8>?, _ valueLen: Int,
    _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int, _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let s = try CookieSettings(opts)
        // A value that is not UTF-8 gets U+FFFD, which the core refuses as outside cookie-octets.
        let value = String(decoding: try input(value, valueLen), as: UTF8.self)
        let a = s.attributes
        try output.deliver(Array(core { () throws(SignetError) in
            try StarletteSessions.setCookie(
                value: value, name: s.name, path: a.path ?? "", maxAge: a.maxAge, sameSite: a.sameSite ?? .lax,
                httpsOnly: a.secure, domain: a.domain, partitioned: a.partitioned)
        }.utf8))
    }
}

@c @implementation
public func signet_starlette_delete_cookie(
    _ opts: UnsafePointer<signet_cookie_options>?, _ out: UnsafeMutablePointer<UInt8>?, _ outCap: Int,
    _ outLen: UnsafeMutablePointer<Int>?
) -> Int32 {
    status { () throws(CStatus) in
        let output = try OutputBuffer(out, outCap, outLen)
        let s = try CookieSettings(opts)
        let a = s.attributes
        try output.deliver(Array(core { () throws(SignetError) in
            try StarletteSessions.deletion(
                name: s.name, path: a.path ?? "", sameSite: a.sameSite ?? .lax, httpsOnly: a.secure, domain: a.domain,
                partitioned: a.partitioned)
        }.utf8))
    }
}

/// A caller's `signet_cookie_options` in the Swift API's terms.
private struct CookieSettings {
    let name: String
    let attributes: Cookie.Attributes
    let maxSize: Int?

    init(_ pointer: UnsafePointer<signet_cookie_options>?) throws(CStatus) {
        let pointer = try required(UnsafeMutablePointer(mutating: pointer))
        // struct_size comes first, so it can be read before knowing how much the caller has.
        try checkCookieOptionsSize(UnsafeRawPointer(pointer).load(as: Int.self))
        let o = pointer.pointee
        // A name or domain that is not UTF-8 gets U+FFFD, which the core refuses as it refuses
        // every non-ASCII byte there.
        name = String(decoding: try o.name.buffer(), as: UTF8.self)
        let domain = try o.domain.buffer()
        guard let path = String(validating: try o.path.buffer(), as: UTF8.self) else { throw CStatus(SIGNET_E_BAD_COOKIE) }
        let sameSite: Cookie.SameSite?
        switch o.same_site {
        case SIGNET_SAME_SITE_UNSET: sameSite = nil
        case SIGNET_SAME_SITE_LAX: sameSite = .lax
        case SIGNET_SAME_SITE_STRICT: sameSite = .strict
        case SIGNET_SAME_SITE_NONE: sameSite = Cookie.SameSite.none
        default: throw .invalidArgument
        }
        attributes = Cookie.Attributes(
            domain: domain.isEmpty ? nil : String(decoding: domain, as: UTF8.self),
            expires: o.expires == Int64.min ? nil : o.expires,
            maxAge: o.max_age == Int64.min ? nil : o.max_age,
            secure: o.secure != 0, httpOnly: o.http_only != 0,
            path: path.isEmpty ? nil : path, sameSite: sameSite, partitioned: o.partitioned != 0)
        // size_t values above Int.max arrive negative: no practical limit.
        maxSize = o.max_size == 0 || o.max_size < 0 ? nil : o.max_size
    }
}
