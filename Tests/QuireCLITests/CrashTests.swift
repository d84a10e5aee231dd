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

/// `kill -9` at random moments while `quire score` saves in a loop: every save it acknowledged must be in the
/// journal afterwards, and the bundle must verify (DESIGN.md §3: "everything acknowledged survives kill -9").
@Suite("Crash safety of quire score")
struct CrashTests {
    private struct Acknowledged {
        var seq: Int
        var value: JSONValue
    }

    @Test("every acknowledged save survives SIGKILL at 30 seeded random moments, and the bundle verifies")
    func acknowledgedSavesSurviveKill() throws {
        let temp = try TemporaryDirectory()
        let bundle = temp.file("b")
        try SampleBundle.write(to: bundle, count: 3, reviewer: "ana")
        let item = try AnnotationBundle(directory: bundle).index.ids[1]
        let quire = try QuireBinary.path()
        // The loop prints each acknowledged save as one JSON line; it stops at the first refused save.
        let loop = """
            i=0
            while :; do
              "$0" score "$1" --item "$2" --name correctness --value $((i % 5 + 1)) --json || exit 1
              i=$((i + 1))
            done
            """
        var rng = SplitMix64(seed: 20_261_123)
        var acknowledged: [Acknowledged] = []
        var roundsWithSaves = 0
        for round in 0..<30 {
            let child = try BackgroundProcess(
                "/bin/sh", ["-c", loop, quire, bundle, item], standardError: temp.file("stderr-\(round)"))
            child.pump(for: .milliseconds(Int.random(in: 40...400, using: &rng)))
            child.signalGroup(SIGKILL)
            let status = child.wait()
            #expect(status == 128 + SIGKILL, "round \(round): the loop ended by itself (\(status))")
            var saves = 0
            for line in child.takeCompleteLines() {
                let json = try JSONValue(parsing: line)
                let seq = try #require(json["seq"]?.intValue, "round \(round): \(line)")
                acknowledged.append(Acknowledged(seq: seq, value: json["value"] ?? .null))
                saves += 1
            }
            if saves > 0 { roundsWithSaves += 1 }

            let journal = try AnnotationBundle(directory: bundle, name: "b").readJournal()
            for ack in acknowledged {
                let event = journal.events.first { $0.seq == ack.seq }
                #expect(event?.payload["value"] == ack.value, "round \(round): acknowledged seq \(ack.seq) is missing")
            }
            let summary = try BundleVerifier.verify(directory: bundle, name: "b", isArchive: false)
            #expect(summary.journalEvents == journal.events.count)
        }
        let firstErrors = try FileSystem.readText(temp.file("stderr-0"))
        #expect(roundsWithSaves > 0, "no round acknowledged a save: \(firstErrors)")
        #expect(acknowledged.map(\.seq) == acknowledged.map(\.seq).sorted())
        #expect(Set(acknowledged.map(\.seq)).count == acknowledged.count)
    }

    @Test("a running annotator locks other processes out, and its death by SIGKILL releases the lock")
    func lockAcrossProcesses() throws {
        let temp = try TemporaryDirectory()
        let bundle = temp.file("b")
        try SampleBundle.write(to: bundle, count: 2, reviewer: "ana")
        let item = try AnnotationBundle(directory: bundle).index.ids[0]
        let quire = try QuireBinary.path()
        let server = try BackgroundProcess(
            quire, ["annotate", bundle, "--no-open"], standardError: temp.file("annotate.err"))
        let url = try #require(server.readLine(timeout: .seconds(30)))
        #expect(url.hasPrefix("http://127.0.0.1:"))

        #expect(throws: BundleError.locked(bundle: "b", lockFile: FileSystem.join(bundle, ".lock"))) {
            _ = try JournalWriter(
                bundle: AnnotationBundle(directory: bundle, name: "b"), reviewer: nil, clock: SteppingClock().read,
                diagnostics: IgnoringDiagnostics())
        }
        let refused = try QuireBinary.run(["score", bundle, "--item", item, "--name", "correctness", "--value", "3"])
        #expect(refused.status == 64)
        #expect(
            refused.standardError
                == "quire: error: \(bundle): another annotator is working on this bundle (lock held on "
                + "\(bundle)/.lock); close it first, or work on a copy\n")

        server.signalGroup(SIGKILL)
        #expect(server.wait() == 128 + SIGKILL)
        let accepted = try QuireBinary.run(["score", bundle, "--item", item, "--name", "correctness", "--value", "3"])
        #expect(accepted.status == 0, "\(accepted)")
        #expect(accepted.standardOutput == "saved seq 1: \(item) correctness = 3\n")
    }
}
