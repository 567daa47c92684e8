import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadexTesting
@testable import LeadexWeb
import Testing

/// A page opened without a session (a mail's link) comes back after the login, and only a page
/// of this site does.
@Suite struct LoginReturnTests {
    @Test func aDealOpenedLoggedOutIsWhereTheLoginLands() async throws {
        let web = try await WebFixture()
        try await web.test { client in
            let away = try await client.get("/deals/42?done=note")
            #expect(away.status == .seeOther)
            #expect(away.headers[.location] == "/login?next=/deals/42%3Fdone%3Dnote")
            let form = try await client.get("/login?next=/deals/42%3Fdone%3Dnote")
            #expect(String(buffer: form.body).contains("<input type=\"hidden\" name=\"next\" value=\"/deals/42?done=note\">"))
            let login = try await client.post("/login", ["login": "ivanov", "password": WebFixture.password, "next": "/deals/42"])
            #expect(login.headers[.location] == "/deals/42")
            // The exchange, the start page, stays a plain redirect.
            #expect(try await client.get("/exchange").headers[.location] == "/login")
        }
    }

    @Test func onlyThisSitesPagesAreReturnedTo() {
        for bad in ["//evil.example", "/\\evil.example", "https://evil.example/", "evil", "/login?next=/x", "/deals/1\r\nX: y", "/дело", ""] {
            #expect(LoginPage.returnPath(bad) == nil, "\(bad.debugDescription)")
        }
        #expect(LoginPage.returnPath("/deals/7") == "/deals/7")
        #expect(LoginPage.returnPath("/head/reports?from=2026-11-23&to=2026-11-29") == "/head/reports?from=2026-11-23&to=2026-11-29")
    }
}
