import QuireAnnotate
import Testing

@Test("the QuireAnnotate module is linked under its name")
func QuireAnnotateIsLinked() {
    #expect(QuireAnnotateModule.name == "QuireAnnotate")
}
