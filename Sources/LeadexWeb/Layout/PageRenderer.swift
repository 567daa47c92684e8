internal import Foundation
internal import Hummingbird
internal import LeadexConfig
internal import LeadexCore
internal import Mustache

/// Every page's template, parsed once at start, each rendered inside the one shared layout
/// (`layout`). Templates live by feature beside their routes (`Pages/…`); Mustache escapes every
/// `{{value}}`, so a lead's markup shows as text.
struct PageRenderer: Sendable {
    let text: WebText
    private let library: MustacheLibrary

    init(language: Language, zone: ZoneRules = ZoneRules(TimeZone.current)) {
        self.text = WebText(language: language, zone: zone)
        var library = MustacheLibrary()
        let templates = ["layout": Layout.template, "login": LoginPage.template, "exchange": ExchangePage.template,
            "exchange-rows": ExchangePage.rowsTemplate, "deals": DealsPage.template, "deal": DealPage.template,
            "new-lead": NewLeadPage.template, "contacts": ContactsPage.template, "refusals": RefusalsPage.template,
            "head-now": HeadNowPage.template, "head-now-figures": HeadNowPage.figuresTemplate, "reports": ReportsPage.template,
            "password": PasswordPage.template,
            "problem": ProblemPage.template,
            "admin-tabs": AdminPages.tabsTemplate, "admin-status": StatusPage.template, "admin-status-panel": StatusPage.panelTemplate,
            "admin-import": ImportPage.template, "admin-export": ExportPage.template, "admin-backups": BackupsPage.template, "admin-users": UsersPage.template]
        for (name, source) in templates {
            // The templates are ours and tested: a parse error is a bug in this file's build.
            try! library.register(source, named: name)
        }
        self.library = library
    }

    /// `name` rendered with `values`, bare (a fragment for the live list).
    func fragment(_ name: String, _ values: [String: Any]) -> String {
        var values = values
        values["t"] = text.words
        // `{{a.…}}`: the admin pages' and the account pages' words, which share no key; a page's
        // own `a` (the password page passes the account words) adds to them.
        var pageWords = text.adminWords.merging(text.accountWords) { admin, _ in admin }
        if let own = values["a"] as? [String: String] { pageWords.merge(own) { _, own in own } }
        values["a"] = pageWords
        return library.render(values, withTemplate: name) ?? ""
    }

    /// A whole page: `name` inside the layout, with the title, the user, the entries their role
    /// opens (``Navigation``) and the CSRF token.
    func page(
        _ name: String, title: String, values: [String: Any], user: String? = nil, role: Role? = nil, csrf: String? = nil,
        scripts: [String] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        let content = fragment(name, values)
        var layout: [String: Any] = [
            "title": title, "content": content, "t": text.words, "css": Assets.stylesheetPath, "icon": Assets.iconPath,
            "scripts": scripts, "page": name,
        ]
        if let user { layout["user"] = user }
        if let role { layout["nav"] = Navigation.entries(for: role, page: name, text: text) }
        if let csrf { layout["csrf"] = csrf }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The shared page frame: header with the user and logout, the page's content, its scripts.
enum Layout {
    static let template = """
        <!doctype html>
        <html lang="{{t.lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#csrf}}<meta name="csrf-token" content="{{csrf}}">{{/csrf}}
        <title>{{title}}</title>
        <link rel="icon" href="{{icon}}" type="image/svg+xml">
        <link rel="stylesheet" href="{{css}}">
        {{#scripts}}<script src="{{.}}" defer></script>{{/scripts}}
        </head>
        <body class="page-{{page}}">
        <a class="skip" href="#main">{{t.skip}}</a>
        <header class="bar">
        <a class="brand" href="/exchange">Leadex</a>
        {{#user}}
        <nav><a href="/exchange">{{t.exchange}}</a> <a href="/deals">{{t.mine}}</a> <a href="/contacts" class="wide-only">{{t.contacts}}</a> <a href="/leads/new" aria-label="{{t.newLead}}">+<span class="wide">&nbsp;{{t.newLead}}</span></a>{{#nav}} <a href="{{href}}" class="{{class}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>
        <form class="logout" method="post" action="/logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span class="who">{{user}}</span>
        <button type="submit">{{t.logout}}</button>
        </form>
        {{/user}}
        </header>
        <main id="main">
        {{{content}}}
        </main>
        </body>
        </html>
        """
}
