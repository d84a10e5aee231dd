#!/usr/bin/env bash
# The demo: runs Quire's main job on the example queue in bundles/example/.
set -euo pipefail
QUIRE=${1:-.build/debug/quire}
"$QUIRE" --version
