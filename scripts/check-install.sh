#!/usr/bin/env bash
# Install visitplan as a user does (a built wheel, not editable) into a throw-away venv, then
# make one plan from an empty folder. Proves the wheel holds every package file and the
# Jung-gu data (data/ ships as scheduler.data) and that a plan needs no pvrp extra.
# Reuses pip's cache. Any failure stops with "check-install: FAILED: <step>".
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
MONTH=2027-01
work=$(mktemp -d "${TMPDIR:-/tmp}/visitplan-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "check-install: FAILED: $*" >&2; exit 1; }
secs() { echo $(( $(date +%s) - $1 ))s; }

t0=$(date +%s)
"$PY" -m venv "$work/venv" || fail "creating a venv"
# Build from a copy of the working tree (tracked and new files, not ignored ones), so no
# stale build/ folder leaks into the wheel and the tree gets no build output.
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/src" \
    || fail "copying the source tree"
"$work/venv/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src" \
    || fail "building the wheel (pip wheel)"
wheel=$(ls "$work"/dist/visitplan-*.whl)

# Every file of the package and of data/ must be in the wheel (data/ as scheduler/data/).
"$work/venv/bin/python" - "$wheel" "$work/src" <<'PYEOF' || fail "wheel contents (see the list above)"
import pathlib
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
want = set()
for root, prefix in (("scheduler", "scheduler"), ("data", "scheduler/data")):
    for p in (pathlib.Path(sys.argv[2]) / root).rglob("*"):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            want.add(f"{prefix}/{p.relative_to(pathlib.Path(sys.argv[2]) / root).as_posix()}")
missing = sorted(want - names)
if missing:
    print(f"{len(missing)} files missing from {pathlib.Path(sys.argv[1]).name}:", *missing[:30],
          sep="\n  ")
    sys.exit(1)
PYEOF

"$work/venv/bin/python" -m pip install --quiet "$wheel" || fail "pip install of the wheel"
t_install=$(secs "$t0")
if "$work/venv/bin/python" -c "import pyvrp" 2>/dev/null; then
    fail "pyvrp was installed without the pvrp extra"
fi

mkdir "$work/empty"
t1=$(date +%s)
(cd "$work/empty" && "$work/venv/bin/visitplan" plan --month "$MONTH" > "$work/plan.log" 2>&1) \
    || { cat "$work/plan.log" >&2; fail "visitplan plan --month $MONTH from an empty folder"; }
t_plan=$(secs "$t1")
[ -s "$work/empty/maps/$MONTH/map.html" ] || fail "no maps/$MONTH/map.html after the plan"
version=$("$work/venv/bin/visitplan" --version) || fail "visitplan --version"
echo "check-install: ok: wheel built and installed in $t_install, plan from an empty folder in" \
     "$t_plan wrote maps/$MONTH/map.html ($version)"
