import QuireHTML
import Testing

@Test("the QuireHTML module is linked under its name")
func QuireHTMLIsLinked() {
    #expect(QuireHTMLModule.name == "QuireHTML")
}
