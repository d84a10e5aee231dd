public import QuireModel

/// What changed between two versions, record by record (matched by item id).
public struct DatasetDiff: Sendable, Equatable {
    /// A record present in both versions with different content.
    public struct Change: Sendable, Equatable {
        /// The item id.
        public var item: String
        /// The fields that differ: top-level keys, with `scores.NAME` and `scoreStatus.NAME` per score.
        public var fields: [String]

        /// Creates a change.
        /// - Parameters:
        ///   - item: the item id.
        ///   - fields: the fields that differ.
        public init(item: String, fields: [String]) {
            self.item = item
            self.fields = fields
        }
    }

    /// The older version, `NAME@vA`.
    public var from: String
    /// The newer version, `NAME@vB`.
    public var to: String
    /// Items only in the newer version, sorted by UTF-8 bytes.
    public var added: [String]
    /// Items only in the older version, sorted.
    public var removed: [String]
    /// Items in both whose records differ, sorted.
    public var changed: [Change]
    /// Items in both with equal records.
    public var unchanged: Int

    /// Compares two versions.
    /// - Parameters:
    ///   - old: the older version.
    ///   - new: the newer version.
    /// - Complexity: O(records × record size).
    public init(from old: DatasetVersion, to new: DatasetVersion) {
        from = "\(old.manifest.name)@\(old.manifest.versionName)"
        to = "\(new.manifest.name)@\(new.manifest.versionName)"
        var oldByItem: [String: DatasetRecord] = [:]
        for record in old.records where oldByItem[record.item] == nil { oldByItem[record.item] = record }
        var newByItem: [String: DatasetRecord] = [:]
        for record in new.records where newByItem[record.item] == nil { newByItem[record.item] = record }
        func sorted(_ items: some Sequence<String>) -> [String] {
            items.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        added = sorted(newByItem.keys.filter { oldByItem[$0] == nil })
        removed = sorted(oldByItem.keys.filter { newByItem[$0] == nil })
        var changed: [Change] = []
        var unchanged = 0
        for item in sorted(newByItem.keys) {
            guard let before = oldByItem[item], let after = newByItem[item] else { continue }
            let fields = Self.changedFields(before, after)
            if fields.isEmpty { unchanged += 1 } else { changed.append(Change(item: item, fields: fields)) }
        }
        self.changed = changed
        self.unchanged = unchanged
    }

    /// The differing fields of two records, in record key order; objects keyed by score are compared per score.
    static func changedFields(_ before: DatasetRecord, _ after: DatasetRecord) -> [String] {
        guard case .object(let left) = before.json, case .object(let right) = after.json else { return [] }
        var fields: [String] = []
        for key in DatasetRecord.keys {
            let a = left[key] ?? .null
            let b = right[key] ?? .null
            if key == "scores" || key == "scoreStatus", case .object(let x) = a, case .object(let y) = b {
                var names = x.keys
                for name in y.keys where x[name] == nil { names.append(name) }
                for name in names where (x[name] ?? .null).sortedByKey() != (y[name] ?? .null).sortedByKey() {
                    fields.append("\(key).\(name)")
                }
            } else if a.sortedByKey() != b.sortedByKey() {
                fields.append(key)
            }
        }
        return fields
    }

    /// Whether the versions hold the same records.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// The diff as JSON (`quire dataset diff --json`).
    public var json: JSONValue {
        .object(
            JSONObject([
                ("from", .string(from)), ("to", .string(to)), ("added", .array(added.map(JSONValue.string))),
                ("removed", .array(removed.map(JSONValue.string))),
                (
                    "changed",
                    .array(
                        changed.map {
                            .object(["item": .string($0.item), "fields": .array($0.fields.map(JSONValue.string))])
                        })
                ),
                ("unchanged", .int(unchanged)),
            ]))
    }
}
