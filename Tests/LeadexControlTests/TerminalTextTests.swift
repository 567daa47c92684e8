import LeadexControlAPI
import Testing

@Suite struct TerminalTextTests {
    @Test func controlCharactersAreShownNotActedOn() {
        #expect(TerminalText.safe("Иван\u{1B}[2J\u{1B}[H") == "Иван␛[2J␛[H")
        #expect(TerminalText.safe("bell\u{07} back\u{08} cr\r lf\n tab\t del\u{7F}") == "bell␇ back␈ cr␍ lf␊ tab␉ del␡")
        #expect(TerminalText.safe("c1\u{9B}31m bidi\u{202E}txt sep\u{2028}") == "c1\u{FFFD}31m bidi\u{FFFD}txt sep\u{FFFD}")
        #expect(TerminalText.safe("Заявка с сайта") == "Заявка с сайта")
    }

    @Test func multilineTextKeepsLineBreaksAndTabsOnly() {
        #expect(TerminalText.safe("one\ntwo\tthree\r\n\u{1B}[31m", multiline: true) == "one\ntwo\tthree␍\n␛[31m")
    }
}
