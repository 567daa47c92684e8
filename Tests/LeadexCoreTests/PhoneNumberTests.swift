import LeadexCore
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+7 (912) 345-67-89", "+79123456789"),
        ("8 (912) 345 67 89", "+79123456789"),
        ("89123456789", "+79123456789"),
        ("9123456789", "+79123456789"),
        ("7 912 3456789", "+79123456789"),
        ("8-800-555-35-35", "+78005553535"),
        ("+7 495 123-45-67", "+74951234567"),
        ("+375 29 123-45-67", "+375291234567"),
        ("8 (912) 345-67-89 доб. 12", "+79123456789"),
        ("тел. 8 (912) 345–67–89", "+79123456789"),
    ])
    func normalizesRussianFormats(input: String, expected: String) {
        #expect(PhoneNumber(input)?.e164 == expected)
    }

    @Test(arguments: ["", "12345", "call me", "0123456789", "+0 123 456 789", "8912345678901", "8 (112) 345-67-89", "+7 912 345"])
    func rejectsWhatIsNotAPhone(input: String) {
        #expect(PhoneNumber(input) == nil)
    }
}
