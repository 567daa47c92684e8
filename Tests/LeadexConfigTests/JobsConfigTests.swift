import Foundation
import LeadexConfig
import LeadexCore
import LeadexTesting
import Testing

@Suite struct JobsConfigTests {
    func load(_ text: String) throws -> LeadexConfiguration {
        let directory = try TemporaryDirectory()
        return try LeadexConfiguration.load(path: try directory.write("leadex.toml", text))
    }

    @Test func jobSettingsAreReadWithTheirDefaults() throws {
        let jobs = try load(
            """
            [jobs.sweep]
            schedule = "Mon..Fri 07:30"
            inactive_for = "10d"
            [jobs.untaken_alerts]
            working_hours = "always"
            after = "15m"
            [jobs.report]
            enabled = false
            to = ["director@example.ru"]
            """
        ).jobs
        #expect(jobs.sweep.schedule.description == "Mon..Fri 07:30")
        #expect(jobs.sweep.inactiveFor == .seconds(10 * 86_400))
        #expect(jobs.untakenAlerts.workingHours == nil)
        #expect(jobs.untakenAlerts.after == .seconds(900))
        #expect(!jobs.report.enabled && jobs.report.to == ["director@example.ru"])
        #expect(jobs.backup.enabled && jobs.backup.schedule.description == "Sun *-*-* 03:00")
    }

    @Test func aBadScheduleOrAddressNamesFileAndLine() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "leadex.toml", "[jobs.backup]\nschedule = \"Sundays at three\"\n[jobs.report]\nto = [\"not an address\"]\nschdule = \"weekly\"\n")
        do {
            _ = try LeadexConfiguration.load(path: path)
            Issue.record("a bad jobs section was accepted")
        } catch {
            let lines = error.problems.map { "\($0.location.line): \($0.message)" }
            #expect(lines.contains { $0.hasPrefix("2: 'jobs.backup.schedule': 'Sundays' is not a weekday") })
            #expect(lines.contains { $0.hasPrefix("4: 'jobs.report.to': 'not an address' is not a plain email address") })
            #expect(lines.contains("5: unknown key 'jobs.report.schdule'"))
        }
    }
}
