"""Writing a plan folder without ever damaging an earlier one.

All files are first written (and fsync'ed) into a fresh temporary folder beside the
target, ``.tmp-<name>-<pid>-<random>``; only when every file is complete does the
folder take the target's name:

- a new target is created by one ``rename`` that refuses to replace anything
  (``renameat2(RENAME_NOREPLACE)`` on Linux);
- an existing plan (only with ``force``) is replaced by one atomic *exchange* of the
  two folders (``renameat2(RENAME_EXCHANGE)``), after which the old plan, now in
  the temporary name, is deleted.

So a run killed at any instant (even ``SIGKILL``) leaves the target either as it
was or completely replaced, never a mix and never missing. Where the exchange is
not available (other systems, some network file systems) two renames are used and
a later run puts back a plan folder left aside by a run killed between them.
Leftover temporary folders of dead processes are removed by the next write.

A folder that holds files but no plan is never replaced, even with ``force``.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from scheduler.errors import OutputError

PLAN_MARKERS = ("schedule.csv", "summary.json", "plan.json")
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".tmp-old-"

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, getattr(errno, "ENOTSUP", 95), getattr(errno, "EOPNOTSUPP", 95)}


def holds_plan(folder: Path) -> bool:
    """Whether ``folder`` is a folder holding a plan (one of :data:`PLAN_MARKERS`)."""
    return folder.is_dir() and any((folder / m).exists() for m in PLAN_MARKERS)


def holds_anything(folder: Path) -> bool:
    """Whether ``folder`` exists and is not an empty folder."""
    if not folder.exists() and not folder.is_symlink():
        return False
    return not folder.is_dir() or any(folder.iterdir())


def next_version(folder: Path) -> Path:
    """``folder`` if free, else ``folder-v2``, ``folder-v3``, … (the first free one)."""
    if not holds_anything(folder):
        return folder
    n = 2
    while holds_anything(folder.with_name(f"{folder.name}-v{n}")):
        n += 1
    return folder.with_name(f"{folder.name}-v{n}")


# --------------------------------------------------------------------------
# renameat2
# --------------------------------------------------------------------------
_libc_cache: list[object] = []
_WRITTEN: list[Path] = []  # folders written by this process since reset_written()


def reset_written() -> None:
    """Forget the folders written so far (the CLI calls it when a command starts)."""
    _WRITTEN.clear()


def written() -> list[Path]:
    """The plan folders this process has written since :func:`reset_written`."""
    return list(_WRITTEN)


def _libc() -> ctypes.CDLL | None:
    if not _libc_cache:
        lib = None
        try:
            candidate = ctypes.CDLL(None, use_errno=True)
            if hasattr(candidate, "renameat2"):
                lib = candidate
        except OSError:
            lib = None
        _libc_cache.append(lib)
    return _libc_cache[0]  # type: ignore[return-value]


def _renameat2(src: Path, dst: Path, flags: int) -> bool:
    """``renameat2(src, dst, flags)``; ``False`` when the system or file system lacks it."""
    lib = _libc()
    if lib is None:
        return False
    res = lib.renameat2(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), ctypes.c_uint(flags))
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), str(src), None, str(dst))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _owner_pid(name: str, prefix: str) -> int | None:
    rest = name[len(prefix):]
    for part in reversed(rest.split("-")):
        if part.isdigit():
            return int(part)
    return None


def recover(target: Path) -> None:
    """Undo what an interrupted earlier write left behind next to ``target``.

    A plan folder set aside by a run killed between its two renames (only where the
    atomic exchange is unavailable) is put back when ``target`` is missing; temporary
    folders of processes that are no longer running are deleted.
    """
    parent = target.parent
    if not parent.is_dir():
        return
    for entry in sorted(parent.iterdir()):
        name = entry.name
        if not entry.is_dir() or entry.is_symlink():
            continue
        if name.startswith(f"{OLD_PREFIX}{target.name}-"):
            pid = _owner_pid(name, f"{OLD_PREFIX}{target.name}-")
            if pid is None or _pid_alive(pid):
                continue
            if not target.exists():
                os.replace(entry, target)
                _fsync_dir(parent)
            else:
                shutil.rmtree(entry, ignore_errors=True)
        elif name.startswith(f"{TMP_PREFIX}{target.name}-") and not name.startswith(OLD_PREFIX):
            rest = name[len(f"{TMP_PREFIX}{target.name}-"):]
            parts = rest.split("-")
            if len(parts) == 2 and parts[0].isdigit() and not _pid_alive(int(parts[0])):
                shutil.rmtree(entry, ignore_errors=True)


def _check_name(name: str) -> None:
    p = PurePosixPath(name)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts) or "\\" in name:
        raise ValueError(f"not a plain relative file name: {name!r}")


def check_target(target: Path, *, force: bool = False) -> None:
    """Raise the :class:`OutputError` that :func:`write_folder` would raise for ``target``
    (call it before a long solve, so that a run does not fail only at the end)."""
    target = Path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} exists and is not a folder", hint="choose another --out")
    existing = holds_anything(target)
    if existing and not holds_plan(target):
        raise OutputError(f"{target} holds files that are not a plan and will not be replaced",
                          hint="choose a new or empty folder for --out")
    if existing and not force:
        raise OutputError(f"{target} already holds a plan and will not be overwritten",
                          hint="choose another --out, or add --force to replace it")


def write_folder(target: Path, files: Mapping[str, bytes], *, force: bool = False) -> Path:
    """Write ``files`` (name → bytes) as the folder ``target``, atomically.

    Raises :class:`OutputError` when ``target`` already holds a plan and ``force``
    is not given, when it holds anything that is not a plan, or when it is a file.
    """
    target = Path(target)
    for name in files:
        _check_name(name)
    recover(target)
    check_target(target, force=force)
    existing = holds_anything(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f"{TMP_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir(mode=0o755)
    try:
        for name, data in sorted(files.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(path, 0o644)
        _fsync_dir(tmp)
        os.chmod(tmp, 0o755)
        if existing:
            _replace(tmp, target)
        else:
            _create(tmp, target)
        _fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # the new files, or (after an exchange) the old plan
        raise
    _WRITTEN.append(target)
    shutil.rmtree(tmp, ignore_errors=True)  # after an exchange: the old plan; else already gone
    return target


def _create(tmp: Path, target: Path) -> None:
    """Move the finished ``tmp`` to a ``target`` that must not hold anything."""
    if target.is_dir():
        try:
            target.rmdir()  # an empty folder the user made for the plan
        except OSError:
            raise OutputError(f"{target} was filled by another program while the plan was written",
                              hint="run again") from None
    try:
        done = _renameat2(tmp, target, _RENAME_NOREPLACE)
    except OSError as e:
        if e.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise OutputError(f"{target} was created by another run while this plan was written",
                              hint="run again (the next free folder will be used)") from None
        raise
    if not done:
        if target.exists():
            raise OutputError(f"{target} was created by another run while this plan was written",
                              hint="run again")
        os.rename(tmp, target)


def _replace(tmp: Path, target: Path) -> None:
    """Swap the finished ``tmp`` with the plan in ``target``; ``tmp`` then holds the old plan."""
    if _renameat2(tmp, target, _RENAME_EXCHANGE):
        return
    # No atomic exchange here: two renames; recover() repairs a kill between them.
    old = target.parent / f"{OLD_PREFIX}{target.name}-{os.getpid()}"
    os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        os.replace(old, target)
        raise
    os.replace(old, tmp)  # tmp's name is free again: the caller deletes the old plan there
