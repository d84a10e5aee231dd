import QuireDataset
import Testing

@Test("the QuireDataset module is linked under its name")
func QuireDatasetIsLinked() {
    #expect(QuireDatasetModule.name == "QuireDataset")
}
