"""One chunk's blocks into References: fields, names, LaTeX and crossref inheritance.

A chunk goes through bibtexparser's splitter, then the steps of its string,
enclosing and month middlewares (`resolve_entry`), then ours: field names
lower-cased with the first value kept, names split, LaTeX decoded. Every block that
is not an entry's is reported with its line relative to the chunk's head, so the
result holds nothing that depends on where the chunk sits in the file.

A crossref child is left without its parent's fields here: parents are looked up
once the whole file is parsed (`assemble`), then `inherit` and `complete` finish it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from bibtexparser.library import Library
from bibtexparser.middlewares import MonthIntMiddleware
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)
from bibtexparser.splitter import Splitter

from ...records import Location, Person, Problem, Reference, Severity
from ...text import bare_doi, has_cjk, language_code
from ..latex import decode
from ..names import split_persons
from .chunks import HEAD, NON_ENTRY_TYPES, Chunk

# In a crossref child, the parent's title is the child's booktitle (BibTeX's own rule).
_CROSSREF_RENAMES = {"title": "booktitle"}
_NOT_INHERITED = {"crossref", "ids"}

_ENCLOSING = RemoveEnclosingMiddleware()
_MONTHS = MonthIntMiddleware()
_NO_LIBRARY = Library()  # the middlewares' entry steps take a library and do not use it


@dataclass(slots=True)
class EntryInfo:
    """What assembling a bibliography needs to know of one parsed entry."""

    key: str
    offset: int  # lines below the chunk's head
    crossref: str  # the parent's key as written, "" if none


@dataclass(slots=True)
class ChunkResult:
    """One chunk parsed: its entries and problems, with lines relative to its head.

    Nothing here depends on the chunk's position, so an incremental build reuses
    it for an unchanged chunk that moved. The entries' References are handed out
    beside it by `parse_chunk` and not cached.
    """

    entries: list[EntryInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # Location(file="", line=offset)
    claimed: bool = False  # an entry or a failed entry block starts at the head
    # What `from_json` read, written back as it came: a result is not changed once made.
    as_read: list | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> list:
        if self.as_read is not None:
            return self.as_read
        return [
            [[e.key, e.offset, e.crossref] for e in self.entries],
            [[p.severity.value, p.message, p.location.line, p.key, p.field, p.code] for p in self.problems],
            self.claimed,
        ]

    @classmethod
    def from_json(cls, data: list) -> ChunkResult:
        entries, problems, claimed = data
        return cls(
            [EntryInfo(*e) for e in entries],
            [Problem(Severity(s), m, Location("", line), k, f, c) for s, m, line, k, f, c in problems],
            claimed,
            as_read=data,
        )


def parse_chunk(chunk: Chunk, macros: dict[str, str]) -> tuple[ChunkResult, list[Reference]]:
    """Parse one chunk: the problems of its blocks, and its entries (aligned with the result's
    `entries`) as References, crossref children still without their parent's fields."""
    result = ChunkResult()
    references: list[Reference] = []
    for found in Splitter(chunk.text).split().blocks:
        # duplicates are judged across the file
        block = found.ignore_error_block if isinstance(found, DuplicateBlockKeyBlock) else found
        if isinstance(block, (Entry, DuplicateFieldKeyBlock)):
            _add_entry(block, chunk, macros, result, references)
        elif isinstance(block, ParsingFailedBlock):
            _add_failure(block, chunk, result)
    if chunk.is_entry and not result.claimed:
        result.problems.append(
            Problem(
                Severity.ERROR,
                f"cannot parse entry '{chunk.key}': this line is not read as the start of an entry "
                "(write it as @type{key, ...})",
                Location("", 0),
                key=chunk.key,
                code="syntax",
            )
        )
    return result, references


def resolve_entry(entry: Entry, macros: dict[str, str]) -> None:
    """bibtexparser's string, enclosing and month steps for one entry, as its default parse stack
    runs them: a value that is a bare macro name becomes the macro's value, then enclosing braces
    or quotes go and month names become numbers."""
    for fld in entry.fields:
        value = fld.value
        if not isinstance(value, str) or (value[:1], value[-1:]) in (('"', '"'), ("{", "}")):
            continue
        resolved = macros.get(value.lower())
        if resolved is not None:
            fld.value = resolved
    _ENCLOSING.transform_entry(entry, _NO_LIBRARY)
    _MONTHS.transform_entry(entry, _NO_LIBRARY)


def complete(partial: Reference, fields: dict[str, str]) -> Reference:
    """The Reference of an entry from its final fields: names split, LaTeX decoded."""
    authors, truncated = split_persons(fields["author"]) if "author" in fields else ([], False)
    editors, _ = split_persons(fields["editor"]) if "editor" in fields else ([], False)
    title = decode(fields.get("title", ""))
    container = decode(
        fields.get("journal")
        or fields.get("journaltitle")
        or fields.get("booktitle")
        or fields.get("series", "")
    )
    return Reference(
        key=partial.key,
        entry_type=partial.entry_type,
        location=partial.location,
        fields=fields,
        title=title,
        authors=authors,
        editors=editors,
        authors_truncated=truncated,
        container=container,
        publisher=decode(fields.get("publisher") or fields.get("institution") or fields.get("school", "")),
        volume=fields.get("volume", "").strip(),
        number=(fields.get("number") or fields.get("issue", "")).strip(),
        pages=fields.get("pages", "").strip(),
        doi=bare_doi(fields.get("doi", "")),
        url=fields.get("url", "").strip(),
        language=_language(fields, title, authors),
        raw=partial.raw,
    )


def inherit(child: dict[str, str], parent: dict[str, str]) -> dict[str, str]:
    """A crossref child's fields: its own, plus the parent's it lacks (title → booktitle).

    The parent's own fields are used, not what it inherited: BibTeX does not nest crossrefs.
    """
    fields = dict(child)
    for name, value in parent.items():
        name = _CROSSREF_RENAMES.get(name, name)
        if name not in fields and name not in _NOT_INHERITED:
            fields[name] = value
    return fields


def _claim_head(chunk: Chunk, result: ChunkResult, offset: int) -> bool:
    """Let the first entry block starting on the head's line (`offset` 0) claim the
    head; true if this block did. Any other block is an extra, placed by its offset."""
    if chunk.is_entry and not result.claimed and offset == 0:
        result.claimed = True
        return True
    return False


def _add_entry(
    block: Entry | DuplicateFieldKeyBlock,
    chunk: Chunk,
    macros: dict[str, str],
    result: ChunkResult,
    references: list[Reference],
) -> None:
    # A block with repeated fields wraps the entry as parsed, its first value of each field kept.
    entry = cast(Entry, block.ignore_error_block) if isinstance(block, DuplicateFieldKeyBlock) else block
    start = entry.start_line or 0
    offset = 0 if _claim_head(chunk, result, start) else start
    here = Location("", offset)
    if not entry.key:
        result.problems.append(
            Problem(
                Severity.ERROR,
                "cannot parse entry: entry has no key (write it as @type{key, ...})",
                here,
                code="syntax",
            )
        )
        return
    resolve_entry(entry, macros)
    if isinstance(block, DuplicateFieldKeyBlock):
        names = ", ".join(sorted(block.duplicate_keys))
        result.problems.append(
            Problem(
                Severity.WARNING,
                f"field repeated: {names}; the first value is used",
                here,
                key=entry.key,
                field=names,
                code="duplicate-field",
            )
        )
    fields = _fields(entry, here, result.problems)
    crossref = fields.get("crossref", "").strip()
    result.entries.append(EntryInfo(entry.key, offset, crossref))
    partial = Reference(
        key=entry.key, entry_type=entry.entry_type.lower(), location=here, fields=fields, raw=entry.raw or ""
    )
    references.append(partial if crossref else complete(partial, fields))


def _fields(entry: Entry, here: Location, problems: list[Problem]) -> dict[str, str]:
    """Field names lower-cased, first value kept; an exact repeat was reported with its block."""
    fields: dict[str, str] = {}
    written: dict[str, str] = {}
    for fld in entry.fields:
        name = fld.key.lower()
        if written.get(name) == fld.key:
            continue
        if name in fields:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"field '{fld.key}' repeated with another case; the first value is used",
                    here,
                    key=entry.key,
                    field=name,
                    code="duplicate-field",
                )
            )
            continue
        fields[name] = str(fld.value)
        written[name] = fld.key
    return fields


def _add_failure(block: ParsingFailedBlock, chunk: Chunk, result: ChunkResult) -> None:
    match = HEAD.match((block.raw or "").lstrip())
    key = match.group(2) if match else ""
    is_entry = match is not None and match.group(1).lower() not in NON_ENTRY_TYPES
    start = block.start_line or 0
    offset = 0 if is_entry and _claim_head(chunk, result, start) else start
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
    if reason.startswith("Unexpectedly reached end of file") and chunk.kind:
        reason = "not closed (an unbalanced brace or quote) before the next entry or the end of the file"
    reason = " ".join(reason.split())
    if is_entry:
        result.problems.append(
            Problem(
                Severity.ERROR,
                f"cannot parse entry '{key}': {reason}",
                Location("", offset),
                key=key,
                code="syntax",
            )
        )
    else:
        what = f"@{match.group(1)}" if match else "text"
        result.problems.append(
            Problem(
                Severity.WARNING,
                f"cannot parse {what} block: {reason}",
                Location("", offset),
                key=key,
                code="block-syntax",
            )
        )


def _language(fields: dict[str, str], title: str, authors: list[Person]) -> str:
    marked = language_code(fields.get("langid") or fields.get("language") or "")
    if marked:
        return marked
    if has_cjk(title) or any(has_cjk(person.last) for person in authors):
        return "zh"
    return ""
