"""A manuscript as paragraphs with locations, whatever it was written in.

.txt and .md are read as text (UTF-8, or UTF-16 with a BOM; anything else is an
InputError naming the line, with an iconv hint), .tex loses its comments but keeps
its \\cite commands, and .docx is read with python-docx. A paragraph's location is
its first line, so a finding inside it can add the lines before it; in a .docx,
which has no lines, it is the paragraph's number (see `location_unit`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..records import Location
from .text import read_text

Paragraph = tuple[str, Location]

_UNREADABLE = {
    ".doc": "save it as .docx (Word 2007 or later)",
    ".odt": "save it as .docx or export it as plain text",
    ".rtf": "save it as .docx or plain text",
    ".pdf": "give the source (.docx, .tex, .md or .txt) instead",
    ".pages": "export it as .docx",
}
_TEX_COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)%.*")
_FENCE = re.compile(r"^\s*(```|~~~)")


def location_unit(path: Path | str) -> str:
    """What a location's number counts in this manuscript: 'paragraph' for .docx, else 'line'."""
    return "paragraph" if Path(path).suffix.lower() == ".docx" else "line"


def read_manuscript(path: Path, shown_as: str | None = None) -> list[Paragraph]:
    """The manuscript's paragraphs in order, each with where it starts."""
    name = shown_as or str(path)
    suffix = path.suffix.lower()
    if suffix in _UNREADABLE:
        raise InputError(f"cannot read {suffix} files", Location(name), hint=_UNREADABLE[suffix])
    if suffix == ".docx":
        return _docx_paragraphs(path, name)
    return text_paragraphs(read_text(path, name), suffix, name)


def text_paragraphs(text: str, suffix: str, name: str) -> list[Paragraph]:
    """The paragraphs of a text manuscript already read (.txt, .md, .tex by `suffix`)."""
    lines = text.splitlines()
    if suffix == ".tex":
        return _blocks(_tex_lines(lines), name)
    if suffix in (".md", ".markdown"):
        return _blocks(_markdown_lines(lines), name)
    return _blocks([(line, not line.strip()) for line in lines], name)


def _blocks(lines: list[tuple[str, bool]], file: str) -> list[Paragraph]:
    """Paragraphs = runs of lines between blank ones; each line is (text, ends a paragraph)."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, (text, blank) in enumerate(lines, start=1):
        if blank:
            if any(part.strip() for part in current):
                paragraphs.append(("\n".join(current), Location(file, start)))
            current = []
            continue
        if not current:
            start = number
        current.append(text)
    if any(part.strip() for part in current):
        paragraphs.append(("\n".join(current), Location(file, start)))
    return paragraphs


def _tex_lines(lines: list[str]) -> list[tuple[str, bool]]:
    """Comments removed (`\\%` kept); a comment-only line does not end a paragraph, as in TeX."""
    result = []
    for line in lines:
        stripped = _TEX_COMMENT.sub(r"\1", line)
        result.append((stripped, not line.strip()))
    return result


def _markdown_lines(lines: list[str]) -> list[tuple[str, bool]]:
    """YAML front matter and fenced code blanked out: `@` there is metadata or code, not a citation."""
    result = []
    closing = ""  # what ends the front matter or code block we are in; "" in running text
    for number, line in enumerate(lines):
        stripped = line.strip()
        if closing:
            if stripped.startswith(closing) or (closing == "---" and stripped == "..."):
                closing = ""
            result.append(("", True))
        elif (number == 0 and stripped == "---") or _FENCE.match(line):
            closing = stripped[:3]
            result.append(("", True))
        else:
            result.append((line, not stripped))
    return result


def _docx_paragraphs(path: Path, name: str) -> list[Paragraph]:
    """Every paragraph in document order, table cells included; numbered from 1 counting empty ones."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    if not path.is_file():
        raise InputError("file not found", Location(name))
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError("not a Word .docx file", Location(name)) from None
    paragraphs = []
    for number, element in enumerate(document.element.body.iter(qn("w:p")), start=1):
        text = DocxParagraph(element, document).text.replace("\n", " ")
        if text.strip():
            paragraphs.append((text, Location(name, number)))
    return paragraphs
