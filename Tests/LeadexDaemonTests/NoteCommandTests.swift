import Foundation
import LeadexTesting
import Testing

/// `leadexctl note ID TEXT` against the real daemon: a history line for one's own deal.
@Suite(.serialized) struct NoteCommandTests {
    @Test func aManagerNotesTheirDealAndTheHistoryShowsIt() async throws {
        let leadex = try await ControlDaemon.start()
        let lead = try await leadex.addLead(name: "Клиент для заметки", phone: "8 912 300-00-01")
        #expect(try await leadex.ctl("lxivanov", "take", "\(lead)").status == 0)
        let noted = try await leadex.ctl("lxivanov", "note", "\(lead)", "Позвонил: договорились о замере в четверг")
        #expect(noted.status == 0, "\(noted.error)")
        #expect(noted.output.contains("Lead \(lead): note added."))
        let shown = try await leadex.ctl("lxivanov", "show", "\(lead)")
        #expect(shown.output.contains("Позвонил: договорились о замере в четверг"), "\(shown.output)")
        // An empty note, and a colleague's deal: refused, nothing written.
        let empty = try await leadex.ctl("lxivanov", "note", "\(lead)", "  ")
        #expect(empty.status == 5)
        #expect(empty.error.contains("a note needs some text"))
        let colleague = try await leadex.ctl("lxpetrov", "note", "\(lead)", "чужая заметка")
        #expect(colleague.status == 2 || colleague.status == 3, "\(colleague.error)")
        #expect(!(try await leadex.ctl(nil, "show", "\(lead)")).output.contains("чужая заметка"))
        let log = await leadex.stop()
        #expect(log.contains("action=note") && log.contains("lead_id=\(lead)") && log.contains("user=ivanov"))
    }

    /// The checks `leadexctl add` shares with the web's Новая заявка say what they said before.
    @Test func leadexctlAddRefusesWhatItRefusedBefore() async throws {
        let leadex = try await ControlDaemon.start()
        let phone = try await leadex.ctl(nil, "add", "--name", "Олег", "--phone", "12")
        #expect(phone.status == 5)
        #expect(phone.error.contains("'12' is not a phone number (Russian numbers in any format, others with +country code)"))
        let email = try await leadex.ctl(nil, "add", "--name", "Олег", "--phone", "89125550077", "--email", "oleg-at-example")
        #expect(email.error.contains("'oleg-at-example' is not an email address"))
        let name = try await leadex.ctl(nil, "add", "--name", " ", "--phone", "89125550077")
        #expect(name.error.contains("a lead needs the client's name"))
        _ = await leadex.stop()
    }
}
