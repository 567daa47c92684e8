import Foundation
import LeadexTesting
import Testing

/// leadexctl's own messages (argument errors, a daemon it cannot reach) before any reply names
/// the language: the config's `language` when readable (an admin), else the locale (a manager,
/// who cannot read /etc/leadex), else Russian.
@Suite struct LeadexctlLanguageTests {
    static let leadexctl = RepositoryPaths.executable("leadexctl")

    /// leadexctl with only the given locale and config, and no daemon at the socket.
    func run(_ arguments: [String], config: String?, locale: [String: String]) throws -> (status: Int32, output: String, error: String) {
        let directory = try TemporaryDirectory()
        var environment = ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "LEADEX_SOCKET": directory.file("absent.sock")]
        environment["LEADEX_CONFIG"] = try config.map { try directory.write("leadex.toml", $0) } ?? directory.file("unreadable.toml")
        environment.merge(locale) { $1 }
        return try ChildProcess.run(executable: Self.leadexctl, arguments: arguments, environment: environment)
    }

    @Test func anEnglishConfigMakesArgumentErrorsEnglish() throws {
        let result = try run(["exchange", "--limit", "0"], config: "language = \"en\" # the team reads English\n[storage]\n", locale: ["LANG": "ru_RU.UTF-8"])
        #expect(result.status != 0)
        #expect(result.error.contains("--limit is a number of leads, 1 or more"), "\(result.error)")
        let down = try run(["mine"], config: "language = \"en\"\n", locale: [:])
        #expect(down.error.contains("leadexd is not running: there is no socket"), "\(down.error)")
    }

    @Test func withoutTheConfigTheLocaleDecides() throws {
        let english = try run(["exchange", "--older-than", "давно"], config: nil, locale: ["LANG": "en_US.UTF-8"])
        #expect(english.error.contains("--older-than is like 30m, 2h, 3d, 1w"), "\(english.error)")
        let russian = try run(["exchange", "--older-than", "давно"], config: nil, locale: ["LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"])
        #expect(russian.error.contains("--older-than: например 30m, 2h, 3d, 1w"), "\(russian.error)")
    }

    @Test func neitherConfigNorLocaleMeansRussian() throws {
        for locale in [[:], ["LANG": "C.UTF-8"], ["LC_ALL": "POSIX"]] {
            let result = try run(["report", "nonsense"], config: nil, locale: locale)
            #expect(result.error.contains("отчёт: funnel (воронка), refusals (отказы) или managers (менеджеры)"), "\(locale): \(result.error)")
            let down = try run(["mine"], config: "[storage]\nlanguage = \"en\"\n", locale: locale)
            #expect(down.error.contains("leadexd не запущен"), "a section's key is not the top-level language: \(down.error)")
        }
    }

    @Test func theParsersOwnErrorsSpeakRussianToo() throws {
        let cases: [([String], String)] = [
            (["take"], "Ошибка: не хватает аргумента <id>"),
            (["take", "1", "2"], "Ошибка: лишний аргумент «2»"),
            (["take", "--frob", "1"], "Ошибка: неизвестный параметр --frob. Может быть, --json?"),
            (["exchange", "--limit"], "Ошибка: не указано значение для --limit <limit>"),
            (["exchange", "--limit", "abc"], "Ошибка: значение «abc» не подходит для --limit <limit>"),
        ]
        for (arguments, expected) in cases {
            let result = try run(arguments, config: nil, locale: [:])
            #expect(result.status == 64)
            #expect(result.error.contains(expected), "\(arguments): \(result.error)")
            #expect(result.error.contains("Подробнее: leadexctl \(arguments[0]) --help"), "\(result.error)")
            #expect(!result.error.contains("Error:") && !result.error.contains("See '"), "\(result.error)")
        }
        let english = try run(["take"], config: nil, locale: ["LANG": "en_US.UTF-8"])
        #expect(english.error.contains("Error: Missing expected argument '<id>'"), "\(english.error)")
    }
}
