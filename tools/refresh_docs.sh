#!/usr/bin/env bash
# Execute every notebook in place so that the docs render with fresh outputs, clean them, and write
# README.md from nbs/index.ipynb (nbdev_readme needs Quarto; this needs only Jupyter).
# Usage: tools/refresh_docs.sh [notebook ...]    (default: all notebooks)
set -euo pipefail
cd "$(dirname "$0")/.."
nbs=("$@"); [ ${#nbs[@]} -gt 0 ] || nbs=(nbs/*.ipynb)
for nb in "${nbs[@]}"; do
  echo "executing $nb"
  jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=3600 "$nb" 2>&1 | grep -v -E '^(WARNING: All log|I0000|W0000|E0000|INFO: Created)' || true
done
nbdev_clean
jupyter nbconvert --to markdown --no-input --output-dir . --output README nbs/index.ipynb
echo "README.md written from nbs/index.ipynb"
