/// The `signer_kwargs` of a serializer: everything about a signer except its keys and salt.
public struct SignerOptions: Sendable, Hashable {
    public var separator: [UInt8]
    public var keyDerivation: KeyDerivation
    public var digest: DigestAlgorithm
    public var algorithm: SigningAlgorithm

    public init(
        separator: [UInt8] = Profile.signer.separator,
        keyDerivation: KeyDerivation = Profile.signer.keyDerivation,
        digest: DigestAlgorithm = Profile.signer.digest,
        algorithm: SigningAlgorithm = .hmac
    ) {
        self.separator = separator
        self.keyDerivation = keyDerivation
        self.digest = digest
        self.algorithm = algorithm
    }
}
