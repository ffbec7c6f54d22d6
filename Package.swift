// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Signet",
    products: [
        .library(name: "Signet", targets: ["Signet"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "Signet",
            dependencies: ["COpenSSL", "CZlib"]
        ),
        .testTarget(
            name: "SignetTests",
            dependencies: ["Signet"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
