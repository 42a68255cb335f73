"""Certain corrections written back into a BibTeX file's own text, and nothing else changed.

Serialising a parsed library would reorder fields, drop comments and @string
definitions and reflow whitespace: a diff nobody wants to review. Instead each
entry is found in the file by its source text, its fields are located by
character spans, and only the wrong values are replaced (keeping their braces or
quotes) or a missing field is added in the style of the entry's last field. A
value we cannot edit with certainty (a macro, a `#` concatenation, a field
inherited through `crossref`) is skipped and reported, not guessed.

`verify --fix` (a record's DOI, year, pages) and `check --fix` (a rule's certain fix)
both hand their corrections here, as {cite key: {field: new value}}.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..files import atomic_write_bytes
from ..records import Location, Reference

Corrections = Mapping[str, Mapping[str, str]]  # cite key → field → its new value
_NAME = re.compile(r"[A-Za-z0-9_\-:.+]+")
_BARE = re.compile(r"[^\s,{}\"#()]+")


@dataclass(frozen=True, slots=True)
class FieldSpan:
    """One `name = value` of an entry; offsets are into the entry's raw text."""

    name: str
    name_start: int
    name_end: int
    value_start: int
    value_end: int  # past the closing brace or quote
    simple: bool  # one braced, quoted or bare piece (no `#` concatenation)


@dataclass(slots=True)
class FixReport:
    """What a --fix run wrote, where, and what it could not change (and why)."""

    written: Path | None = None
    backup: Path | None = None
    applied: list[tuple[str, str, str, str]] = field(default_factory=list)  # key, field, old, new
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # key, field, reason


def scan_fields(raw: str) -> list[FieldSpan]:
    """The fields of one entry (`@type{key, a = {x}, b = "y" # z, c = 12}`), in order."""
    head = re.match(r"\s*@\s*\w+\s*[{(][^,]*,", raw)
    if not head:
        return []
    spans: list[FieldSpan] = []
    pos = head.end()
    while True:
        pos = _skip_space(raw, pos)
        name = _NAME.match(raw, pos)
        if not name:
            return spans
        pos = _skip_space(raw, name.end())
        if pos >= len(raw) or raw[pos] != "=":
            return spans
        value_start = pos = _skip_space(raw, pos + 1)
        pieces = 0
        while True:
            end = _piece_end(raw, pos)
            if end is None:
                return spans
            pieces += 1
            pos = _skip_space(raw, end)
            if pos < len(raw) and raw[pos] == "#":
                pos = _skip_space(raw, pos + 1)
                continue
            break
        spans.append(FieldSpan(name.group().lower(), name.start(), name.end(), value_start, end, pieces == 1))
        if pos < len(raw) and raw[pos] == ",":
            pos += 1


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _piece_end(text: str, pos: int) -> int | None:
    if pos >= len(text):
        return None
    if text[pos] in '{"':
        closer, depth = ("}" if text[pos] == "{" else '"'), 0
        for index in range(pos + 1, len(text)):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif char == closer and depth == 0:
                return index + 1
        return None
    bare = _BARE.match(text, pos)
    return bare.end() if bare else None


class _Entry:
    """One entry located in a file's text, collecting span edits."""

    def __init__(self, text: str, ref: Reference, report: FixReport):
        self.ref, self.report = ref, report
        self.offset = _find_entry(text, ref)
        self.fields = {span.name: span for span in scan_fields(ref.raw)} if self.offset is not None else {}
        self.edits: list[tuple[int, int, str]] = []

    def replace(self, name: str, new: str) -> None:
        span = self.fields.get(name)
        reason = _not_editable(self.ref, span)
        if span is None or reason:
            return self._skip(name, reason)
        value = self.ref.raw[span.value_start : span.value_end]
        delimited = value[0] in '{"'
        inner = value[1:-1] if delimited else value
        if not _balanced(new) or (value[0] == '"' and '"' in new):
            return self._skip(name, "the new value would not stay one BibTeX value")
        written, old = new, inner
        if not delimited and not new.isdigit():
            written, old = "{" + new + "}", value
        start = span.value_start + (1 if delimited else 0)
        self._edit(start, start + len(old), written)
        self.report.applied.append((self.ref.key, name, inner, new))

    def add(self, name: str, value: str) -> None:
        if not self.fields:
            return self._skip(name, "no field to place it after")
        if "{" in value or "}" in value:
            return self._skip(name, "the value holds braces")
        raw = self.ref.raw
        last = list(self.fields.values())[-1]
        line_start = raw.rfind("\n", 0, last.name_start) + 1
        indent = raw[line_start : last.name_start]
        between = raw[last.name_end : last.value_start]  # " = ", "=" or, aligned, "     = "
        gap = _gap(raw, last)
        if any(_gap(raw, span) > 1 for span in self.fields.values()):  # `=` aligned in a column
            pad = max(1, last.name_end - line_start + gap - len(indent) - len(name))
        else:
            pad = gap
        label = name.upper() if raw[last.name_start : last.name_end].isupper() else name
        opener = raw[last.value_start] if raw[last.value_start] in '{"' else "{"
        closer = "}" if opener == "{" else '"'
        assignment = f"{label}{' ' * pad}{between[gap:]}{opener}{value}{closer}"
        after = _skip_space(raw, last.value_end)
        trailing_comma = after < len(raw) and raw[after] == ","
        newline = "\r\n" if "\r\n" in raw else "\n"
        if indent.strip():  # the entry is written on one line
            where, insert = (
                (after + 1, f" {assignment},") if trailing_comma else (last.value_end, f", {assignment}")
            )
        elif trailing_comma:
            where, insert = after + 1, f"{newline}{indent}{assignment},"
        else:
            where, insert = last.value_end, f",{newline}{indent}{assignment}"
        self._edit(where, where, insert)
        self.report.applied.append((self.ref.key, name, "", value))

    def _edit(self, start: int, end: int, new: str) -> None:
        assert self.offset is not None, "an entry not found in the file is never edited"
        self.edits.append((self.offset + start, self.offset + end, new))

    def _skip(self, name: str, reason: str) -> None:
        self.report.skipped.append((self.ref.key, name, reason))


def not_editable(ref: Reference, name: str) -> str:
    """Why the field's value cannot be replaced where it is written ("" when it can): a value
    inherited through crossref, a `#` concatenation or a @string macro is fixed elsewhere, or
    by hand."""
    return _not_editable(ref, next((span for span in scan_fields(ref.raw) if span.name == name), None))


def _not_editable(ref: Reference, span: FieldSpan | None) -> str:
    if span is None:
        return "the value is not written in this entry (inherited through crossref?)"
    if not span.simple:
        return "the value is a # concatenation"
    value = ref.raw[span.value_start : span.value_end]
    inner = value[1:-1] if value[0] in '{"' else value
    if inner.strip() != ref.fields.get(span.name, "").strip():
        return "the value is not written out (a @string macro?)"
    return ""


def _balanced(text: str) -> bool:
    """Braces that close in order, as a value's must (BibTeX counts `\\{` too)."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _gap(raw: str, span: FieldSpan) -> int:
    between = raw[span.name_end : span.value_start]
    return len(between) - len(between.lstrip(" \t"))


def _find_entry(text: str, ref: Reference) -> int | None:
    """The entry's offset: its raw text at its own line, else anywhere if it occurs once."""
    if not ref.raw:
        return None
    line_start = 0
    for _ in range(max(ref.location.line - 1, 0)):
        line_start = text.find("\n", line_start) + 1
        if line_start == 0:
            break
    found = text.find(ref.raw, line_start)
    if found != -1 and "\n" not in text[line_start:found]:
        return found
    return text.find(ref.raw) if text.count(ref.raw) == 1 else None


def correct_text(text: str, refs: list[Reference], corrections: Corrections, report: FixReport) -> str:
    """`text` with the corrections applied to the given references' entries: a field written in
    the entry gets its new value, a field the entry lacks is added."""
    edits: list[tuple[int, int, str]] = []
    for ref in refs:
        fixes = corrections.get(ref.key, {})
        if not fixes:
            continue
        entry = _Entry(text, ref, report)
        if entry.offset is None:
            report.skipped.extend((ref.key, name, "entry not found in the file as parsed") for name in fixes)
            continue
        for name, value in fixes.items():
            if name in entry.fields or name in ref.fields:
                entry.replace(name, value)
            else:
                entry.add(name, value)
        edits.extend(entry.edits)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def fixed_name(path: Path) -> Path:
    """refs.bib → refs.fixed.bib"""
    return path.with_name(f"{path.stem}.fixed{path.suffix}")


def write_corrections(
    path: Path,
    shown: str,
    refs: list[Reference],
    corrections: Corrections,
    *,
    output: Path | None = None,
    in_place: bool = False,
) -> FixReport:
    """Fix one .bib file into `output` (default `<name>.fixed.bib`), or in place after a backup
    (`<name>.bak`, else the next `<name>.bak.N`: see litgraph.files).

    Nothing is written when there is nothing to fix.
    """
    report = FixReport()
    data = path.read_bytes()
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("cannot write fixes into a file that is not UTF-8", Location(shown)) from None
    fixed = correct_text(text, refs, corrections, report)
    if fixed == text:
        return report
    target = path if in_place else (output or fixed_name(path))
    fixed_data = (codecs.BOM_UTF8 if bom else b"") + fixed.encode("utf-8")
    written = atomic_write_bytes(target, fixed_data, backup=in_place, like=path)
    report.written, report.backup = written.path, written.backup
    return report
