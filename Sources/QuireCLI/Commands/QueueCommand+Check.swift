import ArgumentParser
import QuireModel
import QuirePack

extension QueueCommand {
    /// `quire queue check FILE [--json]`: validates a queue file without packing (DESIGN.md §1).
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a queue file and show what it resolves to.",
            discussion: """
                Checks every field, reads the instructions file, parses the filter and counts the files each \
                source glob matches. Exit 0 when valid, 65 with one line naming file, line, column and field \
                when not.
                """
        )

        @Argument(help: "The queue file (YAML or JSON).")
        var file: String

        @Flag(name: .long, help: "Print one JSON document (sorted keys) instead of text.")
        var json = false

        func run() async throws {
            let definition: QueueDefinition
            do {
                definition = try QueueDefinition.load(contentsOf: file)
            } catch let error as QueueFileError {
                guard let excerpt = error.excerpt else { throw error }
                // A filter error also shows the expression with a caret under the column.
                Terminal.standardError.write("quire: error: \(error.description)\n\(excerpt)\n")
                throw ExitCode(QuireMain.exitStatus(for: error.fault))
            }
            let matches = definition.sources.map { $0.isStandardInput ? nil : $0.matchingFiles().count }
            for (index, source) in definition.sources.enumerated() where matches[index] == 0 {
                Terminal.standardError.write(
                    "quire: warning: \(file): sources[\(index)]: \(source.path) matches no files\n")
            }
            if json {
                Terminal.standardOutput.write(Self.jsonReport(definition, matches: matches).canonicalJSONText + "\n")
            } else {
                Terminal.standardOutput.write(Self.textReport(definition, matches: matches))
            }
        }

        static func jsonReport(_ definition: QueueDefinition, matches: [Int?]) -> JSONValue {
            var object = definition.summaryJSON
            object["sources"] = .array(
                zip(definition.sources, matches).map { source, count in
                    .object([
                        "path": .string(source.path),
                        "format": .string(source.format.rawValue),
                        "files": count.map(JSONValue.int) ?? .null,
                    ])
                })
            object["valid"] = .bool(true)
            return .object(object)
        }

        static func textReport(_ definition: QueueDefinition, matches: [Int?]) -> String {
            var lines: [String] = []
            func row(_ label: String, _ value: String) {
                lines.append(label.padding(to: 14) + value)
            }
            row("queue", definition.name)
            row("file", definition.path)
            if let description = definition.description { row("description", description) }
            switch definition.instructions {
            case .none: row("instructions", "none")
            case .inline: row("instructions", "inline: " + (definition.instructionsFirstLine ?? ""))
            case .file(let path, _): row("instructions", path + ": " + (definition.instructionsFirstLine ?? ""))
            }
            if definition.sources.isEmpty {
                row("sources", "none (give pack --traces)")
            } else {
                row("sources", "")
                lines[lines.count - 1] = "sources"
                let width = definition.sources.map(\.path.count).max() ?? 0
                for (source, count) in zip(definition.sources, matches) {
                    let files: String
                    if let count {
                        files = count == 1 ? "1 file" : "\(count) files"
                    } else {
                        files = "standard input"
                    }
                    lines.append(
                        "  " + source.path.padding(to: width + 2) + source.format.rawValue.padding(to: 15) + files)
                }
            }
            row("filter", definition.filter?.description ?? "none")
            if definition.classifiers.isEmpty {
                row("classifiers", "none (no classifier narrows the traces)")
            } else {
                lines.append("classifiers")
                lines += definition.classifiers.map { "  " + describe($0) }
            }
            if let sample = definition.sample {
                row("sample", "\(percentText(sample.hundredths))% of traces, key \"\(sample.key)\"")
            } else {
                row("sample", "all traces")
            }
            row("unit", definition.unit.rawValue)
            row(
                "order",
                definition.order == .random
                    ? "random (key \"\(definition.orderKey)\")" : definition.order.rawValue)
            row("limit", definition.limit.map(String.init) ?? "none")
            lines.append("scores")
            let table =
                [["NAME", "TYPE", "TARGET", "VALUES"]]
                + definition.scores.map { [$0.name, $0.kind.rawValue, $0.target.rawValue, values(of: $0)] }
            let widths = (0..<3).map { column in table.map { $0[column].count }.max() ?? 0 }
            for cells in table {
                lines.append(
                    "  " + (0..<3).map { cells[$0].padding(to: widths[$0] + 2) }.joined() + cells[3])
            }
            row(
                "reviewers",
                definition.reviewers.isEmpty ? "none (one open bundle)" : definition.reviewers.joined(separator: ", "))
            row("overlap", definition.overlap == 1 ? "1 reviewer per item" : "\(definition.overlap) reviewers per item")
            row("blind", definition.isBlind ? "yes" : "no")
            return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
        }

        /// `tool-call-errors`, or `llm-judge  command:python3 judge.py, timeout 12.5 s`.
        static func describe(_ classifier: QueueDefinition.Classifier) -> String {
            guard classifier.isCommand else { return classifier.name }
            var details: [String] = []
            if classifier.label != nil { details.append(classifier.kind.description) }
            if let timeout = classifier.timeout {
                let parts = timeout.components
                let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
                details.append("timeout \(ScoreConfig.format(seconds)) s")
            }
            return classifier.name + (details.isEmpty ? "" : "  " + details.joined(separator: ", "))
        }

        static func percentText(_ hundredths: Int) -> String {
            let whole = hundredths / 100
            var fraction = String(hundredths % 100)
            if fraction.count == 1 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
        }

        static func values(of config: ScoreConfig) -> String {
            guard config.kind == .categorical else { return config.allowedValuesDescription }
            let options = config.categories.map { "\($0.label) (\(ScoreConfig.format($0.value)))" }
            return options.joined(separator: ", ") + (config.isOrdered ? "; ordered" : "")
        }
    }
}

extension String {
    /// The string padded with spaces to at least `width` characters.
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate var trailingSpacesRemoved: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
