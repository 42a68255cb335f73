"""BibTeX files into `Reference`s with bibtexparser 2, losing nothing silently.

bibtexparser's splitter and its string, enclosing and month middlewares run over one
library object, followed by our own small steps (crossref inheritance). Every block
it could not parse — a syntax error, a duplicate key, a duplicate field — becomes a
`Problem` with file and line, and entry heads the splitter swallowed are found by
counting, so that: references + reported entries = `@type{key` heads in the file.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import MonthIntMiddleware, ResolveStringReferencesMiddleware
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, Field, ParsingFailedBlock, String

from ..records import Bibliography, Location, Problem, Reference, Severity, has_cjk
from .latex import decode
from .names import split_persons
from .text import read_text

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

_NON_ENTRY_TYPES = {"string", "preamble", "comment"}
_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]\w*)[ \t]*[{(][ \t\r\n]*([^,\s}]*)", re.MULTILINE)
_LANGUAGES = {
    "chinese": "zh", "zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-tw": "zh", "中文": "zh", "pinyin": "zh",
    "english": "en", "en": "en", "american": "en", "british": "en", "en-us": "en", "en-gb": "en",
    "german": "de", "ngerman": "de", "de": "de", "french": "fr", "fr": "fr", "japanese": "ja", "ja": "ja",
    "russian": "ru", "ru": "ru", "spanish": "es", "es": "es",
}
# In a crossref child, the parent's title is the child's booktitle (BibTeX's own rule).
_CROSSREF_RENAMES = {"title": "booktitle"}


class InheritCrossref(LibraryMiddleware):
    """Copy fields a `crossref` parent has and its child lacks; note missing parents."""

    def __init__(self):
        super().__init__(allow_inplace_modification=True)
        self.missing: list[tuple[Entry, str]] = []

    @classmethod
    def metadata_key(cls) -> str:
        return "litgraph_inherit_crossref"

    def transform(self, library: Library) -> Library:
        parents = {entry.key.lower(): entry for entry in library.entries}
        for entry in library.entries:
            target = entry.fields_dict.get("crossref") or entry.fields_dict.get("Crossref")
            if target is None:
                continue
            parent = parents.get(str(target.value).strip().lower())
            if parent is None:
                self.missing.append((entry, str(target.value)))
                continue
            have = {field.key.lower() for field in entry.fields}
            for field in parent.fields:
                name = _CROSSREF_RENAMES.get(field.key.lower(), field.key.lower())
                if name not in have and name not in ("crossref", "ids"):
                    entry.set_field(Field(name, field.value, field.start_line))
                    have.add(name)
        return library


def parse_bibtex(text: str, file: str) -> Bibliography:
    """Parse one file's text; `file` is the name used in locations."""
    crossref = InheritCrossref()
    library = bibtexparser.parse_string(
        text,
        parse_stack=[
            ResolveStringReferencesMiddleware(),
            RemoveEnclosingMiddleware(),
            MonthIntMiddleware(),
            crossref,
        ],
    )
    result = Bibliography(files=[file])
    # bibtexparser's own line numbers drift after some escapes (`\\` at a line end),
    # so entries are placed by their key at the heads we scan ourselves.
    heads = _EntryHeads(text)
    result.heads = heads.count
    if not heads.count:
        result.problems.append(Problem(Severity.ERROR, "no entries found in the file", Location(file, 1), code="empty-file"))

    for entry in library.entries:
        line = heads.claim(entry.key, entry.start_line)
        result.references.append(_reference(entry, Location(file, line), result.problems))
    for block in library.failed_blocks:
        result.problems.append(_failed_block_problem(block, file, heads, result))
    for entry, target in crossref.missing:
        ref = next(r for r in result.references if r.key == entry.key)
        result.problems.append(
            Problem(Severity.ERROR, f"crossref target '{target}' does not exist", ref.location,
                    key=entry.key, field="crossref", code="crossref-missing")
        )
    for line, key in heads.unclaimed():
        result.problems.append(
            Problem(Severity.ERROR, f"entry '{key}' not parsed: swallowed by an unclosed brace or quote above it",
                    Location(file, line), key=key, code="entry-swallowed")
        )
    return result


class _EntryHeads:
    """The `@type{key` heads of a file, each claimed once by the block that starts there."""

    def __init__(self, text: str):
        self._by_key: dict[str, list[int]] = {}
        self._lines: list[int] = []
        self.count = 0
        line, position = 1, 0
        for match in _HEAD.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            if match.group(1).lower() in _NON_ENTRY_TYPES:
                continue
            self.count += 1
            self._by_key.setdefault(match.group(2), []).append(line)
        self._claimed: set[int] = set()

    def claim(self, key: str | None, fallback_line: int | None) -> int:
        for line in self._by_key.get(key or "", ()):
            if line not in self._claimed:
                self._claimed.add(line)
                return line
        return (fallback_line or 0) + 1

    def first_line(self, key: str) -> int:
        lines = self._by_key.get(key)
        return lines[0] if lines else 0

    def unclaimed(self):
        for key, lines in self._by_key.items():
            for line in lines:
                if line not in self._claimed:
                    yield line, key


def _failed_block_problem(block: ParsingFailedBlock, file: str, heads: _EntryHeads, result: Bibliography) -> Problem:
    if isinstance(block, DuplicateBlockKeyBlock):
        if isinstance(block.ignore_error_block, String):
            line = (block.start_line or 0) + 1
            return Problem(Severity.WARNING, f"@string '{block.key}' defined twice; the first definition is used",
                           Location(file, line), key=block.key, code="duplicate-string")
        where = Location(file, heads.claim(block.key, block.start_line))
        first = heads.first_line(block.key)
        return Problem(Severity.ERROR, f"duplicate key '{block.key}' (first defined at line {first}); this entry is not used",
                       where, key=block.key, code="duplicate-key")
    if isinstance(block, DuplicateFieldKeyBlock):
        # The entry is sound apart from the repeated field: keep it, first value wins.
        entry = block.ignore_error_block
        where = Location(file, heads.claim(entry.key, entry.start_line))
        result.references.append(_reference(entry, where, result.problems))
        fields = ", ".join(sorted(block.duplicate_keys))
        return Problem(Severity.WARNING, f"field repeated: {fields}; the first value is used", where,
                       key=entry.key, field=fields, code="duplicate-field")
    match = _HEAD.match((block.raw or "").lstrip())
    key = match.group(2) if match else ""
    where = Location(file, heads.claim(key, block.start_line))
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
    reason = " ".join(reason.split())
    return Problem(Severity.ERROR, f"cannot parse entry '{key}': {reason}", where, key=key, code="syntax")


def _reference(entry: Entry, location: Location, problems: list[Problem]) -> Reference:
    fields: dict[str, str] = {}
    written: dict[str, str] = {}
    for field in entry.fields:
        name = field.key.lower()
        if written.get(name) == field.key:  # an exact repeat, reported with its failed block
            continue
        if name in fields:
            problems.append(Problem(Severity.WARNING, f"field '{field.key}' repeated with another case; the first value is used",
                                    location, key=entry.key, field=name, code="duplicate-field"))
            continue
        fields[name] = str(field.value)
        written[name] = field.key
    authors, truncated = split_persons(fields["author"]) if "author" in fields else ([], False)
    editors, _ = split_persons(fields["editor"]) if "editor" in fields else ([], False)
    title = decode(fields.get("title", ""))
    container = decode(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or fields.get("series", ""))
    return Reference(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        location=location,
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
        doi=_doi(fields.get("doi", "")),
        url=fields.get("url", "").strip(),
        language=_language(fields, title, authors),
        raw=entry.raw or "",
    )


def _doi(value: str) -> str:
    value = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            return value[len(prefix):]
    return value


def _language(fields: dict[str, str], title: str, authors) -> str:
    marked = (fields.get("langid") or fields.get("language") or "").strip().lower()
    if marked:
        return _LANGUAGES.get(marked, marked)
    if has_cjk(title) or any(has_cjk(person.last) for person in authors):
        return "zh"
    return ""


def load_bibliography(paths: list[Path], shown_as: list[str] | None = None) -> Bibliography:
    """Parse several files into one bibliography; a key defined in two files is reported."""
    combined = Bibliography()
    seen: dict[str, Reference] = {}
    for index, path in enumerate(paths):
        name = shown_as[index] if shown_as else str(path)
        part = parse_bibtex(read_text(path, name), name)
        combined.files.extend(part.files)
        combined.heads += part.heads
        combined.problems.extend(part.problems)
        for ref in part.references:
            if ref.key in seen:
                combined.problems.append(
                    Problem(Severity.ERROR, f"duplicate key '{ref.key}' (first defined at {seen[ref.key].location}); this entry is not used",
                            ref.location, key=ref.key, code="duplicate-key")
                )
                continue
            seen[ref.key] = ref
            combined.references.append(ref)
    return combined
