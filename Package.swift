// swift-tools-version:6.2
import PackageDescription

// One settings array for every target (STYLE.md §2.1).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let flyingFox = Target.Dependency.product(name: "FlyingFox", package: "FlyingFox")

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // L4: the executable and the command line.
        .executableTarget(name: "quire", dependencies: ["QuireCLI"], swiftSettings: settings),
        .target(
            name: "QuireCLI",
            dependencies: [
                argumentParser, "QuireModel", "QuireIO", "QuireArchive", "QuireBundle", "QuireImport", "QuirePack",
                "QuireAnnotate", "QuireMerge", "QuireDataset", "QuireAgreement",
            ],
            swiftSettings: settings
        ),

        // L3: the jobs.
        .target(
            name: "QuirePack",
            dependencies: [yams, "QuireModel", "QuireIO", "QuireImport", "QuireBundle"],
            swiftSettings: settings
        ),
        .target(
            name: "QuireAnnotate",
            dependencies: [flyingFox, "QuireModel", "QuireIO", "QuireBundle"],
            resources: [.embedInCode("Assets")],
            swiftSettings: settings
        ),
        .target(
            name: "QuireMerge",
            dependencies: [
                "QuireModel", "QuireIO", "QuireBundle", "QuireAgreement", "QuireHTML", "QuireTemplates",
            ],
            swiftSettings: settings
        ),
        .target(name: "QuireDataset", dependencies: ["QuireModel", "QuireIO"], swiftSettings: settings),

        // L2: formats, bundles, statistics, HTML.
        .target(name: "QuireImport", dependencies: ["QuireModel", "QuireIO", "QuireArchive"], swiftSettings: settings),
        .target(name: "QuireBundle", dependencies: ["QuireModel", "QuireIO", "QuireArchive"], swiftSettings: settings),
        .target(name: "QuireAgreement", dependencies: ["QuireModel"], swiftSettings: settings),
        .target(name: "QuireHTML", dependencies: ["QuireModel", "QuireIO", "CQuireXML2"], swiftSettings: settings),
        .target(
            name: "QuireTemplates",
            path: "templates",
            exclude: ["queues"],
            resources: [.embedInCode("xhtml")],
            swiftSettings: settings
        ),

        // L1: archives.
        .target(
            name: "QuireArchive",
            dependencies: ["QuireModel", "QuireIO", "CQuireArchive"],
            swiftSettings: settings
        ),

        // L0: model and I/O.
        .target(name: "QuireIO", dependencies: ["QuireModel", "CQuireCrypto"], swiftSettings: settings),
        .target(name: "QuireModel", swiftSettings: settings),

        // C libraries from Debian, each imported by exactly one Swift module.
        .systemLibrary(
            name: "CQuireArchive",
            path: "Sources/CQuireArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev", "zlib1g-dev"]), .brew(["libarchive"])]
        ),
        .systemLibrary(
            name: "CQuireXML2",
            path: "Sources/CQuireXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CQuireCrypto",
            path: "Sources/CQuireCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),

        // Benchmarks: an executable, never unit tests (DESIGN.md §7).
        .executableTarget(
            name: "QuireBench",
            dependencies: [
                "QuireModel", "QuireIO", "QuireArchive", "QuireBundle", "QuireImport", "QuirePack", "QuireAgreement",
                "QuireMerge", "QuireAnnotate",
            ],
            path: "Benchmarks/QuireBench",
            swiftSettings: settings
        ),

        // Fuzzing: a libFuzzer target when built with `-sanitize=fuzzer` and `-DQUIRE_LIBFUZZER` (`make fuzz`),
        // otherwise a seeded mutation driver over the same entry point.
        .executableTarget(
            name: "QuireFuzz",
            dependencies: ["QuireModel", "QuireIO", "QuireImport"],
            path: "Fuzz/QuireFuzz",
            swiftSettings: settings
        ),

        // Tests.
        .target(
            name: "QuireTestSupport",
            dependencies: ["QuireModel", "QuireIO", "QuireBundle"],
            path: "Tests/QuireTestSupport",
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireModelTests",
            dependencies: ["QuireModel", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireIOTests",
            dependencies: ["QuireModel", "QuireIO", "QuireTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireArchiveTests",
            dependencies: ["QuireModel", "QuireIO", "QuireArchive", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireBundleTests",
            dependencies: ["QuireModel", "QuireIO", "QuireArchive", "QuireBundle", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireImportTests",
            dependencies: ["QuireModel", "QuireIO", "QuireImport", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuirePackTests",
            dependencies: [
                "QuireModel", "QuireIO", "QuireImport", "QuireBundle", "QuireArchive", "QuirePack", "QuireTestSupport",
            ],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireAgreementTests",
            dependencies: ["QuireModel", "QuireAgreement", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireAnnotateTests",
            dependencies: ["QuireModel", "QuireIO", "QuireBundle", "QuireAnnotate", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireMergeTests",
            dependencies: [
                "QuireModel", "QuireIO", "QuireBundle", "QuireMerge", "QuireAgreement", "QuireHTML", "QuireTestSupport",
            ],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireDatasetTests",
            dependencies: ["QuireModel", "QuireIO", "QuireDataset", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireHTMLTests",
            dependencies: ["QuireModel", "QuireIO", "QuireHTML", "QuireTemplates", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "QuireCLITests",
            dependencies: ["QuireModel", "QuireIO", "QuireCLI", "QuireTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: settings
        ),
    ]
)
