import Testing
import Foundation
import LeadexMail

/// Every charset a mail can carry decodes (glibc's iconv knows them; names are read as mailers
/// and the WHATWG Encoding Standard spell them), 7-bit encodings included: their bytes are all
/// ASCII, yet they are not ASCII text.
@Suite("Charsets beyond the Cyrillic set")
struct CharsetCoverageTests {
    @Test("encoded-word subjects", arguments: [
        ("=?ISO-2022-JP?B?GyRCRnxLXDhsJE43b0w+GyhC?=", "日本語の件名"),
        ("=?iso-2022-jp?B?GyRCRnxLXDhsJE43b0w+GyhC?= [123]", "日本語の件名 [123]"),
        ("=?iso-8859-8-i?B?+ezl7SDy5ezt?=", "שלום עולם"),
        ("=?ISO-8859-8-E?B?+ezl7SDy5ezt?=", "שלום עולם"),
        ("=?windows-1255?B?+ezl7SDy5ezt?=", "שלום עולם"),
        ("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?=", "안녕하세요"),
        ("=?unicode-1-1-utf-7?Q?+BB8EQAQ4BDIENQRC-?=", "Привет"),
        ("=?utf-7?Q?+BB8EQAQ4BDIENQRC-?=", "Привет"),
    ])
    func subjects(raw: String, expected: String) {
        let mail = "From: a@b.ru\r\nSubject: \(raw)\r\n\r\nbody\r\n"
        let message = MIMEMessage.parse(Array(mail.utf8))
        #expect(message.subject == expected)
        #expect(!message.subject!.unicodeScalars.contains("\u{1B}"))
    }

    @Test("bodies in charsets by their many names", arguments: [
        ("iso-2022-jp", "日本語の本文です"), ("csISO2022JP", "日本語の本文です"),
        ("shift_jis", "日本語の本文です"), ("x-sjis", "日本語の本文です"), ("windows-31j", "日本語の本文です"),
        ("euc-jp", "日本語の本文です"), ("gb2312", "中文正文"), ("x-gbk", "中文正文"), ("big5", "中文正文"),
        ("euc-kr", "한국어 본문"), ("ks_c_5601-1987", "한국어 본문"), ("iso-8859-8-i", "עברית"),
        ("windows-1255", "עברית"), ("iso-8859-6-i", "عربي"), ("windows-1256", "عربي"), ("tis-620", "ภาษาไทย"),
        ("windows-874", "ภาษาไทย"), ("iso-8859-7", "Ελληνικά"), ("iso-8859-9", "Türkçe"), ("windows-1250", "Příliš"),
        ("x-mac-roman", "Café"), ("utf-7", "Привет мир"), ("utf-16", "Привет мир"), ("utf-16le", "Привет мир"),
        ("utf-16be", "Привет мир"),
    ])
    func bodies(label: String, text: String) throws {
        let encoded = try #require(Self.encode(text, label: label))
        let mail = Array("From: a@b.ru\r\nContent-Type: text/plain; charset=\"\(label)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
            + Array(Data(encoded).base64EncodedString().utf8) + Array("\r\n".utf8)
        let message = MIMEMessage.parse(mail)
        #expect(message.textBody == text, "\(label)")
        #expect(!message.charsetFallback, "\(label)")
    }

    @Test("an unknown charset loses no text: UTF-8 stays UTF-8, else the likeliest guess, flagged")
    func unknownCharset() {
        let utf8 = Charset.decode(Array("Привет, 日本".utf8), label: "x-made-up")
        #expect(utf8.text == "Привет, 日本")
        #expect(utf8.isFallback)
        let ascii = Charset.decode(Array("plain text".utf8), label: "x-made-up")
        #expect(ascii.text == "plain text")
        for label in ["unknown-8bit", "x-unknown", "UTF-8//IGNORE", "../../etc", ""] {
            #expect(Charset.decode(Array("Заказ".utf8), label: label).text == "Заказ", "\(label)")
        }
    }

    @Test("raw ISO-2022-JP in a header without encoded words")
    func rawISO2022Header() throws {
        let subject = try #require(Self.encode("件名", label: "iso-2022-jp"))
        let mail = Array("From: a@b.ru\r\nSubject: ".utf8) + Array(subject) + Array("\r\n\r\nbody\r\n".utf8)
        #expect(MIMEMessage.parse(mail).subject == "件名")
    }

    /// Bytes of `text` in `label`, through iconv's command line (the reference, not our code).
    static func encode(_ text: String, label: String) -> [UInt8]? {
        let names = ["x-sjis": "SHIFT_JIS", "csISO2022JP": "ISO-2022-JP", "x-gbk": "GBK", "ks_c_5601-1987": "CP949",
                     "iso-8859-8-i": "ISO-8859-8", "iso-8859-6-i": "ISO-8859-6", "x-mac-roman": "MACINTOSH",
                     "utf-16": "UTF-16", "windows-31j": "CP932"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", names[label] ?? label.uppercased()]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }
}
