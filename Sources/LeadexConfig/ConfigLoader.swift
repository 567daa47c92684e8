public import Foundation
internal import LeadexCore

extension LeadexConfiguration {
    /// Reads, merges and validates the config at `path` with its drop-ins; throws every problem
    /// found, each with its `FILE:LINE`.
    public static func load(
        path: String, dropInDirectory: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> LeadexConfiguration {
        let document = try ConfigDocument.load(path: path, dropInDirectory: dropInDirectory)
        let reader = ConfigReader()
        let configuration = read(document, reader: reader, environment: environment)
        guard reader.problems.isEmpty, let configuration else {
            throw ConfigError(problems: reader.problems.sorted { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) })
        }
        return configuration
    }

    /// The keys the reader asks for while reading `path` and its drop-ins, and the problems it
    /// finds: what the configuration documentation is checked against.
    static func keysAsked(path: String, dropInDirectory: String? = nil) throws(ConfigError) -> (keys: Set<String>, problems: [ConfigProblem]) {
        let document = try ConfigDocument.load(path: path, dropInDirectory: dropInDirectory)
        let reader = ConfigReader()
        _ = read(document, reader: reader, environment: [:])
        return (reader.keysAsked, reader.problems)
    }

    private static func read(
        _ document: ConfigDocument, reader: ConfigReader, environment: [String: String]
    ) -> LeadexConfiguration? {
        let root = reader.root(document)
        let language = root.choice("language", Language.self) ?? .ru
        let timeZone = root.string("timezone")
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            root.problem("timezone", "unknown time zone '\(timeZone)' (expected an IANA name like \"Europe/Moscow\")")
        }

        let storage = readStorage(root.section("storage"))
        let backup = readBackup(root.section("backup"))
        let control = readControl(root.section("control"))
        let web = readWeb(root.section("web"))
        let metrics = readMetrics(root.section("metrics"), environment: environment)
        let log = readLog(root.section("log"))
        let defaultCap = root.section("exchange").map { exchange in
            defer { exchange.finish() }
            return exchange.integer("default_cap", in: 1...10_000)
        } ?? nil

        let stages = root.sections("stage").map(readStages) ?? Defaults.pipeline(language)
        let pipeline = try? Pipeline(stages)
        if pipeline == nil && root.table["stage"] != nil && !stages.isEmpty {
            // Duplicates were already reported with their lines by readStages.
        } else if stages.isEmpty {
            root.problem("stage", "the pipeline needs at least one [[stage]]")
        }
        let refusalReasons = root.sections("refusal_reason").map { readReasons($0, kind: "refusal_reason") }
            ?? Defaults.refusalReasons(language)
        let disqualifyReasons = root.sections("disqualify_reason").map { readReasons($0, kind: "disqualify_reason") }
            ?? Defaults.disqualifyReasons(language)
        let users = readUsers(root.sections("user") ?? [], stages: Set(stages.map(\.id)))
        let smtp = root.section("smtp").flatMap { readSMTP($0, environment: environment) }
        let inboxes = readInboxes(root.sections("inbox") ?? [], environment: environment)
        let jobs = readJobs(root.section("jobs"))
        let mail = readMail(root.section("mail"))
        let forms = readForms(
            root.sections("form") ?? [], inboxes: Set(inboxes.map(\.name)), language: language, environment: environment)
        root.finish()

        guard let pipeline else { return nil }
        var configuration = LeadexConfiguration(
            files: document.files, language: language, timeZone: timeZone,
            storage: storage,
            backup: backup,
            control: control,
            metrics: metrics,
            log: log,
            policy: ExchangePolicy(
                pipeline: pipeline, refusalReasons: refusalReasons, disqualifyReasons: disqualifyReasons,
                defaultCap: defaultCap ?? 20, users: users
            ),
            smtp: smtp,
            inboxes: inboxes,
            jobs: jobs,
            mail: mail,
            forms: forms
        )
        configuration.web = web
        configuration.policy.sourceTitles = sourceTitles(inboxes: inboxes, forms: forms)
        return configuration
    }

    /// The configured `display_name`s by source code (`mail:sales`, `form:site`), for Wording.
    static func sourceTitles(inboxes: [InboxSettings], forms: [FormSettings]) -> [String: String] {
        let mail = inboxes.compactMap { inbox in inbox.displayName.map { (LeadSource(kind: .mail, name: inbox.name).description, $0) } }
        let form = forms.compactMap { form in form.displayName.map { (LeadSource(kind: .form, name: form.name).description, $0) } }
        return Dictionary(mail + form, uniquingKeysWith: { first, _ in first })
    }

    private static func readInboxes(_ sections: [ConfigReader.Section], environment: [String: String]) -> [InboxSettings] {
        var seen: [String: SourceLocation] = [:]
        return sections.compactMap { section in
            defer { section.finish() }
            let name = section.requiredString("name")
            let url = section.requiredString("url")
            let user = section.requiredString("user")
            let password = readSecret(section, key: "password", environment: environment)
            if password == nil && section.table["password_file"] == nil && section.table["password_credential"] == nil {
                section.problem(nil, "'inbox.password_file' or 'inbox.password_credential' is required")
            }
            let allowPlaintext = section.boolean("allow_plaintext") ?? false
            let isPOP3 = url?.hasPrefix("pop3") ?? false
            if let url {
                let schemes = ["imaps://", "imap://", "pop3s://", "pop3://"]
                if !schemes.contains(where: url.hasPrefix) {
                    section.problem("url", "'inbox.url' must start with imaps://, imap:// (STARTTLS), pop3s:// or pop3:// (STLS), found '\(url)'")
                }
            }
            let after = section.choice("after", InboxSettings.After.self) ?? (isPOP3 ? .delete : .seen)
            if isPOP3 && (after == .seen || after == .move) {
                section.problem("after", "a POP3 mailbox can only 'delete' or 'keep' messages, not '\(after.rawValue)'")
            }
            if !isPOP3 && (after == .delete || after == .keep) {
                section.problem("after", "an IMAP mailbox marks messages 'seen' or will 'move' them, not '\(after.rawValue)' (Leadex never deletes IMAP mail)")
            }
            let moveTo = section.string("move_to")
            let displayName = section.displayName()
            if after == .move && moveTo == nil { section.problem("after", "'after = \"move\"' needs 'inbox.move_to', the folder to move to") }
            let maxMB = section.integer("max_message_mb", in: 1...1024) ?? 25
            let keepKB = section.integer("keep_original_kb", in: 0...(1024 * 1024)) ?? 512
            let caFile = section.caFile()
            let settings = (
                poll: section.duration("poll_interval") ?? .seconds(60),
                idle: section.boolean("idle") ?? true,
                insecure: section.boolean("insecure_tls") ?? false,
                down: section.duration("down_alert_after") ?? .seconds(1800)
            )
            guard let name, let url, let user, let password else { return nil }
            if let first = seen[name] {
                section.problem("name", "duplicate inbox '\(name)' (first defined at \(first))")
                return nil
            }
            seen[name] = section.location(of: "name")
            var inbox = InboxSettings(
                name: name, url: url, user: user, password: password, pollInterval: settings.poll, idle: settings.idle,
                after: after, moveTo: moveTo, maxMessageBytes: maxMB << 20, keepOriginalBytes: keepKB << 10, caFile: caFile,
                insecureTLS: settings.insecure, allowPlaintext: allowPlaintext, downAlertAfter: settings.down)
            inbox.displayName = displayName
            return inbox
        }
    }

    private static func readStorage(_ section: ConfigReader.Section?) -> StorageSettings {
        defer { section?.finish() }
        return StorageSettings(database: section?.string("database") ?? "/var/lib/leadex/leadex.sqlite3")
    }

    private static func readBackup(_ section: ConfigReader.Section?) -> BackupSettings {
        defer { section?.finish() }
        var settings = BackupSettings()
        if let directory = section?.string("directory") {
            if directory.isEmpty {
                section?.problem("directory", "'backup.directory' must not be empty")
            } else {
                settings.directory = directory
            }
        }
        // At least the backup just taken; a thousand weekly ones are twenty years.
        settings.keep = section?.integer("keep", in: 1...1000) ?? BackupSettings.defaultKeep
        return settings
    }

    private static func readControl(_ section: ConfigReader.Section?) -> ControlSettings {
        defer { section?.finish() }
        var settings = ControlSettings()
        settings.enabled = section?.boolean("enabled") ?? true
        if let socket = section?.string("socket") {
            if socket.isEmpty || socket.utf8.count > 107 {
                section?.problem("socket", "'control.socket' must be a path of 1 to 107 bytes (the limit of a Unix socket address)")
            } else {
                settings.socket = socket
            }
        }
        settings.group = section?.string("group")
        if let mode = section?.string("mode") {
            if let bits = UInt16(mode, radix: 8), bits <= 0o777 {
                settings.mode = bits
            } else {
                section?.problem("mode", "'control.mode' must be octal permission bits like \"0660\", found '\(mode)'")
            }
        }
        return settings
    }

    private static func readLog(_ section: ConfigReader.Section?) -> LogSettings {
        defer { section?.finish() }
        return LogSettings(
            target: section?.choice("target", LogSettings.Target.self) ?? .auto,
            level: section?.choice("level", LogSettings.Level.self) ?? .info,
            personalData: section?.boolean("personal_data") ?? false
        )
    }

    private static func readStages(_ sections: [ConfigReader.Section]) -> [Stage] {
        var seen: [StageID: SourceLocation] = [:]
        return sections.compactMap { section in
            defer { section.finish() }
            guard let id = section.requiredString("id").map(StageID.init(rawValue:)) else { return nil }
            let title = section.requiredString("title") ?? id.rawValue
            let norm = section.duration("norm")
            if let first = seen[id] {
                section.problem("id", "duplicate stage '\(id)' (first defined at \(first))")
                return nil
            }
            seen[id] = section.location(of: "id")
            return Stage(id: id, title: title, norm: norm)
        }
    }

    private static func readReasons(_ sections: [ConfigReader.Section], kind: String) -> [Reason] {
        var seen: [ReasonID: SourceLocation] = [:]
        return sections.compactMap { section in
            defer { section.finish() }
            guard let id = section.requiredString("id").map(ReasonID.init(rawValue:)) else { return nil }
            let title = section.requiredString("title") ?? id.rawValue
            let requiresNote = section.boolean("requires_note") ?? false
            if let first = seen[id] {
                section.problem("id", "duplicate \(kind) '\(id)' (first defined at \(first))")
                return nil
            }
            seen[id] = section.location(of: "id")
            return Reason(id: id, title: title, requiresNote: requiresNote)
        }
    }

    private static func readUsers(_ sections: [ConfigReader.Section], stages: Set<StageID>) -> [User] {
        var seen: [UserLogin: SourceLocation] = [:]
        var unixUsers: [String: SourceLocation] = [:]
        return sections.compactMap { section in
            defer { section.finish() }
            let login = section.requiredString("login").map(UserLogin.init(rawValue:))
            let name = section.requiredString("name")
            let role = section.choice("role", Role.self)
            if section.table["role"] == nil { section.problem(nil, "'user.role' is required (one of 'manager', 'qa', 'head', 'admin')") }
            let email = section.string("email")
            if let email, !email.contains("@") { section.problem("email", "'user.email' is not an email address: '\(email)'") }
            let cap = section.integer("cap", in: 0...10_000)
            var rights: Set<Right> = []
            for raw in section.strings("rights") ?? [] {
                if let right = Right(rawValue: raw) { rights.insert(right) } else {
                    section.problem("rights", "unknown right '\(raw)' (known: 'export', 'delete')")
                }
            }
            let unixUser = section.string("unix_user")
            var allowedStages: Set<StageID>?
            if let names = section.strings("stages") {
                allowedStages = Set(names.map(StageID.init(rawValue:)))
                for stage in names where !stages.contains(StageID(stage)) {
                    section.problem("stages", "unknown stage '\(stage)' in the stage rule of user '\(login?.rawValue ?? "?")'")
                }
            }
            guard let login, let name, let role else { return nil }
            if let first = seen[login] {
                section.problem("login", "duplicate user '\(login)' (first defined at \(first))")
                return nil
            }
            seen[login] = section.location(of: "login")
            if let unixUser {
                if let first = unixUsers[unixUser] {
                    section.problem("unix_user", "Unix user '\(unixUser)' is already mapped at \(first): one Unix account acts as one Leadex user")
                }
                unixUsers[unixUser] = section.location(of: "unix_user")
            }
            return User(
                login: login, name: name, email: email, role: role, cap: cap, rights: rights, unixUser: unixUser,
                allowedStages: allowedStages
            )
        }
    }

    private static func readSMTP(_ section: ConfigReader.Section, environment: [String: String]) -> SMTPSettings? {
        defer { section.finish() }
        let url = section.requiredString("url")
        if let url, !(url.hasPrefix("smtp://") || url.hasPrefix("smtps://")) {
            section.problem("url", "'smtp.url' must start with smtps:// or smtp:// (STARTTLS), found '\(url)'")
        }
        let user = section.string("user")
        let from = section.requiredString("from")
        let password = readSecret(section, key: "password", environment: environment)
        if user != nil && password == nil && section.table["password_file"] == nil && section.table["password_credential"] == nil {
            section.problem("user", "'smtp.user' is set but neither 'smtp.password_file' nor 'smtp.password_credential' is")
        }
        if let from, Mailbox.address(from) == nil {
            section.problem("from", "'smtp.from' must be an address or 'Name <address>', found '\(from)'")
        }
        let caFile = section.caFile()
        let insecure = section.boolean("insecure_tls") ?? false
        guard let url, let from else { return nil }
        return SMTPSettings(url: url, user: user, password: password, from: from, caFile: caFile, insecureTLS: insecure)
    }

    /// `KEY_file` or `KEY_credential`, checked to exist now so a typo fails `--check-config`
    /// rather than the first delivery at night. A credential is only checked when systemd
    /// provides the directory, i.e. when the check runs inside the service.
    static func readSecret(_ section: ConfigReader.Section, key: String, environment: [String: String]) -> Secret? {
        let file = section.string("\(key)_file")
        let credential = section.string("\(key)_credential")
        if section.table[key] != nil {
            section.problem(key, "'\(section.qualified(key))' must not be written in the config: use '\(key)_file' or '\(key)_credential'")
            _ = section.string(key)
        }
        switch (file, credential) {
        case (let file?, nil):
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) || isDirectory.boolValue {
                section.problem("\(key)_file", "secret file \(file) does not exist")
            } else if !FileManager.default.isReadableFile(atPath: file) {
                section.problem("\(key)_file", "secret file \(file) is not readable by this user")
            }
            return .file(file)
        case (nil, let name?):
            let secret = Secret.credential(name)
            if environment["CREDENTIALS_DIRECTORY"] != nil, let path = try? secret.path(environment: environment),
                !FileManager.default.fileExists(atPath: path)
            {
                section.problem("\(key)_credential", "credential '\(name)' is not in $CREDENTIALS_DIRECTORY (check LoadCredential=)")
            }
            return secret
        case (nil, nil):
            return nil
        case (.some, .some):
            section.problem("\(key)_credential", "set either '\(key)_file' or '\(key)_credential', not both")
            return nil
        }
    }
}
