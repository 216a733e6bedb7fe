#!/usr/bin/env bash
# Build a fresh virtual environment, install visitplan with its test tools (and Debian's
# Chromium for the browser tests when it is missing), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
rm -rf .venv
"$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
bash scripts/install-chromium.sh
exec .venv/bin/python -m pytest "$@"
