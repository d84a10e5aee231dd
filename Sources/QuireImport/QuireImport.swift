/// The `QuireImport` module; see STYLE.md §2.2 for what it owns.
public enum QuireImportModule {
    /// The module's name.
    public static let name = "QuireImport"
}
