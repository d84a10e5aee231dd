#!/usr/bin/env python3
"""Checks that a `quire dataset export --format hf` directory loads with Hugging Face `datasets` as is.

    python3 -m venv /tmp/hf-venv && /tmp/hf-venv/bin/pip install datasets
    /tmp/hf-venv/bin/python Tests/python/check_hf_export.py Tests/QuireDatasetTests/Fixtures/golden/export/hf

Loads PATH with `datasets.load_dataset(PATH, split="train")` (offline, private cache), then checks the
card against the data: row count, the declared features, score column types, JSON-text columns that
decode, and values equal to data/train.jsonl. Prints one line per check; exits 1 on the first failure.
"""
import json
import os
import shutil
import sys
import tempfile


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def ok(message):
    print(f"ok   {message}")


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} HF_EXPORT_DIR")
    path = os.path.abspath(sys.argv[1])
    cache = tempfile.mkdtemp(prefix="quire-hf-cache-")
    try:
        check(path, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def check(path, cache):
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HOME"] = cache
    import datasets  # imported after the environment is set

    ds = datasets.load_dataset(path, split="train", cache_dir=cache)
    ok(f"load_dataset({path!r}, split='train') with datasets {datasets.__version__}: {ds.num_rows} rows")

    with open(os.path.join(path, "data/train.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if ds.num_rows != len(rows):
        fail(f"{ds.num_rows} rows loaded, {len(rows)} lines in data/train.jsonl")
    ok("row count equals data/train.jsonl")

    card = open(os.path.join(path, "README.md"), encoding="utf-8").read()
    if not card.startswith("---\n") or "\n---\n" not in card[4:]:
        fail("README.md has no YAML header")
    from huggingface_hub import DatasetCard

    metadata = DatasetCard(card).data.to_dict()
    declared = metadata["dataset_info"]["splits"][0]["num_examples"]
    if declared != ds.num_rows:
        fail(f"card declares {declared} examples, loaded {ds.num_rows}")
    split = ds.info.splits["train"] if ds.info.splits else None
    if split is None or split.num_examples != ds.num_rows:
        fail("datasets did not take the split sizes from the card (so it did not verify them)")
    ok("card num_examples matches and datasets verified it")
    for key in ("license", "task_categories", "size_categories", "configs"):
        if key not in metadata:
            fail(f"card lacks {key}")
    ok("card has license, task_categories, size_categories, configs")

    declared_features = {}
    for feature in metadata["dataset_info"]["features"]:
        if "dtype" in feature:
            declared_features[feature["name"]] = feature["dtype"]
        else:
            declared_features[feature["name"]] = {sub["name"]: sub["dtype"] for sub in feature["struct"]}
    loaded = ds.features
    if list(loaded.keys()) != list(declared_features.keys()):
        fail(f"columns {list(loaded.keys())} differ from the card's {list(declared_features.keys())}")
    for name, dtype in declared_features.items():
        feature = loaded[name]
        if isinstance(dtype, dict):
            fields = {key: value.dtype for key, value in feature.items()}
            if fields != dtype:
                fail(f"{name}: loaded {fields}, card says {dtype}")
        elif feature.dtype != dtype:
            fail(f"{name}: loaded {feature.dtype}, card says {dtype}")
    ok(f"features match the card: {', '.join(declared_features)}")

    for index, (loaded_row, row) in enumerate(zip(ds, rows)):
        for column in ("input", "output", "expected", "annotations", "metadata"):
            value = loaded_row[column]
            if value != row[column]:
                fail(f"row {index} {column}: loaded {value!r}, file has {row[column]!r}")
            if value is not None:
                json.loads(value)
        for name, value in row["scores"].items():
            got = loaded_row["scores"][name]
            if value is None and got is not None or value is not None and got != value:
                fail(f"row {index} scores.{name}: loaded {got!r}, file has {value!r}")
        if loaded_row["item"] != row["item"]:
            fail(f"row {index}: item {loaded_row['item']!r} != {row['item']!r}")
    ok("every value equals the file; JSON-text columns decode")
    print(f"PASS {ds.num_rows} rows")


if __name__ == "__main__":
    main()
