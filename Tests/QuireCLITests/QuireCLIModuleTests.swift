import QuireCLI
import QuireModel
import Testing

@Test("the QuireCLI module is linked under its name")
func QuireCLIIsLinked() {
    #expect(QuireMain.exitStatus(for: .data) == 65)
}
