import CSignet

// Both come from the header's macros, so the library and the header it was built with cannot
// disagree; a program compares them with the header it was compiled against.

@c @implementation
public func signet_version_number() -> UInt32 {
    UInt32(SIGNET_VERSION_MAJOR * 10000 + SIGNET_VERSION_MINOR * 100 + SIGNET_VERSION_PATCH)
}

@c @implementation
public func signet_version_string() -> UnsafePointer<CChar>? {
    UnsafePointer(versionCString)
}

/// "MAJOR.MINOR.PATCH" from the header's numbers (Swift cannot import the header's string macro,
/// which is made by the preprocessor), built once and never freed: callers keep the pointer.
private nonisolated(unsafe) let versionCString: UnsafeMutablePointer<CChar> = {
    let text = Array("\(SIGNET_VERSION_MAJOR).\(SIGNET_VERSION_MINOR).\(SIGNET_VERSION_PATCH)".utf8CString)
    let storage = UnsafeMutablePointer<CChar>.allocate(capacity: text.count)
    storage.initialize(from: text, count: text.count)
    return storage
}()
