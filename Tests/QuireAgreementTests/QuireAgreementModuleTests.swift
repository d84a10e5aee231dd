import QuireAgreement
import Testing

@Test("the QuireAgreement module is linked under its name")
func QuireAgreementIsLinked() {
    #expect(QuireAgreementModule.name == "QuireAgreement")
}
