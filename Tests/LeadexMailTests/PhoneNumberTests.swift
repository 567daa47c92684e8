import Testing
import Foundation
import LeadexCore
import LeadexMail

@Suite struct PhoneNumberTests {
    @Test("Russian formats normalise to E.164", arguments: [
        ("+7 (912) 345-67-89", "+79123456789"), ("8 (912) 345 67 89", "+79123456789"), ("89123456789", "+79123456789"),
        ("8-800-555-35-35", "+78005553535"), ("+7 495 123-45-67", "+74951234567"), ("7 912 3456789", "+79123456789"),
        ("+7(912)3456789", "+79123456789"), ("8912 345 67 89", "+79123456789"), ("(912) 345-67-89", "+79123456789"),
        ("912 345 67 89", "+79123456789"), ("тел.89123456789", "+79123456789"), ("8 (912) 345–67–89", "+79123456789"),
    ])
    func extract(text: String, e164: String) {
        #expect(PhoneExtractor.phones(in: text) == [e164])
    }

    @Test("no false positives", arguments: [
        "ИНН 7712345678", "ИНН 771234567890", "ОГРН 1027700132195", "дата 12.03.2024 10:30", "2024-03-12",
        "заказ №89123456789", "заказ # 89123456789", "счёт 40702810123456789012", "id 1234567890", "сумма 15 000 руб",
        "артикул A89123456789", "СНИЛС 123-456-789 01", "код 791234567890123", "карта 4276 3800 1234 5678", "v1.89123456789",
    ])
    func noFalsePositives(text: String) {
        #expect(PhoneExtractor.phones(in: text) == [])
    }

    @Test func dedupAndOrder() {
        let text = "Звоните +7 912 345-67-89 или 8 (912) 345 67 89, офис 8-800-555-35-35, доб. 123"
        #expect(PhoneExtractor.phones(in: text) == ["+79123456789", "+78005553535"])
    }

    @Test func normalizer() {
        #expect(PhoneNumber.e164("8 (912) 345-67-89") == "+79123456789")
        #expect(PhoneNumber.e164("9123456789") == "+79123456789")
        #expect(PhoneNumber.e164("+7 912 345 67 89 доб. 12") == "+79123456789")
        #expect(PhoneNumber.e164("+375 29 123-45-67") == "+375291234567")
        #expect(PhoneNumber.e164("12345") == nil)
        #expect(PhoneNumber.e164("+7 912 345") == nil)
        #expect(PhoneNumber.e164("") == nil)
    }
}
