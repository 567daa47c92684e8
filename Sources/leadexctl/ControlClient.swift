import ArgumentParser
import Foundation
import LeadexControlAPI
import LeadexCurl

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
/// socket (SO_PEERCRED); nothing here says who we are.
struct ControlClient {
    let socketPath: String

    /// Sends a request and returns the reply body; a non-2xx reply becomes a ``CommandFailure``
    /// carrying the daemon's message and the exit status for its kind.
    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json") throws -> Data {
        let reply: (status: Int, body: Data)
        do {
            let easy = try CurlEasy()
            try easy.setUnixSocketPath(socketPath)
            try easy.setConnectTimeout(.seconds(5))
            reply = try easy.http(method: method, url: "http://leadexd" + path, body: body, contentType: contentType)
        } catch {
            throw CommandFailure(status: .unreachable, message: "cannot reach leadexd at \(socketPath): \(error.message)")
        }
        guard (200..<300).contains(reply.status) else {
            if let refusal = try? Wire.decoder().decode(ErrorReply.self, from: reply.body) {
                throw CommandFailure(status: ExitStatus(errorKind: refusal.kind), message: refusal.message)
            }
            throw CommandFailure(status: .failure, message: "leadexd answered HTTP \(reply.status)")
        }
        return reply.body
    }

    func get<T: Decodable>(_ path: String, as type: T.Type = T.self) throws -> (T, Data) {
        let data = try send("GET", path)
        return (try decode(data), data)
    }

    func post<T: Decodable>(_ path: String, _ body: some Encodable, as type: T.Type = T.self) throws -> (T, Data) {
        let data = try send("POST", path, body: try Wire.encoder().encode(body))
        return (try decode(data), data)
    }

    private func decode<T: Decodable>(_ data: Data) throws -> T {
        do {
            return try Wire.decoder().decode(T.self, from: data)
        } catch {
            throw CommandFailure(status: .failure, message: "cannot read leadexd's reply: \(error)")
        }
    }
}

extension CurlError {
    fileprivate var message: String { description }
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
