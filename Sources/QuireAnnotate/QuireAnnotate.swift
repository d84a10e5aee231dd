/// The `QuireAnnotate` module; see STYLE.md §2.2 for what it owns.
public enum QuireAnnotateModule {
    /// The module's name.
    public static let name = "QuireAnnotate"
}
