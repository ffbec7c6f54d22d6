import CSignet

// The numbers come from the header's macros, so the library and the header it was built with
// cannot disagree; a program compares them with the header it was compiled against.

@c @implementation
public func signet_version_number() -> UInt32 {
    UInt32(SIGNET_VERSION_MAJOR * 10000 + SIGNET_VERSION_MINOR * 100 + SIGNET_VERSION_PATCH)
}

@c @implementation
public func signet_version_string() -> UnsafePointer<CChar>? {
    staticCString(versionString)
}

// A literal with the header's value; Version tests compare the two at run time.
private let versionString: StaticString = "0.2.0"
