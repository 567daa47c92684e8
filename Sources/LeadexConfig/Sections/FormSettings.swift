internal import Foundation
internal import LeadexCore

/// One web form (or a PBX's missed-call list) whose submissions are polled from a feed (`[[form]]`),
/// or — without a `url` — a form that only sends mail, checked by its probe alone.
public struct FormSettings: Sendable, Hashable {
    /// How the feed lists submissions.
    public enum Format: Sendable, Hashable {
        /// A JSON document; `items` is the path to the list of submissions (empty: the document
        /// is the list), `id` the field holding each submission's id.
        case json(items: [String], id: String)
        /// A CSV table with a header row (a published spreadsheet of form answers). Without an
        /// `id` column a row is identified by a hash of its cells.
        case csv(id: String?, delimiter: UInt8, charset: String)
    }

    /// How Leadex proves itself to the feed.
    public enum Auth: Sendable, Hashable {
        case none
        /// `Authorization: Bearer TOKEN`.
        case bearer(Secret)
        case basic(user: String, password: Secret)
    }

    /// Where the feed resumes: a query parameter carrying the last id or time seen, kept in the store.
    public enum Cursor: Sendable, Hashable {
        /// The whole feed every time; known submissions are recognised by id.
        case none
        case sinceID(parameter: String)
        /// `field` holds each submission's time (ISO 8601 sorts as text).
        case sinceTime(parameter: String, field: String)
    }

    /// Which of the form's fields fill which lead field. Each lead field may list several form
    /// fields: the first non-empty one is taken.
    public struct FieldMapping: Sendable, Hashable {
        public var name: [String]
        public var phone: [String]
        public var email: [String]
        public var company: [String]
        public var comment: [String]
        /// Further fields written into the lead's text as `field: value`; `nil`: every field not
        /// mapped above (except the id). A submission lacking a mapped field gets every unmapped
        /// field in its text whatever this says: a renamed field's value is never dropped.
        public var extra: [String]?

        public init(
            name: [String] = [], phone: [String] = [], email: [String] = [], company: [String] = [], comment: [String] = [],
            extra: [String]? = nil
        ) {
            self.name = name
            self.phone = phone
            self.email = email
            self.company = company
            self.comment = comment
            self.extra = extra
        }

        /// Every form field the mapping reads, for the changed-schema check.
        public var mapped: [String] { name + phone + email + company + comment }
    }

    /// How long a form may stay silent before it is flagged.
    public enum QuietPeriod: Sendable, Hashable {
        /// Learned from the form's own history (needs enough of it).
        case learned
        case fixed(Duration)
        case off
    }

    /// A named value sent with a probe (a form field or an HTTP header).
    public struct Pair: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The form's health check: a submission through the public form that must come back.
    public struct Probe: Sendable, Hashable {
        public enum Method: String, Sendable, CaseIterable {
            case post = "POST"
            case get = "GET"
        }

        public enum Encoding: String, Sendable, CaseIterable {
            /// `application/x-www-form-urlencoded`, what a plain HTML form posts.
            case urlencoded
            /// `multipart/form-data`, what a form with a file field posts.
            case multipart
        }

        /// Where the probe is expected to come back.
        public enum Destination: Sendable, Hashable {
            /// This form's own feed.
            case feed
            /// A mailbox (`[[inbox]]` name), for forms that send mail.
            case mailbox(String)
        }

        /// The public submit URL, as the site's `<form action>` says.
        public var url: String
        public var method: Method
        public var encoding: Encoding
        /// As the site's form posts them; `{token}` in a value is replaced by the probe's token.
        public var fields: [Pair]
        public var headers: [Pair]
        /// A field whose value is a secret (a captcha bypass key the site offers for checks).
        public var secretField: String?
        public var secret: Secret?
        public var destination: Destination
        /// Not back by then: the form is failing.
        public var deadline: Duration

        public init(
            url: String, method: Method = .post, encoding: Encoding = .urlencoded, fields: [Pair], headers: [Pair] = [],
            secretField: String? = nil, secret: Secret? = nil, destination: Destination = .feed, deadline: Duration = .seconds(1800)
        ) {
            self.url = url
            self.method = method
            self.encoding = encoding
            self.fields = fields
            self.headers = headers
            self.secretField = secretField
            self.secret = secret
            self.destination = destination
            self.deadline = deadline
        }
    }

    /// Also the lead's source name (`form:site-callback`) and the journal's `FORM=`.
    public var name: String
    /// `https://...`, `http://` on loopback (or with `allowPlaintext`), `file://...`; `nil` for a
    /// probe-only form (its probe comes back by mail; the feed settings below are unused).
    public var url: String?
    public var auth: Auth
    public var format: Format
    public var cursor: Cursor
    public var pollInterval: Duration
    public var fields: FieldMapping
    /// The lead's title: what the request is ("Заявка с сайта", "Пропущенный звонок").
    public var title: String
    public var quietPeriod: QuietPeriod
    /// A whole fetch (or probe submit) taking longer than this fails.
    public var timeout: Duration
    /// `http://` beyond loopback.
    public var allowPlaintext: Bool
    public var caFile: String?
    /// A feed failing for longer than this is logged as an error (before: one warning).
    public var downAlertAfter: Duration
    public var probe: Probe?
    /// What people read for this form (`display_name`: "Сайт: форма обратного звонка"); without
    /// it, "Форма NAME". (`title` is the title of the leads it makes.)
    public var displayName: String?

    public init(
        name: String, url: String?, auth: Auth = .none, format: Format, cursor: Cursor = .none, pollInterval: Duration = .seconds(60),
        fields: FieldMapping, title: String = "Заявка с сайта", quietPeriod: QuietPeriod = .learned, timeout: Duration = .seconds(30),
        allowPlaintext: Bool = false, caFile: String? = nil, downAlertAfter: Duration = .seconds(1800), probe: Probe? = nil
    ) {
        self.name = name
        self.url = url
        self.auth = auth
        self.format = format
        self.cursor = cursor
        self.pollInterval = pollInterval
        self.fields = fields
        self.title = title
        self.quietPeriod = quietPeriod
        self.timeout = timeout
        self.allowPlaintext = allowPlaintext
        self.caFile = caFile
        self.downAlertAfter = downAlertAfter
        self.probe = probe
    }

    /// A form without a feed: only its probe, back through a mailbox, says whether it works.
    public var isProbeOnly: Bool { url == nil }

    /// The placeholder a probe field carries, replaced by the probe's token.
    public static let tokenPlaceholder = "{token}"

    /// Whether `url` may be fetched without TLS: a loopback host.
    public static func isLoopback(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host else { return false }
        return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

extension LeadexConfiguration {
    static func readForms(
        _ sections: [ConfigReader.Section], inboxes: Set<String>, language: Language, environment: [String: String]
    ) -> [FormSettings] {
        var seen: [String: SourceLocation] = [:]
        return sections.compactMap { section in
            defer { section.finish() }
            let name = section.requiredString("name")
            let allowPlaintext = section.boolean("allow_plaintext") ?? false
            guard section.table["url"] != nil else {
                return readProbeOnlyForm(section, name: name, seen: &seen, inboxes: inboxes, allowPlaintext: allowPlaintext, environment: environment)
            }
            let url = section.requiredString("url")
            if let url { checkURL(url, key: "url", section: section, allowPlaintext: allowPlaintext, file: true) }
            let auth = readFormAuth(section, environment: environment)
            let format = readFormat(section)
            let cursor = readCursor(section)
            let fields = section.section("fields").flatMap(readMapping)
            if section.table["fields"] == nil {
                section.problem(nil, "'form.fields' is required: which form fields hold the name, phone, email, company and comment")
            }
            let quiet = readQuietPeriod(section)
            let caFile = section.caFile()
            let title = section.string("title")
            let displayName = section.displayName()
            let timing = (
                poll: section.duration("poll_interval") ?? .seconds(60),
                timeout: section.duration("timeout") ?? .seconds(30),
                down: section.duration("down_alert_after") ?? .seconds(1800)
            )
            let probe = section.section("probe").flatMap {
                readProbe($0, inboxes: inboxes, allowPlaintext: allowPlaintext, environment: environment)
            }
            guard let name, let url, let auth, let format, let cursor, let fields, isNew(name, section: section, seen: &seen) else { return nil }
            let defaultTitle = language == .ru ? "Заявка с сайта" : "Website request"
            var form = FormSettings(
                name: name, url: url, auth: auth, format: format, cursor: cursor, pollInterval: timing.poll, fields: fields,
                title: title ?? defaultTitle, quietPeriod: quiet, timeout: timing.timeout, allowPlaintext: allowPlaintext,
                caFile: caFile, downAlertAfter: timing.down, probe: probe)
            form.displayName = displayName
            return form
        }
    }

    /// Whether no form before this one is called `name` (a problem if one is).
    private static func isNew(_ name: String, section: ConfigReader.Section, seen: inout [String: SourceLocation]) -> Bool {
        if let first = seen[name] {
            section.problem("name", "duplicate form '\(name)' (first defined at \(first))")
            return false
        }
        seen[name] = section.location(of: "name")
        return true
    }

    /// The keys only a feed has: set on a form without `url`, they are a mistake.
    private static let feedKeys = [
        "token_file", "token_credential", "user", "password_file", "password_credential", "format", "items", "id_field", "delimiter",
        "charset", "cursor", "cursor_param", "time_field", "poll_interval", "down_alert_after", "quiet_period", "title",
    ]

    /// A `[[form]]` without `url`: a form that only sends mail, its probe expected in a mailbox.
    private static func readProbeOnlyForm(
        _ section: ConfigReader.Section, name: String?, seen: inout [String: SourceLocation], inboxes: Set<String>, allowPlaintext: Bool,
        environment: [String: String]
    ) -> FormSettings? {
        for key in feedKeys + ["fields"] where section.table[key] != nil {
            // Read, so the key is not also reported unknown.
            if key == "fields" { _ = section.section(key) } else { _ = section.string(key) }
            section.problem(key, "'\(section.qualified(key))' is for a feed, and this form has no 'url' (probe-only)")
        }
        let caFile = section.caFile()
        let timeout = section.duration("timeout") ?? .seconds(30)
        let displayName = section.displayName()
        guard section.table["probe"] != nil else {
            section.problem(nil, "a [[form]] needs 'form.url' (its feed), or a [form.probe] with 'mailbox' for a form that only sends mail")
            return nil
        }
        let probe = section.section("probe").flatMap {
            readProbe($0, inboxes: inboxes, allowPlaintext: allowPlaintext, environment: environment)
        }
        if let probe, probe.destination == .feed {
            section.problem(nil, "a [[form]] without 'url' is probe-only: its probe must come back by mail ('form.probe.mailbox')")
            return nil
        }
        guard let name, let probe, isNew(name, section: section, seen: &seen) else { return nil }
        // No feed: the format and mapping are never used.
        var form = FormSettings(
            name: name, url: nil, format: .json(items: [], id: "id"), fields: FormSettings.FieldMapping(), timeout: timeout,
            allowPlaintext: allowPlaintext, caFile: caFile, probe: probe)
        form.displayName = displayName
        return form
    }

    /// `https://` always; `http://` on loopback or when allowed; `file://` for feeds only.
    private static func checkURL(_ url: String, key: String, section: ConfigReader.Section, allowPlaintext: Bool, file: Bool) {
        let qualified = section.qualified(key)
        if url.hasPrefix("https://") {
            return
        } else if url.hasPrefix("http://") {
            if !allowPlaintext && !FormSettings.isLoopback(url) {
                section.problem(
                    key, "'\(qualified)' is plain http:// to a host that is not loopback: use https://, or set 'allow_plaintext = true'")
            }
        } else if url.hasPrefix("file://") && file {
            return
        } else {
            let allowed = file ? "https://, http:// (loopback) or file://" : "https:// or http:// (loopback)"
            section.problem(key, "'\(qualified)' must start with \(allowed), found '\(url)'")
        }
    }

    private static func readFormAuth(_ section: ConfigReader.Section, environment: [String: String]) -> FormSettings.Auth? {
        let token = readSecret(section, key: "token", environment: environment)
        let user = section.string("user")
        let password = readSecret(section, key: "password", environment: environment)
        switch (token, user, password) {
        case (nil, nil, nil):
            return section.table["token_file"] == nil && section.table["token_credential"] == nil ? FormSettings.Auth.none : nil
        case (let token?, nil, nil):
            return .bearer(token)
        case (nil, let user?, let password?):
            return .basic(user: user, password: password)
        case (nil, _?, nil):
            section.problem("user", "'form.user' is set but neither 'form.password_file' nor 'form.password_credential' is")
            return nil
        case (nil, nil, _?):
            section.problem("password_file", "a password needs 'form.user' (basic authentication)")
            return nil
        case (_?, _, _):
            section.problem("token_file", "set either a bearer token or a user and password, not both")
            return nil
        }
    }

    private static func readFormat(_ section: ConfigReader.Section) -> FormSettings.Format? {
        let format = section.string("format")
        let id = section.string("id_field")
        let items = section.string("items")
        let delimiter = section.string("delimiter")
        let charset = section.string("charset")
        switch format {
        case "json":
            if delimiter != nil { section.problem("delimiter", "'form.delimiter' is for CSV feeds") }
            if charset != nil { section.problem("charset", "'form.charset' is for CSV feeds (JSON is UTF-8)") }
            guard let id, !id.isEmpty else {
                section.problem(section.table["id_field"] == nil ? nil : "id_field", "a JSON feed needs 'form.id_field': the field holding each submission's id")
                return nil
            }
            let path = (items ?? "").split(separator: ".", omittingEmptySubsequences: true).map(String.init)
            return .json(items: path, id: id)
        case "csv":
            if items != nil { section.problem("items", "'form.items' is for JSON feeds (a CSV feed is one table)") }
            var byte = UInt8(ascii: ",")
            if let delimiter {
                if delimiter == "\\t" || delimiter == "\t" {
                    byte = UInt8(ascii: "\t")
                } else if delimiter.utf8.count == 1, let only = delimiter.utf8.first, only != UInt8(ascii: "\"") {
                    byte = only
                } else {
                    section.problem("delimiter", "'form.delimiter' must be one character like \",\" or \";\", found '\(delimiter)'")
                }
            }
            return .csv(id: id.flatMap { $0.isEmpty ? nil : $0 }, delimiter: byte, charset: charset ?? "utf-8")
        case nil:
            section.problem(section.table["format"] == nil ? nil : "format", "'form.format' is required: \"json\" or \"csv\"")
            return nil
        case let other?:
            section.problem("format", "'form.format' must be one of 'json', 'csv', found '\(other)'")
            return nil
        }
    }

    private static func readCursor(_ section: ConfigReader.Section) -> FormSettings.Cursor? {
        let kind = section.string("cursor") ?? "none"
        let parameter = section.string("cursor_param")
        let timeField = section.string("time_field")
        switch kind {
        case "none":
            if parameter != nil { section.problem("cursor_param", "'form.cursor_param' needs 'form.cursor' (\"since_id\" or \"since_time\")") }
            return FormSettings.Cursor.none
        case "since_id":
            return .sinceID(parameter: parameter ?? "since_id")
        case "since_time":
            guard let timeField else {
                section.problem("cursor", "'cursor = \"since_time\"' needs 'form.time_field', the field holding each submission's time")
                return nil
            }
            return .sinceTime(parameter: parameter ?? "since_time", field: timeField)
        default:
            section.problem("cursor", "'form.cursor' must be one of 'none', 'since_id', 'since_time', found '\(kind)'")
            return nil
        }
    }

    private static func readMapping(_ section: ConfigReader.Section) -> FormSettings.FieldMapping? {
        defer { section.finish() }
        let mapping = FormSettings.FieldMapping(
            name: section.stringList("name") ?? [], phone: section.stringList("phone") ?? [],
            email: section.stringList("email") ?? [], company: section.stringList("company") ?? [],
            comment: section.stringList("comment") ?? [], extra: section.strings("extra"))
        if mapping.phone.isEmpty && mapping.email.isEmpty {
            section.problem(nil, "'form.fields' must map 'phone' or 'email' (or both): a lead needs contact data")
            return nil
        }
        return mapping
    }

    private static func readQuietPeriod(_ section: ConfigReader.Section) -> FormSettings.QuietPeriod {
        guard let raw = section.string("quiet_period") else { return .learned }
        switch raw {
        case "learn", "learned": return .learned
        case "off": return .off
        default:
            guard let duration = DurationText.parse(raw) else {
                section.problem("quiet_period", "'form.quiet_period' must be a duration like \"2d\", \"learn\" or \"off\", found '\(raw)'")
                return .learned
            }
            return .fixed(duration)
        }
    }

    private static func readProbe(
        _ section: ConfigReader.Section, inboxes: Set<String>, allowPlaintext: Bool, environment: [String: String]
    ) -> FormSettings.Probe? {
        defer { section.finish() }
        let url = section.requiredString("url")
        if let url { checkURL(url, key: "url", section: section, allowPlaintext: allowPlaintext, file: false) }
        let method = section.choice("method", FormSettings.Probe.Method.self) ?? .post
        let encoding = section.choice("encoding", FormSettings.Probe.Encoding.self) ?? .urlencoded
        if method == .get && encoding == .multipart { section.problem("encoding", "a GET probe sends its fields in the URL: no multipart") }
        let fields = section.stringTable("fields")
        if section.table["fields"] == nil {
            section.problem(nil, "'form.probe.fields' is required: the fields as the site's form posts them")
        } else if let fields, !fields.contains(where: { $0.1.contains(FormSettings.tokenPlaceholder) }) {
            section.problem("fields", "one of 'form.probe.fields' must contain \(FormSettings.tokenPlaceholder) (where the probe's token goes, e.g. the comment)")
        }
        let headers = section.stringTable("headers") ?? []
        let secretField = section.string("secret_field")
        let secret = readSecret(section, key: "secret", environment: environment)
        let hasSecret = secret != nil || section.table["secret_file"] != nil || section.table["secret_credential"] != nil
        if (secretField != nil) != hasSecret {
            section.problem(
                secretField == nil ? "secret_file" : "secret_field",
                "'form.probe.secret_field' and 'form.probe.secret_file' (or 'secret_credential') go together")
        }
        let mailbox = section.string("mailbox")
        if let mailbox, !inboxes.contains(mailbox) {
            section.problem("mailbox", "unknown inbox '\(mailbox)': a probe expected by mail names an [[inbox]]")
        }
        let deadline = section.duration("deadline") ?? .seconds(1800)
        guard let url, let fields else { return nil }
        return FormSettings.Probe(
            url: url, method: method, encoding: encoding, fields: fields.map { FormSettings.Pair($0.0, $0.1) },
            headers: headers.map { FormSettings.Pair($0.0, $0.1) }, secretField: secretField, secret: secret,
            destination: mailbox.map { .mailbox($0) } ?? .feed, deadline: deadline)
    }
}
