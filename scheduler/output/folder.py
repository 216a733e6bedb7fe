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

Every folder written here holds a manifest (:data:`MANIFEST`: each file's name and
SHA-256). Only a folder whose contents are exactly what its manifest lists is "a
plan" that ``force`` may replace; a folder holding anything else (a document, a
photo, a file saved into a published plan, a file edited since) is never replaced,
and the files in the way are named. An existing empty folder is filled in place.
Ctrl-C and SIGTERM are held while a folder is written (:func:`signals_held`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from scheduler.core.run import current_run
from scheduler.errors import OutputError

# Every folder this module writes holds this file: the name and SHA-256 of every other
# file in it. A folder is "a plan this program wrote" only when its contents are exactly
# what its manifest lists (see foreign_entries); only such a folder may be replaced.
MANIFEST = "visitplan-manifest.json"
MANIFEST_FORMAT = "visitplan-manifest/1"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".tmp-old-"
_SHOWN = 5  # foreign files named in a message

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {
    errno.ENOSYS,
    errno.EINVAL,
    getattr(errno, "ENOTSUP", 95),
    getattr(errno, "EOPNOTSUPP", 95),
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(files: Mapping[str, bytes]) -> bytes:
    """The manifest of ``files`` (name → bytes): sorted names with their SHA-256."""
    doc = {"format": MANIFEST_FORMAT, "files": {n: _sha256(files[n]) for n in sorted(files)}}
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(folder: Path) -> dict[str, str] | None:
    """``name -> sha256`` from ``folder``'s manifest; ``None`` when there is none or it is
    damaged."""
    try:
        doc = json.loads((folder / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    files = (
        doc.get("files") if isinstance(doc, dict) and doc.get("format") == MANIFEST_FORMAT else None
    )
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        return None
    return files


def foreign_entries(folder: Path) -> list[str]:
    """What in ``folder`` this program did not write, as relative names (``[]``: nothing).

    An entry is foreign when the manifest does not list it, when its bytes differ from
    the SHA-256 recorded (a file edited after the plan was written), or when it is a
    link or an empty folder of its own. Without a manifest everything is foreign.
    Files the manifest lists but that are missing are not foreign (nothing of the
    user's would be lost). A file that is neither readable nor hashable is foreign.
    """
    folder = Path(folder)
    listed = read_manifest(folder)
    out: list[str] = []
    if listed is None:
        try:
            return sorted(
                e.name + ("/" if e.is_dir() and not e.is_symlink() else "")
                for e in folder.iterdir()
            )
        except OSError:
            return ["."]
    needed_dirs = {str(PurePosixPath(n).parent) for n in listed} | {"."}
    for parent in list(needed_dirs):
        p = PurePosixPath(parent)
        needed_dirs.update(str(a) for a in p.parents)
    for root, dirs, names in os.walk(folder, followlinks=False):
        rel_root = PurePosixPath(Path(root).relative_to(folder).as_posix())
        for d in list(dirs):
            rel = str(rel_root / d) if str(rel_root) != "." else d
            if (Path(root) / d).is_symlink() or rel not in needed_dirs:
                out.append(rel + "/")
                dirs.remove(d)
        for n in names:
            rel = str(rel_root / n) if str(rel_root) != "." else n
            if rel == MANIFEST:
                continue
            path = Path(root) / n
            if rel not in listed or path.is_symlink() or not path.is_file():
                out.append(rel)
                continue
            try:
                same = _sha256(path.read_bytes()) == listed[rel]
            except OSError:
                same = False
            if not same:
                out.append(rel)
    return sorted(out)


def holds_plan(folder: Path) -> bool:
    """Whether ``folder`` is a plan this program wrote and nothing else (see
    :func:`foreign_entries`)."""
    folder = Path(folder)
    return (
        folder.is_dir()
        and not folder.is_symlink()
        and read_manifest(folder) is not None
        and not foreign_entries(folder)
    )


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


def written() -> list[Path]:
    """The plan folders the current run (:func:`scheduler.core.run.current_run`) has
    written; none outside a run."""
    record = current_run()
    return [] if record is None else list(record.written)


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
    res = lib.renameat2(
        _AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), ctypes.c_uint(flags)
    )
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
    rest = name[len(prefix) :]
    for part in reversed(rest.split("-")):
        if part.isdigit():
            return int(part)
    return None


def _dead_temp(name: str, base: str) -> bool:
    """Whether ``name`` is ``.tmp-<base>-<pid>-<hex>`` of a process no longer running."""
    if not name.startswith(f"{TMP_PREFIX}{base}-") or name.startswith(OLD_PREFIX):
        return False
    parts = name[len(f"{TMP_PREFIX}{base}-") :].split("-")
    return len(parts) == 2 and parts[0].isdigit() and not _pid_alive(int(parts[0]))


def recover(target: Path) -> None:
    """Undo what an interrupted earlier write left behind next to ``target``.

    A plan folder set aside by a run killed between its two renames (only where the
    atomic exchange is unavailable) is put back when ``target`` is missing; temporary
    folders of processes that are no longer running are deleted, and so are the
    temporary files such a process left inside a plan folder it was filling.
    """
    target = Path(os.path.abspath(target))
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
        elif _dead_temp(name, target.name):
            shutil.rmtree(entry, ignore_errors=True)
    if target.is_dir() and not target.is_symlink() and read_manifest(target) is not None:
        for root, _, names in os.walk(target):
            for n in names:
                base = n[len(TMP_PREFIX) :].rsplit("-", 2)[0] if n.startswith(TMP_PREFIX) else ""
                if base and _dead_temp(n, base):
                    with contextlib.suppress(OSError):
                        os.unlink(Path(root) / n)


def _check_name(name: str) -> None:
    p = PurePosixPath(name)
    if (
        p.is_absolute()
        or not p.parts
        or any(part in ("", ".", "..") for part in p.parts)
        or "\\" in name
    ):
        raise ValueError(f"not a plain relative file name: {name!r}")


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def check_target(target: Path, *, force: bool = False) -> None:
    """Raise the :class:`OutputError` that :func:`write_folder` would raise for ``target``.

    Called before a long solve, so that a run does not fail only at the end: a file
    or link in the way, a folder holding anything this program did not write (named,
    even with ``force``), a plan without ``force``, and a folder that cannot be
    written (read-only, no permission).
    """
    target = Path(os.path.abspath(target))
    shown = str(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(
            f"{shown} exists and is not a folder",
            hint="choose another --out",
            code="output.not_a_folder",
            params={"path": shown},
            hint_code="output.not_a_folder.hint",
        )
    if target.is_dir():
        if holds_anything(target):
            foreign = foreign_entries(target)
            if foreign:
                listing = _listing(foreign)
                raise OutputError(
                    f"{shown} holds files that are not a plan written by visitplan and will not be "
                    f"replaced, even with --force: {listing}",
                    hint="move those files elsewhere, or choose a new or empty folder for --out",
                    code="output.foreign",
                    params={"path": shown, "files": listing},
                    hint_code="output.foreign.hint",
                )
            if not force:
                raise OutputError(
                    f"{shown} already holds a plan and will not be overwritten",
                    hint="choose another --out, or add --force to replace it",
                    code="output.exists",
                    params={"path": shown},
                    hint_code="output.exists.hint",
                )
            need = [target, target.parent]
        else:
            need = [target]
    else:
        anc = target.parent
        while not anc.exists() and anc != anc.parent:
            anc = anc.parent
        if not anc.is_dir():
            raise OutputError(
                f"{anc} is a file, so the folder {shown} cannot be made",
                hint="choose another --out",
                code="output.parent_file",
                params={"path": shown, "parent": str(anc)},
                hint_code="output.not_a_folder.hint",
            )
        need = [anc]
    for folder in need:
        if not _writable(folder):
            raise OutputError(
                f"cannot write in {folder} (read-only or no permission)",
                hint="choose a folder you can write to for --out",
                code="output.read_only",
                params={"path": str(folder)},
                hint_code="output.read_only.hint",
            )


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends (they are delivered right after it).

    A plan folder takes well under a second to write; holding the signals for that
    long means a folder is never left half-written or half-replaced by them.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o644)


def write_folder(target: Path, files: Mapping[str, bytes], *, force: bool = False) -> Path:
    """Write ``files`` (name → bytes) and their manifest as the folder ``target``, atomically.

    Raises :class:`OutputError` as :func:`check_target` does. A new folder appears
    in one rename; a plan is replaced (only with ``force``) by one atomic exchange;
    an existing empty folder (``--out .`` too) is filled in place, manifest first,
    so that the folder keeps its identity (a shell inside it still sees the plan).
    """
    target = Path(os.path.abspath(target))
    files = {n: b for n, b in files.items() if n != MANIFEST}
    for name in files:
        _check_name(name)
    with signals_held():
        recover(target)
        check_target(target, force=force)
        if target.is_dir() and not holds_anything(target):
            _fill_empty(target, files)
        elif target.is_dir() and _is_cwd(target):
            # Swapping the folder would leave the shell inside it in a deleted folder: the
            # plan (verified to be only ours by check_target) is replaced file by file.
            _empty_own_plan(target)
            _fill_empty(target, files)
        else:
            _write_new(target, files, replace=target.exists())
    record = current_run()
    if record is not None:  # the run's own list, for a Ctrl-C after the write
        record.written.append(target)
    return target


def _is_cwd(folder: Path) -> bool:
    try:
        return Path.cwd().samefile(folder)
    except OSError:
        return False


def _empty_own_plan(folder: Path) -> None:
    """Delete the files ``folder``'s manifest lists (and then the manifest, and folders left
    empty)."""
    listed = read_manifest(folder) or {}
    for name in sorted(listed, reverse=True):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
        for anc in PurePosixPath(name).parents:
            if str(anc) != ".":
                with contextlib.suppress(OSError):
                    (folder / anc).rmdir()
    (folder / MANIFEST).unlink()


def _write_new(target: Path, files: Mapping[str, bytes], *, replace: bool) -> None:
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f"{TMP_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir(mode=0o755)
    try:
        for name, data in sorted({**files, MANIFEST: manifest_bytes(files)}.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_file(path, data)
        _fsync_dir(tmp)
        os.chmod(tmp, 0o755)
        if replace:
            _replace(tmp, target)
            late = foreign_entries(tmp)  # the old plan: a file saved into it since the check?
            if late:
                _replace(tmp, target)  # swap back: the user's file stays where it was
                listing = _listing(late)
                raise OutputError(
                    f"{target} holds files that are not a plan written by visitplan and "
                    "will not be "
                    f"replaced, even with --force: {listing}",
                    hint="move those files elsewhere, or choose a new or empty folder for --out",
                    code="output.foreign",
                    params={"path": str(target), "files": listing},
                    hint_code="output.foreign.hint",
                )
        else:
            _create(tmp, target)
        _fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # the new files, or (after an exchange) the old plan
        raise
    shutil.rmtree(tmp, ignore_errors=True)  # after an exchange: the old plan; else already gone


def _fill_empty(target: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into the existing empty folder ``target``.

    The manifest is created first and exclusively (``O_EXCL``): a second run filling
    the same folder stops there. Each file is written under a temporary name and
    renamed; if anything fails, everything written so far is removed again.
    """
    made: list[Path] = []
    try:
        try:
            fd = os.open(target / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise OutputError(
                f"{target} was filled by another program while the plan was written",
                hint="run again",
                code="output.raced",
                params={"path": str(target)},
                hint_code="output.raced.hint",
            ) from None
        made.append(target / MANIFEST)
        with os.fdopen(fd, "wb") as fh:
            fh.write(manifest_bytes(files))
            fh.flush()
            os.fsync(fh.fileno())
        for name, data in sorted(files.items()):
            path = target / name
            for anc in reversed(path.relative_to(target).parents):
                d = target / anc
                if str(anc) != "." and not d.exists():
                    d.mkdir(mode=0o755)
                    made.append(d)
            tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
            made.append(tmp)
            _write_file(tmp, data)
            os.replace(tmp, path)
            made[-1] = path
        for d in {p.parent for p in made}:
            _fsync_dir(d)
    except BaseException:
        for p in reversed(made):
            with contextlib.suppress(OSError):
                p.rmdir() if p.is_dir() and not p.is_symlink() else p.unlink()
        raise


def _create(tmp: Path, target: Path) -> None:
    """Move the finished ``tmp`` to a ``target`` that must not hold anything."""
    if target.is_dir():
        try:
            target.rmdir()  # an empty folder the user made for the plan
        except OSError:
            raise OutputError(
                f"{target} was filled by another program while the plan was written",
                hint="run again",
            ) from None
    try:
        done = _renameat2(tmp, target, _RENAME_NOREPLACE)
    except OSError as e:
        if e.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise OutputError(
                f"{target} was created by another run while this plan was written",
                hint="run again (the next free folder will be used)",
            ) from None
        raise
    if not done:
        if target.exists():
            raise OutputError(
                f"{target} was created by another run while this plan was written", hint="run again"
            )
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
