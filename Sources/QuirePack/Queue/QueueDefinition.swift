import QuireIO
public import QuireModel

/// A validated queue file with everything resolved (DESIGN.md §1 "Queue file"): what `pack` turns into bundles.
///
/// Load one with ``load(contentsOf:)``; every field has been checked, paths are resolved against the queue
/// file's directory, the instructions file has been read and the filter parsed.
public struct QueueDefinition: Sendable, Equatable {
    /// Where reviewers' instructions come from.
    public enum Instructions: Sendable, Equatable {
        /// None were given.
        case none
        /// Markdown written in the queue file.
        case inline(String)
        /// A Markdown file: the path as written (relative to the queue file) and its text.
        case file(path: String, text: String)

        /// The Markdown text; empty for none.
        public var text: String {
            switch self {
            case .none: ""
            case .inline(let text): text
            case .file(_, let text): text
            }
        }
    }

    /// How a source's traces are read (DESIGN.md §1 "Traces").
    public enum SourceFormat: String, Sendable, Equatable, CaseIterable {
        /// Sniffed per file.
        case auto
        /// Native JSONL.
        case native
        /// A Langfuse trace export.
        case langfuse
        /// OTLP/JSON with OpenTelemetry GenAI attributes.
        case otlp
        /// OpenInference spans.
        case openinference
        /// Braintrust log events.
        case braintrust
    }

    /// Where traces are read from.
    public struct Source: Sendable, Equatable {
        /// The path or glob as written in the queue file, or `-` for standard input.
        public var path: String
        /// The path or glob resolved against the queue file's directory (unchanged when absolute, or `-`).
        public var resolvedPath: String
        /// The format.
        public var format: SourceFormat

        /// Creates a source.
        /// - Parameters:
        ///   - path: the path as written.
        ///   - resolvedPath: the resolved path.
        ///   - format: the format.
        public init(path: String, resolvedPath: String, format: SourceFormat) {
            self.path = path
            self.resolvedPath = resolvedPath
            self.format = format
        }

        /// Whether the source is standard input (`-`).
        public var isStandardInput: Bool { path == "-" }

        /// The regular files the glob matches now, sorted; empty for standard input.
        /// - Returns: absolute or queue-relative paths as resolved.
        public func matchingFiles() -> [String] {
            guard !isStandardInput else { return [] }
            return FileSystem.glob(resolvedPath).filter(FileSystem.isRegularFile)
        }
    }

    /// A classifier a queue runs; when any are listed, only traces some classifier flags are kept.
    public struct Classifier: Sendable, Equatable {
        /// What runs: a system classifier or a `command:` program (checked for balanced quotes at load time).
        public var kind: ClassifierName
        /// For a command, how long one trace may take (``CommandClassifier/defaultTimeout`` unless the queue
        /// says `timeout:`); nil for system classifiers.
        public var timeout: Duration?
        /// For a command written as `{command: …, name: …}`, the name the queue gives it; nil otherwise.
        public var label: String?

        /// Creates a classifier entry.
        /// - Parameters:
        ///   - kind: what runs.
        ///   - timeout: for a command, the time one trace may take.
        ///   - label: for a command, the queue's name for it.
        public init(_ kind: ClassifierName, timeout: Duration? = nil, label: String? = nil) {
            self.kind = kind
            self.timeout = timeout
            self.label = label
        }

        /// The name shown for the classifier: the queue's label, else `tool-call-errors`, `command:./judge.sh`….
        public var name: String { label ?? kind.description }

        /// Whether a user program runs.
        public var isCommand: Bool {
            if case .command = kind { return true }
            return false
        }
    }

    /// Deterministic sampling (DESIGN.md §2).
    public struct Sample: Sendable, Equatable {
        /// The share kept in hundredths of a percent, 1…10000 (`10` % is 1000).
        public var hundredths: Int
        /// The sampling key; the queue name when the file gives none.
        public var key: String

        /// Creates a sample.
        /// - Parameters:
        ///   - hundredths: the share kept in hundredths of a percent.
        ///   - key: the key.
        public init(hundredths: Int, key: String) {
            self.hundredths = hundredths
            self.key = key
        }

        /// The share kept, in percent.
        public var percent: Double { Double(hundredths) / 100 }

        /// The sampler that applies it.
        public var sampler: Sampler { Sampler(percent: percent, key: key) }
    }

    /// The queue file as the user named it; messages and provenance use it.
    public var path: String
    /// 1–64 characters of `[A-Za-z0-9._-]`; names the bundles.
    public var name: String
    /// What the queue is for.
    public var description: String?
    /// What reviewers read first.
    public var instructions: Instructions
    /// Where traces come from; empty when the file names none (pack then needs `--traces`).
    public var sources: [Source]
    /// Which traces are kept.
    public var filter: FilterExpression?
    /// System classifiers; when any are listed, only traces some classifier flags are kept.
    public var classifiers: [Classifier]
    /// Deterministic sampling.
    public var sample: Sample?
    /// What one review item is.
    public var unit: SelectionUnit
    /// At most this many items.
    public var limit: Int?
    /// The order items are taken in before the limit.
    public var order: SelectionOrder
    /// What reviewers score; at least one, names unique.
    public var scores: [ScoreConfig]
    /// The reviewers; empty for one open bundle whose reviewer names themself.
    public var reviewers: [String]
    /// Reviewers per item, 1…reviewers (1 without reviewers).
    public var overlap: Int
    /// Whether reviewers never see other humans' or EVAL scores.
    public var isBlind: Bool

    /// Creates a definition with defaults: no sources, filter, classifiers, sample or limit; unit trace, order
    /// random, no reviewers, overlap 1, blind.
    /// - Parameters:
    ///   - path: the queue file's path.
    ///   - name: the queue name.
    ///   - scores: the score configs.
    public init(path: String, name: String, scores: [ScoreConfig]) {
        self.path = path
        self.name = name
        self.description = nil
        self.instructions = .none
        self.sources = []
        self.filter = nil
        self.classifiers = []
        self.sample = nil
        self.unit = .trace
        self.limit = nil
        self.order = .random
        self.scores = scores
        self.reviewers = []
        self.overlap = 1
        self.isBlind = true
    }

    /// The seed of `order: random`: the sample key, or the queue name when there is no sample.
    public var orderKey: String { sample?.key ?? name }
}
