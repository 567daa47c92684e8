import Testing
import Foundation
import LeadexMail

@Suite struct Base64Tests {
    @Test func plain() {
        #expect(Base64Decoder.decode(Array("0J/RgNC40LLQtdGC".utf8)) == Array("Привет".utf8))
    }

    @Test("whitespace, garbage and missing padding are tolerated")
    func tolerant() {
        #expect(Base64Decoder.decode(Array("SGVs\r\nbG8g\n d29y*bGQ".utf8)) == Array("Hello world".utf8))
        #expect(Base64Decoder.decode(Array("SGVsbG8".utf8)) == Array("Hello".utf8))
        #expect(Base64Decoder.decode(Array("SGk=SGk=".utf8)) == Array("HiHi".utf8))
        #expect(Base64Decoder.decode(Array("!!!".utf8)) == [])
    }
}

@Suite struct QuotedPrintableTests {
    @Test func softBreaksAndEscapes() {
        #expect(QuotedPrintable.decode(Array("=D0=9F=D1=80=D0=B8=\r\n=D0=B2=D0=B5=D1=82".utf8)) == Array("Привет".utf8))
        #expect(QuotedPrintable.decode(Array("a=\nb=  \r\nc=\rd".utf8)) == Array("abcd".utf8))
        #expect(QuotedPrintable.decode(Array("=d0=9f".utf8)) == Array("П".utf8))
    }

    @Test("bad escapes stay literal")
    func badEscapes() {
        #expect(QuotedPrintable.decode(Array("100=% off =ZZ end=".utf8)) == Array("100=% off =ZZ end".utf8))
    }
}

@Suite struct EncodedWordTests {
    @Test func bAndQ() {
        #expect(EncodedWord.decodeHeader(Array("=?UTF-8?B?0J/RgNC40LLQtdGC?=".utf8)) == "Привет")
        #expect(EncodedWord.decodeHeader(Array("=?koi8-r?Q?=F0=D2=C9=D7=C5=D4_=CD=C9=D2?=".utf8)) == "Привет мир")
        #expect(EncodedWord.decodeHeader(Array("Re: =?windows-1251?B?z/Do4uXy?= !".utf8)) == "Re: Привет !")
    }

    @Test("adjacent words join without the whitespace between them, even across folded lines")
    func adjacent() {
        let raw = "=?utf-8?Q?=D0=9F=D1?=\r\n =?utf-8?Q?=80=D0=B8?=  =?utf-8?B?0LLQtdGC?= end"
        #expect(EncodedWord.decodeHeader(Array(raw.utf8)) == "Привет end")
        #expect(EncodedWord.decodeHeader(Array("=?utf-8?B?0JA=?= =?koi8-r?B?4g==?=".utf8)) == "АБ")
    }

    @Test("malformed words are left as they are")
    func malformed() {
        for raw in ["=?utf-8?X?abc?=", "=?utf-8?B?abc", "=??B?abc?=", "=?utf-8?Q?a b?=", "price =? 10"] {
            #expect(EncodedWord.decodeHeader(Array(raw.utf8)) == raw)
        }
    }

    @Test func rfc2231LanguageSuffixAndUnknownCharset() {
        #expect(EncodedWord.decodeHeader(Array("=?utf-8*ru?B?0JA=?=".utf8)) == "А")
        #expect(EncodedWord.decodeHeader(Array("=?x-nonsense?B?z/Do4uXy?=".utf8)) == "Привет")
    }

    @Test("raw 8-bit header bytes: utf-8 when valid, else cp1251")
    func eightBit() {
        #expect(EncodedWord.decodeHeader(Array("Заказ".utf8)) == "Заказ")
        #expect(EncodedWord.decodeHeader([0xC7, 0xE0, 0xEA, 0xE0, 0xE7]) == "Заказ")
    }
}

@Suite struct ParameterTests {
    @Test func rfc2231Continuations() {
        let raw = "attachment;\r\n filename*0*=utf-8''%D0%9F%D1%80;\r\n filename*1*=%D0%B0%D0%B9%D1%81.xlsx"
        #expect(ContentDisposition(parsing: ArraySlice(raw.utf8)).filename == "Прайс.xlsx")
        let plain = "attachment; filename*0=\"long \"; filename*1=\"name.txt\""
        #expect(ContentDisposition(parsing: ArraySlice(plain.utf8)).filename == "long name.txt")
        let single = "attachment; filename*=koi8-r'ru'%F0%D2%C1%CA%D3.pdf"
        #expect(ContentDisposition(parsing: ArraySlice(single.utf8)).filename == "Прайс.pdf")
    }

    @Test func contentType() {
        let ct = ContentType(parsing: ArraySlice("Multipart/Mixed; (comment) boundary=\"a;b\"; CHARSET=KOI8-R".utf8))
        #expect(ct.mimeType == "multipart/mixed")
        #expect(ct.boundary == "a;b")
        #expect(ct.charset == "KOI8-R")
        #expect(ContentType(parsing: ArraySlice("garbage".utf8)).mimeType == "text/plain")
    }
}

@Suite struct MailDateTests {
    @Test func formats() {
        #expect(MailDate.parse("Tue, 12 Mar 2024 10:30:00 +0300")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("12 Mar 2024 07:30:00 GMT")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("Tue, 12 Mar 2024 10:30:00 +0300 (MSK)")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("Tue,  12 MAR 24 10:30 +0300")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("2024-03-12 07:30:00")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("garbage") == nil)
    }

    @Test func theCanonicalFormReadsAsTheTolerantReadingDid() {
        // Values the token-by-token reading gives for each (the canonical one reads them now).
        let cases: [(String, TimeInterval)] = [
            ("Tue, 12 Mar 2024 10:30:00 +0300", 1_710_228_600), ("12 Mar 2024 10:30 +0300", 1_710_228_600),
            ("tue,12 mar 2024 07:30:00 +0000 (UTC)", 1_710_228_600), ("Tue, 12 Mar 2024 02:30:00 -0500", 1_710_228_600),
            ("Fri, 1 Mar 2024 00:00:00 +0000", 1_709_251_200), ("Thu, 29 Feb 2024 23:59:60 +0000", 1_709_251_200),
            ("Tue, 12 Mar 2024 10:30:00 +0300\r\n", 1_710_228_600),
        ]
        for (header, expected) in cases {
            #expect(MailDate.parse(header)?.timeIntervalSince1970 == expected, "\(header)")
        }
        // Not canonical, still read: a named zone, a two-digit year, no zone at all.
        #expect(MailDate.parse("Tue, 12 Mar 24 10:30:00 MSK")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("12 Mar 2024 07:30")?.timeIntervalSince1970 == 1_710_228_600)
        #expect(MailDate.parse("Tue, 31 Feb 2024 10:30:00 +0300") != nil, "the tolerant reading's day check, as before")
    }

    @Test(arguments: ["1 Jan 9223372036854775807 00:00:00 +0000", "9223372036854775807-01-01", "1 Jan 10000 00:00", "1 Jan -9223372036854775807 00:00"])
    func yearsNoMailMeansAreNoDateAndTrapNothing(_ header: String) {
        // Intake reads every mail's Date (the loop guard's time): Int.max years overflowed the day count.
        #expect(MailDate.parse(header) == nil)
    }
}
