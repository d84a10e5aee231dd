#!/usr/bin/env python3
"""Plays the reviewers of the demo: scores every item of each bundle through `quire score`.

Deterministic: each reviewer's answers derive from SHA-256 of (reviewer, item), around a shared "true"
answer per item, so reviewers mostly agree and sometimes do not, as real ones do.
Usage: simulate_reviewers.py QUIRE BUNDLE...
"""
import hashlib
import json
import subprocess
import sys


def draw(*parts):
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def score(quire, bundle, item, name, value, comment=None, complete=False):
    args = [quire, "score", bundle, "--item", item, "--name", name, "--value", value]
    if comment:
        args += ["--comment", comment]
    if complete:
        args.append("--complete")
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def main():
    quire, bundles = sys.argv[1], sys.argv[2:]
    for bundle in bundles:
        info = json.loads(subprocess.run(
            [quire, "inspect", bundle, "--items", "--json"], check=True, capture_output=True, text=True).stdout)
        reviewer = info["reviewer"]
        for entry in info["itemList"]:
            item = entry["id"]
            truth = 1 + int(draw("truth", item) * 5)
            correctness = truth
            if draw(reviewer, item, "slip") < 0.3:
                correctness = max(1, min(5, truth + (1 if draw(reviewer, item, "up") < 0.5 else -1)))
            tone = ["bad", "neutral", "good"][min(2, (truth - 1) // 2 + (1 if draw(reviewer, item, "tone") < 0.2 else 0))]
            hallucination = "true" if draw("hallucination", item) < 0.25 else "false"
            if draw(reviewer, item, "doubt") < 0.15:
                hallucination = "false" if hallucination == "true" else "true"
            comment = "checked the tool results" if draw(reviewer, item, "comment") < 0.2 else None
            score(quire, bundle, item, "correctness", str(correctness), comment)
            score(quire, bundle, item, "tone", tone)
            if correctness <= 2:
                score(quire, bundle, item, "notes", f"{reviewer}: the answer does not solve the request")
            score(quire, bundle, item, "hallucination", hallucination, complete=True)
        print(f"  {reviewer} scored {len(info['itemList'])} items in {bundle}")


if __name__ == "__main__":
    main()
