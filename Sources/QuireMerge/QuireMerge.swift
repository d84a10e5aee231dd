/// The `QuireMerge` module; see STYLE.md §2.2 for what it owns.
public enum QuireMergeModule {
    /// The module's name.
    public static let name = "QuireMerge"
}
