import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// One refused event and the exact message the page and `quire score` show for it.
struct RefusalCase: Sendable, CustomStringConvertible {
    let name: String
    let draft: @Sendable (_ item: String) -> EventDraft
    let message: String

    var description: String { name }

    static let all: [RefusalCase] = [
        RefusalCase(
            name: "unknown item", draft: { _ in Draft.set("nope", "correctness", .int(3)) },
            message: "b: no item \"nope\" in this bundle"),
        RefusalCase(
            name: "unknown score", draft: { Draft.set($0, "helpfulness", .int(3)) },
            message: "b: no score \"helpfulness\" in this queue; expected one of correctness, tone, hallucination, "
                + "notes, expected_output"),
        RefusalCase(
            name: "unknown score to clear", draft: { Draft.clear($0, "Correctness") },
            message: "b: no score \"Correctness\" in this queue; expected one of correctness, tone, hallucination, "
                + "notes, expected_output"),
        RefusalCase(
            name: "numeric above max", draft: { Draft.set($0, "correctness", .int(7)) },
            message: "score \"correctness\": 7 is not allowed; expected a number from 1 to 5 in steps of 1"),
        RefusalCase(
            name: "numeric below min", draft: { Draft.set($0, "correctness", .int(0)) },
            message: "score \"correctness\": 0 is not allowed; expected a number from 1 to 5 in steps of 1"),
        RefusalCase(
            name: "numeric off step", draft: { Draft.set($0, "correctness", .double(2.5)) },
            message: "score \"correctness\": 2.5 is not allowed; expected a number from 1 to 5 in steps of 1"),
        RefusalCase(
            name: "numeric as text", draft: { Draft.set($0, "correctness", .string("4")) },
            message: "score \"correctness\": \"4\" is not allowed; expected a number from 1 to 5 in steps of 1"),
        RefusalCase(
            name: "unknown category", draft: { Draft.set($0, "tone", .string("great")) },
            message: "score \"tone\": \"great\" is not allowed; expected one of good, neutral, bad"),
        RefusalCase(
            name: "boolean as word", draft: { Draft.set($0, "hallucination", .string("yes")) },
            message: "score \"hallucination\": \"yes\" is not allowed; expected true or false"),
        RefusalCase(
            name: "text too long", draft: { Draft.set($0, "notes", .string(String(repeating: "x", count: 2001))) },
            message: "score \"notes\": text of 2001 characters is longer than 2000"),
        RefusalCase(
            name: "score without value",
            draft: { EventDraft(item: $0, kind: .scoreSet, payload: ["name": .string("notes")]) },
            message: "b: item \"ITEM\": score.set: value: missing"),
        RefusalCase(
            name: "unexpected member",
            draft: {
                EventDraft(
                    item: $0, kind: .scoreSet,
                    payload: ["name": .string("correctness"), "value": .int(3), "undoes": .int(1)])
            },
            message: "b: item \"ITEM\": score.set: unexpected member \"undoes\" (expected comment, name, value)"),
        RefusalCase(
            name: "status with payload",
            draft: { EventDraft(item: $0, kind: .itemComplete, payload: ["next": .bool(true)]) },
            message: "b: item \"ITEM\": item.complete: unexpected member \"next\" (expected no members)"),
        RefusalCase(
            name: "span with empty range",
            draft: {
                EventDraft(
                    item: $0, kind: .span,
                    payload: ["messageIndex": .int(0), "start": .int(5), "end": .int(5), "note": .string("x")])
            },
            message: "b: item \"ITEM\": span: end: must be at least 6, found 5"),
        RefusalCase(
            name: "span with negative index",
            draft: {
                EventDraft(
                    item: $0, kind: .span, payload: ["messageIndex": .int(-1), "start": .int(0), "end": .int(2)])
            },
            message: "b: item \"ITEM\": span: messageIndex: must be at least 0, found -1"),
        RefusalCase(
            name: "removing a span that is not there",
            draft: { EventDraft(item: $0, kind: .span, payload: ["remove": .int(9)]) },
            message: "b: item \"ITEM\": span: remove: no span 9 on this item"),
        RefusalCase(
            name: "empty tag", draft: { EventDraft(item: $0, kind: .itemTag, payload: ["tag": .string("")]) },
            message: "b: item \"ITEM\": item.tag: tag: must be 1–64 characters without control characters"),
        RefusalCase(
            name: "tag with a newline",
            draft: { EventDraft(item: $0, kind: .itemTag, payload: ["tag": .string("a\nb")]) },
            message: "b: item \"ITEM\": item.tag: tag: must be 1–64 characters without control characters"),
        RefusalCase(
            name: "flag as a string",
            draft: { EventDraft(item: $0, kind: .itemFlag, payload: ["flagged": .string("yes")]) },
            message: "b: item \"ITEM\": item.flag: flagged: expected true or false, found \"yes\""),
        RefusalCase(
            name: "comment as a number",
            draft: { EventDraft(item: $0, kind: .comment, payload: ["text": .int(3)]) },
            message: "b: item \"ITEM\": comment: text: expected a string, found number"),
        RefusalCase(
            name: "overlong comment",
            draft: {
                EventDraft(item: $0, kind: .comment, payload: ["text": .string(String(repeating: "é", count: 10_001))])
            },
            message: "b: item \"ITEM\": comment: text: 10001 characters is longer than 10000"),
    ]
}

@Suite("Event validation")
struct EventValidationTests {
    @Test("a refused event names what is allowed and writes nothing", arguments: RefusalCase.all)
    func refusedEvent(_ refusal: RefusalCase) throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        try writer.append(Draft.set(fixture.ids[0], "correctness", .int(3)))
        let before = try fixture.journalBytes()
        let thrown = #expect(throws: (any Error).self) { try writer.append(refusal.draft(fixture.ids[0])) }
        let error = thrown as? any QuireError
        #expect(error?.description == refusal.message.replacing("ITEM", with: fixture.ids[0]))
        #expect(error?.fault == .data)
        #expect(try fixture.journalBytes() == before)
        #expect(writer.state.eventCount == 1)
    }

    @Test("every event type with a well-formed payload is accepted in canonical form")
    func acceptedPayloads() throws {
        let fixture = try JournalFixture()
        let writer = try fixture.writer()
        let item = fixture.ids[1]
        let cases: [(EventDraft, JSONObject)] = [
            (
                Draft.set(item, "tone", .string("neutral"), comment: "flat"),
                [
                    "name": .string("tone"), "value": .string("neutral"), "comment": .string("flat"),
                ]
            ),
            (
                Draft.set(item, "expected_output", .string("Fixed answer")),
                [
                    "name": .string("expected_output"), "value": .string("Fixed answer"),
                ]
            ),
            (Draft.clear(item, "tone"), ["name": .string("tone")]),
            (
                EventDraft(item: item, kind: .comment, payload: ["text": .string("see turn 3")]),
                ["text": .string("see turn 3")]
            ),
            (
                EventDraft(
                    item: item, kind: .span,
                    payload: ["note": .string("wrong"), "end": .int(9), "start": .int(2), "messageIndex": .int(1)]),
                ["messageIndex": .int(1), "start": .int(2), "end": .int(9), "note": .string("wrong")]
            ),
            (EventDraft(item: item, kind: .span, payload: ["remove": .int(5)]), ["remove": .int(5)]),
            (EventDraft(item: item, kind: .itemFlag, payload: [:]), ["flagged": .bool(true)]),
            (
                EventDraft(item: item, kind: .itemFlag, payload: ["flagged": .bool(false), "reason": .string("x")]),
                ["flagged": .bool(false)]
            ),
            (
                EventDraft(item: item, kind: .itemTag, payload: ["tag": .string("known-issue-12")]),
                ["tag": .string("known-issue-12")]
            ),
            (
                EventDraft(item: item, kind: .itemTag, payload: ["tag": .string("x"), "removed": .bool(false)]),
                ["tag": .string("x")]
            ),
            (EventDraft(item: item, kind: .datasetAdd), ["added": .bool(true)]),
            (EventDraft(item: item, kind: .itemSkip), [:]),
            (EventDraft(item: item, kind: .itemReopen), [:]),
            (EventDraft(item: item, kind: .itemComplete), [:]),
        ]
        for (draft, payload) in cases {
            #expect(try writer.append(draft).payload == payload)
        }
        #expect(writer.state.item(item).status == .completed)
        #expect(writer.state.item(item).tags == ["known-issue-12", "x"])
    }
}
