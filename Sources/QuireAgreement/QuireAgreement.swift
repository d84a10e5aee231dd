/// The `QuireAgreement` module; see STYLE.md §2.2 for what it owns.
public enum QuireAgreementModule {
    /// The module's name.
    public static let name = "QuireAgreement"
}
