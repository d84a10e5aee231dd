import QuireIO
public import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `command:` classifier: a user program judges each trace, so a local LLM judge can plug in
/// (DESIGN.md §2).
///
/// Protocol, per trace: the program gets the trace as one native JSON line on stdin and prints one JSON
/// object on stdout, `{"flag": bool, "reason": "…", "evidence": "…"}` (`reason` required when `flag` is
/// true; `evidence` optional; other members ignored). It runs without a shell (``CommandArguments`` splits
/// the words; write `sh -c '…'` for a pipeline), in its own process group, with the given environment, and
/// is killed with its group when the timeout passes.
///
/// A run that fails — non-zero exit, death by a signal, output that is not such an object, more than
/// ``outputLimit`` bytes of output, a timeout, a launch error — never stops the pack: it is reported as a
/// warning naming the trace and the failure, counted in the ``Classification/summary``, and the trace is
/// **not flagged**. A broken judge thus cannot route every trace to reviewers; the warnings and the count
/// tell the lead to fix it and pack again.
public struct CommandClassifier: Sendable {
    /// `command:` and the command text, as written in flags.
    public let name: String
    /// The resolved program path.
    public let executable: String
    /// argv: the program as written, then its arguments.
    public let arguments: [String]
    /// How long one trace may take.
    public let timeout: Duration
    /// How many programs run at once.
    public let maximumConcurrency: Int
    /// The most stdout bytes accepted per trace.
    public let outputLimit: Int
    private let environment: [String]
    private let temporaryDirectory: String

    /// The default time one trace may take.
    public static let defaultTimeout = Duration.seconds(10)

    /// Prepares a command, finding its program now so a typo fails the pack before any work.
    /// - Parameters:
    ///   - command: the text after `command:`, e.g. `./judge.sh --strict`.
    ///   - environment: the program's environment; a bare program name is looked up on its `PATH`.
    ///   - baseDirectory: what a relative program path (one with a `/`) is relative to, normally the queue
    ///     file's directory; nil for the current directory.
    ///   - timeout: how long one trace may take.
    ///   - maximumConcurrency: how many programs run at once.
    ///   - outputLimit: the most stdout bytes accepted per trace.
    ///   - temporaryDirectory: where each trace's stdin file is created (and at once unlinked); nil for
    ///     the system's.
    /// - Throws: ``ClassifierError`` `.emptyCommand`, `.unbalancedQuote`, `.programNotFound`,
    ///   `.programNotExecutable`.
    public init(
        command: String, environment: [String: String], baseDirectory: String? = nil,
        timeout: Duration = defaultTimeout, maximumConcurrency: Int = 2, outputLimit: Int = 1 << 20,
        temporaryDirectory: String? = nil
    ) throws(ClassifierError) {
        let command = command.trimmingWhitespace()
        let words = try CommandArguments.split(command)
        guard let program = words.first, !program.isEmpty else { throw .emptyCommand }
        name = ClassifierName.commandPrefix + command
        executable = try Self.resolve(program, path: environment["PATH"], baseDirectory: baseDirectory)
        arguments = words
        self.environment = environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }
        self.timeout = timeout
        self.maximumConcurrency = max(1, maximumConcurrency)
        self.outputLimit = outputLimit
        self.temporaryDirectory = temporaryDirectory ?? FileSystem.temporaryDirectory
    }

    /// How one trace's run ended.
    public enum Outcome: Sendable, Equatable {
        /// The program flagged the trace.
        case flagged(BundleItem.Flag)
        /// The program did not flag it.
        case notFlagged
        /// The run failed; the trace is not flagged.
        case failed(CommandFailure)
    }

    /// Counts over one batch of traces.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        /// Traces judged.
        public var traces: Int
        /// Traces the program flagged.
        public var flagged: Int
        /// Runs that failed (not flagged).
        public var failed: Int

        /// Creates counts.
        /// - Parameters:
        ///   - traces: traces judged.
        ///   - flagged: traces flagged.
        ///   - failed: runs that failed.
        public init(traces: Int, flagged: Int, failed: Int) {
            self.traces = traces
            self.flagged = flagged
            self.failed = failed
        }

        /// `40 traces: 3 flagged, 2 failed`.
        public var description: String { "\(traces) traces: \(flagged) flagged, \(failed) failed" }
    }

    /// The result of a batch, in the order of the traces given.
    public struct Classification: Sendable, Equatable {
        /// Each trace's id and outcome, in input order.
        public var outcomes: [(traceID: String, outcome: Outcome)]

        /// The flag per trace, in input order; nil when not flagged or failed.
        public var flags: [BundleItem.Flag?] {
            outcomes.map {
                if case .flagged(let flag) = $0.outcome { return flag }
                return nil
            }
        }

        /// The failures, in input order.
        public var failures: [(traceID: String, failure: CommandFailure)] {
            outcomes.compactMap {
                if case .failed(let failure) = $0.outcome { return ($0.traceID, failure) }
                return nil
            }
        }

        /// The counts.
        public var summary: Summary {
            Summary(traces: outcomes.count, flagged: flags.compactMap(\.self).count, failed: failures.count)
        }

        /// Compares outcomes pairwise.
        public static func == (lhs: Classification, rhs: Classification) -> Bool {
            lhs.outcomes.count == rhs.outcomes.count
                && zip(lhs.outcomes, rhs.outcomes).allSatisfy { $0.traceID == $1.traceID && $0.outcome == $1.outcome }
        }
    }

    /// Judges traces, running up to ``maximumConcurrency`` programs at once.
    ///
    /// Results come back in input order whatever order the programs finish in; each failure is sent to
    /// `diagnostics` as a warning, in input order once all runs are done, so the output is deterministic.
    /// Cancelling the calling task kills the running programs.
    /// - Parameters:
    ///   - traces: the traces.
    ///   - diagnostics: receives one warning per failed run.
    /// - Returns: every trace's outcome.
    public func classify(_ traces: [Trace], diagnostics: some DiagnosticSink) async -> Classification {
        var outcomes = [Outcome?](repeating: nil, count: traces.count)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            while next < traces.count && next < maximumConcurrency {
                let index = next
                group.addTask { (index, await self.judge(traces[index])) }
                next += 1
            }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < traces.count {
                    let index = next
                    group.addTask { (index, await self.judge(traces[index])) }
                    next += 1
                }
            }
        }
        var result = Classification(outcomes: [])
        for (trace, outcome) in zip(traces, outcomes) {
            let outcome = outcome ?? .failed(.cancelled)
            if case .failed(let failure) = outcome {
                diagnostics.emit(
                    Diagnostic(.warning, "\(name): trace \(trace.id): \(failure); trace not flagged"))
            }
            result.outcomes.append((trace.id, outcome))
        }
        return result
    }

    /// Judges one trace.
    /// - Parameter trace: the trace.
    /// - Returns: its outcome.
    public func judge(_ trace: Trace) async -> Outcome {
        let input = Array(trace.json.jsonText.utf8) + [0x0A]
        let outcome = await ChildProcess.run(
            executable: executable, arguments: arguments, environment: environment, input: input,
            timeout: timeout, outputLimit: outputLimit, temporaryDirectory: temporaryDirectory)
        switch outcome {
        case .exited(status: 0, let stdout, _):
            switch CommandVerdict.parse(stdout) {
            case .success(let verdict):
                guard let verdict else { return .notFlagged }
                return .flagged(BundleItem.Flag(classifier: name, reason: verdict.reason, evidence: verdict.evidence))
            case .failure(let failure): return .failed(failure)
            }
        case .exited(let status, _, let stderr): return .failed(.exitStatus(status, stderr: Self.firstLine(stderr)))
        case .signaled(let signal, let stderr): return .failed(.signal(signal, stderr: Self.firstLine(stderr)))
        case .timedOut: return .failed(.timedOut(timeout))
        case .outputTooLarge: return .failed(.outputTooLarge(limit: outputLimit))
        case .launchFailed(let operation, let code):
            return .failed(.launchFailed("\(operation): \(SystemErrno.message(for: code))"))
        case .cancelled: return .failed(.cancelled)
        }
    }

    /// The first non-blank line of stderr, cleaned and cut, for messages.
    private static func firstLine(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first { !$0.trimmingWhitespace().isEmpty } ?? ""
        return EvidenceText.prefix(line, limit: 200)
    }

    /// Finds the program: a path with `/` as given (relative to `baseDirectory`), a bare name on `PATH`.
    private static func resolve(_ program: String, path: String?, baseDirectory: String?) throws(ClassifierError)
        -> String
    {
        if program.contains("/") {
            var relative = Substring(program)
            while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
            let candidate =
                program.hasPrefix("/") || baseDirectory == nil
                ? program : FileSystem.join(baseDirectory ?? ".", String(relative))
            guard FileSystem.exists(candidate) else { throw .programNotFound(program) }
            guard isExecutableFile(candidate) else { throw .programNotExecutable(candidate) }
            return candidate
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(
            separator: ":", omittingEmptySubsequences: true)
        for directory in directories {
            let candidate = FileSystem.join(String(directory), program)
            if isExecutableFile(candidate) { return candidate }
        }
        throw .programNotFound(program)
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        FileSystem.isRegularFile(path) && access(path, X_OK) == 0
    }
}

/// Why a `command:` classifier's run for one trace failed.
public enum CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// It ran past the timeout; its process group was killed.
    case timedOut(Duration)
    /// It exited with a non-zero status; the first line of its stderr.
    case exitStatus(Int32, stderr: String)
    /// A signal ended it; the first line of its stderr.
    case signal(Int32, stderr: String)
    /// Its stdout is not one `{"flag": bool, …}` object; what is wrong.
    case invalidOutput(String)
    /// It wrote more than the limit to stdout; its process group was killed.
    case outputTooLarge(limit: Int)
    /// It could not be started; the failing call and the system's message.
    case launchFailed(String)
    /// The pack was cancelled while it ran; it was killed.
    case cancelled

    /// What happened, in one line.
    public var description: String {
        switch self {
        case .timedOut(let timeout): "timed out after \(Self.seconds(timeout)) s (process group killed)"
        case .exitStatus(let status, let stderr): "exited with status \(status)" + Self.suffix(stderr)
        case .signal(let signal, let stderr): "killed by signal \(signal)" + Self.suffix(stderr)
        case .invalidOutput(let reason): "invalid output: \(reason)"
        case .outputTooLarge(let limit): "wrote more than \(limit) bytes to stdout (process group killed)"
        case .launchFailed(let reason): "could not start: \(reason)"
        case .cancelled: "cancelled (process group killed)"
        }
    }

    private static func suffix(_ stderr: String) -> String {
        stderr.isEmpty ? "" : ": \(stderr)"
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return String(seconds) }
        return ResourceNumberText.decimal(Double(seconds) + Double(attoseconds) / 1e18)
    }
}
