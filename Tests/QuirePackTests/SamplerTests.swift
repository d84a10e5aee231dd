import QuirePack
import Testing

/// Expected buckets computed independently with Python's hashlib:
/// `int(hashlib.sha256(f"{key}:{id}".encode()).hexdigest()[:8], 16) % 10000`.
private struct SampleRow: Sendable, CustomStringConvertible {
    var key: String
    var traceID: String
    var percent: Double
    var prefix: String
    var bucket: Int
    var isKept: Bool

    init(_ key: String, _ traceID: String, _ percent: Double, _ prefix: String, _ bucket: Int, _ isKept: Bool) {
        self.key = key
        self.traceID = traceID
        self.percent = percent
        self.prefix = prefix
        self.bucket = bucket
        self.isKept = isKept
    }

    var description: String { "\(key):\(traceID) @ \(percent)%" }
}

private let rows: [SampleRow] = [
    SampleRow("q3-2026", "sup-001", 10, "71ab75ac", 2188, false),
    SampleRow("q3-2026", "sup-002", 10, "48f5a8fd", 9133, false),
    SampleRow("q3-2026", "sup-003", 50, "a8b96967", 3431, true),
    SampleRow("q3-2026", "rag-002", 0.01, "51d2c6f2", 7986, false),
    SampleRow("q3-2026", "1b72c51fabed12ae7df83bfd4a09f545", 100, "7959d65e", 718, true),
    SampleRow("helpfulness-v1", "sup-001", 25, "18e108c8", 1032, true),
    SampleRow("helpfulness-v1", "code-004", 33.33, "5cee66ec", 7788, false),
    SampleRow("k", "a", 12.5, "9665ad29", 5865, false),
    SampleRow("k", "b", 12.5, "822e154e", 8190, false),
    SampleRow("k", "", 99.99, "de26157c", 7820, true),
    SampleRow("", "sup-001", 1, "5e8c4d51", 3137, false),
    SampleRow("ключ", "trace-1", 50, "b0e3b3e7", 2743, true),
    SampleRow("q", "naïve-café", 50, "4620556b", 4139, true),
    SampleRow("q", "日本語のトレース", 75, "e6c1715f", 7151, true),
    SampleRow("q", "emoji-🎉-id", 5, "00b4183d", 2685, false),
    // The same-looking ids, decomposed and precomposed, hash differently: ids are bytes, not text.
    SampleRow("q", "e\u{0301}", 50, "611d708a", 9306, false),
    SampleRow("q", "\u{E9}", 50, "34d83f33", 7187, false),
    SampleRow("support-tone-v1", "27ed06963c8a13592f7492b247c0b89f", 25, "0c108ffb", 2027, true),
    SampleRow("key with spaces", "id with spaces", 66.67, "851feb30", 1552, true),
    SampleRow("k:colon", "id:colon", 40, "3ad19fca", 6458, false),
    SampleRow("Q3-2026", "sup-001", 10, "9bea9877", 2935, false),
    SampleRow("q3-2026", "SUP-001", 10, "89384b78", 7928, false),
    SampleRow("x", "0", 0.01, "bb9a93e2", 9794, false),
    SampleRow("x", "9999", 100, "ffe923b0", 9104, true),
    SampleRow("x", "t2135", 0.01, "9a44f350", 0, true),
    SampleRow("x", "t16374", 12.5, "659a26a2", 1250, false),
    SampleRow("x", "t9955", 12.5, "ed7dbfa1", 1249, true),
]

@Suite("Sampler")
struct SamplerTests {
    @Test("a trace's bucket and fate match the reference computed with Python's hashlib", arguments: rows)
    fileprivate func bucketMatchesReference(row: SampleRow) {
        let sampler = Sampler(percent: row.percent, key: row.key)
        #expect(sampler.bucket(of: row.traceID) == row.bucket)
        #expect(sampler.keeps(row.traceID) == row.isKept)
        #expect(Int(row.prefix, radix: 16).map { $0 % 10_000 } == row.bucket)
    }

    @Test(
        "the threshold is percent × 100 rounded",
        arguments: [(0.01, 1), (12.5, 1250), (33.33, 3333), (0.29, 29), (66.67, 6667), (100, 10_000)])
    func thresholdIsRounded(percent: Double, threshold: Int) {
        #expect(Sampler(percent: percent, key: "k").threshold == threshold)
    }

    @Test("100 percent keeps every trace and the share kept at 10 percent is close to 10 percent")
    func sharesAreAsRequested() {
        let all = Sampler(percent: 100, key: "share")
        let tenth = Sampler(percent: 10, key: "share")
        let ids = (0..<20_000).map { "trace-\($0)" }
        #expect(ids.allSatisfy(all.keeps))
        let kept = ids.filter(tenth.keeps).count
        // Binomial(20000, 0.1): sd ≈ 42, so ±300 is over 7 sd.
        #expect((1700...2300).contains(kept))
    }

    @Test("a smaller sample with the same key is a subset of a larger one")
    func samplesNest() {
        let small = Sampler(percent: 5, key: "nest")
        let large = Sampler(percent: 20, key: "nest")
        let ids = (0..<5_000).map { "id-\($0)" }
        let smallKept = ids.filter(small.keeps)
        #expect(!smallKept.isEmpty)
        #expect(smallKept.allSatisfy(large.keeps))
    }
}
