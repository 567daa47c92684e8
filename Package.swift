// swift-tools-version:6.1
import PackageDescription

/// Settings every Leadex target shares: Swift 6 strict concurrency plus the upcoming features the
/// Swift server ecosystem (swift-log, hummingbird) builds with.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// What each of the daemon's HTTP listeners (control socket, web workspace, metrics) builds on.
let httpServer: [Target.Dependency] = [
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "HummingbirdCore", package: "hummingbird"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
]

let package = Package(
    name: "leadex",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "leadexd", targets: ["leadexd"]),
        .executable(name: "leadexctl", targets: ["leadexctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The control socket's HTTP server: Hummingbird 2 over SwiftNIO (see README, "leadexctl
        // and the control socket"); NIO directly for the peer's credentials (SO_PEERCRED).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Hummingbird's header types (already in the graph through it), for header names it has no constant for.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.4.0"),
        // The web workspace's password hashes (bcrypt, vendored C).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // GET /metrics: counters and histograms through the swift-metrics API, exposed in the
        // Prometheus text format by swift-prometheus's registry.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Thin C modules: a module map over the system headers, plus static inline shims where
        // Swift cannot call the C API directly (curl's variadic setopt/getinfo).
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // glibc's mallopt (MallocTuning in LeadexDaemon).
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // The domain: leads, contacts, users, the pipeline and the exchange rules. No I/O.
        .target(name: "LeadexCore", swiftSettings: swiftSettings),

        // MIME parsing, charsets and lead extraction from mail: pure, no I/O.
        .target(name: "LeadexMail", dependencies: ["LeadexCore"], swiftSettings: swiftSettings),

        // SQLite through GRDB: schema, migrations, records and each rule inside a transaction;
        // online backups (gzip through zlib) and restore.
        .target(
            name: "LeadexStore",
            dependencies: [
                "LeadexCore", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // The C API for what GRDB does not wrap: the WAL commit hook (WALCheckpointer).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Reading /etc/leadex/leadex.toml and its drop-ins into a validated, Sendable value.
        .target(
            name: "LeadexConfig",
            dependencies: [
                "LeadexCore",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // swift-log handler for the systemd journal, and sd_notify.
        .target(
            name: "LeadexJournal",
            dependencies: [
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // One Swift type per curl easy handle.
        .target(name: "LeadexCurl", dependencies: ["CCurl"], swiftSettings: swiftSettings),

        // Mailboxes (IMAP, POP3) polled through libcurl, messages turned into leads.
        .target(
            name: "LeadexIntake",
            dependencies: [
                "LeadexCore", "LeadexStore", "LeadexMail", "LeadexCurl", "LeadexConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The scheduler, its timed jobs, mail templates and the SMTP outbox sender.
        .target(
            name: "LeadexJobs",
            dependencies: [
                "LeadexCore", "LeadexStore", "LeadexMail", "LeadexCurl", "LeadexConfig", "LeadexIntake", "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),

        // The control socket's wire format: requests, replies and error bodies as Codable values,
        // shared by the daemon's routes and leadexctl.
        .target(name: "LeadexControlAPI", swiftSettings: swiftSettings),

        // What the control socket and the web workspace share: Hummingbird's HTTP/1.1 server run
        // without its Application (whose date cache wakes every second), the Date header.
        .target(
            name: "LeadexHTTP",
            dependencies: httpServer + [.product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),

        // The control socket: HTTP/1.1 + JSON on a Unix socket, the caller known by SO_PEERCRED;
        // routes only translate between JSON and the store, which applies every rule.
        .target(
            name: "LeadexControl",
            dependencies: [
                "LeadexCore", "LeadexStore", "LeadexConfig", "LeadexControlAPI", "LeadexHTTP",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // GET /metrics: the swift-metrics API onto swift-prometheus's registry.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ] + httpServer,
            swiftSettings: swiftSettings
        ),

        // The web workspace: server-rendered pages (Mustache, assets embedded in the binary), password
        // logins and sessions, the exchange live over Server-Sent Events. Routes only translate
        // between forms and the store, as the control routes do.
        .target(
            name: "LeadexWeb",
            dependencies: [
                // LeadexControlAPI: ReminderTime, how people type a callback's time, as leadexctl reads it.
                "LeadexCore", "LeadexStore", "LeadexConfig", "LeadexHTTP", "LeadexControlAPI",
                // LeadexJobs: the Mailer, for the one-time password links (the same code as `leadexd invite`).
                "LeadexJobs",
                // CoreMetrics: logins by result and open live streams, on the daemon's metrics endpoint.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // LeadexControl: the export's rows, as the control API hands them out; LeadexMail: the
                // MIME parser, for the admin's multipart upload.
                "LeadexControl", "LeadexMail",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ] + httpServer,
            swiftSettings: swiftSettings
        ),

        // Services wired into one ServiceGroup; config loading and reload.
        .target(
            name: "LeadexDaemon",
            dependencies: [
                "LeadexCore", "LeadexStore", "LeadexConfig", "LeadexJournal", "LeadexIntake", "LeadexJobs", "LeadexControl", "LeadexControlAPI",
                "LeadexWeb", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "leadexd",
            dependencies: [
                "LeadexDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "leadexctl",
            dependencies: [
                // LeadexCore for the shared wording (local times, durations, phones): pure, no I/O.
                "LeadexControlAPI", "LeadexCurl", "LeadexCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Test support shared by the test targets: a manual clock, temporary databases, processes.
        .target(
            name: "LeadexTesting",
            dependencies: ["LeadexCore", "LeadexStore"],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "LeadexCoreTests", dependencies: ["LeadexCore", "LeadexTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LeadexMailTests",
            dependencies: ["LeadexMail", "LeadexCore", "LeadexTesting"],
            exclude: ["make_fixtures.py"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadexStoreTests",
            dependencies: ["LeadexStore", "LeadexTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LeadexConfigTests", dependencies: ["LeadexConfig", "LeadexTesting"], swiftSettings: swiftSettings),
        // Benchmarks/mime/run: our MIME parse+extract against Python's email on one corpus.
        .executableTarget(
            name: "mime-bench",
            dependencies: ["LeadexMail"],
            path: "Benchmarks/mime",
            exclude: ["gen_corpus.py", "py_bench.py", "run", "README.md"],
            swiftSettings: swiftSettings
        ),
        // Benchmarks/scheduler/run: idle CPU with 100,000 pending reminders, lateness of 10,000 due at once.
        .executableTarget(
            name: "scheduler-bench",
            dependencies: ["LeadexJobs", "LeadexStore", "LeadexCore", "LeadexConfig", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/scheduler",
            exclude: ["run"],
            swiftSettings: swiftSettings
        ),
        // Benchmarks/backup/run: our online backup of a large database against sqlite3's .backup,
        // with the longest write stall while it runs.
        .executableTarget(
            name: "backup-bench",
            dependencies: ["LeadexStore", "LeadexCore", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/backup",
            exclude: ["run"],
            swiftSettings: swiftSettings
        ),
        // Logs known entries through the journal handler, for the real-journald test.
        .executableTarget(
            name: "leadex-journal-probe",
            dependencies: ["LeadexJournal", .product(name: "Logging", package: "swift-log")],
            path: "Tests/JournalProbe",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadexJournalTests",
            dependencies: ["LeadexJournal", "LeadexTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadexIntakeTests",
            dependencies: [
                "LeadexIntake", "LeadexTesting", "LeadexMail", "LeadexStore", "LeadexCore", "LeadexConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LeadexCurlTests", dependencies: ["LeadexCurl", "CCurl", "LeadexTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LeadexJobsTests",
            dependencies: [
                "LeadexJobs", "LeadexIntake", "LeadexTesting", "LeadexStore", "LeadexCore", "LeadexConfig", "LeadexMail",
                .product(name: "Logging", package: "swift-log"),
                // The outbox migration test builds a database as the previous release left it.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadexControlTests",
            dependencies: ["LeadexControl", "LeadexControlAPI", "LeadexCore", "LeadexStore", "LeadexTesting", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadexWebTests",
            dependencies: [
                // LeadexJobs: the weekly mail's template, which the reports page must agree with.
                "LeadexWeb", "LeadexCore", "LeadexStore", "LeadexConfig", "LeadexTesting", "LeadexJobs", "LeadexControlAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LeadexDaemonTests",
            dependencies: ["LeadexDaemon", "LeadexTesting", "LeadexStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
    ]
)
