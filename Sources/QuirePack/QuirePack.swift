/// The `QuirePack` module; see STYLE.md §2.2 for what it owns.
public enum QuirePackModule {
    /// The module's name.
    public static let name = "QuirePack"
}
