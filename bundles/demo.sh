#!/usr/bin/env bash
# `make demo`: the whole loop on the example in bundles/example/ — pack for three reviewers (overlap 2),
# simulated reviewers score through `quire score`, seal, verify, merge, adjudicate, commit a dataset, export.
set -euo pipefail
QUIRE=${1:-.build/debug/quire}
OUT=${DEMO_OUT:-demo-out}
# A fixed pack time keeps the demo's bundles byte-identical from run to run.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795424400}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT"

step "queue check"
"$QUIRE" queue check bundles/example/queue.yaml

step "pack: one bundle per reviewer"
"$QUIRE" pack bundles/example/queue.yaml --out "$OUT/bundles"
"$QUIRE" verify "$OUT"/bundles/*.quire
"$QUIRE" inspect "$OUT/bundles/support-quality-ana.quire"

step "reviewers score their bundles (simulated, through quire score)"
python3 bundles/simulate_reviewers.py "$QUIRE" "$OUT"/bundles/*.quire
for bundle in "$OUT"/bundles/*.quire; do "$QUIRE" seal "$bundle"; done
"$QUIRE" verify "$OUT"/bundles/*.quire

step "agreement before merging"
"$QUIRE" agree "$OUT"/bundles/*.quire --score correctness --level ordinal

step "merge"
"$QUIRE" merge "$OUT"/bundles/*.quire --out "$OUT/merged"

if [ -f "$OUT/merged/adjudication.quire" ]; then
    step "adjudication: the lead settles the conflicts"
    python3 bundles/adjudicate.py "$QUIRE" "$OUT/merged/adjudication.quire"
    "$QUIRE" seal "$OUT/merged/adjudication.quire"
    "$QUIRE" merge "$OUT"/bundles/*.quire --adjudication "$OUT/merged/adjudication.quire" --out "$OUT/final"
else
    cp -r "$OUT/merged" "$OUT/final"
fi

step "dataset v1 and exports"
"$QUIRE" dataset commit "$OUT/final" --repo "$OUT/datasets" --name support-quality -m "demo: first review round"
"$QUIRE" dataset log support-quality --repo "$OUT/datasets"
"$QUIRE" dataset export support-quality@v1 --repo "$OUT/datasets" --format jsonl --out "$OUT/exports/support-quality.jsonl"
"$QUIRE" dataset export support-quality@v1 --repo "$OUT/datasets" --format hf --out "$OUT/exports/hf"

step "where things are"
cat <<DONE
  bundles           $OUT/bundles/*.quire  (one per reviewer, sealed)
  agreement report  $OUT/final/report.html  (open in a browser; $OUT/final/report.md as text)
  merged scores     $OUT/final/scores.jsonl, consensus.jsonl, agreement.json
  dataset           $OUT/datasets/support-quality/v1/
  exports           $OUT/exports/support-quality.jsonl, $OUT/exports/hf/

  Try the annotator on a fresh copy of a bundle (no network needed):
    cp $OUT/bundles/support-quality-ana.quire /tmp/ana.quire && $QUIRE annotate /tmp/ana.quire
DONE
