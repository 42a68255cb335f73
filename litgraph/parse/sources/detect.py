"""Which format a file is in, told by its content: the suffix is only a tie-breaker, since exports
are often misnamed (refer files saved as .ris, RIS saved as .txt, NoteExpress as .txt)."""

from __future__ import annotations

import re
from pathlib import Path

FORMATS = ("text", "docx", "ris", "refer", "refworks", "noteexpress", "csljson", "endnote-xml", "bibtex")

_SAMPLE = 64 * 1024
_FIRST_LINES = 40
_RIS = re.compile(r"^TY\s{1,2}-", re.MULTILINE)
_WOS = re.compile(r"^(?:FN (?:Clarivate|Thomson)|PT [JBSP]\s*$)", re.MULTILINE)
_REFER = re.compile(r"^%[0AT] \S", re.MULTILINE)
_REFWORKS = re.compile(r"^RT \S", re.MULTILINE)
_NOTEEXPRESS = re.compile(r"^\{Reference Type\}:", re.MULTILINE)
_BIBTEX = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_ENDNOTE_XML = re.compile(
    r"<(?:xml|records)>\s*<(?:records|record)>|<record>\s*<(?:database|rec-number|ref-type)"
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def detect_format(path: Path, data: bytes) -> str:
    """The format of a file's bytes; "text" (a typed list, or a manuscript) when no export format fits."""
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() == ".docx":
        return "docx"
    head = _head(data)
    start = head.lstrip("\ufeff \t\r\n")
    lines = "\n".join(start.splitlines()[:_FIRST_LINES])
    if start[:1] in "[{" and '"' in start[:200]:
        return "csljson"
    if _ENDNOTE_XML.search(head) or (start.startswith("<?xml") and "<record" in head):
        return "endnote-xml"
    for pattern, fmt in (
        (_WOS, "ris"),
        (_RIS, "ris"),
        (_NOTEEXPRESS, "noteexpress"),
        (_REFER, "refer"),
        (_REFWORKS, "refworks"),
    ):
        if pattern.search(lines):
            return fmt
    if _BIBTEX.search(lines) or (path.suffix.lower() == ".bib" and _BIBTEX.search(head)):
        return "bibtex"
    return "text"


def _head(data: bytes) -> str:
    """The start of the file as text, well enough to look at its tags (any encoding's ASCII survives)."""
    sample = data[:_SAMPLE]
    if sample.startswith(_UTF16_BOMS) or sample[1:2] == b"\x00" or sample[:1] == b"\x00":
        encoding = "utf-16-be" if sample.startswith(b"\xfe\xff") or sample[:1] == b"\x00" else "utf-16-le"
        return sample[: len(sample) // 2 * 2].decode(encoding, "replace").lstrip("\ufeff")
    return sample.decode("utf-8", "replace")
