#!/usr/bin/env bash
# Build a fresh virtual environment (.venv, editable install with the test tools, and Debian's
# Chromium for the browser tests when it is missing), check a normal non-editable install from
# an empty folder (scripts/check-install.sh), then run the whole test suite.
# Note: it deletes and rebuilds .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
rm -rf .venv
"$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
bash scripts/install-chromium.sh
PYTHON="$PY" bash scripts/check-install.sh
exec .venv/bin/python -m pytest "$@"
