import Foundation
import LeadexConfig
import LeadexTesting
import Testing

/// `--check-config` refuses what would make every TLS login fail later, and says where a file
/// stops being UTF-8, each as `FILE:LINE` like every other problem.
@Suite("Config: every ca_file must hold a certificate; invalid UTF-8 is reported at its line")
struct CAFileAndEncodingTests {
    let directory = try! TemporaryDirectory()

    /// A self-signed certificate made by openssl: a CA file as admins have them.
    func certificate() throws -> String {
        let path = directory.file("ca.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory.file("ca.key"), "-out", path,
            "-subj", "/CN=leadex test CA", "-days", "2",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return path
    }

    /// The config with `ca_file = CA` set in an inbox, the SMTP section and a form; the problems
    /// as `FILE:LINE: message`, the file named by its last component.
    func problems(ca: String) throws -> [String] {
        let secret = try directory.write("pw", "secret\n")
        let text = """
            [smtp]
            url = "smtps://127.0.0.1:465"
            from = "leadex@example.ru"
            ca_file = "CA"

            [[inbox]]
            name = "sales"
            url = "imaps://127.0.0.1:993/INBOX"
            user = "sales"
            password_file = "SECRET"
            ca_file = "CA"

            [[form]]
            name = "site"
            url = "https://example.ru/api/forms/12/submissions"
            token_file = "SECRET"
            format = "json"
            id_field = "id"
            ca_file = "CA"
            [form.fields]
            name = "your-name"
            phone = "tel"
            """
        let path = try directory.write("leadex.toml", text.replacingOccurrences(of: "SECRET", with: secret).replacingOccurrences(of: "CA", with: ca))
        do {
            _ = try LeadexConfiguration.load(path: path, dropInDirectory: "/nonexistent")
            return []
        } catch {
            return error.problems.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line): \($0.message)" }
        }
    }

    @Test("a real certificate passes in every section")
    func aCertificatePasses() throws {
        #expect(try problems(ca: try certificate()) == [])
    }

    @Test("a directory, an empty file, a text file, a key without its certificate, binary junk: refused at each ca_file's line")
    func everythingElseIsRefused() throws {
        _ = try certificate()  // leaves its private key beside it
        let key = directory.file("ca.key")
        let cases: [(path: String, says: String)] = [
            (directory.path, "is a directory"),
            (try directory.write("empty.pem", ""), "holds no PEM certificate"),
            (try directory.write("notes.txt", "this is not a certificate\n"), "holds no PEM certificate"),
            (key, "holds no PEM certificate"),
            (try directory.write("junk.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"), "holds no PEM certificate"),
            (directory.file("missing.pem"), "does not exist"),
        ]
        for (path, says) in cases {
            let found = try problems(ca: path)
            #expect(found.count == 3, "\(path): \(found)")
            #expect(found.allSatisfy { $0.contains(says) }, "\(path): \(found)")
            // The lines of the three ca_file keys.
            #expect(found.map { $0.split(separator: ":")[1] }.sorted() == ["11", "19", "4"], "\(found)")
        }
    }

    @Test("invalid UTF-8 in the config or a drop-in names the file, line and byte")
    func invalidUTF8NamesItsLine() throws {
        let main = directory.file("leadex.toml")
        var bytes = Array("language = \"ru\"\n\n# ok\n[log]\nlevel = \"".utf8) + [0xD0, 0x28] + Array("\"\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: main))
        var found: [ConfigProblem] = []
        do { _ = try LeadexConfiguration.load(path: main, dropInDirectory: "/nonexistent") } catch { found = error.problems }
        #expect(found.map(\.location.line) == [5])
        #expect(found.first?.message.contains("not UTF-8: byte 0xD0 at column 10") == true)

        // A drop-in with a Windows-1251 comment (how an admin's editor saves Cyrillic).
        bytes = Array("[log]\n# ".utf8) + [0xCB, 0xE8, 0xE4] + Array("\n".utf8)
        try directory.write("leadex.d/10-log.toml", "")
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("leadex.d/10-log.toml")))
        try Data("language = \"ru\"\n".utf8).write(to: URL(fileURLWithPath: main))
        found = []
        do { _ = try LeadexConfiguration.load(path: main) } catch { found = error.problems }
        #expect(found.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line)" } == ["10-log.toml:2"])
        #expect(found.first?.message.contains("byte 0xCB at column 3") == true)
    }
}
