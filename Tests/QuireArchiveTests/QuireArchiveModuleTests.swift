import QuireArchive
import Testing

@Test("the QuireArchive module is linked under its name")
func QuireArchiveIsLinked() {
    #expect(QuireArchiveModule.name == "QuireArchive")
}
