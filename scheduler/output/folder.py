"""Writing a plan folder without ever damaging an earlier one.

All files are first written into a fresh temporary folder beside the target; only
when every file is complete is the folder renamed into place. An existing plan
folder is replaced only with ``force``, and then by a swap of two renames, so an
interrupted run leaves either the old folder or the new one, never a mix.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scheduler.errors import OutputError

PLAN_MARKERS = ("schedule.csv", "summary.json", "plan.json")


def holds_plan(folder: Path) -> bool:
    """Whether ``folder`` already holds a plan (or anything at all)."""
    return folder.exists() and (any((folder / m).exists() for m in PLAN_MARKERS) or any(folder.iterdir()))


def next_version(folder: Path) -> Path:
    """``folder`` if free, else ``folder-v2``, ``folder-v3``, … (the first free one)."""
    if not holds_plan(folder):
        return folder
    n = 2
    while holds_plan(folder.with_name(f"{folder.name}-v{n}")):
        n += 1
    return folder.with_name(f"{folder.name}-v{n}")


def write_folder(target: Path, files: Mapping[str, bytes], *, force: bool = False) -> Path:
    """Write ``files`` (name → bytes) as the folder ``target``, atomically."""
    target = Path(target)
    if holds_plan(target) and not force:
        raise OutputError(f"{target} already holds a plan and will not be overwritten",
                          hint="choose another --out, or add --force to replace it")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} exists and is not a folder", hint="choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        for name, data in sorted(files.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        if target.exists():
            old = target.with_name(f".tmp-old-{target.name}-{os.getpid()}")
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
