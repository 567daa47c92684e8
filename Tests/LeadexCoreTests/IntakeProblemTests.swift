import Foundation
import LeadexCore
import Testing

/// What admins read about a mailbox or feed that fails: what happened and what to check, in
/// their language, never an internal prefix, an English reason in Russian, or a reason twice.
@Suite struct IntakeProblemTests {
    /// What intake stores and logs, as `IntakeError`'s description and the store write it.
    static let stored: [(String, IntakeProblem.Cause)] = [
        ("unreachable: HTTP 500 from the feed", .http(500)),
        ("unreachable: HTTP 503 in answer to the probe", .http(503)),
        ("protocolError: HTTP 404 from the feed", .http(404)),
        ("protocolError: HTTP 302: the feed redirects to https://site/login (a login page? check its credentials)", .redirect(302)),
        ("authentication: HTTP 401: the feed refused Leadex's credentials", .authentication(http: 401)),
        ("authentication: IMAP LOGIN failed: NO [AUTHENTICATIONFAILED] Authentication failed.", .authentication(http: nil)),
        ("unreachable: connecting to imaps://127.0.0.1:1/INBOX: Couldn't connect to server (curl 7)", .unreachable),
        ("tls: fetching the feed: SSL certificate problem: self-signed certificate (curl 60)", .tls),
        ("protocolError: the feed sent an HTML page (5120 bytes) instead of JSON (a login page?)", .htmlPage),
        ("2 item(s) held back until the mapping is fixed: no contact data under the mapped names", .unmappedItems),
        ("the disk is full: free space on it (SQLite error 13: database or disk is full)", .store),
        ("protocolError: unreadable IMAP response (status): * FOO", .unreadable),
    ]

    @Test func everyStoredFailureHasItsCauseAndLosesItsInternalPrefix() {
        for (text, cause) in Self.stored {
            let problem = IntakeProblem(stored: text)
            #expect(problem.cause == cause, "\(text)")
            for prefix in ["unreachable:", "protocolError:", "authentication:", "tls:"] {
                #expect(!problem.detail.hasPrefix(prefix), "\(problem.detail)")
                #expect(!problem.summary(.ru).contains(prefix) && !problem.summary(.en).contains(prefix))
            }
        }
    }

    @Test func russianSummariesAreRussianAndSayWhatToCheck() {
        // Latin letters only in what admins type or see elsewhere: HTTP, TLS, config keys.
        let allowed = ["HTTP", "HTML", "TLS", "Leadex", "ca_file", "url", "form"]
        for (text, _) in Self.stored {
            let summary = IntakeProblem(stored: text).summary(.ru)
            var rest = summary
            for word in allowed { rest = rest.replacingOccurrences(of: word, with: "") }
            #expect(!rest.contains { $0.isASCII && $0.isLetter }, "English inside: \(summary)")
            #expect(summary.contains(" — "), "what happened — what to check: \(summary)")
        }
        #expect(IntakeProblem(stored: "unreachable: HTTP 500 from the feed").summary(.ru) == "сервер ответил HTTP 500 — ошибка на стороне сайта: проверьте, что сайт работает")
        #expect(IntakeProblem(stored: "unreachable: HTTP 500 from the feed").summary(.en) == "the server answered HTTP 500 — an error on the site's side: check that the site works")
    }

    @Test func theDetailIsTheServersWordsOnceWithoutThePrefix() {
        let problem = IntakeProblem(stored: "unreachable: HTTP 500 from the feed").explained(.en)
        #expect(problem.detail == "HTTP 500 from the feed")
        #expect(problem.line == "the server answered HTTP 500 — an error on the site's side: check that the site works (HTTP 500 from the feed)")
    }

    @Test func outagesReadInHoursAndMinutes() {
        #expect(OutageLog.format(.seconds(373 * 60 + 20)) == "6 h 13 min")
        #expect(OutageLog.format(.seconds(45)) == "45 s")
        #expect(DurationText.spoken(373 * 60, .ru) == "6 ч 13 мин")
    }
}
