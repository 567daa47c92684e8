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
}
