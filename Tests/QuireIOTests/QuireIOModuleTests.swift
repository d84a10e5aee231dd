import QuireIO
import Testing

@Test("the QuireIO module is linked under its name")
func QuireIOIsLinked() {
    #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}
