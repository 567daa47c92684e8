import Foundation
import LeadexTesting
import Testing

/// A form that only sends mail, configured without a feed: the real binary accepts it, submits
/// its probe, and says in its status that the probe comes back by mail.
extension DaemonProcessTests {
    @Test func aProbeOnlyFormIsAcceptedProbedAndShown() throws {
        let server = try FormServerFixture()
        let directory = try TemporaryDirectory()
        let password = try directory.write("pw", "secret\n")
        let path = try directory.write("leadex.toml", """
            [storage]
            database = "\(directory.file("db.sqlite3"))"
            [log]
            target = "console"
            [[inbox]]
            name = "sales"
            url = "imaps://127.0.0.1:1/INBOX"
            user = "sales"
            password_file = "\(password)"
            [[form]]
            name = "contact-page"
            [form.probe]
            url = "\(server.submitURL)"
            mailbox = "sales"
            deadline = "10m"
            [form.probe.fields]
            name = "Проверка формы"
            comment = "Автоматическая проверка {token}"

            """)
        let check = try ChildProcess.run(executable: leadexd, arguments: ["--check-config", "--config", path])
        #expect(check.status == 0, "\(check.error)")

        let probe = try ChildProcess.run(executable: leadexd, arguments: ["probe-forms", "--no-wait", "--config", path])
        #expect(probe.status == 0, "\(probe.output)\(probe.error)")
        #expect(probe.output.contains("form contact-page: probe LEADEX-PROBE-"), "\(probe.output)")
        #expect(try server.submissions().contains("Автоматическая проверка LEADEX-PROBE-"))

        let status = try ChildProcess.run(executable: leadexd, arguments: ["form-status", "--config", path])
        #expect(status.status == 0, "\(status.error)")
        #expect(status.output.contains("  лента: нет, заявки и проверка приходят письмом в «Почта sales»"), "\(status.output)")
        #expect(!status.output.contains("ещё не читалась"), "\(status.output)")
        #expect(!status.output.contains("последняя заявка"), "its requests are mail: \(status.output)")
        #expect(status.output.contains("последняя проверка: отправлена "), "\(status.output)")
    }
}
