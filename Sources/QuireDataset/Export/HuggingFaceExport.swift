import QuireModel

/// A directory `datasets.load_dataset(PATH, split="train")` loads as is: `data/train.jsonl` and a
/// `README.md` dataset card whose YAML header declares the config, the split's file and the features.
///
/// Free-form JSON (input, output, expected, annotations, metadata) is written as JSON text in string
/// columns: Arrow needs one type per column, and traces mix strings, message arrays and objects in the
/// same field. Scores are a struct with one typed field per score config.
enum HuggingFaceExport {
    static let dataPath = "data/train.jsonl"

    static func files(_ version: DatasetVersion, license: String) -> [(path: String, bytes: [UInt8])] {
        let manifest = version.manifest
        let rows = version.records.map { row($0, scores: manifest.scores) }
        let data = JSONLines.bytes(rows)
        return [
            ("README.md", Array(card(manifest, rows: rows.count, bytes: data.count, license: license).utf8)),
            (dataPath, data),
        ]
    }

    /// The feature type of a score's column.
    static func dtype(_ config: ScoreConfig) -> String {
        switch config.kind {
        case .numeric: "float64"
        case .boolean: "bool"
        case .categorical, .text, .correction: "string"
        }
    }

    /// One row: JSON text for free-form fields, typed scores.
    static func row(_ record: DatasetRecord, scores configs: [ScoreConfig]) -> JSONValue {
        func text(_ value: JSONValue) -> JSONValue { value.isNull ? .null : .string(value.jsonText) }
        var scores = JSONObject()
        var statuses = JSONObject()
        for config in configs {
            scores[config.name] = typed(record.scores[config.name] ?? .null, config: config)
            statuses[config.name] = record.scoreStatus[config.name] ?? .null
        }
        return .object(
            JSONObject([
                ("item", .string(record.item)), ("traceId", .string(record.traceID)),
                ("observationId", .optionalString(record.observationID)),
                ("sessionId", .optionalString(record.sessionID)),
                ("status", .string(record.status.rawValue)), ("input", text(record.input)),
                ("output", text(record.output)),
                ("expected", text(record.expected)), ("scores", .object(scores)), ("scoreStatus", .object(statuses)),
                ("annotations", .string(JSONValue.array(record.annotations).jsonText)),
                ("metadata", .string(JSONValue.object(record.metadata).jsonText)),
            ]))
    }

    /// A consensus value in its column's type; null when it has none.
    static func typed(_ value: JSONValue, config: ScoreConfig) -> JSONValue {
        switch (config.kind, value) {
        case (_, .null): .null
        case (.numeric, .number): value
        case (.numeric, _): value.stringValue.flatMap(Double.init).map(JSONValue.double) ?? .null
        case (.boolean, .bool): value
        case (.boolean, .number(let number)): .bool(number.double != 0)
        case (.boolean, .string(let text)): .bool(["true", "1"].contains(text.lowercased()))
        case (.boolean, _): .null
        case (.categorical, .number(let number)):
            config.categories.first { $0.value == number.double }.map { .string($0.label) } ?? .string(number.literal)
        case (_, .string): value
        default: .string(value.jsonText)
        }
    }

    /// The Hub's size buckets.
    static func sizeCategory(_ count: Int) -> String {
        switch count {
        case ..<1_000: "n<1K"
        case ..<10_000: "1K<n<10K"
        case ..<100_000: "10K<n<100K"
        case ..<1_000_000: "100K<n<1M"
        case ..<10_000_000: "1M<n<10M"
        default: "10M<n<100M"
        }
    }

    /// A YAML double-quoted scalar: JSON's string escapes are valid YAML 1.2 escapes.
    static func yaml(_ text: String) -> String {
        JSONValue.string(text).jsonText
    }

    /// The dataset card: a YAML header for the Hub and `datasets`, then provenance and field notes.
    ///
    /// `splits` carries `num_bytes` (the data file's size) because `datasets` ignores a split
    /// entry without it, and then skips checking `num_examples` against the rows it loads.
    static func card(_ manifest: DatasetManifest, rows: Int, bytes: Int, license: String) -> String {
        var lines = [
            "---",
            "license: \(yaml(license))",
            "pretty_name: \(yaml(manifest.name))",
            "task_categories:",
            "- text-generation",
            "tags:",
            "- quire",
            "- human-annotation",
            "- llm-evaluation",
            "size_categories:",
            "- \(sizeCategory(rows))",
            "configs:",
            "- config_name: default",
            "  data_files:",
            "  - split: train",
            "    path: \(dataPath)",
            "dataset_info:",
            "  config_name: default",
            "  features:",
        ]
        for name in ["item", "traceId", "observationId", "sessionId", "status", "input", "output", "expected"] {
            lines += ["  - name: \(name)", "    dtype: string"]
        }
        lines += ["  - name: scores", "    struct:"]
        for config in manifest.scores {
            lines += ["    - name: \(yaml(config.name))", "      dtype: \(dtype(config))"]
        }
        lines += ["  - name: scoreStatus", "    struct:"]
        for config in manifest.scores {
            lines += ["    - name: \(yaml(config.name))", "      dtype: string"]
        }
        lines += [
            "  - name: annotations", "    dtype: string", "  - name: metadata", "    dtype: string",
            "  splits:", "  - name: train", "    num_bytes: \(bytes)", "    num_examples: \(rows)",
            "---",
            "",
            "# \(manifest.name) (\(manifest.versionName))",
            "",
            "Human annotations of LLM traces, exported by Quire from dataset version \(manifest.versionName) "
                + "(committed \(manifest.created.canonicalText)).",
            "",
        ]
        if let message = manifest.message, !message.isEmpty {
            lines += message.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + escape(String($0)) }
            lines.append("")
        }
        lines += [
            "## Provenance", "",
            "| | |", "| --- | --- |",
            "| Queue | \(escape(manifest.sources.queue)) |",
            "| Pack id | \(escape(manifest.sources.packID)) |",
            "| Bundles | \(manifest.sources.bundles.count) (\(manifest.sources.bundles.map { escape($0.reviewer) }.joined(separator: ", "))) |",
            "| Merge policy | \(escape(manifest.policy))\(manifest.tolerance.map { ", tolerance \(ScoreConfig.format($0))" } ?? "") |",
            "| Records | \(manifest.counts.records) (\(manifest.counts.excluded) items left out) |",
            "| Conflicts in the merge | \(manifest.counts.conflicts) |",
            "| Adjudicated values | \(manifest.counts.adjudicated) |",
            "",
            "## Fields", "",
            "| field | type | meaning |", "| --- | --- | --- |",
            "| item | string | the Quire item id |",
            "| traceId, observationId, sessionId | string | what was scored |",
            "| status | string | `consensus`, or `conflict` when a score has none |",
            "| input, output, expected | string | JSON text; decode with `json.loads` |",
            "| scores | struct | the consensus value per score (null on conflict) |",
            "| scoreStatus | struct | `agreed`, `conflict` or `adjudicated` per score |",
            "| annotations | string | JSON text: every reviewer's score, time and comment |",
            "| metadata | string | JSON text: the trace's metadata |",
            "",
            "## Scores", "",
            "| score | type | column type |", "| --- | --- | --- |",
        ]
        for config in manifest.scores {
            lines.append("| \(escape(config.name)) | \(config.kind.rawValue) | \(dtype(config)) |")
        }
        lines += [
            "",
            "## Loading", "",
            "```python",
            "import json",
            "from datasets import load_dataset",
            "",
            "ds = load_dataset(\"path/to/this/directory\", split=\"train\")",
            "messages = json.loads(ds[0][\"input\"])",
            "```",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// Markdown-inert text for the card's body (CommonMark backslash escapes, line breaks flattened).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": out.append(" ")
            case "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "|", "&", "#", "~", "$", "!", "^":
                out.append("\\")
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
