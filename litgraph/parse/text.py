"""Reading a user's text file: UTF-8 (with or without BOM), or a clear error that says where."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputError
from ..records import Location

# Encodings seen in the wild for Chinese and Western manuscripts, tried only to
# suggest a conversion command; litgraph itself reads UTF-8.
_SUGGESTIBLE = ("gb18030", "big5", "cp1252")


def decode_bytes(data: bytes, file: str) -> str:
    """Decode UTF-8/UTF-16 (by BOM) text, or raise an InputError naming the line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = next((enc for enc in _SUGGESTIBLE if _decodes(data, enc)), "")
        hint = f"it looks like {guess.upper()}: convert it with `iconv -f {guess} -t utf-8`" if guess else ""
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            Location(file, line),
            hint=hint,
        ) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path, shown_as: str | None = None) -> str:
    """Read a text file for parsing; `shown_as` is the name used in messages."""
    name = shown_as or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", Location(name)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(name)) from None
    return decode_bytes(data, name)
