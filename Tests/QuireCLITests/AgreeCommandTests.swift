import Foundation
import QuireCLI
import QuireModel
import QuireTestSupport
import Testing

/// `quire agree` as a user runs it: the built binary, its stdout, stderr and exit status.
@Suite("quire agree")
struct AgreeCommandTests {
    static let fixtures = FixturePaths.fixtures(of: "QuireCLITests") + "/agree"

    private func agree(_ arguments: [String]) throws -> QuireBinary.Output {
        try QuireBinary.run(["agree"] + arguments, in: Self.fixtures)
    }

    @Test("--json prints the contract's object, sorted keys and null where undefined")
    func jsonOutput() throws {
        let output = try agree(["ratings.csv", "--level", "interval", "--json"])
        #expect(output.status == 0, "\(output)")
        #expect(output.standardError == "")
        #expect(output.standardOutput == (try golden("agree-interval.json", actual: output.standardOutput)))
        let object = try #require(try JSONValue(parsing: output.standardOutput).objectValue)
        #expect(object.keys.sorted() == object.keys)
        #expect(object["cohen_kappa"] == .null)
        #expect(object["icc"] == .null)
    }

    @Test("the text output is a table with readings, intervals, reasons and reviewer pairs")
    func textOutput() throws {
        let output = try agree(["ratings.csv", "--level", "ordinal", "--resamples", "200", "--seed", "7"])
        #expect(output.status == 0, "\(output)")
        #expect(output.standardOutput == (try golden("agree-ordinal.txt", actual: output.standardOutput)))
        #expect(output.standardOutput.contains("needs exactly 2 reviewers, found 3"))
        #expect(output.standardOutput.contains("Reviewer pairs"))
    }

    @Test("malformed CSV exits 65 naming the file and line on stderr")
    func malformedCSV() throws {
        let output = try agree(["unterminated.csv"])
        #expect(output.status == 65)
        #expect(output.standardOutput == "")
        #expect(output.standardError == "quire: error: unterminated.csv:2: malformed CSV: unterminated quoted field\n")
    }

    @Test("a value that is not a number at a numeric level exits 65 at its line")
    func nonNumeric() throws {
        let output = try agree(["scores.csv", "--score", "tone", "--level", "interval"])
        #expect(output.status == 65)
        #expect(output.standardError.hasPrefix("quire: error: scores.csv:2: value \"good\" is not a number"))
    }

    @Test("an unknown --level exits 64 and lists the levels")
    func badLevel() throws {
        let output = try agree(["ratings.csv", "--level", "cardinal"])
        #expect(output.status == 64)
        #expect(output.standardOutput == "")
        #expect(output.standardError.contains("'cardinal' is invalid for '--level <level>'"))
        #expect(output.standardError.contains("'nominal', 'ordinal', 'interval' or 'ratio'"))
    }

    @Test("several scores without --score exit 64 naming them")
    func severalScores() throws {
        let output = try agree(["scores.csv"])
        #expect(output.status == 64)
        #expect(
            output.standardError
                == "quire: error: scores.csv: several scores (correctness, tone): choose one with --score\n"
        )
    }

    @Test("--score picks one score's rows")
    func scoreFilter() throws {
        let output = try agree(["scores.csv", "--score", "correctness", "--level", "interval", "--json"])
        #expect(output.status == 0, "\(output)")
        let object = try #require(try JSONValue(parsing: output.standardOutput).objectValue)
        #expect(object["values"] == .int(2))
        #expect(object["percent_agreement"] == .int(0))
    }

    @Test("a path that is not a CSV file is read as a bundle, and one that is neither exits 65 naming it")
    func notCSV() throws {
        let output = try agree(["team.quire"])
        #expect(output.status == 65)
        #expect(output.standardError == "quire: error: team.quire: not a Quire bundle: no such file or directory\n")
    }

    @Test("CSV files mixed with bundles exit 64 naming the bundle")
    func mixedInputs() throws {
        let output = try agree(["ratings.csv", "team.quire"])
        #expect(output.status == 64)
        #expect(output.standardError.contains("team.quire: not a CSV file; give either ratings CSV files"))
    }

    @Test("a missing file exits 65 naming it")
    func missingFile() throws {
        let output = try agree(["absent.csv"])
        #expect(output.status == 65)
        #expect(output.standardError == "quire: error: absent.csv: open failed: No such file or directory\n")
    }

    @Test("--help describes the command and exits 0")
    func help() throws {
        let output = try agree(["--help"])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("USAGE: quire agree <inputs> ..."))
        #expect(output.standardOutput.contains("--level <level>"))
        #expect(output.standardError == "")
    }

    @Test("in process, the command's errors map to the same statuses")
    func inProcessStatuses() async {
        #expect(await QuireMain.run(arguments: ["agree", Self.fixtures + "/unterminated.csv"]) == 65)
        #expect(await QuireMain.run(arguments: ["agree", Self.fixtures + "/scores.csv"]) == 64)
        #expect(await QuireMain.run(arguments: ["agree", "--level", "cardinal", "x.csv"]) == 64)
    }

    /// A golden file of this suite, compared byte for byte; with `QUIRE_UPDATE_GOLDENS=1` it is first
    /// rewritten from the actual output, for the diff to be reviewed in the commit (STYLE.md §2.8).
    private func golden(_ name: String, actual: String) throws -> String {
        let path = Self.fixtures + "/" + name
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDENS"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
