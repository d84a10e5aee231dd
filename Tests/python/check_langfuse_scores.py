#!/usr/bin/env python3
"""Validates `quire dataset export --format langfuse-scores|langfuse-dataset` files against the request
models of the `langfuse` Python package (its generated API client), line by line.

    python3 -m venv /tmp/lf-venv && /tmp/lf-venv/bin/pip install langfuse
    /tmp/lf-venv/bin/python Tests/python/check_langfuse_scores.py \
        --scores Tests/QuireDatasetTests/Fixtures/golden/export/v2.langfuse-scores.jsonl \
        --dataset-items Tests/QuireDatasetTests/Fixtures/golden/export/v2.langfuse-dataset.jsonl

Each scores line must validate as `CreateScoreRequest` (POST /api/public/scores) and each dataset line as
`CreateDatasetItemRequest` (POST /api/public/dataset-items). Bodies are parsed with the client's own
`parse_obj_as` (wire aliases to fields); the models allow extra keys, so the script also refuses keys
the model does not define, and checks the rules the docstrings state: value type per
dataType, BOOLEAN 0/1, TEXT 1–500 characters, a configId on ANNOTATION scores unless CORRECTION, unique
ids, and exactly one of traceId/sessionId. Exits 1 on the first failure.
"""
import argparse
import json
import sys
import uuid


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def find_model(module_paths, name):
    for module_path in module_paths:
        try:
            module = __import__(module_path, fromlist=[name])
            return getattr(module, name), f"{module_path}.{name}"
        except (ImportError, AttributeError):
            continue
    fail(f"{name} not found in the installed langfuse package")


def parse(model, body, at):
    """Parses a wire body the way the client reads API JSON (aliases such as traceId → trace_id), and
    refuses keys that end up as pydantic extras: the models allow them, the API does not define them."""
    from langfuse.api.core.pydantic_utilities import parse_obj_as

    try:
        parsed = parse_obj_as(model, body)
    except Exception as error:  # pydantic.ValidationError, reported as is
        fail(f"{at}: {error}")
    extra = getattr(parsed, "model_extra", None) or {}
    if extra:
        fail(f"{at}: keys the API does not define: {sorted(extra)}")
    return parsed


def lines(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                yield number, json.loads(line)


def check_scores(path):
    model, where = find_model(
        ["langfuse.api.resources.score.types", "langfuse.api.scores.types", "langfuse.api.scores", "langfuse.api"],
        "CreateScoreRequest")
    ids = set()
    count = 0
    for number, body in lines(path):
        at = f"{path}:{number}"
        parsed = parse(model, body, at)
        if parsed.trace_id != body.get("traceId") or parsed.session_id != body.get("sessionId"):
            fail(f"{at}: traceId/sessionId did not survive parsing")
        if ("traceId" in body) == ("sessionId" in body):
            fail(f"{at}: needs exactly one of traceId and sessionId")
        uuid.UUID(body["id"])
        if body["id"] in ids:
            fail(f"{at}: duplicate id {body['id']}")
        ids.add(body["id"])
        data_type, value = body.get("dataType"), body["value"]
        if data_type in ("NUMERIC", "BOOLEAN") and not isinstance(value, (int, float)):
            fail(f"{at}: {data_type} value must be a number")
        if data_type == "BOOLEAN" and value not in (0, 1):
            fail(f"{at}: BOOLEAN value must be 0 or 1")
        if data_type in ("CATEGORICAL", "TEXT", "CORRECTION") and not isinstance(value, str):
            fail(f"{at}: {data_type} value must be a string")
        if data_type == "TEXT" and not 1 <= len(value) <= 500:
            fail(f"{at}: TEXT value must have 1–500 characters")
        if body.get("source") == "ANNOTATION" and data_type != "CORRECTION" and not body.get("configId"):
            fail(f"{at}: ANNOTATION scores need a configId unless CORRECTION")
        if not isinstance(body.get("metadata", {}).get("author"), str):
            fail(f"{at}: metadata.author missing")
        count += 1
    print(f"ok   {count} score bodies validate as {where}")


def check_dataset_items(path):
    model, where = find_model(
        ["langfuse.api.resources.dataset_items.types", "langfuse.api.dataset_items.types", "langfuse.api"],
        "CreateDatasetItemRequest")
    ids = set()
    count = 0
    for number, body in lines(path):
        at = f"{path}:{number}"
        parsed = parse(model, body, at)
        if parsed.dataset_name != body.get("datasetName") or parsed.source_trace_id != body.get("sourceTraceId"):
            fail(f"{at}: datasetName/sourceTraceId did not survive parsing")
        if not body.get("id") or len(body["id"]) > 255 or body["id"] in ids:
            fail(f"{at}: id missing, too long or repeated")
        ids.add(body["id"])
        count += 1
    print(f"ok   {count} dataset item bodies validate as {where}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scores", action="append", default=[])
    parser.add_argument("--dataset-items", action="append", default=[])
    args = parser.parse_args()
    if not args.scores and not args.dataset_items:
        parser.error("give --scores and/or --dataset-items")
    import importlib.metadata

    print(f"langfuse {importlib.metadata.version('langfuse')}")
    for path in args.scores:
        check_scores(path)
    for path in args.dataset_items:
        check_dataset_items(path)
    print("PASS")


if __name__ == "__main__":
    main()
