import QuireMerge
import Testing

@Test("the QuireMerge module is linked under its name")
func QuireMergeIsLinked() {
    #expect(QuireMergeModule.name == "QuireMerge")
}
