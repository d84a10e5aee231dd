/// The `QuireBundle` module; see STYLE.md §2.2 for what it owns.
public enum QuireBundleModule {
    /// The module's name.
    public static let name = "QuireBundle"
}
