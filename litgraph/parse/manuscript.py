"""A manuscript as paragraphs with locations, whatever it was written in.

.txt and .md are read as text (UTF-8, or UTF-16 with a BOM; anything else is an
InputError naming the line, with an iconv hint), .tex loses its comments but keeps
its \\cite commands, and .docx is opened by `sources/docx_package.py` and its text read
as import reads it (`sources/fieldcodes.py`). A paragraph's location is its first
line, so a finding inside it can add the lines before it; in a .docx, which has no
lines, it is the paragraph's number (see `location_unit`).

Bounds (docs/limits.md): a text manuscript of at most `MAX_TEXT_BYTES`, and at most
`MAX_PARAGRAPHS` paragraphs in any manuscript, so that a file of millions of blank-line
separated characters is refused instead of read into gigabytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..records import Location
from .sources.docx_package import MAX_PARAGRAPHS, read_package
from .sources.fieldcodes import docx_citations
from .text import read_text

Paragraph = tuple[str, Location]

_UNREADABLE = {
    ".doc": "save it as .docx (Word 2007 or later)",
    ".odt": "save it as .docx or export it as plain text",
    ".rtf": "save it as .docx or plain text",
    ".pdf": "give the source (.docx, .tex, .md or .txt) instead",
    ".pages": "export it as .docx",
}
#: A text manuscript's size: a 1,000-page thesis is a few megabytes, and a text of tiny lines takes
#: about 30 times its size in memory. (A .docx, images and all, has `sources/docx_package.py`'s.)
MAX_TEXT_BYTES = 16 << 20
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
    return text_paragraphs(read_text(path, name, MAX_TEXT_BYTES), suffix, name)


def text_paragraphs(text: str, suffix: str, name: str) -> list[Paragraph]:
    """The paragraphs of a text manuscript already read (.txt, .md, .tex by `suffix`); one of more
    than MAX_PARAGRAPHS is refused at the line where the one too many starts."""
    lines = text.splitlines()
    if suffix == ".tex":
        return _blocks(_tex_lines(lines), name)
    if suffix in (".md", ".markdown"):
        return _blocks(_markdown_lines(lines), name)
    return _blocks(((line, not line.strip()) for line in lines), name)


def _blocks(lines: Iterable[tuple[str, bool]], file: str) -> list[Paragraph]:
    """Paragraphs = runs of lines between blank ones; each line is (text, ends a paragraph)."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, (text, blank) in enumerate(lines, start=1):
        if blank:
            if any(part.strip() for part in current):
                _add(paragraphs, "\n".join(current), Location(file, start))
            current = []
            continue
        if not current:
            start = number
        current.append(text)
    if any(part.strip() for part in current):
        _add(paragraphs, "\n".join(current), Location(file, start))
    return paragraphs


def _add(paragraphs: list[Paragraph], text: str, location: Location) -> None:
    if len(paragraphs) == MAX_PARAGRAPHS:
        raise InputError(
            f"more than {MAX_PARAGRAPHS:,} paragraphs: not read",
            location,
            hint="a real manuscript has far fewer (a 1,000-page thesis about 15,000): is it the right file?",
        )
    paragraphs.append((text, location))


def _tex_lines(lines: list[str]) -> Iterator[tuple[str, bool]]:
    """Comments removed (`\\%` kept); a comment-only line does not end a paragraph, as in TeX."""
    for line in lines:
        yield _TEX_COMMENT.sub(r"\1", line), not line.strip()


def _markdown_lines(lines: list[str]) -> Iterator[tuple[str, bool]]:
    """YAML front matter and fenced code blanked out: `@` there is metadata or code, not a citation."""
    closing = ""  # what ends the front matter or code block we are in; "" in running text
    for number, line in enumerate(lines):
        stripped = line.strip()
        if closing:
            if stripped.startswith(closing) or (closing == "---" and stripped == "..."):
                closing = ""
            yield "", True
        elif (number == 0 and stripped == "---") or _FENCE.match(line):
            closing = stripped[:3]
            yield "", True
        else:
            yield line, not stripped


def _docx_paragraphs(path: Path, name: str) -> list[Paragraph]:
    """Every paragraph with text in document order, table cells included, numbered from 1 counting
    empty ones: the text import's field-code walk reads, so both commands number them alike."""
    return docx_citations(read_package(path, name)).paragraphs
