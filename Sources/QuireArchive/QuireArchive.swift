/// The `QuireArchive` module; see STYLE.md §2.2 for what it owns.
public enum QuireArchiveModule {
    /// The module's name.
    public static let name = "QuireArchive"
}
