import Foundation
import LeadexConfig
import LeadexCore
import LeadexTesting
import Testing

@Suite struct ConfigLoaderTests {
    func problems(_ text: String, dropIns: [String: String] = [:], environment: [String: String] = [:]) throws -> [String] {
        let directory = try TemporaryDirectory()
        let path = try directory.write("leadex.toml", text)
        for (name, body) in dropIns { try directory.write("leadex.d/\(name)", body) }
        do {
            _ = try LeadexConfiguration.load(path: path, environment: environment)
            return []
        } catch {
            // Paths differ per run; keep the file name and line.
            return error.problems.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line): \($0.message)" }
        }
    }

    @Test func theShippedConfigsAreValid() throws {
        let reference = try LeadexConfiguration.load(path: RepositoryPaths.file("config/leadex.toml"), dropInDirectory: "/nonexistent")
        #expect(reference.policy.pipeline.first.title == "Новая заявка")
        #expect(reference.policy.pipeline.stages.count == 7)
        #expect(reference.policy.refusalReasons.count == 8)
        #expect(reference.policy.users["trainee"]?.allowedStages == ["new", "call", "needs"])
        #expect(reference.storage.database == "/var/lib/leadex/leadex.sqlite3")
        #expect(reference.backup == BackupSettings(directory: "/var/lib/leadex/backups", keep: 8))
        let dev = try LeadexConfiguration.load(path: RepositoryPaths.file("config/dev.toml"), dropInDirectory: "/nonexistent")
        #expect(dev.storage.database == "var/leadex.sqlite3")
        #expect(dev.log.target == .console)
        #expect(dev.backup == BackupSettings(directory: "var/backups", keep: 8))
    }

    @Test func defaultsAreTheRussianPipelineAndReasons() throws {
        let directory = try TemporaryDirectory()
        let config = try LeadexConfiguration.load(path: try directory.write("leadex.toml", ""))
        #expect(config.policy.pipeline.stages.map(\.title).first == "Новая заявка")
        #expect(config.policy.refusalReasons.map(\.title).contains("Выбрали конкурента"))
        #expect(config.policy.refusalReasons.first { $0.id == "other" }?.requiresNote == true)
        #expect(config.policy.defaultCap == 20)
        let english = try LeadexConfiguration.load(path: try directory.write("en.toml", "language = \"en\""))
        #expect(english.policy.pipeline.first.title == "New request")
    }

    @Test func aSyntaxErrorNamesFileAndLine() throws {
        let found = try problems("language = \"ru\"\n[storage]\ndatabase = \"x\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("leadex.toml:3: syntax error: Error while parsing string") == true)
        #expect(try problems("[[user]]\nlogin = \"a\"\nlogin = \"b\"\n").first?.hasPrefix("leadex.toml:3: syntax error") == true)
    }

    @Test func aWrongTypeNamesFileAndLine() throws {
        #expect(try problems("[exchange]\ndefault_cap = \"twenty\"\n") == [
            "leadex.toml:2: 'exchange.default_cap' must be an integer, found a string"
        ])
    }

    @Test func unknownKeysAreTyposAndReported() throws {
        #expect(try problems("[log]\nlevle = \"debug\"\n\n[[user]]\nlogin = \"a\"\nname = \"A\"\nrole = \"manager\"\ncapp = 3\n") == [
            "leadex.toml:2: unknown key 'log.levle'",
            "leadex.toml:8: unknown key 'user.capp'",
        ])
    }

    @Test func anUnknownStageInAUsersRuleIsReported() throws {
        let text = """
            [[stage]]
            id = "new"
            title = "Новая заявка"

            [[user]]
            login = "trainee"
            name = "Стажёр"
            role = "manager"
            stages = ["new", "closing"]
            """
        #expect(try problems(text) == ["leadex.toml:9: unknown stage 'closing' in the stage rule of user 'trainee'"])
    }

    @Test func aMissingSecretFileIsReported() throws {
        let text = """
            [smtp]
            url = "smtps://mail.example.ru:465/example.ru"
            user = "leadex@example.ru"
            password_file = "/nonexistent/smtp-password"
            from = "Leadex <leadex@example.ru>"
            """
        #expect(try problems(text) == ["leadex.toml:4: secret file /nonexistent/smtp-password does not exist"])
        // A password written inline is refused: secrets live in files or credentials.
        let inline = text.replacingOccurrences(of: "password_file = \"/nonexistent/smtp-password\"", with: "password = \"hunter2\"")
        let inlineProblems = try problems(inline)
        #expect(inlineProblems.contains("leadex.toml:4: 'smtp.password' must not be written in the config: use 'password_file' or 'password_credential'"))
        #expect(!inlineProblems.joined().contains("hunter2"))
    }

    @Test func aCredentialIsCheckedWhereSystemdProvidesIt() throws {
        let credentials = try TemporaryDirectory()
        let text = """
            [smtp]
            url = "smtp://127.0.0.1:587/example.ru"
            user = "leadex"
            password_credential = "smtp-password"
            from = "leadex@example.ru"
            """
        #expect(try problems(text) == [])
        #expect(try problems(text, environment: ["CREDENTIALS_DIRECTORY": credentials.path]) == [
            "leadex.toml:4: credential 'smtp-password' is not in $CREDENTIALS_DIRECTORY (check LoadCredential=)"
        ])
        try credentials.write("smtp-password", "secret\n")
        let directory = try TemporaryDirectory()
        let config = try LeadexConfiguration.load(
            path: try directory.write("leadex.toml", text), environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(try config.smtp?.password?.read(environment: ["CREDENTIALS_DIRECTORY": credentials.path]) == "secret")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() throws {
        let text = """
            timezone = "Mars/Olympus"
            [log]
            level = "loud"
            [[user]]
            login = "a"
            name = "A"
            role = "boss"
            email = "nowhere"
            [[user]]
            login = "a"
            name = "A again"
            role = "manager"
            rights = ["export", "everything"]
            """
        let found = try problems(text)
        #expect(found.filter { !$0.contains("duplicate user") } == [
            "leadex.toml:1: unknown time zone 'Mars/Olympus' (expected an IANA name like \"Europe/Moscow\")",
            "leadex.toml:3: 'log.level' must be one of 'trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical', found 'loud'",
            "leadex.toml:7: 'user.role' must be one of 'manager', 'qa', 'head', 'admin', found 'boss'",
            "leadex.toml:8: 'user.email' is not an email address: 'nowhere'",
            "leadex.toml:13: unknown right 'everything' (known: 'export', 'delete')",
        ])
        // The first "a" had an unknown role, so it never became a user: no duplicate to report.
        #expect(!found.contains { $0.contains("duplicate user") })
    }

    @Test func dropInsOverrideValuesAndAddUsers() throws {
        let directory = try TemporaryDirectory()
        let main = try directory.write("leadex.toml", """
            [exchange]
            default_cap = 20
            [[user]]
            login = "head"
            name = "Head"
            role = "head"
            """)
        try directory.write("leadex.d/10-sales.toml", """
            [exchange]
            default_cap = 12
            [[user]]
            login = "ivanov"
            name = "Иван"
            role = "manager"
            [[stage]]
            id = "only"
            title = "Единственная"
            """)
        try directory.write("leadex.d/README", "not toml, ignored")
        let config = try LeadexConfiguration.load(path: main)
        #expect(config.policy.defaultCap == 12)
        #expect(Set(config.policy.users.keys) == ["head", "ivanov"])
        #expect(config.policy.pipeline.stages.map(\.id) == ["only"])
        #expect(config.files.map { ($0 as NSString).lastPathComponent } == ["leadex.toml", "10-sales.toml"])
    }

    @Test func aDuplicateUserAcrossFilesNamesBothPlaces() throws {
        let found = try problems(
            "[[user]]\nlogin = \"ivanov\"\nname = \"I\"\nrole = \"manager\"\n",
            dropIns: ["20-team.toml": "\n[[user]]\nlogin = \"ivanov\"\nname = \"I2\"\nrole = \"manager\"\n"])
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("20-team.toml:3: duplicate user 'ivanov' (first defined at "))
        #expect(found[0].hasSuffix("leadex.toml:2)"))
    }

    @Test(arguments: [("90s", 90), ("15m", 900), ("2h", 7200), ("3d", 259_200), ("1w", 604_800), ("1h30m", 5400)])
    func durationsParse(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
        #expect(DurationText.parse(DurationText.format(.seconds(seconds))) == .seconds(seconds))
    }

    @Test(arguments: ["", "10", "m", "5x", "-5m", "0s"])
    func badDurationsAreRefused(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func backupsDefaultToTheStateDirectoryAndEightKept() throws {
        let directory = try TemporaryDirectory()
        let config = try LeadexConfiguration.load(path: try directory.write("leadex.toml", ""))
        #expect(config.backup.directory == "/var/lib/leadex/backups")
        #expect(config.backup.keep == 8)
        let set = try LeadexConfiguration.load(path: try directory.write("set.toml", "[backup]\ndirectory = \"/srv/backups\"\nkeep = 3\n"))
        #expect(set.backup == BackupSettings(directory: "/srv/backups", keep: 3))
    }

    @Test func backupProblemsAreReportedWithTheirLines() throws {
        #expect(try problems("[backup]\ndirectory = \"\"\nkeep = 0\nkepp = 3\n") == [
            "leadex.toml:2: 'backup.directory' must not be empty",
            "leadex.toml:3: 'backup.keep' must be between 1 and 1000",
            "leadex.toml:4: unknown key 'backup.kepp'",
        ])
        #expect(try problems("[backup]\nkeep = \"8\"\n") == ["leadex.toml:2: 'backup.keep' must be an integer, found a string"])
    }
}

@Suite struct InboxConfigTests {
    /// Lives as long as the suite value, so the secret file outlasts `load`.
    let directory = try! TemporaryDirectory()

    func load(_ text: String) throws -> (LeadexConfiguration?, [String]) {
        let secret = try directory.write("pw", "secret\n")
        let path = try directory.write("leadex.toml", text.replacingOccurrences(of: "SECRET", with: secret))
        do {
            return (try LeadexConfiguration.load(path: path), [])
        } catch {
            return (nil, error.problems.map { "\($0.location.line): \($0.message)" })
        }
    }

    @Test func anIMAPInboxWithDefaults() throws {
        let (config, problems) = try load("""
            [[inbox]]
            name = "sales"
            url = "imaps://127.0.0.1:993/INBOX"
            user = "sales"
            password_file = "SECRET"
            """)
        #expect(problems == [])
        let inbox = try #require(config?.inboxes.first)
        #expect(inbox.after == .seen)
        #expect(inbox.idle)
        #expect(inbox.pollInterval == .seconds(60))
        #expect(try inbox.password.read() == "secret")
    }

    @Test func inboxProblemsAreReportedWithTheirLines() throws {
        let (_, problems) = try load("""
            [[inbox]]
            name = "a"
            url = "http://example.ru"
            user = "u"
            password_file = "SECRET"
            [[inbox]]
            name = "b"
            url = "pop3s://127.0.0.1:995"
            user = "u"
            password_file = "/nonexistent/pw"
            after = "move"
            [[inbox]]
            name = "a"
            url = "imaps://127.0.0.1/INBOX"
            user = "u"
            password_file = "SECRET"
            after = "move"
            """)
        let expected = [
            "3: 'inbox.url' must start with imaps://, imap:// (STARTTLS), pop3s:// or pop3:// (STLS), found 'http://example.ru'",
            "10: secret file /nonexistent/pw does not exist",
            "11: a POP3 mailbox can only 'delete' or 'keep' messages, not 'move'",
            "11: 'after = \"move\"' needs 'inbox.move_to', the folder to move to",
            "17: 'after = \"move\"' needs 'inbox.move_to', the folder to move to",
        ]
        #expect(problems.filter { !$0.contains("duplicate") } == expected)
        #expect(problems.contains { $0.hasPrefix("13: duplicate inbox 'a' (first defined at ") && $0.hasSuffix("leadex.toml:2)") })
    }

    @Test func aFormWithItsFeedMappingAndProbe() throws {
        let (config, problems) = try load("""
            [[inbox]]
            name = "sales"
            url = "imaps://127.0.0.1:993/INBOX"
            user = "sales"
            password_file = "SECRET"

            [[form]]
            name = "site"
            url = "https://example.ru/api/forms/12/submissions"
            token_file = "SECRET"
            format = "json"
            items = "data.submissions"
            id_field = "id"
            cursor = "since_id"
            poll_interval = "30s"
            quiet_period = "2d"

            [form.fields]
            name = "your-name"
            phone = ["tel", "phone"]
            email = "your-email"
            comment = "message"
            extra = ["utm_source"]

            [form.probe]
            url = "https://example.ru/forms/12/submit"
            encoding = "multipart"
            mailbox = "sales"
            deadline = "15m"
            secret_field = "captcha_bypass"
            secret_file = "SECRET"

            [form.probe.fields]
            your-name = "Проверка формы"
            tel = "+7 900 000-00-00"
            message = "Автоматическая проверка {token}"

            [form.probe.headers]
            X-Leadex-Check = "1"

            [[form]]
            name = "pbx"
            url = "file:///var/lib/pbx/missed.csv"
            format = "csv"
            delimiter = ";"
            id_field = "call_id"
            title = "Пропущенный звонок"
            [form.fields]
            phone = "caller"
            """)
        #expect(problems == [])
        let forms = try #require(config?.forms)
        #expect(forms.count == 2)
        let site = forms[0]
        #expect(site.format == .json(items: ["data", "submissions"], id: "id"))
        #expect(site.cursor == .sinceID(parameter: "since_id"))
        #expect(site.auth == .bearer(.file(directory.file("pw"))))
        #expect(site.fields.phone == ["tel", "phone"])
        #expect(site.fields.extra == ["utm_source"])
        #expect(site.pollInterval == .seconds(30))
        #expect(site.quietPeriod == .fixed(.seconds(172_800)))
        #expect(site.title == "Заявка с сайта")
        let probe = try #require(site.probe)
        #expect(probe.encoding == .multipart && probe.method == .post)
        #expect(probe.destination == .mailbox("sales"))
        #expect(probe.deadline == .seconds(900))
        #expect(probe.fields.map(\.name) == ["your-name", "tel", "message"])
        #expect(probe.headers == [FormSettings.Pair("X-Leadex-Check", "1")])
        #expect(probe.secretField == "captcha_bypass")
        let pbx = forms[1]
        #expect(pbx.format == .csv(id: "call_id", delimiter: UInt8(ascii: ";"), charset: "utf-8"))
        #expect(pbx.title == "Пропущенный звонок")
        #expect(pbx.probe == nil)
        #expect(pbx.auth == FormSettings.Auth.none)
    }

    @Test func formProblemsAreReportedWithTheirLines() throws {
        let (_, problems) = try load("""
            [[form]]
            name = "a"
            url = "http://example.ru/feed"
            format = "xml"
            [form.fields]
            name = "n"

            [[form]]
            name = "b"
            url = "https://example.ru/feed"
            format = "json"
            cursor = "since_time"
            user = "u"
            [form.fields]
            phone = "tel"
            [form.probe]
            url = "ftp://example.ru/submit"
            mailbox = "nowhere"
            [form.probe.fields]
            comment = "no token here"
            """)
        #expect(problems == [
            "3: 'form.url' is plain http:// to a host that is not loopback: use https://, or set 'allow_plaintext = true'",
            "4: 'form.format' must be one of 'json', 'csv', found 'xml'",
            "5: 'form.fields' must map 'phone' or 'email' (or both): a lead needs contact data",
            "8: a JSON feed needs 'form.id_field': the field holding each submission's id",
            "12: 'cursor = \"since_time\"' needs 'form.time_field', the field holding each submission's time",
            "13: 'form.user' is set but neither 'form.password_file' nor 'form.password_credential' is",
            "17: 'form.probe.url' must start with https:// or http:// (loopback), found 'ftp://example.ru/submit'",
            "18: unknown inbox 'nowhere': a probe expected by mail names an [[inbox]]",
            "19: one of 'form.probe.fields' must contain {token} (where the probe's token goes, e.g. the comment)",
        ])
    }
}
