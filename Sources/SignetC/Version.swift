import CSignet

@c @implementation
public func signet_version_number() -> UInt32 {
    UInt32(SIGNET_VERSION_MAJOR * 10000 + SIGNET_VERSION_MINOR * 100 + SIGNET_VERSION_PATCH)
}
