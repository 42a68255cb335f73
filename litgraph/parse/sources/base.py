"""What every reader hands on: records (a `CslItem` with where it came from and how sure we are) and
the problems of the records it could not read, plus the small rules several export formats share
(EndNote's type names, which RefWorks, refer and NoteExpress reuse; dates; page ranges; ISBN or ISSN).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...csl import CslItem
from ...records import Location, Problem, Severity
from ...text import bare_doi, doi_key

#: The BibTeX fields `litgraph import` adds to an entry: where it came from (file:line), and, for an
#: uncertain parse, why it needs review (`check` reports the entry until the author removes the note).
SOURCE_FIELD = "importsource"
NOTE_FIELD = "importnote"


@dataclass(slots=True)
class ImportedRecord:
    """One reference read from a source: the work, where it starts and its text as read, a confidence
    per field (1.0 for every field an export states), and notes on what is doubtful."""

    item: CslItem
    location: Location
    text: str
    confidence: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    uncertain: bool = False
    source_id: str = ""  # the manager's own id of the work (a Zotero URI, an EndNote db-id:record)

    def as_json(self) -> dict:
        """The import JSON contract: a CSL-JSON item plus `source` and `confidence`."""
        out = self.item.to_json()
        out["source"] = {"file": self.location.file, "line": self.location.line, "text": self.text}
        out["confidence"] = dict(self.confidence)
        if self.uncertain:
            out["uncertain"] = True
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(slots=True)
class SourceRead:
    """Everything read from one file: records in input order, the records that could not be read
    (as problems with their line), and what the reader wants the user to know."""

    file: str
    format: str
    encoding: str = ""  # "" for a .docx (a zip of XML, always UTF-8)
    records: list[ImportedRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, line: int, message: str, code: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(severity, message, Location(self.file, line), code=code))


def exact(item: CslItem, location: Location, text: str, source_id: str = "") -> ImportedRecord:
    """A record an export states field by field: every field it has is certain."""
    confidence = {name: 1.0 for name in item.to_json() if name not in ("id", "type")}
    return ImportedRecord(item, location, text, confidence, source_id=source_id)


# --- EndNote's reference types (also RefWorks', refer's %0 and NoteExpress's {Reference Type}) ----

ENDNOTE_TYPES = {
    "journal article": "article-journal",
    "electronic article": "article-journal",
    "magazine article": "article-magazine",
    "newspaper article": "article-newspaper",
    "book": "book",
    "edited book": "book",
    "electronic book": "book",
    "book, whole": "book",
    "book, edited": "book",
    "book section": "chapter",
    "electronic book section": "chapter",
    "book chapter": "chapter",
    "conference paper": "paper-conference",
    "conference proceedings": "paper-conference",
    "conference proceeding": "paper-conference",
    "thesis": "thesis",
    "dissertation": "thesis",
    "dissertation/thesis": "thesis",
    "report": "report",
    "government document": "report",
    "press release": "report",
    "patent": "patent",
    "standard": "standard",
    "web page": "webpage",
    "online multimedia": "webpage",
    "blog": "post-weblog",
    "dataset": "dataset",
    "aggregated database": "dataset",
    "online database": "dataset",
    "computer program": "software",
    "map": "map",
    "manuscript": "manuscript",
    "unpublished work": "manuscript",
    "personal communication": "personal_communication",
    "film or broadcast": "motion_picture",
    "audiovisual material": "motion_picture",
    "artwork": "graphic",
    "figure": "figure",
    "chart or table": "figure",
    "case": "legal_case",
    "statute": "legislation",
    "bill": "legislation",
    "legal rule or regulation": "legislation",
    "hearing": "hearing",
    "interview": "interview",
    "encyclopedia": "entry-encyclopedia",
    "dictionary": "entry-dictionary",
    "pamphlet": "pamphlet",
    "music": "musical_score",
    "serial": "periodical",
    "generic": "document",
    "catalog": "document",
    "grant": "document",
    "classical work": "classic",
    "ancient text": "classic",
}


def endnote_type(name: str) -> str:
    """The CSL type of an EndNote reference type name ('Journal Article'); 'document' when unknown."""
    return ENDNOTE_TYPES.get(" ".join(name.lower().split()), "document")


# --- values ------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH_WORD = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")[a-z]*\.?", re.IGNORECASE)


def date_from_text(text: str) -> tuple[int, ...]:
    """(year, month, day) of a date as exports write it: 2019, 2019/03/05/, 2019-01-09, 2005///,
    Jan 2019, 2019 Mar 5; () when it holds no year."""
    text = text.strip()
    iso = _ISO.search(text)
    if iso and 1 <= int(iso.group(2)) <= 12:
        parts = [int(iso.group(1)), int(iso.group(2))]
        if iso.group(3) and 1 <= int(iso.group(3)) <= 31:
            parts.append(int(iso.group(3)))
        return tuple(parts)
    year = _YEAR.search(text)
    if not year:
        return ()
    month = _MONTH_WORD.search(text)
    if month:
        return (int(year.group()), _MONTH_NAMES.index(month.group(1).lower()[:3]) + 1)
    return (int(year.group()),)


def page_range(start: str, end: str = "") -> str:
    """'19-34' from a start and an end page (or a start that is already a range)."""
    start, end = start.strip(), end.strip()
    if end and end != start and "-" not in start:
        return f"{start}-{end}"
    return start


def set_isbn_or_issn(item: CslItem, value: str, field_name: str) -> None:
    """Put one field that holds an ISBN or an ISSN (RIS SN, refer %@, EndNote isbn) where it belongs:
    an ISSN has eight characters, an ISBN ten or thirteen; anything else (a standard's number in
    CNKI's ISBN field) is kept under the field's own name."""
    value = value.strip()
    if not value:
        return
    first = re.split(r"[;,\s]+(?=\d)", value)[0]
    digits = re.sub(r"[^0-9Xx]", "", first)
    if len(digits) == 8 and not item.ISSN:
        item.ISSN = value
    elif len(digits) in (10, 13) and not item.ISBN:
        item.ISBN = value
    else:
        item.other.setdefault(field_name, value)


def doi_from_text(value: str) -> str:
    """A DOI as written (bare), or "" when the value holds none."""
    return bare_doi(value) if doi_key(value) else ""


# --- line-tagged exports (refer, RefWorks, NoteExpress) ---------------------------------------------


@dataclass(slots=True)
class TaggedRecord:
    """One record of a line-tagged export: its first line, its text, and (tag, value) pairs in order,
    a value's continuation lines joined to it."""

    line: int
    text: str
    fields: list[tuple[str, str]]

    def values(self, *tags: str) -> list[str]:
        wanted = {tag.lower() for tag in tags}
        return [value for tag, value in self.fields if tag.lower() in wanted and value.strip()]

    def first(self, *tags: str) -> str:
        for tag in tags:
            values = self.values(tag)
            if values:
                return values[0].strip()
        return ""


def read_tagged(
    text: str,
    result: SourceRead,
    tag_line: re.Pattern,
    start: str,
    item_of: Callable[[TaggedRecord], CslItem],
    opens: frozenset[str] = frozenset(),
) -> None:
    """Every record of a line-tagged export as a record, or a problem when it does not open with its
    start tag (`start`, lower case; "" when any tag may open a record, as in old refer files). A tag
    in `opens` starts a new record even with no blank line before it."""
    starts = ({start} if start else set()) | opens
    for record in tagged_records(text.splitlines(), tag_line, starts):
        opening = record.fields[0][0].lower()
        if (start and opening != start) or not opening:
            shown = record.text[:60]
            result.problem(record.line, f"not a {result.format} record, not read: {shown!r}", "record")
            continue
        result.records.append(exact(item_of(record), Location(result.file, record.line), record.text))


def tagged_records(lines: list[str], tag_line: re.Pattern, starts: set[str]) -> list[TaggedRecord]:
    """Records of a line-tagged file: a record starts at a line tagged with one of `starts`, or at the
    first tagged line after a blank one; an untagged line continues the value before it."""
    records: list[TaggedRecord] = []
    current: TaggedRecord | None = None
    body: list[str] = []
    blank = True
    for number, raw in enumerate(lines, 1):
        line = raw.lstrip("\ufeff").rstrip()
        if not line.strip():
            blank = True
            continue
        match = tag_line.match(line)
        if match and (match.group(1).lower() in starts or blank):
            if current is not None:
                current.text = "\n".join(body)
                records.append(current)
            current, body = TaggedRecord(number, "", []), []
        blank = False
        if current is None:
            current, body = TaggedRecord(number, "", []), []
        body.append(line)
        if match:
            current.fields.append((match.group(1), (match.group(2) or "").strip()))
        elif current.fields:
            tag, value = current.fields[-1]
            current.fields[-1] = (tag, f"{value} {line.strip()}".strip())
        else:
            current.fields.append(("", line.strip()))
    if current is not None:
        current.text = "\n".join(body)
        records.append(current)
    return records
