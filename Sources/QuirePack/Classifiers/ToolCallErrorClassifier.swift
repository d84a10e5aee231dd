public import QuireModel

/// `tool-call-errors`: failed tool results and broken tool-call bookkeeping (DESIGN.md §2).
///
/// Tool results are TOOL observations (the call id in `metadata.tool_call_id`) and `role: "tool"` messages
/// inside GENERATION inputs (NATIVE.md "Conventions"). A result fails when, read as JSON (a string is
/// parsed), it is an object with a non-empty `error`, `isError: true`, `status` `error`/`failed` in any
/// case, or `success: false` — only top-level members count, so the word "error" inside a string is not a
/// failure. Also flagged:
/// - a `role: "tool"` message whose `tool_call_id` matches no assistant tool call anywhere in the trace;
///   a TOOL observation is held to this only when the trace records assistant tool calls at all, since
///   many instrumentations log tool spans without the model's messages;
/// - two calls with the same id in one assistant message (a message repeats in every later generation's
///   input, so the same id across messages is the same call, not a duplicate);
/// - an empty (`""`) call id on a call or a result, and a call with a missing or empty tool name.
///
/// One finding is reported once however many generations replay it.
public struct ToolCallErrorClassifier: TraceClassifier {
    /// `tool-call-errors`.
    public var name: String { "tool-call-errors" }

    /// Creates the classifier.
    public init() {}

    /// Checks a trace's tool calls and results.
    /// - Parameter trace: the trace.
    /// - Returns: a flag naming up to three problems, with the first one's evidence; nil when all is well.
    public func classify(_ trace: Trace) -> BundleItem.Flag? {
        var scan = ToolCallScan(trace: trace)
        scan.run()
        return flag(from: scan.findings, noun: "tool-call problem")
    }
}

/// Why a tool result counts as failed.
enum ToolResultFailure: Equatable {
    /// A non-empty `error` member.
    case errorField
    /// `isError: true` (MCP).
    case isError
    /// `status` `error` or `failed`, any case; holds the value as written.
    case status(String)
    /// `success: false`.
    case successFalse

    /// The member that shows the failure, put first in the evidence.
    var key: String {
        switch self {
        case .errorField: "error"
        case .isError: "isError"
        case .status: "status"
        case .successFalse: "success"
        }
    }

    /// How the result says it failed, for the reason.
    var phrase: String {
        switch self {
        case .errorField: "has an \"error\" field"
        case .isError: "has \"isError\": true"
        case .status(let status): "has \"status\": \(Quoted(status))"
        case .successFalse: "has \"success\": false"
        }
    }

    /// Reads a tool result already parsed (``ToolCallScan/parsedResult(_:)``); only an object can fail.
    /// - Parameter result: a TOOL observation's output or a tool message's content, parsed.
    /// - Returns: the failure and the result object, or nil.
    static func check(_ result: JSONValue) -> (failure: ToolResultFailure, object: JSONObject)? {
        guard let object = result.objectValue else { return nil }
        if let error = object["error"], isNonEmpty(error) { return (.errorField, object) }
        if object["isError"]?.boolValue == true { return (.isError, object) }
        if let status = object["status"]?.stringValue {
            let folded = status.lowercased()
            if folded == "error" || folded == "failed" { return (.status(status), object) }
        }
        if object["success"]?.boolValue == false { return (.successFalse, object) }
        return nil
    }

    /// Whether an `error` member says something: not null, false, zero, blank text or an empty container.
    ///
    /// Some APIs always send `"error": null` or `"error": 0` on success.
    private static func isNonEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .number(let number): number.double != 0
        case .string(let text): !text.trimmingWhitespace().isEmpty
        case .array(let elements): !elements.isEmpty
        case .object(let object): !object.isEmpty
        }
    }
}

/// One pass over a trace collecting tool-call findings in reading order, each reported once.
struct ToolCallScan {
    let trace: Trace
    /// Tool name per call id, from every assistant message in the trace (first seen wins).
    private var callNames: [String: String] = [:]
    /// Call ids seen, including calls without a name.
    private var callIDs: Set<String> = []
    private var seenKeys: Set<String> = []
    /// Tool messages already checked: every generation's input replays the earlier ones, so a long agent
    /// run would otherwise parse the same results again and again.
    private var seenToolMessages: Set<JSONObject> = []
    /// Failed results so far: canonical result text and call id, to fold a TOOL observation and the tool
    /// message that replays it into one finding even when only one of them carries the id.
    private var failures: [(canonical: String, callID: String?)] = []
    private(set) var findings: [ClassifierFinding] = []

    init(trace: Trace) {
        self.trace = trace
    }

    mutating func run() {
        for message in ChatMessages.allMessages(of: trace) where ChatMessages.role(of: message) == "assistant" {
            for call in ChatMessages.toolCalls(of: message) {
                guard let id = call.id else { continue }
                callIDs.insert(id)
                if callNames[id] == nil, let name = call.name, !name.isEmpty { callNames[id] = name }
            }
        }
        visit(ChatMessages.messages(in: trace.input), holdsResults: false)
        for observation in trace.observations {
            if observation.type == "TOOL" { visitToolObservation(observation) }
            visit(ChatMessages.messages(in: observation.input), holdsResults: observation.type == "GENERATION")
            visit(ChatMessages.messages(in: observation.output), holdsResults: false)
        }
        visit(ChatMessages.messages(in: trace.output), holdsResults: false)
    }

    private mutating func visit(_ messages: [JSONObject], holdsResults: Bool) {
        for message in messages {
            switch ChatMessages.role(of: message) {
            case "assistant": checkCalls(of: message)
            case "tool" where holdsResults:
                if !seenToolMessages.insert(message).inserted { continue }
                let content = message["content"] ?? .null
                let callID = message["tool_call_id"]?.stringValue
                checkResult(content, callID: callID, toolName: callID.flatMap { callNames[$0] }, isMessage: true)
            default: break
            }
        }
    }

    private mutating func visitToolObservation(_ observation: Observation) {
        let callID = observation.metadata["tool_call_id"]?.stringValue
        let name = observation.name ?? callID.flatMap { callNames[$0] }
        checkResult(observation.output, callID: callID, toolName: name, isMessage: false)
    }

    private mutating func checkResult(_ result: JSONValue, callID: String?, toolName: String?, isMessage: Bool) {
        let shown = Self.parsedResult(result) ?? result
        if let (failure, object) = ToolResultFailure.check(shown) {
            let canonical = JSONValue.object(object).canonicalJSONText
            let known = failures.contains {
                $0.canonical == canonical && ($0.callID == nil || callID == nil || $0.callID == callID)
            }
            if !known {
                failures.append((canonical, callID))
                let subject =
                    toolName.map { "tool \(Quoted($0))" } ?? callID.map { "tool call \(Quoted($0))" } ?? "a tool"
                add(
                    key: nil,
                    reason: "\(subject) failed: its result \(failure.phrase)",
                    evidence: EvidenceText.prefix(EvidenceText.json(.object(object), leadingKey: failure.key)))
            }
        }
        guard let callID else { return }
        let evidence = { EvidenceText.prefix("tool_call_id \(Quoted(callID)): " + Self.resultText(shown)) }
        if callID.isEmpty {
            let of = toolName.map { " from \(Quoted($0))" } ?? ""
            add(
                key: "empty-result-id|" + shown.canonicalJSONText,
                reason: "a tool result\(of) has an empty tool_call_id", evidence: evidence())
        } else if !callIDs.contains(callID), isMessage || !callIDs.isEmpty {
            add(
                key: "orphan|" + callID,
                reason: "tool result for call id \(Quoted(callID)) has no matching tool call in the trace",
                evidence: evidence())
        }
    }

    private mutating func checkCalls(of message: JSONObject) {
        let calls = ChatMessages.toolCalls(of: message)
        var byID: [String: [ChatMessages.ToolCall]] = [:]
        var order: [String] = []
        for call in calls {
            let rendered = Self.render(call)
            if call.id == "" {
                let to = call.name.flatMap { $0.isEmpty ? nil : " to \(Quoted($0))" } ?? ""
                add(
                    key: "empty-call-id|" + JSONValue.object(call.object).canonicalJSONText,
                    reason: "the tool call\(to) has an empty id", evidence: EvidenceText.prefix(rendered))
            }
            if (call.name ?? "").trimmingWhitespace().isEmpty {
                let which = call.id.flatMap { $0.isEmpty ? nil : " \(Quoted($0))" } ?? ""
                add(
                    key: "empty-name|" + JSONValue.object(call.object).canonicalJSONText,
                    reason: "tool call\(which) has an empty tool name", evidence: EvidenceText.prefix(rendered))
            }
            if let id = call.id, !id.isEmpty {
                if byID[id] == nil { order.append(id) }
                byID[id, default: []].append(call)
            }
        }
        for id in order {
            guard let same = byID[id], same.count > 1 else { continue }
            add(
                key: "duplicate|" + id,
                reason: "\(same.count) tool calls in one assistant message share the id \(Quoted(id))",
                evidence: EvidenceText.prefix(same.map(Self.render).joined(separator: "; ")))
        }
    }

    private mutating func add(key: String?, reason: String, evidence: String) {
        if let key {
            if seenKeys.contains(key) { return }
            seenKeys.insert(key)
        }
        findings.append(ClassifierFinding(reason: reason, evidence: evidence))
    }

    /// A tool result as JSON: a string that holds JSON is parsed, an array of text parts is joined first.
    static func parsedResult(_ result: JSONValue) -> JSONValue? {
        switch result {
        case .string(let text): return try? JSONParser.parse(text)
        case .array(let parts) where !parts.isEmpty && parts.allSatisfy({ $0["type"]?.stringValue == "text" }):
            return try? JSONParser.parse(parts.compactMap { $0["text"]?.stringValue }.joined())
        default: return result
        }
    }

    /// A result for evidence: JSON as JSON, plain text as itself.
    private static func resultText(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text }
        return EvidenceText.json(value)
    }

    /// `id "call_1": lookup_order({"order_id": "A"})`, how a reviewer recognises a call.
    private static func render(_ call: ChatMessages.ToolCall) -> String {
        let id = call.id.map { "id \(Quoted($0)): " } ?? ""
        let name = call.name.map { $0.isEmpty ? "\"\"" : $0 } ?? "(no name)"
        let arguments = call.arguments.map { $0.stringValue ?? EvidenceText.json($0) } ?? ""
        return id + name + "(" + EvidenceText.prefix(arguments, limit: EvidenceText.limit * 2) + ")"
    }
}
