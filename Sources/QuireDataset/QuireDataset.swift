/// The `QuireDataset` module; see STYLE.md §2.2 for what it owns.
public enum QuireDatasetModule {
    /// The module's name.
    public static let name = "QuireDataset"
}
