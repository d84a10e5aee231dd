import QuireHTML
import QuireTemplates

/// Writes a ``ReportModel`` as the merge report: `report.html` from the XHTML template, `report.md` as
/// Markdown with the same numbers (DESIGN.md §5).
public enum ReportRenderer {
    /// The report as one self-contained HTML page (inline style and SVG, no script).
    /// - Parameter model: the report.
    /// - Returns: UTF-8 HTML, the same bytes for the same model.
    /// - Throws: ``HTMLTemplateError`` (a broken template, which tests rule out).
    /// - Complexity: O(size of the model).
    public static func html(_ model: ReportModel) throws -> [UInt8] {
        let template = try HTMLTemplate(bytes: QuireTemplates.report, name: "report.xhtml")
        try ReportHTMLWriter(template: template, model: model).fill()
        return try template.serialize()
    }

    /// The report as Markdown: the same sections and numbers as the HTML page, data escaped so that no
    /// string from a bundle becomes markup.
    /// - Parameter model: the report.
    /// - Returns: the Markdown text, ending with a newline.
    /// - Complexity: O(size of the model).
    public static func markdown(_ model: ReportModel) -> String {
        ReportMarkdownWriter(model: model).render()
    }
}
