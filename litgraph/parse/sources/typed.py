"""Typed reference lists: a plain list, or the reference section of a manuscript (.txt, .md, .tex,
or a .docx without field codes), each reference parsed by the typed-string parser
(`parse/typed`, a CRF). The list is found and split by `parse/reflist.py`; what the parser
doubts is imported with its notes and marked uncertain, never passed off as certain.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ...records import Location, Severity
from ..manuscript import Paragraph, text_paragraphs
from ..reflist import ReferenceSection, find_reference_section
from ..typed import parse_references
from .base import ImportedRecord, SourceRead

_SYNTAX = {".md": "markdown", ".markdown": "markdown", ".tex": "latex"}
_NO_LIST_HINT = (
    "give the file with the reference list, or put a heading such as 参考文献 or References above the list"
)


def read_typed_text(text: str, path: Path, result: SourceRead) -> None:
    suffix = path.suffix.lower()
    paragraphs = text_paragraphs(text, suffix, result.file)
    read_typed_paragraphs(paragraphs, _SYNTAX.get(suffix, "text"), result)


def read_typed_paragraphs(paragraphs: list[Paragraph], syntax: str, result: SourceRead) -> None:
    """The references of a manuscript's reference section, parsed; an InputError when it has none."""
    if not any(text.strip() for text, _ in paragraphs):
        raise InputError("the file is empty: no references to import", Location(result.file))
    section = find_reference_section(paragraphs, syntax)
    if section is None:
        raise InputError(
            "no reference list found: no heading such as 参考文献 or References, and the text is not a list",
            Location(result.file),
            hint=_NO_LIST_HINT,
        )
    if not section.references:
        heading = section.heading[1] if section.heading else Location(result.file)
        raise InputError("the reference heading is followed by no references", heading, hint=_NO_LIST_HINT)
    _describe(section, result)
    parsed = parse_references([reference.text for reference in section.references])
    for reference, parse in zip(section.references, parsed, strict=True):
        item = parse.item
        if reference.key:
            item.other["citation-key"] = reference.key  # \bibitem{key}: the key the manuscript cites
        result.records.append(
            ImportedRecord(
                item,
                reference.location,
                reference.text,
                dict(parse.confidence),
                list(parse.notes),
                uncertain=parse.uncertain,
            )
        )


def _describe(section: ReferenceSection, result: SourceRead) -> None:
    unit = "paragraph" if result.format == "docx" else "line"
    first = section.references[0].location.line
    if section.heading is not None:
        heading, where = section.heading
        result.notes.append(f"reference list under '{heading.strip()[:40]}' ({unit} {where.line})")
    else:
        result.notes.append(f"the file is a reference list (from {unit} {first})")
    if section.end is not None:
        result.notes.append(f"the list ends at {unit} {section.end.line}; what follows is not read")
    for text, location in section.skipped:
        result.problem(
            location.line, f"not read as a reference: {text.strip()[:60]!r}", "not-a-reference", Severity.INFO
        )
    result.problems.extend(section.problems)
