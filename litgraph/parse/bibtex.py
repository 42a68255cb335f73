"""BibTeX files into `Reference`s with bibtexparser 2, losing nothing silently.

A file is first cut at its `@type{key` heads (lines starting with `@`) into chunks,
one block each, and every chunk is parsed on its own by bibtexparser's splitter,
followed by the steps of its string, enclosing and month middlewares and our own
crossref inheritance. Cutting at heads is what bibtexparser does anyway (it aborts
a block at any line-start `@`), and it buys three things at field scale:

- every head is accounted for: each chunk yields its entry or a `Problem` with file
  and line, so references + reported entries = `@type{key` heads in the file;
- chunks can be parsed on both cores (`map_chunks` forks workers for big files);
- a chunk is the unit of an incremental build: its text hash says whether its
  parse can be reused (see `ChunkResult`, which holds nothing that depends on where
  the chunk sits in the file).

`@string` definitions are collected from the whole file first and handed to every
chunk; crossref parents are looked up after all chunks are parsed.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from bibtexparser.middlewares import MonthIntMiddleware
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter

from ..records import Bibliography, Location, Person, Problem, Reference, Severity, has_cjk
from ..steps import Silent, Steps
from ..text import language_code
from .latex import decode
from .names import split_persons
from .text import read_text

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

_NON_ENTRY_TYPES = {"string", "preamble", "comment"}
_HEAD = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]\w*)[ \t]*[{(][ \t\r\n]*([^,\s}]*)", re.MULTILINE)
# Where bibtexparser would read an @string block (it also does so mid-line).
_STRING_MARK = re.compile(r"@string\w*[ \t]*[{(]", re.IGNORECASE)
# A crossref field's value, roughly: only a guess that parsing confirms (see `likely_parents`).
_CROSSREF_VALUE = re.compile(r"crossref\s*=\s*[{\"]?\s*([^,}\"\s]+)", re.IGNORECASE)
# In a crossref child, the parent's title is the child's booktitle (BibTeX's own rule).
_CROSSREF_RENAMES = {"title": "booktitle"}
_NOT_INHERITED = {"crossref", "ids"}
#: Problem codes of entries that are not in the bibliography (counted against the heads).
UNPARSED_CODES = frozenset({"syntax", "duplicate-key"})
#: Below this many entries a file is parsed in-process: forking costs more than it saves.
PARALLEL_MIN_ENTRIES = 4000

_ENCLOSING = RemoveEnclosingMiddleware()
_MONTHS = MonthIntMiddleware()

Progress = Callable[[int], None]


@dataclass(slots=True)
class Chunk:
    """The text from one line-start `@` head to the next: one block of the file."""

    text: str
    line: int  # 1-based line of the head
    kind: str  # the head's type, lower-cased ("" for text before the first head)
    key: str  # the key as the head shows it

    @property
    def is_entry(self) -> bool:
        return bool(self.kind) and self.kind not in _NON_ENTRY_TYPES

    @property
    def digest(self) -> str:
        return hashlib.blake2b(self.text.encode("utf-8"), digest_size=16).hexdigest()


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
    it for an unchanged chunk that moved. `references` (aligned with `entries`)
    is only present right after parsing; it is not cached.
    """

    entries: list[EntryInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # Location(file="", line=offset)
    claimed: bool = False  # an entry or a failed entry block starts at the head
    references: list[Reference] | None = None
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


# --- cutting a file into chunks -------------------------------------------------


def split_chunks(text: str) -> list[Chunk]:
    """The file's chunks in order; text before the first head is a chunk of kind ""."""
    chunks: list[Chunk] = []
    line, position, start = 1, 0, 0
    kind, key = "", ""
    for match in _HEAD.finditer(text):
        if match.start() > start or kind:
            chunks.append(Chunk(text[start : match.start()], line, kind, key))
        line += text.count("\n", position, match.start())
        position = start = match.start()
        kind, key = match.group(1).lower(), match.group(2)
    if len(text) > start or kind:
        chunks.append(Chunk(text[start:], line, kind, key))
    return [chunk for chunk in chunks if chunk.kind or chunk.text.strip()]


def string_macros(chunks: list[Chunk], file: str) -> tuple[dict[str, str], list[Problem]]:
    """The file's `@string` macros (name lower-cased → value as written) and their problems.

    As in bibtexparser: the first definition of a name wins; names differing only in
    case are one macro, the later definition winning.
    """
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for chunk in chunks:
        if not _STRING_MARK.search(chunk.text):
            continue
        for block in Splitter(chunk.text).split().blocks:
            if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, String):
                block = block.ignore_error_block
            if not isinstance(block, String):
                continue
            if block.key in first:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        f"@string '{block.key}' defined twice; the first definition is used",
                        Location(file, chunk.line + block.start_line),
                        key=block.key,
                        code="duplicate-string",
                    )
                )
            else:
                first[block.key] = block.value
    return {name.lower(): value for name, value in first.items()}, problems


# --- parsing one chunk ------------------------------------------------------------


def parse_chunk(chunk: Chunk, macros: dict[str, str]) -> ChunkResult:
    """Parse one chunk: its entries as References (crossref children still without
    their parent's fields) and the problems of its blocks."""
    result = ChunkResult(references=[])
    for block in Splitter(chunk.text).split().blocks:
        if isinstance(block, DuplicateBlockKeyBlock):  # duplicates are judged across the file
            block = block.ignore_error_block
        if isinstance(block, (Entry, DuplicateFieldKeyBlock)):
            _add_entry(block, chunk, macros, result)
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
    return result


def _claim_head(chunk: Chunk, result: ChunkResult, offset: int) -> bool:
    """Let the first entry block starting on the head's line (`offset` 0) claim the
    head; true if this block did. Any other block is an extra, placed by its offset."""
    if chunk.is_entry and not result.claimed and offset == 0:
        result.claimed = True
        return True
    return False


def _add_entry(
    block: Entry | DuplicateFieldKeyBlock, chunk: Chunk, macros: dict[str, str], result: ChunkResult
) -> None:
    entry = block.ignore_error_block if isinstance(block, DuplicateFieldKeyBlock) else block
    offset = 0 if _claim_head(chunk, result, entry.start_line) else entry.start_line
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
    _resolve_macros(entry, macros)
    _ENCLOSING.transform_entry(entry, None)
    _MONTHS.transform_entry(entry, None)
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
    result.references.append(partial if crossref else complete(partial, fields))


def _resolve_macros(entry: Entry, macros: dict[str, str]) -> None:
    """bibtexparser's ResolveStringReferencesMiddleware for one entry: a value that is
    a bare macro name becomes the macro's value (still enclosed)."""
    for fld in entry.fields:
        value = fld.value
        if not isinstance(value, str) or (value[:1], value[-1:]) in (('"', '"'), ("{", "}")):
            continue
        resolved = macros.get(value.lower())
        if resolved is not None:
            fld.value = resolved


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
    match = _HEAD.match((block.raw or "").lstrip())
    key = match.group(2) if match else ""
    is_entry = match is not None and match.group(1).lower() not in _NON_ENTRY_TYPES
    offset = 0 if is_entry and _claim_head(chunk, result, block.start_line) else block.start_line
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
        doi=_doi(fields.get("doi", "")),
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


def _doi(value: str) -> str:
    value = value.strip()
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ):
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


def _language(fields: dict[str, str], title: str, authors) -> str:
    marked = language_code(fields.get("langid") or fields.get("language") or "")
    if marked:
        return marked
    if has_cjk(title) or any(has_cjk(person.last) for person in authors):
        return "zh"
    return ""


# --- parsing many chunks ------------------------------------------------------------

# What forked workers run: set by `map_chunks` just before its pool forks, so that the
# chunks and the task reach the workers by copy-on-write instead of being pickled.
_JOB: tuple[Callable, list[Chunk], dict[str, str], object] | None = None


def _run_range(bounds: tuple[int, int]) -> list:
    task, chunks, macros, context = _JOB
    return [task(chunks[i], macros, context) for i in range(*bounds)]


def default_workers(chunks: list[Chunk]) -> int:
    """Both cores for a big file; one below PARALLEL_MIN_ENTRIES, where forking costs more than it saves."""
    if sum(1 for chunk in chunks if chunk.is_entry) < PARALLEL_MIN_ENTRIES:
        return 1
    return min(os.cpu_count() or 1, 2)


def map_chunks(
    task: Callable,
    chunks: list[Chunk],
    macros: dict[str, str],
    context: object = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> Iterator:
    """`task(chunk, macros, context)` for every chunk, results in order, on `workers`
    forked processes; yields as results arrive so a caller can stream them on.

    At most two ranges of chunks per worker are in flight, so results never pile
    up in memory when the caller consumes them slower than the workers make them.
    """
    if workers <= 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield task(chunk, macros, context)
            if progress and chunk.is_entry:
                progress(1)
        return
    global _JOB
    step = max(100, len(chunks) // (workers * 16))
    ranges = iter([(start, min(start + step, len(chunks))) for start in range(0, len(chunks), step)])
    _JOB = (task, chunks, macros, context)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    finally:
        _JOB = None
    with pool:
        pending = deque(
            (bounds, pool.apply_async(_run_range, (bounds,))) for bounds in islice(ranges, 2 * workers)
        )
        while pending:
            (start, end), future = pending.popleft()
            part = future.get()
            following = next(ranges, None)
            if following is not None:
                pending.append((following, pool.apply_async(_run_range, (following,))))
            yield from part
            if progress:
                progress(sum(1 for chunk in chunks[start:end] if chunk.is_entry))


def _parse_packed(chunk: Chunk, macros: dict[str, str], _context) -> tuple[list, list[tuple]]:
    """A worker's task: a chunk's result as plain lists and tuples, which pickle about
    five times faster than the dataclasses they stand for."""
    result = parse_chunk(chunk, macros)
    return result.to_json(), [_pack(ref) for ref in result.references]


def _pack(ref: Reference) -> tuple:
    people = [[(p.last, p.first, p.von, p.jr) for p in persons] for persons in (ref.authors, ref.editors)]
    return (
        ref.key,
        ref.entry_type,
        ref.location.line,
        ref.fields,
        ref.title,
        *people,
        ref.authors_truncated,
        ref.container,
        ref.publisher,
        ref.volume,
        ref.number,
        ref.pages,
        ref.doi,
        ref.url,
        ref.language,
        ref.raw,
    )


def _unpack(packed: tuple) -> Reference:
    key, entry_type, line, fields, title, authors, editors, truncated, *rest = packed
    container, publisher, volume, number, pages, doi, url, language, raw = rest
    return Reference(
        key,
        entry_type,
        Location("", line),
        fields,
        title,
        [_person(*p) for p in authors],
        [_person(*p) for p in editors],
        truncated,
        container,
        publisher,
        volume,
        number,
        pages,
        doi,
        url,
        language,
        raw,
    )


@lru_cache(maxsize=1 << 16)
def _person(last: str, first: str, von: str, jr: str) -> Person:
    return Person(last, first, von, jr)


# --- assembling files into a bibliography -------------------------------------------


@dataclass(slots=True)
class SourceFile:
    """One .bib file cut into chunks, with its macros and (once parsed) chunk results."""

    name: str  # the file as messages show it
    chunks: list[Chunk]
    macros: dict[str, str]
    macro_problems: list[Problem]
    results: list[ChunkResult | None]
    digests: list[str]  # each chunk's text hash: what an incremental build compares

    @classmethod
    def from_text(cls, text: str, name: str) -> SourceFile:
        chunks = split_chunks(text)
        macros, problems = string_macros(chunks, name)
        return cls(name, chunks, macros, problems, [None] * len(chunks), [chunk.digest for chunk in chunks])

    @property
    def heads(self) -> int:
        return sum(1 for chunk in self.chunks if chunk.is_entry)

    def parse(self, workers: int | None = None, progress: Progress | None = None) -> None:
        """Parse every chunk that has no result yet."""
        todo = [i for i, result in enumerate(self.results) if result is None]
        chunks = [self.chunks[i] for i in todo]
        workers = default_workers(chunks) if workers is None else workers
        if workers <= 1:
            for i, chunk in zip(todo, chunks, strict=True):
                self.results[i] = parse_chunk(chunk, self.macros)
                if progress and chunk.is_entry:
                    progress(1)
            return
        # strict: zip then asks the generator once more, which reports the last range's progress
        for i, (data, packed) in zip(
            todo, map_chunks(_parse_packed, chunks, self.macros, None, workers, progress), strict=True
        ):
            result = self.results[i] = ChunkResult.from_json(data)
            result.references = [_unpack(ref) for ref in packed]

    def reference(self, chunk: int, entry: int) -> Reference:
        """The parsed (not yet placed) Reference of an entry, parsing its chunk if it was
        reused from an earlier build or its References were not kept."""
        result = self.results[chunk]
        if result is None or result.references is None or result.references[entry] is None:
            result = self.results[chunk] = parse_chunk(self.chunks[chunk], self.macros)
        return result.references[entry]


@dataclass(slots=True)
class Winner:
    """The entry that defines a key: where it is and which entry it inherits from."""

    key: str
    file: int
    chunk: int
    entry: int
    line: int
    parent: tuple[int, int] | None = None  # (chunk, entry) of its crossref parent, same file


class Assembler:
    """Decides, chunk result by chunk result in file order, which entry defines each key
    (the first, across files too) and, at each file's end, the crossref parents.

    It needs only the chunk results' entries and problems, so a full build (streaming
    results as workers finish them) and an incremental one (most results reused from
    the last build) decide alike.
    """

    def __init__(self, files: list[SourceFile]):
        self.files = files
        self.winners: dict[str, Winner] = {}
        self.problems: list[Problem] = []
        self._found: list[Problem] = []
        self._own: list[Winner] = []

    def begin_file(self, file: int) -> None:
        source = self.files[file]
        self._found = list(source.macro_problems)
        if not source.heads:
            self._found.append(
                Problem(
                    Severity.ERROR,
                    "no entries found in the file",
                    Location(source.name, 1),
                    code="empty-file",
                )
            )
        self._own = []

    def add(self, file: int, position: int, result: ChunkResult) -> list[Winner | None]:
        """Take one chunk's result; returns, per entry, its Winner or None for a duplicate."""
        source, chunk = self.files[file], self.files[file].chunks[position]
        for problem in result.problems:
            self._found.append(_placed(problem, source.name, chunk.line + problem.location.line))
        won: list[Winner | None] = []
        for number, info in enumerate(result.entries):
            line = chunk.line + info.offset
            first = self.winners.get(info.key)
            if first is None:
                winner = self.winners[info.key] = Winner(info.key, file, position, number, line)
                self._own.append(winner)
                won.append(winner)
                continue
            where = (
                f"line {first.line}" if first.file == file else f"{self.files[first.file].name}:{first.line}"
            )
            self._found.append(
                Problem(
                    Severity.ERROR,
                    f"duplicate key '{info.key}' (first defined at {where}); this entry is not used",
                    Location(source.name, line),
                    key=info.key,
                    code="duplicate-key",
                )
            )
            won.append(None)
        return won

    def end_file(self, file: int) -> list[Winner]:
        """Link the file's crossref children to their parents; returns the children."""
        source = self.files[file]
        parents = {
            winner.key.lower(): winner for winner in self._own
        }  # as bibtexparser: the last case variant
        children = []
        for winner in self._own:
            target = source.results[winner.chunk].entries[winner.entry].crossref
            if not target:
                continue
            children.append(winner)
            parent = parents.get(target.lower())
            if parent is None:
                self._found.append(
                    Problem(
                        Severity.ERROR,
                        f"crossref target '{target}' does not exist",
                        Location(source.name, winner.line),
                        key=winner.key,
                        field="crossref",
                        code="crossref-missing",
                    )
                )
            else:
                winner.parent = (parent.chunk, parent.entry)
        self._found.sort(key=lambda problem: problem.location.line)
        self.problems += self._found
        return children

    @property
    def heads(self) -> int:
        return sum(source.heads for source in self.files)


def likely_parents(source: SourceFile) -> dict[str, tuple[int, int, dict[str, str]]]:
    """The crossref parents of a file as `Assembler.end_file` will most likely link them
    — lower-cased key → (chunk, entry, own fields) — found before the file is parsed,
    so that parse workers can finish crossref children too. Only the chunks whose head
    names a crossref target are parsed here. A guess can be wrong (a key already used
    in an earlier file, a parent that is not its chunk's first entry); callers compare
    it with the assembler's link and redo the child where they differ."""
    targets = {
        match.group(1).lower()
        for chunk in source.chunks
        if chunk.is_entry and ("ref" in chunk.text or "REF" in chunk.text or "Ref" in chunk.text)  # 2x faster
        for match in _CROSSREF_VALUE.finditer(chunk.text)
    }
    parents: dict[str, tuple[int, int, dict[str, str]]] = {}
    seen: set[str] = set()
    for position, chunk in enumerate(source.chunks):
        if not (chunk.is_entry and chunk.key.lower() in targets):
            continue
        result = parse_chunk(chunk, source.macros)
        for number, (info, ref) in enumerate(zip(result.entries, result.references, strict=True)):
            if info.key not in seen:  # the first entry of a key is the one used; the last case variant links
                seen.add(info.key)
                parents[info.key.lower()] = (position, number, ref.fields)
    return parents


def _placed(problem: Problem, file: str, line: int) -> Problem:
    return Problem(
        problem.severity,
        problem.message,
        Location(file, line),
        problem.key,
        problem.field,
        problem.code,
        problem.fix,
    )


def assemble(files: list[SourceFile]) -> Assembler:
    """Keys, crossref parents and problems of files whose chunks all have results."""
    assembler = Assembler(files)
    for index, source in enumerate(files):
        assembler.begin_file(index)
        for position, result in enumerate(source.results):
            assembler.add(index, position, result)
        assembler.end_file(index)
    return assembler


def finished(files: list[SourceFile], winner: Winner) -> Reference:
    """A winner's Reference: crossref fields inherited, placed at its file and line."""
    source = files[winner.file]
    ref = source.reference(winner.chunk, winner.entry)
    if ref.fields.get("crossref", "").strip():
        fields = ref.fields
        if winner.parent is not None:
            fields = inherit(fields, source.reference(*winner.parent).fields)
        ref = complete(ref, fields)
    ref.location = Location(source.name, winner.line)
    return ref


def bibliography_of(
    files: list[SourceFile], workers: int | None = None, progress: Progress | None = None
) -> Bibliography:
    """Parse and assemble files into one Bibliography."""
    for source in files:
        source.parse(workers, progress)
    assembly = assemble(files)
    return Bibliography(
        references=[finished(files, winner) for winner in assembly.winners.values()],
        problems=assembly.problems,
        files=[source.name for source in files],
        heads=assembly.heads,
    )


def parse_bibtex(text: str, file: str) -> Bibliography:
    """Parse one file's text; `file` is the name used in locations."""
    return bibliography_of([SourceFile.from_text(text, file)])


def load_bibliography(
    paths: list[Path],
    shown_as: list[str] | None = None,
    workers: int | None = None,
    steps: Steps | None = None,
) -> Bibliography:
    """Parse several files into one bibliography; a key defined in two files is reported.
    `steps` hears of the stage "parse": its total entries, then each one parsed."""
    files = [
        SourceFile.from_text(read_text(path, name), name)
        for path, name in zip(paths, shown_as or [str(path) for path in paths], strict=False)
    ]
    steps = steps or Silent()
    steps.begin("parse", sum(source.heads for source in files))
    return bibliography_of(files, workers, lambda count: steps.advance("parse", count))
