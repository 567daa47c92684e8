import Foundation
import LeadexConfig
import LeadexTesting
import Testing

@Suite struct WebConfigTests {
    func load(_ text: String) throws(ConfigError) -> LeadexConfiguration {
        let directory = try! TemporaryDirectory()
        return try LeadexConfiguration.load(path: try! directory.write("leadex.toml", text))
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch {
            return error.problems.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line): \($0.message)" }
        }
    }

    @Test func theWorkspaceIsOffUnlessListenIsSet() throws {
        let config = try load("")
        #expect(config.web.listen == nil)
        #expect(config.web.idleTimeout == .seconds(7200))
        #expect(config.web.absoluteTimeout == .seconds(43_200))
    }

    @Test func listenAndPublicURLAreRead() throws {
        let config = try load(
            "[web]\nlisten = \"127.0.0.1:8080\"\npublic_url = \"https://leads.example.ru/\"\nidle_timeout = \"30m\"\nabsolute_timeout = \"10h\"\n")
        #expect(config.web.listen == WebSettings.Listen(host: "127.0.0.1", port: 8080))
        #expect(config.web.publicURL == "https://leads.example.ru")
        #expect(config.web.isHTTPS)
        #expect(config.web.idleTimeout == .seconds(1800))
        #expect(try load("[web]\nlisten = \"[::1]:9000\"\n").web.listen == WebSettings.Listen(host: "::1", port: 9000))
    }

    @Test func badValuesNameFileAndLine() {
        for listen in ["8080", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:-1", ":8080", "[::1]8080", "host:80x", "leads.example.ru:8080"] {
            #expect(
                problems("[web]\nlisten = \"\(listen)\"\n") == [
                    "leadex.toml:2: 'web.listen' must be an IP address and port like \"127.0.0.1:8080\" or \"[::1]:8080\", found '\(listen)'"
                ], "\(listen)")
        }
        for url in ["leads.example.ru", "ftp://x", "https://", "https://x/app"] {
            #expect(problems("[web]\npublic_url = \"\(url)\"\n").first?.hasPrefix("leadex.toml:2: 'web.public_url' must be an origin") == true, "\(url)")
        }
        #expect(problems("[web]\nidle_timeout = \"10s\"\n") == ["leadex.toml:2: 'web.idle_timeout' must be at least 1m"])
        #expect(
            problems("[web]\nidle_timeout = \"5h\"\nabsolute_timeout = \"1h\"\n") == [
                "leadex.toml:3: 'web.absolute_timeout' must not be shorter than 'web.idle_timeout'"
            ])
        #expect(problems("[web]\nlisten = 8080\n") == ["leadex.toml:2: 'web.listen' must be a string, found an integer"])
        #expect(problems("[web]\nlistn = \"127.0.0.1:8080\"\n").count == 1)
    }

    /// The company QA's call script names: one line of text, or the problem at its line.
    @Test func theCompanyIsOneLineOfText() throws {
        #expect(try load("").web.company == nil)
        #expect(try load("[web]\ncompany = \"  ООО «Ромашка» \"\n").web.company == "ООО «Ромашка»")
        for bad in ["", "   ", "a\\nb", String(repeating: "я", count: 201)] {
            #expect(
                problems("[web]\ncompany = \"\(bad)\"\n") == ["leadex.toml:2: 'web.company' must be the company's name on one line, at most 200 characters"],
                "\(bad)")
        }
    }

    @Test func theDevConfigServesTheWorkspace() throws {
        let dev = try LeadexConfiguration.load(path: RepositoryPaths.file("config/dev.toml"), dropInDirectory: "/nonexistent")
        #expect(dev.web.listen == WebSettings.Listen(host: "127.0.0.1", port: 8080))
        let reference = try LeadexConfiguration.load(path: RepositoryPaths.file("config/leadex.toml"), dropInDirectory: "/nonexistent")
        #expect(reference.web.listen == nil)
    }
}

@Suite struct InvitationValidityConfigTests {
    @Test func invitationLinksAreGoodForTwoDaysUnlessConfigured() throws {
        let web = WebConfigTests()
        #expect(try web.load("").web.invitationValidity == .seconds(48 * 3600))
        #expect(try web.load("[web]\ninvitation_validity = \"3d\"\n").web.invitationValidity == .seconds(3 * 86_400))
        for bad in ["5m", "31d"] {
            #expect(
                web.problems("[web]\nlisten = \"127.0.0.1:8080\"\ninvitation_validity = \"\(bad)\"\n") == [
                    "leadex.toml:3: 'web.invitation_validity' must be between 10m and 30d"
                ], "\(bad)")
        }
    }
}
