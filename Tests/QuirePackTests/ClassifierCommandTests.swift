import Foundation
import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// `command:` classifiers running real programs: small shell scripts written to a temp directory.
@Suite("command: classifiers")
struct ClassifierCommandTests {
    static let environment = ["PATH": "/usr/bin:/bin"]

    /// Writes an executable `#!/bin/sh` script.
    static func script(_ body: String, named name: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.file(name)
        try FileSystem.writeAtomically("#!/bin/sh\n" + body + "\n", to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    static func traces(_ ids: [String]) throws -> [Trace] {
        try ids.map { try ClassifierFixtures.trace(id: $0) }
    }

    static func classifier(
        _ command: String, in directory: TemporaryDirectory, timeout: Duration = .seconds(20),
        outputLimit: Int = 1 << 20
    ) throws -> CommandClassifier {
        try CommandClassifier(
            command: command, environment: environment, baseDirectory: directory.path, timeout: timeout,
            outputLimit: outputLimit)
    }

    @Test("the program's verdicts come back in input order, flags carrying its reason and evidence")
    func flagsAndNonFlagsInOrder() async throws {
        let directory = try TemporaryDirectory()
        // Later traces finish first, so completion order differs from input order.
        _ = try Self.script(
            #"""
            input=$(cat)
            case "$input" in
              *'"id":"t1"'*) sleep 0.6 ;;
              *'"id":"t2"'*) sleep 0.3 ;;
            esac
            case "$input" in
              *'"id":"bad-'*) printf '{"flag": true, "reason": "judge:\\n wrong\\ttone", "evidence": "said \\"whatever\\"", "score": 2}\n' ;;
              *) echo '{"flag": false, "reason": "fine"}' ;;
            esac
            """#, named: "judge.sh", in: directory)
        let classifier = try Self.classifier("./judge.sh", in: directory)
        #expect(classifier.name == "command:./judge.sh")
        let diagnostics = CollectedDiagnostics()
        let result = await classifier.classify(
            try Self.traces(["t1", "bad-1", "t2", "bad-2", "t3"]), diagnostics: diagnostics)
        let flag = BundleItem.Flag(
            classifier: "command:./judge.sh", reason: "judge: wrong tone", evidence: #"said "whatever""#)
        #expect(result.outcomes.map(\.traceID) == ["t1", "bad-1", "t2", "bad-2", "t3"])
        #expect(
            result.outcomes.map(\.outcome) == [.notFlagged, .flagged(flag), .notFlagged, .flagged(flag), .notFlagged])
        #expect(result.flags == [nil, flag, nil, flag, nil])
        #expect(result.summary == CommandClassifier.Summary(traces: 5, flagged: 2, failed: 0))
        #expect(diagnostics.all.isEmpty)
    }

    @Test("the program reads the trace as one native JSON line, even a 444 KB hostile one")
    func stdinIsTheNativeLine() async throws {
        let directory = try TemporaryDirectory()
        _ = try Self.script(#"cat > "$1"; echo '{"flag": false}'"#, named: "tee.sh", in: directory)
        let hostile = try #require(try ClassifierFixtures.sample().first { $0.id == "hos-002" })
        let seen = directory.file("seen.jsonl")
        let classifier = try Self.classifier("./tee.sh '\(seen)'", in: directory)
        let outcome = await classifier.judge(hostile)
        #expect(outcome == .notFlagged)
        #expect(try FileSystem.readText(seen) == hostile.json.jsonText + "\n")
    }

    @Test("a program past its timeout is reported, and it and its children are killed")
    func timeoutKillsTheProcessGroup() async throws {
        let directory = try TemporaryDirectory()
        let pids = directory.file("pids")
        _ = try Self.script(#"sleep 30 & echo $! > "$1"; echo $$ >> "$1"; wait"#, named: "slow.sh", in: directory)
        let classifier = try Self.classifier("./slow.sh \(pids)", in: directory, timeout: .seconds(1))
        let diagnostics = CollectedDiagnostics()
        let result = await classifier.classify(try Self.traces(["t1"]), diagnostics: diagnostics)
        #expect(result.outcomes.map(\.outcome) == [.failed(.timedOut(.seconds(1)))])
        #expect(result.summary == CommandClassifier.Summary(traces: 1, flagged: 0, failed: 1))
        #expect(
            diagnostics.all.map(\.description) == [
                "warning: command:./slow.sh \(pids): trace t1: timed out after 1 s (process group killed); trace not flagged"
            ])
        let started = try FileSystem.readText(pids).split(separator: "\n").compactMap { Int32($0) }
        #expect(started.count == 2)
        for pid in started { #expect(await Self.becomesGone(pid), "pid \(pid) still running") }
    }

    /// Whether a process ends within a few seconds: SIGKILL to a process group is delivered asynchronously,
    /// so a grandchild can still be running for a moment after the group was signalled.
    static func becomesGone(_ pid: Int32) async -> Bool {
        for _ in 0..<250 {
            if isGone(pid) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isGone(pid)
    }

    /// Whether a process has ended: no `/proc` entry, or a zombie waiting for its (new) parent to reap it.
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? FileSystem.readText("/proc/\(pid)/stat") else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    static let badOutputs: [(body: String, failure: CommandFailure)] = [
        ("echo hello", .invalidOutput("not one JSON object: unexpected character 'h' at byte 1")),
        (
            #"echo '{"flag": false}{"flag": true}'"#,
            .invalidOutput("not one JSON object: unexpected data after the JSON value at byte 16")
        ),
        ("true", .invalidOutput("no output")),
        (#"echo '[1]'"#, .invalidOutput("expected a JSON object, found array")),
        (#"echo '{"flag": "yes"}'"#, .invalidOutput(#""flag" must be true or false"#)),
        (#"echo '{"reason": "x"}'"#, .invalidOutput(#""flag" must be true or false"#)),
        (
            #"echo '{"flag": true, "reason": " "}'"#,
            .invalidOutput(#""reason" must be a non-empty string when "flag" is true"#)
        ),
        (
            #"echo '{"flag": true, "reason": "r", "evidence": 5}'"#,
            .invalidOutput(#""evidence" must be a string, found number"#)
        ),
        ("echo boom >&2; echo '{\"flag\": true, \"reason\": \"r\"}'; exit 3", .exitStatus(3, stderr: "boom")),
        ("printf '\\n  first line\\nsecond\\n' >&2; exit 1", .exitStatus(1, stderr: "first line")),
        ("kill -9 $$", .signal(9, stderr: "")),
    ]

    @Test("bad output, a non-zero exit or a signal is a failure: reported, counted, not flagged", arguments: badOutputs)
    func failuresAreReported(body: String, failure: CommandFailure) async throws {
        let directory = try TemporaryDirectory()
        _ = try Self.script("cat > /dev/null\n" + body, named: "bad.sh", in: directory)
        let classifier = try Self.classifier("./bad.sh", in: directory)
        let diagnostics = CollectedDiagnostics()
        let result = await classifier.classify(try Self.traces(["a", "b"]), diagnostics: diagnostics)
        #expect(result.outcomes.map(\.outcome) == [.failed(failure), .failed(failure)])
        #expect(result.flags == [nil, nil])
        #expect(result.summary.description == "2 traces: 0 flagged, 2 failed")
        #expect(
            diagnostics.all.map(\.message) == [
                "command:./bad.sh: trace a: \(failure); trace not flagged",
                "command:./bad.sh: trace b: \(failure); trace not flagged",
            ])
        #expect(diagnostics.all.allSatisfy { $0.severity == .warning })
    }

    @Test("a program writing past the output limit is killed and reported")
    func outputLimit() async throws {
        let directory = try TemporaryDirectory()
        _ = try Self.script("yes", named: "flood.sh", in: directory)
        let classifier = try Self.classifier("./flood.sh", in: directory, outputLimit: 1000)
        #expect(await classifier.judge(try ClassifierFixtures.trace()) == .failed(.outputTooLarge(limit: 1000)))
    }

    @Test("a long reason and evidence are cleaned and cut for the reviewer")
    func longVerdictIsBounded() async throws {
        let directory = try TemporaryDirectory()
        _ = try Self.script(
            #"""
            cat > /dev/null
            long=$(printf 'x%.0s' $(seq 1 900))
            printf '{"flag": true, "reason": "%s", "evidence": "<b>%s</b>\\u0000"}\n' "$long" "$long"
            """#, named: "long.sh", in: directory)
        let outcome = try await Self.classifier("./long.sh", in: directory).judge(try ClassifierFixtures.trace())
        guard case .flagged(let flag) = outcome else {
            Issue.record("expected a flag, got \(outcome)")
            return
        }
        #expect(flag.reason.unicodeScalars.count == 500)
        #expect(flag.evidence.unicodeScalars.count == 160)
        #expect(flag.evidence.hasPrefix("<b>xxx"))
        #expect(flag.evidence.hasSuffix("x…"))
    }

    @Test("at most two programs run at once")
    func boundedParallelism() async throws {
        let directory = try TemporaryDirectory()
        _ = try Self.script(
            #"""
            cat > /dev/null
            mkdir "$1/run.$$"
            ls -d "$1"/run.* | wc -l >> "$1/counts"
            sleep 0.1
            rmdir "$1/run.$$"
            echo '{"flag": false}'
            """#, named: "count.sh", in: directory)
        let classifier = try Self.classifier("./count.sh \(directory.path)", in: directory)
        #expect(classifier.maximumConcurrency == 2)
        let result = await classifier.classify(
            try Self.traces((0..<8).map { "t\($0)" }), diagnostics: IgnoringDiagnostics())
        #expect(result.summary == CommandClassifier.Summary(traces: 8, flagged: 0, failed: 0))
        let counts = try FileSystem.readText(directory.file("counts")).split(separator: "\n").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        #expect(counts.count == 8)
        #expect(counts.allSatisfy { (1...2).contains($0) }, "\(counts)")
    }

    @Test("cancelling the pack kills running programs and reports them cancelled")
    func cancellationKills() async throws {
        let directory = try TemporaryDirectory()
        _ = try Self.script(
            "cat > /dev/null; sleep 30; echo '{\"flag\": true, \"reason\": \"late\"}'", named: "slow.sh", in: directory)
        let classifier = try Self.classifier("./slow.sh", in: directory, timeout: .seconds(60))
        let traces = try Self.traces(["t1"])
        let result = await withTaskGroup(of: CommandClassifier.Classification.self) { group in
            group.addTask { await classifier.classify(traces, diagnostics: IgnoringDiagnostics()) }
            group.cancelAll()
            return await group.next()
        }
        #expect(result?.outcomes.map(\.outcome) == [.failed(.cancelled)])
    }

    @Test("a missing or non-executable program fails when the classifier is made")
    func missingProgram() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: ClassifierError.programNotFound("./nope.sh")) {
            try Self.classifier("./nope.sh", in: directory)
        }
        #expect(throws: ClassifierError.programNotFound("no-such-judge-xyz")) {
            try Self.classifier("no-such-judge-xyz --flag", in: directory)
        }
        try FileSystem.writeAtomically("#!/bin/sh\n", to: directory.file("plain.sh"))
        #expect(throws: ClassifierError.programNotExecutable(directory.file("plain.sh"))) {
            try Self.classifier("./plain.sh", in: directory)
        }
        #expect(throws: ClassifierError.programNotExecutable(directory.path + "/.")) {
            try Self.classifier("./.", in: directory)
        }
        #expect(throws: ClassifierError.emptyCommand) { try Self.classifier("  ", in: directory) }
    }

    @Test("a program that disappears after setup fails per trace without stopping the others")
    func programRemovedLater() async throws {
        let directory = try TemporaryDirectory()
        let path = try Self.script("cat > /dev/null; echo '{\"flag\": false}'", named: "gone.sh", in: directory)
        let classifier = try Self.classifier("./gone.sh", in: directory)
        try FileManager.default.removeItem(atPath: path)
        let diagnostics = CollectedDiagnostics()
        let result = await classifier.classify(try Self.traces(["a", "b", "c"]), diagnostics: diagnostics)
        #expect(result.failures.map(\.traceID) == ["a", "b", "c"])
        #expect(
            result.failures.map(\.failure)
                == Array(repeating: .launchFailed("posix_spawn: No such file or directory"), count: 3))
        #expect(diagnostics.all.count == 3)
    }
}
