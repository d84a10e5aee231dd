import Foundation
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire score`, `quire seal` and `quire annotate` as a user runs them.
@Suite("quire score, seal and annotate")
struct ScoreSealCommandTests {
    private struct Fixture {
        let temp: TemporaryDirectory
        let bundle: String
        let ids: [String]

        init(reviewer: String? = "ana") throws {
            temp = try TemporaryDirectory()
            bundle = temp.file("b")
            try SampleBundle.write(to: bundle, count: 3, reviewer: reviewer)
            ids = try AnnotationBundle(directory: bundle).index.ids
        }

        /// The same bag as a `.quire` archive, as pack writes it.
        func archive() throws -> String {
            let path = temp.file("b.quire")
            try BundleArchiver.archive(directory: bundle, to: path)
            return path
        }
    }

    private func score(_ bundle: String, _ item: String, _ name: String, _ value: String, _ extra: [String] = [])
        throws -> QuireBinary.Output
    {
        try QuireBinary.run(["score", bundle, "--item", item, "--name", name, "--value", value] + extra)
    }

    @Test("--complete records the score and then marks the item done; alone it only marks the item")
    func completeMarksItemDone() throws {
        let fixture = try Fixture()
        let both = try score(fixture.bundle, fixture.ids[0], "tone", "good", ["--complete"])
        #expect(
            both.standardOutput
                == "saved seq 1: \(fixture.ids[0]) tone = \"good\"\nsaved seq 2: \(fixture.ids[0]) complete\n")
        let alone = try QuireBinary.run(["score", fixture.bundle, "--item", fixture.ids[1], "--complete"])
        #expect(alone.standardOutput == "saved seq 3: \(fixture.ids[1]) complete\n")
        let state = ReviewState.replay(try AnnotationBundle(directory: fixture.bundle).readJournal().events)
        #expect(state.status(of: fixture.ids[0]) == .completed)
        #expect(state.status(of: fixture.ids[1]) == .completed)
        #expect(state.item(fixture.ids[1]).scores.isEmpty)
        let neither = try QuireBinary.run(["score", fixture.bundle, "--item", fixture.ids[2]])
        #expect(neither.status == 64)
        #expect(neither.standardError.contains("give --name and --value, or --complete, or both"))
    }

    @Test("score prints the acknowledged seq, in text and as JSON")
    func scoreOutput() throws {
        let fixture = try Fixture()
        let text = try score(fixture.bundle, fixture.ids[0], "tone", "good")
        #expect(text.status == 0, "\(text)")
        #expect(text.standardOutput == "saved seq 1: \(fixture.ids[0]) tone = \"good\"\n")
        #expect(text.standardError == "")
        let json = try score(fixture.bundle, fixture.ids[0], "correctness", "4", ["--comment", "close", "--json"])
        #expect(json.status == 0, "\(json)")
        let object = try JSONValue(parsing: json.standardOutput)
        #expect(object["seq"] == .int(2))
        #expect(object["value"] == .int(4))
        #expect(object["reviewer"] == .string("ana"))
        let events = try AnnotationBundle(directory: fixture.bundle).readJournal().events
        #expect(
            events.last?.payload == ["name": .string("correctness"), "value": .int(4), "comment": .string("close")])
    }

    @Test(
        "a refused score exits 65 with the allowed values on stderr and writes nothing",
        arguments: [
            (
                "correctness", "7",
                "score \"correctness\": 7 is not allowed; expected a number from 1 to 5 in steps of 1"
            ),
            (
                "correctness", "four",
                "score \"correctness\": \"four\" is not a number; expected a number from 1 to 5 in steps of 1"
            ),
            ("tone", "great", "score \"tone\": \"great\" is not allowed; expected one of good, neutral, bad"),
            ("hallucination", "maybe", "score \"hallucination\": \"maybe\" is not allowed; expected true or false"),
            (
                "helpfulness", "3",
                "BUNDLE: no score \"helpfulness\" in this queue; expected one of correctness, tone, hallucination, notes, "
                    + "expected_output"
            ),
        ])
    func refusedScore(name: String, value: String, message: String) throws {
        let fixture = try Fixture()
        let output = try score(fixture.bundle, fixture.ids[1], name, value)
        #expect(output.status == 65)
        #expect(output.standardOutput == "")
        #expect(output.standardError == "quire: error: \(message.replacing("BUNDLE", with: fixture.bundle))\n")
        #expect(try FileSystem.readFile(FileSystem.join(fixture.bundle, BundleLayout.journal)).isEmpty)
    }

    @Test("an unknown item exits 65 naming it; an open bundle without --reviewer exits 64")
    func unknownItemAndReviewer() throws {
        let fixture = try Fixture()
        let unknown = try score(fixture.bundle, "nope", "tone", "good")
        #expect(unknown.status == 65)
        #expect(unknown.standardError == "quire: error: \(fixture.bundle): no item \"nope\" in this bundle\n")
        let open = try Fixture(reviewer: nil)
        let anonymous = try score(open.bundle, open.ids[0], "tone", "good")
        #expect(anonymous.status == 64)
        #expect(
            anonymous.standardError
                == "quire: error: \(open.bundle): this is an open bundle; name yourself with --reviewer NAME "
                + "(recorded with every score)\n")
        let named = try score(open.bundle, open.ids[0], "tone", "good", ["--reviewer", "zoe"])
        #expect(named.status == 0, "\(named)")
        #expect(try score(open.bundle, open.ids[1], "tone", "bad").status == 0)
    }

    @Test("seal writes scores.jsonl and the tag manifest; verify then reports the bundle sealed")
    func sealDirectory() throws {
        let fixture = try Fixture()
        #expect(try score(fixture.bundle, fixture.ids[0], "correctness", "5").status == 0)
        #expect(try score(fixture.bundle, fixture.ids[2], "hallucination", "true").status == 0)
        let sealed = try QuireBinary.run(["seal", fixture.bundle])
        #expect(sealed.status == 0, "\(sealed)")
        #expect(
            sealed.standardOutput
                == "sealed \(fixture.bundle): 2 scores from 2 journal events (0 of 3 items complete)\n")
        let verify = try QuireBinary.run(["verify", fixture.bundle])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.standardOutput.contains("2 journal events, sealed"))
        let lines = try FileSystem.readText(FileSystem.join(fixture.bundle, BundleLayout.scores)).split(separator: "\n")
        #expect(lines.count == 2)
    }

    @Test("an archive is worked on in B.d/ and seal writes it back, atomically, so verify of the archive passes")
    func sealArchive() throws {
        let fixture = try Fixture()
        let archive = try fixture.archive()
        let before = try FileSystem.readFile(archive)
        #expect(try score(archive, fixture.ids[1], "tone", "neutral").status == 0)
        #expect(FileSystem.isDirectory(archive + ".d"))
        #expect(try FileSystem.readFile(archive) == before)
        let sealed = try QuireBinary.run(["seal", archive, "--json"])
        #expect(sealed.status == 0, "\(sealed)")
        #expect(try JSONValue(parsing: sealed.standardOutput)["scores"] == .int(1))
        #expect(try FileSystem.readFile(archive) != before)
        let verify = try QuireBinary.run(["verify", archive])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.standardOutput.contains("1 journal events, sealed"))
        // Work resumes in the same B.d/ after the seal.
        #expect(try score(archive, fixture.ids[2], "tone", "bad").standardOutput.hasPrefix("saved seq 2:"))
    }

    @Test("annotate prints only the URL on stdout at once, and SIGTERM stops it with exit 0")
    func annotateLifecycle() throws {
        let fixture = try Fixture()
        let server = try BackgroundProcess(
            try QuireBinary.path(), ["annotate", fixture.bundle, "--no-open", "--port", "0"],
            standardError: fixture.temp.file("annotate.err"))
        let url = try #require(server.readLine(timeout: .seconds(30)))
        #expect(url.wholeMatch(of: /http:\/\/127\.0\.0\.1:[0-9]{2,5}\/\?token=[0-9a-f]{64}/) != nil, "\(url)")
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
        #expect(String(decoding: server.transcript, as: UTF8.self) == url + "\n")
        let errors = try FileSystem.readText(fixture.temp.file("annotate.err"))
        #expect(errors.hasSuffix("quire: stopped; every acknowledged change is in the journal\n"), "\(errors)")
    }

    @Test("annotate on a busy port exits 1 naming the address")
    func annotateBusyPort() throws {
        let fixture = try Fixture()
        let other = try Fixture()
        let first = try BackgroundProcess(
            try QuireBinary.path(), ["annotate", fixture.bundle, "--no-open"],
            standardError: fixture.temp.file("first.err"))
        let url = try #require(first.readLine(timeout: .seconds(30)))
        let port = try #require(url.split(separator: ":").last?.split(separator: "/").first)
        let second = try QuireBinary.run(["annotate", other.bundle, "--no-open", "--port", String(port)])
        #expect(second.status == 1, "\(second)")
        #expect(second.standardError.contains("cannot listen on 127.0.0.1:\(port)"), "\(second)")
        first.signal(SIGTERM)
        #expect(first.wait() == 0)
    }
}
