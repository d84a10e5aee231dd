import QuireImport
import Testing

@Test("the QuireImport module is linked under its name")
func QuireImportIsLinked() {
    #expect(QuireImportModule.name == "QuireImport")
}
