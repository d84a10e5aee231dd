import QuireBundle
import Testing

@Test("the QuireBundle module is linked under its name")
func QuireBundleIsLinked() {
    #expect(QuireBundleModule.name == "QuireBundle")
}
