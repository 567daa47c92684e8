import Testing
import Foundation
import LeadexMail

@Suite struct HTMLTextTests {
    @Test func blocksAndEntities() {
        let html = """
        <html><head><title>T</title><style>p {color: red}</style><script>var a = "<p>";</script></head>
        <body><p>Здравствуйте,&nbsp;Иван!</p><div>Цена:   1&nbsp;000&nbsp;&#8381;</div>
        <!-- comment <p>hidden</p> -->
        строка<br>другая<BR/>&laquo;кавычки&raquo; &#1055;&#x41F; &amp; &lt;b&gt; &unknown; a < b
        <ul><li>один</li><li>два</li></ul></body></html>
        """
        #expect(HTMLText.text(fromHTML: html) == "Здравствуйте, Иван!\n\nЦена: 1 000 ₽\nстрока\nдругая\n«кавычки» ПП & <b> &unknown; a < b\nодин\nдва")
    }

    @Test("table cells become label<TAB>value lines")
    func table() {
        let html = "<table><tr><th>Имя</th><td>Иван</td></tr><tr><td>Телефон</td><td> 8 912 </td></tr></table>"
        #expect(HTMLText.text(fromHTML: html) == "Имя\tИван\nТелефон\t8 912")
    }

    @Test("quoted '>' inside attributes and unterminated markup")
    func robustness() {
        #expect(HTMLText.text(fromHTML: "<a title=\"x > y\" href='z'>link</a> end") == "link end")
        #expect(HTMLText.text(fromHTML: "text <script>never closed") == "text")
        #expect(HTMLText.text(fromHTML: "a <!-- never closed") == "a")
        #expect(HTMLText.text(fromHTML: "<p>unfinished <b") == "unfinished")
    }
}
