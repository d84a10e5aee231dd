#!/usr/bin/env python3
"""Plays the lead of the demo: decides every conflict of an adjudication bundle through `quire score`.

The lead reads each reviewer's answer (visible in adjudication bundles) and takes the more cautious one:
the lower correctness, the worse tone, a hallucination if anyone saw one.
Usage: adjudicate.py QUIRE ADJUDICATION_BUNDLE
"""
import json
import subprocess
import sys

CAUTION = {"tone": ["bad", "neutral", "good"]}


def main():
    quire, bundle = sys.argv[1], sys.argv[2]
    info = json.loads(subprocess.run(
        [quire, "inspect", bundle, "--items", "--json"], check=True, capture_output=True, text=True).stdout)
    decided = 0
    for entry in info["itemList"]:
        answers = {}
        for review in entry.get("reviews", []):
            answers.setdefault(review["name"], []).append(review["value"])
        # Merge flags each score in conflict as "merge-conflict" with a reason starting "NAME:".
        conflicts = {flag["reason"].split(":", 1)[0] for flag in entry.get("flags", [])
                     if flag["classifier"] == "merge-conflict"}
        for name, values in sorted(answers.items()):
            if name not in conflicts:
                continue
            if name in CAUTION:
                choice = min(values, key=CAUTION[name].index)
            elif name == "hallucination":
                choice = "true" if 1 in values or True in values else "false"
            else:
                choice = min(values)
            subprocess.run(
                [quire, "score", bundle, "--item", entry["id"], "--name", name, "--value", str(choice),
                 "--reviewer", "lead", "--comment", "adjudicated: the more cautious answer", "--complete"],
                check=True, stdout=subprocess.DEVNULL)
            decided += 1
    print(f"  lead decided {decided} conflicting scores in {bundle}")


if __name__ == "__main__":
    main()
