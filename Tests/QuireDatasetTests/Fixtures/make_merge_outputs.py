#!/usr/bin/env python3
"""Writes the hand-made merge outputs the QuireDatasetTests commit (docs/dataset.md is the contract).

merge-v1: five items — agreed (sup-001), a tone conflict (sup-002), the hostile trace hos-003 from the
shared sample (agreed, hostile comments), an observation item (obs-001/obs-001-o02) and an item nobody
scored (sup-004). merge-v2: the same pack after adjudication — sup-002 settled, sup-001's correctness
changed, sup-004 scored, obs-001 dropped, sup-005 added. Deterministic; stdlib only.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "../../../../shared/data/native/sample.jsonl")

SCORES = [
    {"name": "correctness", "type": "numeric", "min": 1, "max": 5, "step": 1, "target": "trace", "id": "cfg-correctness"},
    {"name": "tone", "type": "categorical", "categories": [{"label": "good", "value": 1}, {"label": "bad", "value": 0}], "target": "trace", "id": "cfg-tone"},
    {"name": "hallucination", "type": "boolean", "categories": [{"label": "True", "value": 1}, {"label": "False", "value": 0}], "target": "trace", "id": "cfg-hallucination"},
    {"name": "notes", "type": "text", "target": "trace"},
    {"name": "expected_output", "type": "correction", "target": "trace"},
    {"name": "tool use", "type": "numeric", "min": 0, "max": 1, "target": "observation", "id": "cfg-tool-use"},
]


def trace(tid, question, answer, metadata=None, observations=None, session=None):
    return {"id": tid, "name": "support-chat", "timestamp": "2025-03-03T09:14:02.118Z", "sessionId": session,
            "userId": "cust-1", "environment": "production", "release": None, "version": None, "tags": ["support"],
            "metadata": metadata or {"channel": "web"},
            "input": [{"role": "user", "content": question}], "output": {"role": "assistant", "content": answer},
            "observations": observations or [], "scores": []}


def item(iid, tr, observation=None):
    target = {"traceId": tr["id"]}
    if observation:
        target["observationId"] = observation
    if tr.get("sessionId"):
        target["sessionId"] = tr["sessionId"]
    return {"id": iid, "target": target, "trace": tr, "flags": [], "evalScores": []}


def hostile_trace():
    with open(SAMPLE, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            if t["id"] == "hos-003":
                t["observations"] = t["observations"][:1]
                return t
    sys.exit("hos-003 not found")


def score(item_id, name, dtype, value, reviewer, at, comment=None):
    return {"item": item_id, "name": name, "dataType": dtype, "value": value, "reviewer": reviewer, "at": at,
            "comment": comment}


def consensus(item_id, name, value, status, n):
    return {"item": item_id, "name": name, "value": value, "status": status, "n": n}


def write(directory, merge, items, cons, scores):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "merge.json"), "w", encoding="utf-8") as f:
        json.dump(merge, f, ensure_ascii=False, indent=2)
        f.write("\n")
    for name, rows in (("items.jsonl", items), ("consensus.jsonl", cons), ("scores.jsonl", scores)):
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


BUNDLES = [
    {"bundleId": "9b1e0c7d2f4a48e6b3d5c1a0f9e8d7c6", "reviewer": "ana", "sha256": "4d" * 32, "path": "bundles/q-ana.quire"},
    {"bundleId": "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", "reviewer": "ben", "sha256": "0f" * 32, "path": "bundles/q-ben.quire"},
]

obs = [{"id": "obs-001-o02", "traceId": "obs-001", "parentObservationId": None, "type": "GENERATION", "name": "chat",
        "startTime": "2025-03-03T09:14:02.128Z", "endTime": "2025-03-03T09:14:02.704Z", "model": "gpt-4o-mini",
        "input": [{"role": "user", "content": "Where is NW-1?"}],
        "output": {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "lookup_order", "arguments": "{\"order_id\": \"NW-1\"}"}}]},
        "usageDetails": {}, "costDetails": {}, "level": "DEFAULT", "statusMessage": None, "metadata": {}}]

T1 = trace("sup-001", "Can I get a refund for order NW-58213?", "Yes, a refund of $42 is on its way.", {"channel": "web", "expected": "A refund of $42 was issued."}, session="sess-7f3a")
T2 = trace("sup-002", "Cancel my subscription, please.", "Done! Anything else?")
T3 = hostile_trace()
T4 = trace("obs-001", "Where is NW-1?", "It was delivered yesterday.", observations=obs)
T5 = trace("sup-004", "hi", "Hello!")
T6 = trace("sup-005", "Change my address to 5 Elm St.", "Your address is now 5 Elm St.")

A1, A2, B1, B2 = "2025-03-10T10:00:00.000Z", "2025-03-10T10:02:10.500Z", "2025-03-10T11:00:00.000Z", "2025-03-10T11:03:00.000Z"
EVIL_COMMENT = "=HYPERLINK(\"http://evil.example\",\"click\"), \"quoted\"\r\nnext line <script>alert(1)</script>"


def v1():
    items = [item("sup-001", T1), item("sup-002", T2), item("hos-003", T3), item("obs-001/obs-001-o02", T4, "obs-001-o02"), item("sup-004", T5)]
    cons = [
        consensus("sup-001", "correctness", 4, "agreed", 2), consensus("sup-001", "tone", "good", "agreed", 2),
        consensus("sup-001", "hallucination", 0, "agreed", 2),
        consensus("sup-001", "expected_output", "Refund of $42 issued; arrives in 3–5 days.", "agreed", 1),
        consensus("sup-002", "correctness", 5, "agreed", 2), consensus("sup-002", "tone", None, "conflict", 2),
        consensus("hos-003", "correctness", 3, "agreed", 2), consensus("hos-003", "tone", "bad", "agreed", 2),
        consensus("hos-003", "notes", "<img src=x onerror=alert(1)>, \"quoted\"", "agreed", 1),
        consensus("obs-001/obs-001-o02", "tool use", 1, "agreed", 2),
    ]
    scores = [
        score("sup-001", "correctness", "NUMERIC", 4, "ana", A1, "Right amount."),
        score("sup-001", "correctness", "NUMERIC", 4, "ben", B1),
        score("sup-001", "tone", "CATEGORICAL", "good", "ana", A1), score("sup-001", "tone", "CATEGORICAL", "good", "ben", B1),
        score("sup-001", "hallucination", "BOOLEAN", 0, "ana", A1), score("sup-001", "hallucination", "BOOLEAN", 0, "ben", B1),
        score("sup-001", "expected_output", "TEXT", "Refund of $42 issued; arrives in 3–5 days.", "ana", A1),
        score("sup-002", "correctness", "NUMERIC", 5, "ana", A2), score("sup-002", "correctness", "NUMERIC", 5, "ben", B2),
        score("sup-002", "tone", "CATEGORICAL", "good", "ana", A2), score("sup-002", "tone", "CATEGORICAL", "bad", "ben", B2, "Too curt."),
        score("hos-003", "correctness", "NUMERIC", 3, "ana", A2, EVIL_COMMENT),
        score("hos-003", "correctness", "NUMERIC", 3, "ben", B2, "-2+3 @SUM(A1) \u202egnp.exe"),
        score("hos-003", "tone", "CATEGORICAL", "bad", "ana", A2), score("hos-003", "tone", "CATEGORICAL", "bad", "ben", B2),
        score("hos-003", "notes", "TEXT", "<img src=x onerror=alert(1)>, \"quoted\"", "ana", A2),
        score("obs-001/obs-001-o02", "tool use", "NUMERIC", 1, "ana", A2), score("obs-001/obs-001-o02", "tool use", "NUMERIC", 1, "ben", B2),
    ]
    merge = {"packId": "3f2a9c0d5b7e41d8a6c2f0e9b1d4a7c3", "queue": "support-quality", "policy": "median", "tolerance": 1,
             "bundles": BUNDLES, "items": len(items), "generatedAt": "2025-03-10T11:03:00.000Z", "scores": SCORES}
    write(os.path.join(HERE, "merge-v1"), merge, items, cons, scores)


def v2():
    items = [item("sup-001", T1), item("sup-002", T2), item("hos-003", T3), item("sup-004", T5), item("sup-005", T6)]
    cons = [
        consensus("sup-001", "correctness", 3, "agreed", 2), consensus("sup-001", "tone", "good", "agreed", 2),
        consensus("sup-001", "hallucination", 0, "agreed", 2),
        consensus("sup-001", "expected_output", "Refund of $42 issued; arrives in 3–5 days.", "agreed", 1),
        consensus("sup-002", "correctness", 5, "agreed", 2), consensus("sup-002", "tone", "bad", "adjudicated", 3),
        consensus("hos-003", "correctness", 3, "agreed", 2), consensus("hos-003", "tone", "bad", "agreed", 2),
        consensus("hos-003", "notes", "<img src=x onerror=alert(1)>, \"quoted\"", "agreed", 1),
        consensus("sup-004", "correctness", 5, "agreed", 1),
        consensus("sup-005", "correctness", 2, "agreed", 2), consensus("sup-005", "hallucination", 1, "agreed", 2),
    ]
    scores = [
        score("sup-001", "correctness", "NUMERIC", 3, "ana", A1, "Amount right, date wrong."),
        score("sup-001", "correctness", "NUMERIC", 3, "ben", B1),
        score("sup-001", "tone", "CATEGORICAL", "good", "ana", A1), score("sup-001", "tone", "CATEGORICAL", "good", "ben", B1),
        score("sup-001", "hallucination", "BOOLEAN", 0, "ana", A1), score("sup-001", "hallucination", "BOOLEAN", 0, "ben", B1),
        score("sup-001", "expected_output", "TEXT", "Refund of $42 issued; arrives in 3–5 days.", "ana", A1),
        score("sup-002", "correctness", "NUMERIC", 5, "ana", A2), score("sup-002", "correctness", "NUMERIC", 5, "ben", B2),
        score("sup-002", "tone", "CATEGORICAL", "good", "ana", A2), score("sup-002", "tone", "CATEGORICAL", "bad", "ben", B2, "Too curt."),
        score("sup-002", "tone", "CATEGORICAL", "bad", "lead", "2025-03-11T08:00:00.000Z", "Adjudicated: curt."),
        score("hos-003", "correctness", "NUMERIC", 3, "ana", A2, EVIL_COMMENT),
        score("hos-003", "correctness", "NUMERIC", 3, "ben", B2, "-2+3 @SUM(A1) \u202egnp.exe"),
        score("hos-003", "tone", "CATEGORICAL", "bad", "ana", A2), score("hos-003", "tone", "CATEGORICAL", "bad", "ben", B2),
        score("hos-003", "notes", "TEXT", "<img src=x onerror=alert(1)>, \"quoted\"", "ana", A2),
        score("sup-004", "correctness", "NUMERIC", 5, "ben", B2),
        score("sup-005", "correctness", "NUMERIC", 2, "ana", A2), score("sup-005", "correctness", "NUMERIC", 2, "ben", B2),
        score("sup-005", "hallucination", "BOOLEAN", 1, "ana", A2), score("sup-005", "hallucination", "BOOLEAN", 1, "ben", B2),
    ]
    merge = {"packId": "3f2a9c0d5b7e41d8a6c2f0e9b1d4a7c3", "queue": "support-quality", "policy": "median", "tolerance": 1,
             "bundles": BUNDLES + [{"bundleId": "aa55aa55aa55aa55aa55aa55aa55aa55", "reviewer": "lead", "sha256": "ee" * 32, "path": "out/adjudication.quire"}],
             "items": len(items), "generatedAt": "2025-03-11T08:00:00.000Z", "scores": SCORES}
    write(os.path.join(HERE, "merge-v2"), merge, items, cons, scores)


v1()
v2()
