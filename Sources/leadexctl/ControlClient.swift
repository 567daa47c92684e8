import ArgumentParser
import Foundation
import LeadexControlAPI
import LeadexCore
import LeadexCurl
import Glibc

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the daemon's JSON reply instead of a table.")
    var json = false

    @Option(name: .long, help: "The control socket (default: $LEADEX_SOCKET, else /run/leadex/control.sock).")
    var socket: String?

    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["LEADEX_SOCKET"].flatMap { $0.isEmpty ? nil : $0 } ?? "/run/leadex/control.sock"
    }
}

/// A refusal or failure, printed to stderr with its exit status.
struct CommandFailure: Error {
    let status: ExitStatus
    let message: String
}

/// HTTP over the daemon's Unix socket through libcurl. The daemon knows the caller from the
/// socket (SO_PEERCRED); nothing here says who we are. Each reply names the language and zone
/// the department reads (``speech``).
final class ControlClient {
    let socketPath: String
    private(set) var speech = Speech()

    init(socketPath: String) { self.socketPath = socketPath }

    /// Sends a request and returns the reply body; a non-2xx reply becomes a ``CommandFailure``
    /// carrying the daemon's message and the exit status for its kind.
    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json") throws -> Data {
        let reply: (status: Int, body: Data)
        do {
            let easy = try CurlEasy()
            try easy.setUnixSocketPath(socketPath)
            try easy.setConnectTimeout(.seconds(5))
            reply = try easy.http(method: method, url: "http://leadexd" + path, body: body, contentType: contentType)
            asked = true
            if let language = easy.responseHeader("Content-Language").flatMap(TextLanguage.init(rawValue:)) { speech.language = language }
            if let zone = easy.responseHeader("Leadex-Time-Zone").flatMap({ ZoneRules(identifier: $0) }) { speech.zone = zone }
        } catch {
            throw CommandFailure(status: .unreachable, message: unreachable(error))
        }
        guard (200..<300).contains(reply.status) else {
            if let refusal = try? Wire.decoder().decode(ErrorReply.self, from: reply.body) {
                throw CommandFailure(status: ExitStatus(errorKind: refusal.kind), message: refusal.message)
            }
            throw CommandFailure(status: .failure, message: speech.say("leadexd ответил HTTP \(reply.status)", "leadexd answered HTTP \(reply.status)"))
        }
        return reply.body
    }

    /// Why the socket cannot be reached, as the person can act on it: a socket they may not
    /// open means their account is not in its group; a missing one, that leadexd is not running.
    private func unreachable(_ error: any Error) -> String {
        var status = stat()
        guard stat(socketPath, &status) == 0 else {
            return speech.say(
                "leadexd не запущен: нет сокета \(socketPath) (systemctl status leadexd; другой путь — --socket или $LEADEX_SOCKET)",
                "leadexd is not running: there is no socket \(socketPath) (systemctl status leadexd; another path: --socket or $LEADEX_SOCKET)")
        }
        if access(socketPath, R_OK | W_OK) != 0 {
            let user = getpwuid(geteuid()).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? "\(geteuid())"
            let group = getgrgid(status.st_gid).flatMap { String(validatingCString: $0.pointee.gr_name) } ?? "\(status.st_gid)"
            return speech.say(
                "у пользователя \(user) нет доступа к leadexd: попросите администратора добавить его в группу \(group) (usermod -aG \(group) \(user)) и войдите заново",
                "user \(user) has no access to leadexd: ask an admin to add it to group \(group) (usermod -aG \(group) \(user)), then log in again")
        }
        let detail = (error as? CurlError).map(\.description) ?? "\(error)"
        return speech.say("не удалось связаться с leadexd через \(socketPath): \(detail)", "cannot reach leadexd at \(socketPath): \(detail)")
    }

    /// The speech of the daemon's replies, asking it once when nothing has been sent yet: for
    /// a message leadexctl itself gives before its request (a time it cannot read). Unreachable,
    /// it stays the default.
    func speechAsked() -> Speech {
        if !asked {
            asked = true
            _ = try? send("GET", "/v1/whoami")
        }
        return speech
    }

    private var asked = false

    func get<T: Decodable>(_ path: String, as type: T.Type = T.self) throws -> (T, Data) {
        let data = try send("GET", path)
        return (try decode(data), data)
    }

    func post<T: Decodable>(_ path: String, _ body: some Encodable, as type: T.Type = T.self) throws -> (T, Data) {
        let data = try send("POST", path, body: try Wire.encoder().encode(body))
        return (try decode(data), data)
    }

    func decode<T: Decodable>(_ data: Data) throws -> T {
        do {
            return try Wire.decoder().decode(T.self, from: data)
        } catch {
            throw CommandFailure(status: .failure, message: speech.say("не удалось прочитать ответ leadexd: \(error)", "cannot read leadexd's reply: \(error)"))
        }
    }
}

/// What each command does once its arguments are parsed: run, print, and exit with the status
/// of any refusal.
protocol ControlCommand: ParsableCommand {
    var options: GlobalOptions { get }
    func execute(_ client: ControlClient) throws
}

extension ControlCommand {
    func run() throws {
        do {
            try execute(ControlClient(socketPath: options.socketPath))
        } catch let failure as CommandFailure {
            // The daemon's messages quote what was sent (an unknown stage, a bad phone).
            FileHandle.standardError.write(Data("leadexctl: \(TerminalText.safe(failure.message, multiline: true))\n".utf8))
            throw ExitCode(failure.status.rawValue)
        }
    }

    /// Prints the raw reply with `--json`, else the table `render` makes.
    func output(_ data: Data, _ render: () -> String) {
        if options.json {
            writeOut(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            let text = TerminalText.safe(render(), multiline: true)
            if !text.isEmpty { print(text) }
        }
    }
}

/// Writes data meant for files and scripts (JSON, CSV) as it is, unless a person is looking at
/// it: JSON escapes C0 controls itself, but not DEL or C1, and CSV escapes nothing.
func writeOut(_ data: Data) {
    guard isatty(STDOUT_FILENO) == 1, let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardOutput.write(data)
        return
    }
    FileHandle.standardOutput.write(Data(TerminalText.safe(text, multiline: true).utf8))
}

/// Percent-encodes a query value.
func queryValue(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
