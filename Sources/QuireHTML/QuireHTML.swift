/// The `QuireHTML` module; see STYLE.md §2.2 for what it owns.
public enum QuireHTMLModule {
    /// The module's name.
    public static let name = "QuireHTML"
}
