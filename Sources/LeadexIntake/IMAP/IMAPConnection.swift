internal import LeadexCurl

/// The byte pipe under an IMAP session: curl connects and logs in (CONNECT_ONLY), then commands
/// go out with curl_easy_send and responses come back through `IMAPResponseParser`.
final class IMAPConnection {
    /// What waiting for the next response produced.
    enum Event {
        case response(IMAPResponse)
        case timedOut
        /// The server closed the connection (after `* BYE`, or without a word).
        case closed
    }

    /// A command's answer: the untagged responses that came before its tagged status.
    struct Reply {
        var untagged: [IMAPUntagged]
        var status: IMAPStatus
    }

    /// How long a command may go without a single byte from the server before we give up.
    var responseTimeout: Duration = .seconds(120)
    private(set) var isClosed = false
    /// The server's `* BYE` text, if it sent one.
    private(set) var goodbye: String?

    private let curl: CurlEasy
    private let password: String
    private var parser = IMAPResponseParser()
    private var tagCounter = 0
    private var receiveBuffer = [UInt8](repeating: 0, count: 1 << 16)

    init(settings: MailServerSettings) throws(IntakeError) {
        curl = try settings.makeCurlHandle()
        password = settings.password
        do {
            try curl.connect(url: settings.serverURL)
        } catch {
            throw IntakeError(error, doing: "IMAP login to \(settings.serverURL) as \(settings.user)", password: password)
        }
    }

    func nextTag() -> String {
        tagCounter += 1
        return "a\(tagCounter)"
    }

    /// Sends `tag command` and collects responses up to the tagged one. A server that closes the
    /// connection or stays silent for `responseTimeout` makes it throw `.unreachable`.
    func run(_ command: String) throws(IntakeError) -> Reply {
        let tag = nextTag()
        try send("\(tag) \(command)")
        var untagged: [IMAPUntagged] = []
        while true {
            switch try nextEvent(waitingAtMost: responseTimeout) {
            case .response(.tagged(let replyTag, let status)) where replyTag == tag:
                return Reply(untagged: untagged, status: status)
            case .response(.tagged(let other, _)):
                throw IntakeError(.protocolError, "IMAP server answered tag \(other) while we waited for \(tag)")
            case .response(.untagged(let response)):
                untagged.append(response)
            case .response(.continuation):
                throw IntakeError(.protocolError, "IMAP server asked for more input after: \(Self.verb(of: command))")
            case .timedOut:
                throw IntakeError(.unreachable, "IMAP server did not answer \(Self.verb(of: command)) within \(responseTimeout)")
            case .closed:
                throw closedError(during: Self.verb(of: command))
            }
        }
    }

    func closedError(during step: String) -> IntakeError {
        IntakeError(.unreachable, "IMAP server closed the connection during \(step)" + (goodbye.map { ": \($0)" } ?? ""))
    }

    /// Sends one line; CRLF is added here.
    func send(_ line: String) throws(IntakeError) {
        guard !isClosed else { throw closedError(during: Self.verb(of: line)) }
        let bytes = Array((line + "\r\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let sent: Int?
            var writable = true
            do throws(CurlError) {
                // withUnsafeBytes only rethrows untyped errors: carry curl's through a Result.
                sent = try bytes[offset...].withUnsafeBytes { buffer in Result { () throws(CurlError) in try curl.send(buffer) } }.get()
                if sent == nil { writable = try curl.waitForSocket(writable: true, timeout: responseTimeout) }
            } catch {
                isClosed = true
                throw IntakeError(error, doing: "sending to the IMAP server", password: password)
            }
            guard writable else { throw IntakeError(.unreachable, "IMAP server accepted no data for \(responseTimeout)") }
            offset += sent ?? 0
        }
    }

    /// The next response, waiting at most `timeout` for one to complete.
    func nextEvent(waitingAtMost timeout: Duration) throws(IntakeError) -> Event {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let response = try parser.next() {
                if case .untagged(.status(let status)) = response, status.condition == .bye { goodbye = status.text }
                return .response(response)
            }
            if isClosed { return .closed }
            do throws(CurlError) {
                let received = try receiveBuffer.withUnsafeMutableBytes { buffer in
                    Result { () throws(CurlError) in try curl.receive(into: buffer) }
                }.get()
                switch received {
                case 0?:
                    isClosed = true
                case let count?:
                    parser.append(receiveBuffer[..<count])
                case nil:
                    let remaining = deadline - ContinuousClock.now
                    guard remaining > .zero else { return .timedOut }
                    _ = try curl.waitForSocket(timeout: remaining)
                }
            } catch {
                isClosed = true
                throw IntakeError(error, doing: "reading from the IMAP server", password: password)
            }
        }
    }

    /// The command word for messages (`UID FETCH`), leaving out arguments such as mailbox names.
    private static func verb(of command: String) -> String {
        let words = command.split(separator: " ", maxSplits: 2)
        if words.first == "UID", words.count > 1 { return "UID \(words[1])" }
        return words.first.map(String.init) ?? command
    }
}
