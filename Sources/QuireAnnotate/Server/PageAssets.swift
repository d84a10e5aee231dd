/// The page, embedded in the binary: no CDN, no files beside the executable (DESIGN.md §4).
enum PageAssets {
    static var indexHTML: [UInt8] { PackageResources.index_html }
    static var appJS: [UInt8] { PackageResources.app_js }
    static var appCSS: [UInt8] { PackageResources.app_css }
}
