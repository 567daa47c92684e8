internal import Foundation
internal import LeadexConfig
internal import LeadexCore
internal import LeadexJobs
internal import LeadexStore
internal import LeadexWeb
internal import Logging

extension Daemon {
    /// `leadexd invite LOGIN`: a one-time password link mailed to the user (an invitation, or a
    /// reset when they have a password). Only the database is written: the mail waits in the
    /// outbox, where the running daemon's sender finds it. Refused, with nothing written, without
    /// `[web] public_url`, for an unknown login or a user without an email.
    public static func invite(_ login: String, configPath: String, dropInDirectory: String? = nil) async -> Int32 {
        let startup: Startup
        switch await start(configPath: configPath, dropInDirectory: dropInDirectory) {
        case .success(let value): startup = value
        case .failure(let status): return status.code
        }
        defer { try? startup.store.database.close() }
        let mailer = JobServices(
            configuration: startup.configuration, templates: startup.templates, store: startup.store, clock: SystemSleepingClock()
        ).environment.mailer
        do {
            let sent = try await Invitations(store: startup.store, mailer: mailer)
                .send(to: UserLogin(rawValue: login), settings: startup.configuration.web)
            let what = sent.invitation.purpose == .reset ? "password reset link" : "invitation"
            print("\(login): \(what) queued for \(sent.email), good until \(mailer.format(sent.invitation.expiresAt)); the running daemon mails it")
            return 0
        } catch let refusal as Invitations.Refusal {
            FileHandle.standardError.write(Data("leadexd: \(refusal)\n".utf8))
            return 1
        } catch {
            startup.logger.error("cannot queue the invitation: \(StoreFailureText.describe(error))", metadata: ["user": "\(login)"])
            return 1
        }
    }
}
