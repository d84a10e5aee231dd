import QuireIO
import QuireModel

/// Reads and validates queue files (DESIGN.md §1), naming file, line, column and field in every error.
extension QueueDefinition {
    /// The keys a queue file may have at the top.
    static let topLevelKeys = [
        "name", "description", "instructions", "sources", "filter", "classifiers", "sample", "unit", "limit", "order",
        "scores", "reviewers", "overlap", "blind",
    ]

    /// Instructions files larger than this are refused: they travel in every bundle and open in a side panel.
    static let maximumInstructionsSize = 1 << 20

    /// Loads a queue file, YAML or JSON by extension (`.yaml`, `.yml`, `.json`) or, failing that, by content.
    /// - Parameter path: the file, as the user named it; messages and relative paths start from it.
    /// - Returns: the validated definition.
    /// - Throws: ``QueueFileError``.
    public static func load(contentsOf path: String) throws -> QueueDefinition {
        try checkedLoad(contentsOf: path)
    }

    /// ``load(contentsOf:)`` with its error type.
    static func checkedLoad(contentsOf path: String) throws(QueueFileError) -> QueueDefinition {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path)
        } catch let error as FileError {
            throw QueueFileError.unreadable(error)
        } catch {
            throw QueueFileError.syntax(at: SourceLocation(path: path), reason: "cannot read the file: \(error)")
        }
        return try checkedParse(bytes, path: path)
    }

    /// Validates queue file content.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - path: the file's path: names it in messages, picks YAML or JSON by extension, and is the base of
    ///     relative source and instructions paths.
    /// - Returns: the validated definition.
    /// - Throws: ``QueueFileError``.
    public static func parse(_ bytes: [UInt8], path: String) throws -> QueueDefinition {
        try checkedParse(bytes, path: path)
    }

    /// ``parse(_:path:)`` with its error type.
    static func checkedParse(_ bytes: [UInt8], path: String) throws(QueueFileError) -> QueueDefinition {
        var content = bytes
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
        guard let text = String(validating: content, as: UTF8.self) else {
            throw QueueFileError.syntax(at: SourceLocation(path: path), reason: "the file is not UTF-8 text")
        }
        let root =
            isJSON(path: path, content: content)
            ? try QueueNode.parseJSON(content, path: path) : try QueueNode.parseYAML(text, path: path)
        var loader = QueueLoader(path: path, text: text)
        return try loader.definition(from: root)
    }

    private static func isJSON(path: String, content: [UInt8]) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return true }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return false }
        return content.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) } == UInt8(ascii: "{")
    }
}

/// The validation pass over a queue file's node tree.
private struct QueueLoader {
    static let scoreKeys = [
        "name", "type", "description", "min", "max", "step", "categories", "max_length", "target", "level", "ordered",
        "id",
    ]
    /// Score config keys whose YAML plain scalars are text even when they look like numbers (`label: 1`).
    static let scoreStringKeys: Set<String> = ["name", "type", "description", "target", "level", "id", "label"]
    static let sourceKeys = ["path", "format"]
    static let sampleKeys = ["percent", "key"]
    static let commandKeys = ["command", "timeout", "name"]
    static let maximumCommandTimeout = 3600.0

    let path: String
    let directory: String
    let lines: [[Unicode.Scalar]]

    init(path: String, text: String) {
        self.path = path
        self.directory = FileSystem.parent(of: path)
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars = Array(line.unicodeScalars)
            if scalars.last == "\r" { scalars.removeLast() }
            return scalars
        }
    }

    // MARK: Errors and typed access

    private func location(_ node: QueueNode) -> SourceLocation {
        SourceLocation(path: path, line: node.line, column: node.column)
    }

    private func invalid(_ node: QueueNode, _ field: String, _ reason: String) -> QueueFileError {
        .invalidField(at: location(node), field: field, reason: reason)
    }

    private static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : prefix + "." + key
    }

    private func checkKeys(
        _ members: [QueueNode.Member], known: [String], prefix: String
    ) throws(QueueFileError) {
        for member in members where !known.contains(member.key) {
            let hint = NameSuggestion.closest(to: member.key, among: known).map { "did you mean '\($0)'?" }
            throw QueueFileError.invalidField(
                at: SourceLocation(path: path, line: member.keyLine, column: member.keyColumn),
                field: Self.join(prefix, member.key),
                reason: "unknown key; " + (hint ?? "expected one of " + known.joined(separator: ", ")))
        }
    }

    /// A scalar as written (`"yes"`, `2`), or the type of a collection.
    private func shown(_ node: QueueNode) -> String {
        if case .scalar(.string(let text)) = node.content { return "\"\(text.prefix(40))\"" }
        if let text = node.plainText { return text }
        if case .scalar(let value) = node.content { return value.jsonText }
        return node.typeName
    }

    private func string(_ node: QueueNode, _ field: String) throws(QueueFileError) -> String {
        if case .scalar(.string(let text)) = node.content { return text }
        if let text = node.plainText { return text }
        throw invalid(node, field, "expected text, found \(node.typeName)")
    }

    private func nonEmptyString(_ node: QueueNode, _ field: String) throws(QueueFileError) -> String {
        let text = try string(node, field)
        guard !text.trimmingSpaces.isEmpty else { throw invalid(node, field, "must not be empty") }
        return text
    }

    private func mapping(
        _ node: QueueNode, _ field: String, expected: String
    ) throws(QueueFileError) -> [QueueNode.Member] {
        guard case .mapping(let members) = node.content else {
            throw invalid(node, field, "expected \(expected), found \(node.typeName)")
        }
        return members
    }

    private func sequence(_ node: QueueNode, _ field: String) throws(QueueFileError) -> [QueueNode] {
        guard case .sequence(let elements) = node.content else {
            throw invalid(node, field, "expected a list, found \(node.typeName)")
        }
        return elements
    }

    /// The number's text as written: a YAML plain scalar's text or a JSON literal.
    private func numberText(_ node: QueueNode, _ field: String, expected: String) throws(QueueFileError) -> String {
        if case .scalar(.number(let number)) = node.content { return node.plainText ?? number.literal }
        throw invalid(node, field, "expected \(expected), found \(shown(node))")
    }

    private func positiveInteger(_ node: QueueNode, _ field: String) throws(QueueFileError) -> Int {
        let text = try numberText(node, field, expected: "a positive integer")
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = Int(text),
            value >= 1
        else { throw invalid(node, field, "must be a positive integer (got \(text))") }
        return value
    }

    private func bool(_ node: QueueNode, _ field: String) throws(QueueFileError) -> Bool {
        guard case .scalar(.bool(let value)) = node.content else {
            throw invalid(node, field, "expected true or false, found \(shown(node))")
        }
        return value
    }

    private func oneOf<T: RawRepresentable>(
        _ node: QueueNode, _ field: String, _ cases: [T], what: String
    ) throws(QueueFileError) -> T where T.RawValue == String {
        let text = try string(node, field)
        if let value = cases.first(where: { $0.rawValue == text }) { return value }
        let names = cases.map(\.rawValue)
        let hint = NameSuggestion.closest(to: text, among: names).map { "; did you mean '\($0)'?" }
        throw invalid(
            node, field,
            "unknown \(what) '\(text)'" + (hint ?? "; expected one of " + names.joined(separator: ", ")))
    }

    private static func isValidName(_ text: String) -> Bool {
        (1...64).contains(text.unicodeScalars.count)
            && text.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
                default: false
                }
            }
    }

    // MARK: The definition

    mutating func definition(from root: QueueNode) throws(QueueFileError) -> QueueDefinition {
        guard case .mapping(let members) = root.content else {
            throw QueueFileError.syntax(
                at: location(root), reason: "the queue file must be a mapping of keys such as name, sources and scores")
        }
        try checkKeys(members, known: QueueDefinition.topLevelKeys, prefix: "")
        var definition = QueueDefinition(path: path, name: "", scores: [])
        var sampleNode: QueueNode?
        var sampleKey: String?
        var overlapNode: QueueNode?
        var hasName = false
        var hasScores = false
        for member in members where !member.value.isNull {
            let node = member.value
            let field = member.key
            switch member.key {
            case "name":
                let name = try string(node, field)
                guard Self.isValidName(name) else {
                    throw invalid(
                        node, field, "must be 1–64 characters of letters, digits, '.', '_' and '-' (got \"\(name)\")")
                }
                definition.name = name
                hasName = true
            case "description":
                definition.description = try string(node, field)
            case "instructions":
                definition.instructions = try instructions(node, field)
            case "sources":
                definition.sources = try sources(node, field)
            case "filter":
                definition.filter = try filter(node, field)
            case "classifiers":
                definition.classifiers = try classifiers(node, field)
            case "sample":
                sampleNode = node
                let parsed = try sample(node, field)
                definition.sample = QueueDefinition.Sample(hundredths: parsed.hundredths, key: "")
                sampleKey = parsed.key
            case "unit":
                definition.unit = try oneOf(node, field, SelectionUnit.allCases, what: "unit")
            case "limit":
                definition.limit = try positiveInteger(node, field)
            case "order":
                definition.order = try oneOf(node, field, SelectionOrder.allCases, what: "order")
            case "scores":
                definition.scores = try scores(node, field)
                hasScores = true
            case "reviewers":
                definition.reviewers = try reviewers(node, field)
            case "overlap":
                overlapNode = node
                definition.overlap = try positiveInteger(node, field)
            case "blind":
                definition.isBlind = try bool(node, field)
            default:
                break
            }
        }
        guard hasName else { throw invalid(root, "name", "missing; every queue needs a name") }
        guard hasScores else { throw invalid(root, "scores", "missing; every queue needs at least one score") }
        if sampleNode != nil { definition.sample?.key = sampleKey ?? definition.name }
        if let overlapNode {
            if definition.reviewers.isEmpty {
                guard definition.overlap == 1 else {
                    throw invalid(
                        overlapNode, "overlap",
                        "must be 1 without reviewers: there is then one open bundle (got \(definition.overlap))")
                }
            } else if definition.overlap > definition.reviewers.count {
                throw invalid(
                    overlapNode, "overlap",
                    "must be between 1 and the number of reviewers (\(definition.reviewers.count)), got "
                        + "\(definition.overlap)")
            }
        }
        return definition
    }

    // MARK: Fields

    /// Inline when the text has a newline or does not end in `.md`, `.markdown` or `.txt`; a path otherwise.
    private func instructions(_ node: QueueNode, _ field: String) throws(QueueFileError) -> QueueDefinition.Instructions
    {
        let text = try string(node, field)
        let lower = text.lowercased()
        let looksLikePath =
            !text.contains("\n") && (lower.hasSuffix(".md") || lower.hasSuffix(".markdown") || lower.hasSuffix(".txt"))
        guard looksLikePath else { return text.isEmpty ? .none : .inline(text) }
        let resolved = FileSystem.join(directory, text)
        guard FileSystem.isRegularFile(resolved) else {
            throw invalid(node, field, "no such file: \(text) (paths are relative to the queue file)")
        }
        let size = (try? FileSystem.size(of: resolved)) ?? 0
        guard size <= QueueDefinition.maximumInstructionsSize else {
            throw invalid(node, field, "\(text) is larger than 1 MiB")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(resolved)
        } catch let error as FileError {
            throw QueueFileError.unreadable(error)
        } catch {
            throw invalid(node, field, "cannot read \(text): \(error)")
        }
        guard let markdown = String(validating: bytes, as: UTF8.self) else {
            throw invalid(node, field, "\(text) is not UTF-8 text")
        }
        return .file(path: text, text: markdown)
    }

    private func sources(_ node: QueueNode, _ field: String) throws(QueueFileError) -> [QueueDefinition.Source] {
        let elements: [QueueNode]
        if case .sequence(let list) = node.content { elements = list } else { elements = [node] }
        var result: [QueueDefinition.Source] = []
        for (index, element) in elements.enumerated() {
            let elementField = "\(field)[\(index)]"
            var pathNode = element
            var format = QueueDefinition.SourceFormat.auto
            var pathField = elementField
            if case .mapping(let members) = element.content {
                try checkKeys(members, known: Self.sourceKeys, prefix: elementField)
                guard let pathMember = members.first(where: { $0.key == "path" }) else {
                    throw invalid(element, elementField + ".path", "missing")
                }
                pathNode = pathMember.value
                pathField = elementField + ".path"
                if let formatMember = members.first(where: { $0.key == "format" }), !formatMember.value.isNull {
                    format = try oneOf(
                        formatMember.value, elementField + ".format", QueueDefinition.SourceFormat.allCases,
                        what: "format")
                }
            } else if case .sequence = element.content {
                throw invalid(element, elementField, "expected a path or {path, format}, found a list")
            }
            let path = try nonEmptyString(pathNode, pathField)
            if path == "-", result.contains(where: \.isStandardInput) {
                throw invalid(pathNode, pathField, "standard input (-) can be read only once")
            }
            let resolved = path == "-" ? path : FileSystem.join(directory, path)
            result.append(QueueDefinition.Source(path: path, resolvedPath: resolved, format: format))
        }
        return result
    }

    private func filter(_ node: QueueNode, _ field: String) throws(QueueFileError) -> FilterExpression {
        let text = try string(node, field)
        do {
            return try FilterExpression.checked(text)
        } catch {
            throw QueueFileError.invalidFilter(at: filterLocation(node, error), field: field, error: error)
        }
    }

    /// The place of a filter error in the file when the expression's text up to the error appears there as
    /// written (a plain, quoted or JSON one-liner, or a literal block); the value's place otherwise.
    private func filterLocation(_ node: QueueNode, _ error: FilterSyntaxError) -> SourceLocation {
        let fallback = location(node)
        let expressionLine = Array(error.sourceLine.unicodeScalars)
        let prefix = expressionLine.prefix(max(0, error.column - 1))
        switch node.style {
        case .plain, .singleQuoted, .doubleQuoted, .json:
            guard error.line == 1, node.line >= 1, node.line <= lines.count else { return fallback }
            let quote = node.style == .plain ? 0 : 1
            let start = node.column - 1 + quote
            let fileLine = lines[node.line - 1]
            guard start >= 0, start + prefix.count <= fileLine.count,
                Array(fileLine[start..<start + prefix.count]) == Array(prefix)
            else { return fallback }
            return SourceLocation(path: path, line: node.line, column: start + error.column)
        case .literal:
            let lineNumber = node.line + error.line
            guard lineNumber >= 1, lineNumber <= lines.count else { return fallback }
            let fileLine = lines[lineNumber - 1]
            guard fileLine.count >= expressionLine.count,
                Array(fileLine.suffix(expressionLine.count)) == expressionLine
            else { return fallback }
            return SourceLocation(
                path: path, line: lineNumber, column: fileLine.count - expressionLine.count + error.column)
        case .folded, .collection:
            return fallback
        }
    }

    /// The system classifiers' names, for suggestions.
    static let systemClassifierNames = [
        ClassifierName.toolCallErrors, .outputSchema, .emptyResponse, .resourceOutliers,
    ].map(\.description)

    private func classifiers(_ node: QueueNode, _ field: String) throws(QueueFileError) -> [QueueDefinition.Classifier]
    {
        let elements: [QueueNode]
        if case .sequence(let list) = node.content { elements = list } else { elements = [node] }
        var result: [QueueDefinition.Classifier] = []
        for (index, element) in elements.enumerated() {
            let elementField = "\(field)[\(index)]"
            let classifier: QueueDefinition.Classifier
            if case .mapping(let members) = element.content {
                classifier = try commandClassifier(members, element, elementField)
            } else {
                var entry = QueueDefinition.Classifier(
                    try classifierName(try string(element, elementField), element, elementField))
                if entry.isCommand { entry.timeout = CommandClassifier.defaultTimeout }
                classifier = entry
            }
            if result.contains(where: { $0.name == classifier.name }) {
                throw invalid(element, elementField, "classifier '\(classifier.name)' is listed twice")
            }
            result.append(classifier)
        }
        return result
    }

    /// Parses a classifier name with the classifiers' own rules, adding a suggestion for a misspelt one.
    private func classifierName(
        _ text: String, _ node: QueueNode, _ field: String
    ) throws(QueueFileError) -> ClassifierName {
        do {
            return try ClassifierName(parsing: text)
        } catch {
            guard case .unknownClassifier = error else { throw invalid(node, field, error.description) }
            let hint = NameSuggestion.closest(to: text, among: Self.systemClassifierNames)
            throw invalid(
                node, field,
                "unknown classifier '\(text)'"
                    + (hint.map { "; did you mean '\($0)'?" }
                        ?? "; expected one of " + Self.systemClassifierNames.joined(separator: ", ")
                        + ", or command:PROGRAM"))
        }
    }

    private func commandClassifier(
        _ members: [QueueNode.Member], _ element: QueueNode, _ field: String
    ) throws(QueueFileError) -> QueueDefinition.Classifier {
        try checkKeys(members, known: Self.commandKeys, prefix: field)
        guard let commandMember = members.first(where: { $0.key == "command" }) else {
            throw invalid(element, field + ".command", "missing")
        }
        let command = try nonEmptyString(commandMember.value, field + ".command")
        let kind = try classifierName(ClassifierName.commandPrefix + command, commandMember.value, field + ".command")
        var timeout = CommandClassifier.defaultTimeout
        if let timeoutMember = members.first(where: { $0.key == "timeout" }), !timeoutMember.value.isNull {
            let text = try numberText(timeoutMember.value, field + ".timeout", expected: "a number of seconds")
            guard let seconds = Double(text), seconds > 0, seconds <= Self.maximumCommandTimeout else {
                throw invalid(
                    timeoutMember.value, field + ".timeout",
                    "must be above 0 and at most \(Int(Self.maximumCommandTimeout)) seconds (got \(text))")
            }
            timeout = .seconds(seconds)
        }
        var label: String?
        if let nameMember = members.first(where: { $0.key == "name" }), !nameMember.value.isNull {
            let name = try string(nameMember.value, field + ".name")
            guard Self.isValidName(name) else {
                throw invalid(
                    nameMember.value, field + ".name",
                    "must be 1–64 characters of letters, digits, '.', '_' and '-' (got \"\(name)\")")
            }
            guard !Self.systemClassifierNames.contains(name) else {
                throw invalid(nameMember.value, field + ".name", "'\(name)' is the name of a system classifier")
            }
            label = name
        }
        return QueueDefinition.Classifier(kind, timeout: timeout, label: label)
    }

    private func sample(_ node: QueueNode, _ field: String) throws(QueueFileError) -> (hundredths: Int, key: String?) {
        let members = try mapping(node, field, expected: "a mapping {percent, key}")
        try checkKeys(members, known: Self.sampleKeys, prefix: field)
        guard let percentMember = members.first(where: { $0.key == "percent" }), !percentMember.value.isNull else {
            throw invalid(node, field + ".percent", "missing")
        }
        let hundredths = try percent(percentMember.value, field + ".percent")
        var key: String?
        if let keyMember = members.first(where: { $0.key == "key" }), !keyMember.value.isNull {
            key = try nonEmptyString(keyMember.value, field + ".key")
        }
        return (hundredths, key)
    }

    /// A percentage above 0 and at most 100 with at most two decimals, read from its text so `0.29` is exactly
    /// 29 hundredths, with no binary rounding.
    private func percent(_ node: QueueNode, _ field: String) throws(QueueFileError) -> Int {
        let text = try numberText(node, field, expected: "a number")
        let reason = "must be above 0 and at most 100, with at most two decimals (got \(text))"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        func isDigits(_ part: Substring) -> Bool {
            !part.isEmpty && part.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        guard parts.count <= 2, isDigits(parts[0]), parts.count == 1 || isDigits(parts[1]) else {
            throw invalid(node, field, reason)
        }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 2, parts[0].count <= 4, let whole = Int(parts[0]) else {
            throw invalid(node, field, reason)
        }
        let hundredths = whole * 100 + (Int(fraction + String(repeating: "0", count: 2 - fraction.count)) ?? 0)
        guard hundredths > 0, hundredths <= 10_000 else { throw invalid(node, field, reason) }
        return hundredths
    }

    private func scores(_ node: QueueNode, _ field: String) throws(QueueFileError) -> [ScoreConfig] {
        let elements = try sequence(node, field)
        guard !elements.isEmpty else { throw invalid(node, field, "needs at least one score") }
        var configs: [ScoreConfig] = []
        for (index, element) in elements.enumerated() {
            let elementField = "\(field)[\(index)]"
            let members = try mapping(
                element, elementField, expected: "a mapping such as {name: correctness, type: numeric}")
            try checkKeys(members, known: Self.scoreKeys, prefix: elementField)
            if let categories = members.first(where: { $0.key == "categories" })?.value,
                case .sequence(let options) = categories.content
            {
                for (optionIndex, option) in options.enumerated() {
                    if case .mapping(let optionMembers) = option.content {
                        try checkKeys(
                            optionMembers, known: ["label", "value"],
                            prefix: "\(elementField).categories[\(optionIndex)]")
                    }
                }
            }
            let config: ScoreConfig
            do {
                config = try ScoreConfig(json: element.json(stringKeys: Self.scoreStringKeys))
            } catch {
                throw invalid(
                    element.descendant(at: error.field), Self.join(elementField, error.field), error.reason)
            }
            if configs.contains(where: { $0.name == config.name }) {
                throw invalid(
                    element.descendant(at: "name"), elementField + ".name", "duplicate score name \"\(config.name)\"")
            }
            configs.append(config)
        }
        return configs
    }

    private func reviewers(_ node: QueueNode, _ field: String) throws(QueueFileError) -> [String] {
        var names: [String] = []
        for (index, element) in try sequence(node, field).enumerated() {
            let elementField = "\(field)[\(index)]"
            let name = try string(element, elementField)
            guard Self.isValidName(name) else {
                throw invalid(
                    element, elementField,
                    "must be 1–64 characters of letters, digits, '.', '_' and '-' (got \"\(name)\")")
            }
            guard !names.contains(name) else { throw invalid(element, elementField, "duplicate reviewer \"\(name)\"") }
            names.append(name)
        }
        return names
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
