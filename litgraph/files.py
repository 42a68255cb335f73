"""The one home for writing a file, above all one a user named: nothing of theirs is lost or exposed.

Every write goes to a temporary sibling that is renamed over the target in one step, so a reader
or a crash sees the old file or the new one, never half. And:

- a symbolic link is followed: the file it points to is rewritten and the link stays (a dangling
  link is refused, as `cp` refuses it);
- a file that exists keeps its permission bits; a new one gets the umask's (or, with `like=`,
  those of the file it is made from, as `cp` gives a copy its source's);
- `backup=True` first copies the old file beside the name given: to `NAME.bak`, or when that is
  taken (by a file or a link, which is never written through) to `NAME.bak.N`, one above the
  highest N there; the highest number is the newest, and no backup is ever overwritten;
- a temporary file is `.NAME.litgraph-XXXXXXXX.tmp`, locked while it is written; one a killed
  run left behind (its lock went with the process) is removed by the next write into its folder.

POSIX only (flock), like the rest of litgraph.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .records import Location

_TEMP_MARK = ".litgraph-"
_OUR_TEMP = re.compile(r"\..*\.litgraph-[a-z0-9_]{8}\.tmp", re.S)
_JUST_MADE = 10.0  # seconds: an empty temp file this young may not be locked yet
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Written:
    """What a write did, for the command to tell the user."""

    path: Path  # the file written: the path given, or the file a link there points to
    replaced: bool  # a file was there before
    backup: Path | None = None  # where the old file was copied, with backup=True


def atomic_write_text(path: Path, text: str, *, backup: bool = False, like: Path | None = None) -> Written:
    return atomic_replace(
        path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), backup=backup, like=like
    )


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = False, like: Path | None = None) -> Written:
    return atomic_replace(path, lambda tmp: Path(tmp).write_bytes(data), backup=backup, like=like)


def atomic_replace(
    path: Path, write: Callable[[str], object], *, backup: bool = False, like: Path | None = None
) -> Written:
    """Call `write(tmp_path)` and move the result over `path` (or the file it links to) in one step.

    A path that cannot be written (a folder, no permission, a full disk, a dangling link) is an
    InputError naming it: the user chose the path and can choose another."""
    given = Path(path)
    target = _target(given)
    tmp, saved = "", None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(target.parent, target.name)
        before = _stat(target)
        mode = _mode(before, _stat(like))
        handle, tmp = tempfile.mkstemp(
            prefix=f".{_shortened(target.name)}{_TEMP_MARK}", suffix=".tmp", dir=target.parent
        )
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)  # held until the rename: the file is in use, not stale
            saved = _back_up(target, given) if backup and before is not None else None
            write(tmp)
            _seal(tmp, mode)
            os.replace(tmp, target)
        finally:
            os.close(handle)
    except BaseException as error:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if saved is not None:  # the file is as it was: its backup would only be clutter
            saved.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(given, target, error) from None
        raise
    _sync_folder(target.parent)
    return Written(target, before is not None, saved)


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove the temporary files that runs killed while writing left in `folder`.

    Ours by name (and, for `name`, the `.NAME.XXXXXXXX.tmp` that verify --fix wrote before this
    module did its writing), and stale: no live writer holds their lock."""
    earlier = re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp", re.S)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if _OUR_TEMP.fullmatch(entry.name) or earlier.fullmatch(entry.name):
            _remove_if_stale(Path(entry.path))


def _remove_if_stale(path: Path) -> None:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # gone, a link, or not ours to open
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        now = os.fstat(handle)
        if not stat.S_ISREG(now.st_mode):  # a pipe or socket of that name is not ours
            return
        if now.st_size == 0 and time.time() - now.st_mtime < _JUST_MADE:
            return  # made a moment ago: its writer may be about to lock it
        path.unlink()
    except OSError:  # locked by a writer at work (BlockingIOError), or removed meanwhile
        pass
    finally:
        os.close(handle)


def _target(given: Path) -> Path:
    """The file to replace: `given`, or the end of the links it names."""
    linked = given.is_symlink()
    target = Path(os.path.realpath(given)) if linked else given
    if linked and not target.exists():
        raise InputError(
            f"is a link to {os.readlink(given)}, which does not exist: not writing through it",
            Location(str(given)),
        )
    if target.is_dir():
        raise InputError("is a directory: name a file to write", Location(str(given)))
    blocking = next((parent for parent in target.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:
        raise InputError(f"cannot write: {blocking} is a file, not a folder", Location(str(given)))
    return target


def _shortened(name: str) -> str:
    """A file name cut so that the temporary name stays within the 255 bytes a name may have."""
    return os.fsencode(name)[:150].decode("utf-8", errors="ignore")


def _stat(path: Path | None) -> os.stat_result | None:
    try:
        return os.stat(path) if path is not None else None
    except FileNotFoundError:
        return None


def _mode(before: os.stat_result | None, like: os.stat_result | None) -> int:
    """The mode the file had; else that of the file it is made from, as `cp` gives it; else the umask's."""
    if before is not None:
        return stat.S_IMODE(before.st_mode)
    made_from = stat.S_IMODE(like.st_mode) & 0o777 if like is not None else 0o666
    return made_from & ~_umask()


def _back_up(source: Path, given: Path) -> Path:
    """Copy `source` to the next free backup name beside `given`; never onto or through anything there."""
    base = given.name + ".bak"
    numbers = [-1]
    for entry in os.listdir(given.parent):
        if entry == base:
            numbers.append(0)
        elif entry.startswith(base + ".") and entry[len(base) + 1 :].isdigit():
            numbers.append(int(entry[len(base) + 1 :]))
    number = max(numbers) + 1
    while True:
        backup = given.with_name(base if number == 0 else f"{base}.{number}")
        try:  # O_EXCL: a file or link that took the name since the listing is left as it is
            handle = os.open(
                backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
            )
        except FileExistsError:
            number += 1
            continue
        break
    try:
        with open(source, "rb") as original:
            while chunk := original.read(_COPY_CHUNK):
                os.write(handle, chunk)
            was = os.fstat(original.fileno())
        os.fchmod(handle, stat.S_IMODE(was.st_mode))
        os.utime(handle, ns=(was.st_atime_ns, was.st_mtime_ns))
        os.fsync(handle)
    except BaseException:
        backup.unlink(missing_ok=True)
        raise
    finally:
        os.close(handle)
    return backup


def _seal(tmp: str, mode: int) -> None:
    """The final mode and the data on disk before the rename, whatever `write` did to the file."""
    handle = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fchmod(handle, mode)
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: Path) -> None:
    """The rename on disk too; a folder that cannot be opened or synced only loses that guarantee."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _cannot_write(given: Path, target: Path, error: OSError) -> InputError:
    through = f" {target}, which it links to" if target != given else ""
    return InputError(f"cannot write{through}: {error.strerror or error}", Location(str(given)))


def _umask() -> int:
    """Read from /proc where it can be: setting it to read it would, for a moment, loosen the mode of
    the files other threads make."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)  # stricter, not looser, for that moment
    os.umask(mask)
    return mask
