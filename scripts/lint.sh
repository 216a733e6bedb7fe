#!/usr/bin/env bash
# The static checks (docs/tooling.md): lint, formatting, types, import contracts. Each one runs
# even when an earlier one fails; the script fails when any did.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
status=0
step() {
    echo "--- $*"
    "$@" || { echo "lint: FAILED: $*" >&2; status=1; }
}
step "$BIN/ruff" check --output-format concise
step "$BIN/ruff" format --check --output-format concise
step "$BIN/mypy" scheduler
step "$BIN/lint-imports"
exit $status
