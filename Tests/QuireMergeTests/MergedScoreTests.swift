import QuireModel
import QuireTestSupport
import Testing

@testable import QuireMerge

@Suite("Merged score lines")
struct MergedScoreTests {
    @Test(
        "an instant's text is reused only when it already is the canonical spelling",
        arguments: [
            "2026-11-23T10:00:00.000Z", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00.5Z",
            "2026-11-23T10:00:00.123456789Z", "2026-11-23T11:00:00.000+01:00", "2026-11-23T10:00:00.000z",
            "2016-12-31T23:59:60.000Z", "2026-11-23t10:00:00.000Z", "1969-12-31T23:59:59.999Z",
        ])
    func canonicalInstants(text: String) throws {
        let instant = try #require(Timestamp(rfc3339: text))
        #expect(MergedScore.canonicalText(of: instant) == instant.canonicalText)
    }

    @Test("on seeded random instants written canonically, the text as read is the canonical text")
    func randomInstants() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let nanoseconds = Int64.random(
                in: -2_000_000_000_000_000_000...4_000_000_000_000_000_000, using: &generator)
            let canonical = Timestamp(nanosecondsSinceEpoch: nanoseconds).truncatedToMilliseconds
            guard let read = Timestamp(rfc3339: canonical.text) else {
                Issue.record("\(canonical.text) does not read back")
                continue
            }
            #expect(MergedScore.canonicalText(of: read) == canonical.text)
        }
    }
}
