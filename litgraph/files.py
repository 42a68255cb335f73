"""Atomic file writes: a temporary sibling, then a rename, so no reader sees half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import InputError
from .records import Location


def atomic_replace(path: Path, write: Callable[[str], object]) -> None:
    """Call `write(tmp_path)` and move the result over `path` in one step.

    A path that cannot be written (a folder, no permission, a full disk) is an
    InputError naming it: the user chose the path and can choose another."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory: name a file to write", Location(str(path)))
    blocking = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:
        raise InputError(f"cannot write: {blocking} is a file, not a folder", Location(str(path)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise _cannot_write(path, error) from None
    os.close(handle)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a user's file gets the usual mode
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(path, error) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cannot_write(path: Path, error: OSError) -> InputError:
    return InputError(f"cannot write: {error.strerror or error}", Location(str(path)))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_replace(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_replace(path, lambda tmp: Path(tmp).write_bytes(data))
