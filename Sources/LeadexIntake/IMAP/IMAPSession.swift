/// An IMAP session over one curl connection: curl does TCP, TLS (or STARTTLS, required unless
/// `settings.allowPlaintext`) and the login; we speak IMAP over curl_easy_send/recv with our own
/// parser that honours `{n}` literals (libcurl 7.88's own IMAP commands cannot fetch message
/// bodies without setting `\Seen`, see Tests/Support/CURL-IMAP-NOTES.md).
///
/// Every call blocks: run it off the async executors. Not thread-safe: one owner at a time.
/// A call that throws `.unreachable` leaves the session closed; open a new one.
public final class IMAPSession {
    private enum State: Equatable {
        case authenticated
        case selected(String)
        case closed
    }

    /// Upper-cased capabilities after login, e.g. `IDLE`, `MOVE`, `UIDPLUS`, `ESEARCH`.
    public private(set) var capabilities: Set<String> = []

    private let connection: IMAPConnection
    private let maxMessageBytes: Int
    private var state = State.authenticated
    /// An `* n EXISTS` arrived in the reply to some command after the last UID SEARCH: mail came
    /// in that the caller has not listed. IDLE must then return at once, or that mail would wait
    /// for the next periodic pass (the server announces it only once).
    private var unlistedMail = false

    /// Connects and logs in. Unreachable server: `.unreachable`; wrong login: `.authentication`;
    /// untrusted certificate or no STARTTLS offered: `.tls`.
    public init(settings: MailServerSettings) throws(IntakeError) {
        connection = try IMAPConnection(settings: settings)
        maxMessageBytes = settings.maxMessageBytes
        // curl asked before the login, and servers announce more after it: ask again.
        let reply = try command("CAPABILITY")
        try expect(.ok, from: reply, doing: "CAPABILITY")
        for case .capability(let announced) in reply.untagged { capabilities.formUnion(announced) }
    }

    deinit {
        // curl treats a CONNECT_ONLY connection as dead on cleanup and sends nothing itself.
        logout()
    }

    /// Opens `mailbox` read-write (SELECT leaves message flags alone; only FETCH of a non-PEEK
    /// body would set `\Seen`).
    public func select(_ mailbox: String) throws(IntakeError) -> IMAPMailboxState {
        let name = try IMAPMailboxName.quoted(mailbox)
        try requireOpen()
        // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
        state = .authenticated
        let reply = try command("SELECT \(name)")
        try expect(.ok, from: reply, doing: "SELECT \(name)")
        // SELECT's own EXISTS is the baseline the caller is told about, not news.
        unlistedMail = false
        var uidValidity: Int64?
        var uidNext: Int64?
        var exists: Int?
        for response in reply.untagged {
            switch response {
            case .exists(let count): exists = count
            case .status(let status) where status.condition == .ok:
                if case .uidValidity(let value)? = status.code { uidValidity = value }
                if case .uidNext(let value)? = status.code { uidNext = value }
            default: break
            }
        }
        guard let uidValidity, let exists else {
            throw IntakeError(.protocolError, "IMAP SELECT \(name) gave no UIDVALIDITY or EXISTS")
        }
        state = .selected(mailbox)
        if uidNext == nil { uidNext = try lastUID(exists: exists) + 1 }
        return IMAPMailboxState(uidValidity: uidValidity, uidNext: uidNext ?? 1, exists: exists)
    }

    /// The UIDs above `uid` in the selected mailbox, ascending.
    ///
    /// `UID SEARCH UID n:*` always matches the last message even when its UID is below n
    /// (RFC 3501: `*` is the largest UID in use), so UIDs up to `uid` are dropped here.
    public func uids(after uid: Int64) throws(IntakeError) -> [Int64] {
        try requireSelected()
        let first = max(uid, 0) + 1
        guard first <= Int64(UInt32.max) else { return [] }
        // ESEARCH answers in ranges (`1:20001`), a far shorter line than SEARCH's list.
        let useESearch = capabilities.contains("ESEARCH")
        // The search lists everything delivered so far, whatever EXISTS said before.
        unlistedMail = false
        let reply = try command(useESearch ? "UID SEARCH RETURN (ALL) UID \(first):*" : "UID SEARCH UID \(first):*")
        try expect(.ok, from: reply, doing: "UID SEARCH")
        var found: [Int64] = []
        for response in reply.untagged {
            switch response {
            case .search(let uids): found += uids
            case .esearch(let result): found += result.all
            default: break
            }
        }
        return Set(found.filter { $0 > uid }).sorted()
    }

    /// The messages with these UIDs, ascending by UID; UIDs that no longer exist are left out.
    /// Never sets `\Seen` (BODY.PEEK). Of a message larger than `maxMessageBytes` only the first
    /// `maxMessageBytes` come back (its header, and what the parser can use of the rest), with
    /// `truncated` set. All bodies of a batch are in memory: keep batches to a few hundred UIDs and
    /// a bounded number of bytes (``sizes(uids:)``, ``MailBatches``).
    public func fetch(uids: [Int64]) throws(IntakeError) -> [IMAPMessage] {
        try requireSelected()
        guard !uids.isEmpty else { return [] }
        let wanted = Set(uids)
        var messages: [IMAPMessage] = []
        // One round trip per chunk: a partial fetch caps what a huge message costs, and
        // RFC822.SIZE says whether the bytes received are the whole message.
        for set in IMAPSequenceSet.chunks(uids) {
            for (uid, items) in try fetchItems("UID FETCH \(set) (UID RFC822.SIZE BODY.PEEK[]<0.\(maxMessageBytes)>)") {
                guard wanted.contains(uid), let bytes = items.section("BODY[]") else { continue }
                let size = items.size ?? bytes.count
                messages.append(IMAPMessage(uid: uid, bytes: bytes, truncated: size > bytes.count, size: size))
            }
        }
        return messages.sorted { $0.uid < $1.uid }
    }

    /// The sizes (RFC822.SIZE) of these messages, by UID; UIDs that no longer exist are left out.
    /// Cheap: servers keep sizes in their index. Lets the caller bound a batch by bytes before fetching it.
    public func sizes(uids: [Int64]) throws(IntakeError) -> [Int64: Int] {
        try requireSelected()
        var sizes: [Int64: Int] = [:]
        sizes.reserveCapacity(uids.count)
        for set in IMAPSequenceSet.chunks(uids) {
            for (uid, items) in try fetchItems("UID FETCH \(set) (UID RFC822.SIZE)") { sizes[uid] = items.size }
        }
        return sizes
    }

    /// Adds `\Seen` to these messages.
    public func markSeen(uids: [Int64]) throws(IntakeError) {
        try store(uids: uids, flags: "+FLAGS.SILENT (\\Seen)")
    }

    /// Moves the messages to `mailbox`, creating it when the server says it does not exist. Uses
    /// MOVE (RFC 6851) when offered, else COPY + `\Deleted` + EXPUNGE (UID EXPUNGE with UIDPLUS;
    /// without it, a plain EXPUNGE also removes other messages already marked `\Deleted`).
    public func move(uids: [Int64], to mailbox: String) throws(IntakeError) {
        try move(uids: uids, to: mailbox, usingMove: capabilities.contains("MOVE"))
    }

    func move(uids: [Int64], to mailbox: String, usingMove: Bool) throws(IntakeError) {
        try requireSelected()
        let name = try IMAPMailboxName.quoted(mailbox)
        for set in IMAPSequenceSet.chunks(uids) {
            try commandCreatingMailbox(usingMove ? "UID MOVE \(set) \(name)" : "UID COPY \(set) \(name)", name: name)
            if !usingMove {
                try expect(.ok, from: command("UID STORE \(set) +FLAGS.SILENT (\\Deleted)"), doing: "UID STORE")
                try expect(.ok, from: command(capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(set)" : "EXPUNGE"), doing: "EXPUNGE")
            }
        }
    }

    /// Waits in IDLE (RFC 2177) for new mail until `deadline`. The server is polled in short
    /// slices (200 ms) so that `isCancelled` is noticed soon; cancelling ends the wait as `.timeout`.
    /// Dovecot announces a delivery within about 0.5 s. Keep deadlines under 29 minutes (servers
    /// drop idle clients after 30).
    public func idle(until deadline: ContinuousClock.Instant, isCancelled: () -> Bool) throws(IntakeError) -> IdleOutcome {
        try requireSelected()
        guard capabilities.contains("IDLE") else { throw IntakeError(.protocolError, "IMAP server does not offer IDLE") }
        if unlistedMail { return .newMail }
        let tag = connection.nextTag()
        try connection.send("\(tag) IDLE")
        var outcome: IdleOutcome?
        var idling = false
        while outcome == nil {
            let slice: Duration = idling ? min(.milliseconds(200), max(deadline - .now, .zero)) : connection.responseTimeout
            switch try connection.nextEvent(waitingAtMost: slice) {
            case .response(.continuation):
                idling = true
            case .response(.untagged(.exists)):
                outcome = .newMail
            case .response(.untagged(.status(let status))) where status.condition == .bye:
                outcome = .closed
            case .response(.tagged(tag, let status)):
                // The server ended IDLE on its own (or refused it): no DONE is due.
                if status.condition != .ok {
                    throw IntakeError(.protocolError, "IMAP IDLE refused: \(status.summary)")
                }
                return .timeout
            case .response:
                break  // `* OK Still here`, EXPUNGE, flag changes: noise for a poller.
            case .timedOut where !idling:
                throw IntakeError(.unreachable, "IMAP server did not start IDLE within \(connection.responseTimeout)")
            case .timedOut:
                if isCancelled() || ContinuousClock.now >= deadline { outcome = .timeout }
            case .closed:
                outcome = .closed
            }
        }
        if outcome == .closed {
            state = .closed
            return .closed
        }
        if !idling {
            // EXISTS came before `+ idling`: wait for it so DONE is not sent too early.
            while case .response(let response) = try connection.nextEvent(waitingAtMost: connection.responseTimeout) {
                if case .continuation = response { break }
            }
        }
        try connection.send("DONE")
        while true {
            switch try connection.nextEvent(waitingAtMost: connection.responseTimeout) {
            case .response(.tagged(tag, let status)):
                try expect(.ok, from: IMAPConnection.Reply(untagged: [], status: status), doing: "IDLE")
                return outcome ?? .timeout
            case .response(.untagged(.status(let status))) where status.condition == .bye:
                state = .closed
                return .closed
            case .response:
                continue
            case .timedOut:
                throw IntakeError(.unreachable, "IMAP server did not end IDLE within \(connection.responseTimeout)")
            case .closed:
                state = .closed
                return .closed
            }
        }
    }

    /// Says goodbye and closes the connection. Best effort: errors are ignored, and later calls throw.
    public func logout() {
        guard state != .closed else { return }
        state = .closed
        guard !connection.isClosed else { return }
        connection.responseTimeout = .seconds(5)
        _ = try? connection.run("LOGOUT")
    }

    /// The flags of these messages (tests check that fetching left `\Seen` alone).
    func flags(uids: [Int64]) throws(IntakeError) -> [Int64: [String]] {
        try requireSelected()
        var result: [Int64: [String]] = [:]
        for set in IMAPSequenceSet.chunks(uids) {
            for (uid, items) in try fetchItems("UID FETCH \(set) (UID FLAGS)") { result[uid] = items.flags ?? [] }
        }
        return result
    }

    // MARK: - Commands

    /// Runs a command; `.unreachable` from the connection closes the session.
    private func command(_ text: String) throws(IntakeError) -> IMAPConnection.Reply {
        do {
            let reply = try connection.run(text)
            if reply.untagged.contains(where: { if case .exists = $0 { true } else { false } }) { unlistedMail = true }
            return reply
        } catch {
            if connection.isClosed || error.kind == .unreachable { state = .closed }
            throw error
        }
    }

    private func expect(_ condition: IMAPStatus.Condition, from reply: IMAPConnection.Reply, doing step: String) throws(IntakeError) {
        guard reply.status.condition == condition else {
            throw IntakeError(.protocolError, "IMAP \(step) failed: \(reply.status.summary)")
        }
    }

    private func store(uids: [Int64], flags: String) throws(IntakeError) {
        try requireSelected()
        for set in IMAPSequenceSet.chunks(uids) {
            try expect(.ok, from: command("UID STORE \(set) \(flags)"), doing: "UID STORE")
        }
    }

    /// Runs MOVE or COPY; on `[TRYCREATE]` creates the mailbox and tries once more.
    private func commandCreatingMailbox(_ text: String, name: String) throws(IntakeError) {
        let verb = text.hasPrefix("UID MOVE") ? "UID MOVE" : "UID COPY"
        let reply = try command(text)
        guard reply.status.condition != .ok else { return }
        guard reply.status.code == .tryCreate else { return try expect(.ok, from: reply, doing: "\(verb) to \(name)") }
        let created = try command("CREATE \(name)")
        // Another client may have created it in between.
        if created.status.code != .alreadyExists { try expect(.ok, from: created, doing: "CREATE \(name)") }
        try expect(.ok, from: command(text), doing: "\(verb) to \(name)")
    }

    /// FETCH items by UID. A server may split one message's items over several responses, and
    /// send unsolicited FETCHes (flag changes by other clients): items are merged per message.
    private func fetchItems(_ text: String) throws(IntakeError) -> [(Int64, IMAPFetchItems)] {
        let reply = try command(text)
        try expect(.ok, from: reply, doing: "UID FETCH")
        var bySequence: [Int: IMAPFetchItems] = [:]
        var order: [Int] = []
        for case .fetch(let sequence, let items) in reply.untagged {
            if bySequence[sequence] == nil { order.append(sequence) }
            bySequence[sequence, default: IMAPFetchItems()].items.merge(items.items) { $1 }
        }
        return order.compactMap { sequence in
            bySequence[sequence].flatMap { items in items.uid.map { ($0, items) } }
        }
    }

    /// The highest UID, for servers whose SELECT names no UIDNEXT.
    private func lastUID(exists: Int) throws(IntakeError) -> Int64 {
        guard exists > 0 else { return 0 }
        return try fetchItems("UID FETCH * (UID)").compactMap { $0.0 }.max() ?? 0
    }

    private func requireOpen() throws(IntakeError) {
        if state == .closed || connection.isClosed {
            state = .closed
            throw connection.closedError(during: "an earlier command")
        }
    }

    private func requireSelected() throws(IntakeError) {
        try requireOpen()
        guard case .selected = state else { throw IntakeError(.protocolError, "no IMAP mailbox selected") }
    }
}
