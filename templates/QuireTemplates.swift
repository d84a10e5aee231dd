/// The XHTML templates of the merge report, compiled into the binary.
public enum QuireTemplates {
    /// The report page template.
    public static var report: [UInt8] { PackageResources.report_xhtml }
}
