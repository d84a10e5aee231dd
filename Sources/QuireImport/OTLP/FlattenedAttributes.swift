import QuireModel

/// Rebuilds nested values from flattened attribute keys (`llm.input_messages.10.message.role`,
/// `gen_ai.prompt.0.content`): segments become object keys, numeric segments array indices.
///
/// Indices sort numerically (OpenInference writes `.10` and `.11`, which sort between `.1` and `.2` as
/// strings) and gaps are compacted in order (`.contents.1` without `.contents.0` happens in the wild).
enum FlattenedAttributes {
    private final class Node {
        var value: JSONValue?
        var order: [String] = []
        var children: [String: Node] = [:]

        func child(_ key: String) -> Node {
            if let existing = children[key] { return existing }
            let node = Node()
            children[key] = node
            order.append(key)
            return node
        }
    }

    /// The value under `prefix.` in `attributes`, nested; nil when no key has that prefix.
    /// - Complexity: O(n · k) for n attributes of k segments.
    static func nested(_ attributes: JSONObject, prefix: String) -> JSONValue? {
        let root = Node()
        let lead = prefix + "."
        var found = false
        for member in attributes where member.key.hasPrefix(lead) {
            found = true
            var node = root
            // At most 32 levels: a hostile key of a million dots must not build a tree that deep.
            let segments = member.key.dropFirst(lead.count).split(
                separator: ".", maxSplits: 31, omittingEmptySubsequences: false)
            for segment in segments {
                node = node.child(String(segment))
            }
            node.value = member.value
        }
        return found ? value(of: root, depth: 0) : nil
    }

    /// The keys `nested(_:prefix:)` consumes.
    static func isUnder(_ key: String, prefix: String) -> Bool {
        key.hasPrefix(prefix + ".")
    }

    private static func value(of node: Node, depth: Int) -> JSONValue {
        if node.order.isEmpty { return node.value ?? .null }
        // Keys are attacker-chosen; a bound on depth keeps the recursion safe whatever the key length.
        guard depth < 64 else { return .null }
        let numeric = node.order.compactMap { key -> (Int, String)? in
            guard let index = Int(key), index >= 0 else { return nil }
            return (index, key)
        }
        if numeric.count == node.order.count {
            let sorted = numeric.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            return .array(sorted.compactMap { entry in node.children[entry.1].map { value(of: $0, depth: depth + 1) } })
        }
        var members: [(String, JSONValue)] = []
        if let own = node.value { members.append(("", own)) }
        for key in node.order {
            if let child = node.children[key] { members.append((key, value(of: child, depth: depth + 1))) }
        }
        return .object(JSONObject(members))
    }
}
