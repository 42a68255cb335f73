"""Reading references from where review authors keep them: typed lists, Word field codes, exports.

`read_source(path, format)` returns a `SourceRead`: the references found, each a `CslItem`
with its file and line, its text as read and a confidence per field, plus a `Problem` for each
record that could not be read. `detect_format` tells the format by content (a RIS file named
.txt is RIS; a refer file named .ris is refer). Each format has its module; they are imported
when a file of theirs is read, so reading a RIS file loads neither lxml nor the CRF.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ...errors import InputError
from ...records import Location
from ..text import decode_named, read_bytes
from .base import ImportedRecord, SourceRead
from .detect import FORMATS, detect_format

__all__ = ["FORMATS", "ImportedRecord", "SourceRead", "detect_format", "read_source"]

#: format → (module, function); text formats get the decoded text, the others the file's bytes.
_READERS = {
    "ris": ("ris", "read_ris"),
    "refer": ("refer", "read_refer"),
    "refworks": ("refworks", "read_refworks"),
    "noteexpress": ("noteexpress", "read_noteexpress"),
    "csljson": ("csljson", "read_csljson"),
    "bibtex": ("bibtex", "read_bibtex"),
    "text": ("typed", "read_typed_text"),
}
_BINARY = {"docx": ("docx", "read_docx"), "endnote-xml": ("endnote_xml", "read_endnote_xml")}


def read_source(path: Path, fmt: str = "auto", shown_as: str | None = None) -> SourceRead:
    """Every reference in one file, in input order; `fmt` is one of FORMATS or "auto"."""
    name = shown_as or str(path)
    data = read_bytes(path, name)
    chosen = detect_format(path, data) if fmt == "auto" else fmt
    if chosen not in FORMATS:
        raise InputError(
            f"unknown format '{chosen}' (use one of: auto, {', '.join(FORMATS)})", Location(name)
        )
    result = SourceRead(name, chosen)
    if chosen == "text" and data[:4] == b"PK\x03\x04":  # a .docx's typed list, not its field codes
        from .docx import read_docx_text

        read_docx_text(data, result)
        return result
    if chosen in _BINARY:
        module, function = _BINARY[chosen]
        getattr(importlib.import_module(f"{__package__}.{module}"), function)(data, result)
        return result
    decoded = decode_named(data, name, legacy=True)
    result.encoding = decoded.encoding
    module, function = _READERS[chosen]
    reader = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    if chosen == "text":
        reader(decoded.text, path, result)
    else:
        reader(decoded.text, result)
    return result
