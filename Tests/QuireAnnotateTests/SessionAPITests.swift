import QuireAnnotate
import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Annotator API over loopback HTTP")
struct SessionAPITests {
    private func draft(_ item: String, _ type: String, _ payload: JSONObject = [:]) -> JSONValue {
        .object(["item": .string(item), "type": .string(type), "payload": .object(payload)])
    }

    @Test("blind mode sends neither EVAL scores nor anyone's trace scores to the page")
    func blindHidesScores() async throws {
        let traces = try SampleBundle.traces(count: 40)
        let scored = try #require(traces.firstIndex { $0.scores.contains(where: \.isEval) })
        try await ServedBundle.serveSample(count: 40) { served in
            let cookie = try await served.signIn()
            let response = try await served.get("/api/items/\(scored)", cookie: cookie)
            #expect(response.status == 200)
            #expect(!response.text.contains("\"EVAL\""))
            let item = try response.json["item"]
            #expect(item?["evalScores"] == .array([]))
            #expect(item?["trace"]?["scores"] == .array([]))
            #expect(try await served.get("/api/queue", cookie: cookie).json["blind"] == .bool(true))
        }
    }

    @Test("without blind mode the existing scores are shown")
    func notBlindShowsScores() async throws {
        let traces = try SampleBundle.traces(count: 40)
        let scored = try #require(traces.firstIndex { $0.scores.contains(where: \.isEval) })
        let notBlind: (inout QueueManifest) -> Void = { $0.isBlind = false }
        try await ServedBundle.serveSample(count: 40, configure: notBlind) { served in
            let cookie = try await served.signIn()
            let item = try await served.get("/api/items/\(scored)", cookie: cookie).json["item"]
            #expect(item?["evalScores"]?.arrayValue?.isEmpty == false)
            #expect(item?["trace"]?["scores"]?.arrayValue?.count == traces[scored].scores.count)
        }
    }

    @Test("an adjudication bundle shows every reviewer's answer; a normal bundle never does")
    func adjudicationShowsReviews() async throws {
        let review = BundleItem.Review(reviewer: "ben", name: "tone", value: .string("bad"), comment: "rude")
        let adjudication: (inout QueueManifest) -> Void = { $0.isAdjudication = true }
        let withReview: (inout BundleItem) -> Void = { $0.reviews = [review] }
        try await ServedBundle.serveSample(configure: adjudication, adjust: withReview) { served in
            let cookie = try await served.signIn()
            let reviews = try await served.get("/api/items/0", cookie: cookie).json["item"]?["reviews"]
            #expect(
                reviews
                    == .array([
                        .object([
                            "reviewer": .string("ben"), "name": .string("tone"), "value": .string("bad"),
                            "comment": .string("rude"),
                        ])
                    ]))
        }
        try await ServedBundle.serveSample(adjust: withReview) { served in
            let cookie = try await served.signIn()
            let response = try await served.get("/api/items/0", cookie: cookie)
            #expect(try response.json["item"]?["reviews"] == nil)
            #expect(!response.text.contains("rude"))
        }
    }

    @Test("a save answers with seq, the item's new state and progress, only once the line is in the journal")
    func saveAcknowledgement() async throws {
        try await ServedBundle.serveSample { served in
            let cookie = try await served.signIn()
            let id = try #require(try await served.get("/api/items/2", cookie: cookie).json["id"]?.stringValue)
            let ack = try await served.post(
                "/api/events", draft(id, "score.set", ["name": .string("correctness"), "value": .int(5)]),
                cookie: cookie
            ).json
            #expect(ack["seq"] == .int(1))
            #expect(ack["position"] == .int(2))
            #expect(ack["review"]?["scores"]?["correctness"]?["value"] == .int(5))
            #expect(ack["progress"]?["lastSeq"] == .int(1))
            #expect(ack["canUndo"] == .bool(true))
            let line = try served.journalBytes
            #expect(line.last == 0x0A)
            #expect(String(decoding: line, as: UTF8.self).contains("\"item\":\"\(id)\""))

            let complete = try await served.post("/api/events", draft(id, "item.complete"), cookie: cookie).json
            #expect(complete["progress"]?["completed"] == .int(1))
            #expect(complete["progress"]?["open"] == .int(4))
            let undo = try await served.post("/api/undo", cookie: cookie).json
            #expect(undo["undone"] == .int(2))
            #expect(undo["review"]?["status"] == .string("open"))
        }
    }

    @Test("a refused event answers 422 with the message listing allowed values")
    func refusedEvent() async throws {
        try await ServedBundle.serveSample { served in
            let cookie = try await served.signIn()
            let id = try #require(try await served.get("/api/items/0", cookie: cookie).json["id"]?.stringValue)
            let response = try await served.post(
                "/api/events", draft(id, "score.set", ["name": .string("tone"), "value": .string("great")]),
                cookie: cookie)
            #expect(response.status == 422)
            #expect(
                try response.json["error"]
                    == .string("score \"tone\": \"great\" is not allowed; expected one of good, neutral, bad"))
            #expect(try served.journalBytes.isEmpty)
        }
    }

    @Test("the table pages and filters by status and id without reading every item")
    func tableRows() async throws {
        try await ServedBundle.serveSample(count: 12) { served in
            let cookie = try await served.signIn()
            let first = try await served.get("/api/items?offset=5&limit=4", cookie: cookie).json
            #expect(first["total"] == .int(12))
            let rows = try #require(first["rows"]?.arrayValue)
            #expect(rows.map { $0["position"] } == [.int(5), .int(6), .int(7), .int(8)])
            #expect(rows.allSatisfy { $0["status"] == .string("open") && $0["title"]?.stringValue?.isEmpty == false })
            let ids = try SampleBundle.traces(count: 12).map(\.id)
            _ = try await served.post("/api/events", draft(ids[3], "item.complete"), cookie: cookie)
            _ = try await served.post("/api/events", draft(ids[7], "item.skip"), cookie: cookie)
            _ = try await served.post("/api/events", draft(ids[7], "item.flag"), cookie: cookie)
            for (status, expected) in [("completed", [3]), ("skipped", [7]), ("flagged", [7])] {
                let page = try await served.get("/api/items?status=\(status)", cookie: cookie).json
                #expect(page["rows"]?.arrayValue?.map { $0["position"] } == expected.map(JSONValue.int), "\(status)")
            }
            let open = try await served.get("/api/items?status=open&limit=3&offset=2", cookie: cookie).json
            #expect(open["total"] == .int(10))
            #expect(open["rows"]?.arrayValue?.map { $0["position"] } == [.int(2), .int(4), .int(5)])
            let search = try await served.get("/api/items?q=SUP-00", cookie: cookie).json
            #expect(search["total"] == .int(2))
        }
    }

    @Test("Finish seals the bundle so that verify passes and scores.jsonl is the replay")
    func finishSeals() async throws {
        try await ServedBundle.serveSample { served in
            let cookie = try await served.signIn()
            let ids = try SampleBundle.traces(count: 5).map(\.id)
            for (index, id) in ids.prefix(3).enumerated() {
                let response = try await served.post(
                    "/api/events", draft(id, "score.set", ["name": .string("correctness"), "value": .int(index + 2)]),
                    cookie: cookie)
                #expect(response.status == 200)
            }
            let finish = try await served.post("/api/finish", cookie: cookie).json
            #expect(finish["scores"] == .int(3))
            let summary = try BundleVerifier.verify(directory: served.directory, name: "b", isArchive: true)
            #expect(summary.isSealed)
            #expect(summary.journalEvents == 3)
        }
    }
}
