import QuirePack
import Testing

@Test("the QuirePack module is linked under its name")
func QuirePackIsLinked() {
    #expect(QuirePackModule.name == "QuirePack")
}
