"""Each reference the manuscript types, matched to its BibTeX entry, and the data in which they differ.

Matching goes from exact to close: a LaTeX \\bibitem key; the work-identity rule of `csl.py`
(the same DOI, or the same title, year and first author); then a close title with the first
author or the year agreeing (the typed list is where errors are, so its data may differ from
the entry's). Each entry is matched at most once, the closest pairs first. The data are then
compared field by field ("the list says 2017, the entry says 2008"); a value the parser may
have misread is reported only when the entry's own value is nowhere in the typed line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ...csl import CslItem, Name, WorkIndex, folded_words, identity
from ...parse.reflist import TypedReference
from ...parse.typed import ParsedReference
from ...records import Location
from ...style.render import Segment
from ...text import doi_key, fold, has_cjk, readable
from .result import Deviation

_WORDS = re.compile(r"\w+")
#: The fields compared, as a reader names them.
FIELD_NAMES = {
    "author": "authors",
    "title": "title",
    "container-title": "journal or book",
    "issued": "year",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "DOI": "DOI",
    "URL": "URL",
    "publisher": "publisher",
    "publisher-place": "place",
    "edition": "edition",
}
_SAME_TITLE, _CLOSE_TITLE, _RELATED_TITLE = 90, 75, 60
DUPLICATE = "duplicate"  # how a reference typed a second time is matched


@dataclass(slots=True)
class Candidate:
    """A BibTeX entry as the typed list is matched to it."""

    key: str
    item: CslItem
    location: Location


def plain(text: str) -> str:
    """Letters and digits only, folded (`csl.folded_words`), full-width forms and invisible characters
    read as a reader reads them."""
    return folded_words(readable(text).text)


def _first_author(item: CslItem) -> set[str]:
    people = item.author or item.editor
    return _name_keys(people[0]) if people else set()


def _name_keys(person: Name) -> set[str]:
    """A Latin name by its family name, a Chinese one by its full name, however it was split."""
    if person.literal:
        return {plain(person.literal)}
    keys = {plain(person.family)}
    if has_cjk(person.family + person.given):
        keys.add(plain(person.family + person.given))
    return keys - {""}


def match_list(
    typed: list[TypedReference], parsed: list[ParsedReference], candidates: list[Candidate]
) -> list[tuple[int | None, str]]:
    """For each typed reference, the index of its candidate (None: not in the .bib) and how it was found:
    "key", "doi", "identity" or "similar"; an entry is matched once, and a reference that types it
    again is matched to it as DUPLICATE."""
    matched: list[tuple[int | None, str]] = [(None, "")] * len(typed)
    taken: set[int] = set()
    by_key = {candidate.key: index for index, candidate in enumerate(candidates)}
    works: WorkIndex[int] = WorkIndex()
    for index, candidate in enumerate(candidates):
        works.add(identity(candidate.item), index)
    for position, (reference, parse) in enumerate(zip(typed, parsed, strict=True)):
        found, how = by_key.get(reference.key) if reference.key else None, "key"
        if found is None:
            found = works.find(identity(parse.item))
            how = "doi" if found is not None and _same_doi(parse.item, candidates[found].item) else "identity"
        if found is not None and found not in taken:
            matched[position] = (found, how)
            taken.add(found)
    pairs = []
    titles = {index: plain(c.item.title) for index, c in enumerate(candidates) if index not in taken}
    for position, parse in enumerate(parsed):
        if matched[position][0] is None:
            pairs += [
                (score, position, index) for index, score in _similar(parse, candidates, titles).items()
            ]
    for _score, position, index in sorted(pairs, key=lambda pair: -pair[0]):
        if matched[position][0] is None and index not in taken:
            matched[position] = (index, "similar")
            taken.add(index)
    for position, parse in enumerate(parsed):  # typed twice: the entry the other typing took
        if matched[position][0] is None:
            again = works.find(identity(parse.item))
            if again is None:
                close = _similar(
                    parse, candidates, {i: plain(c.item.title) for i, c in enumerate(candidates)}
                )
                again = max(close, key=lambda i: close[i]) if close else None
            if again is not None:
                matched[position] = (again, DUPLICATE)
    return matched


def _same_doi(a: CslItem, b: CslItem) -> bool:
    return bool(a.DOI) and doi_key(a.DOI) == doi_key(b.DOI)


def _similar(parse: ParsedReference, candidates: list[Candidate], titles: dict[int, str]) -> dict[int, float]:
    """Candidates close enough to be the typed reference, by score: the title's closeness (to the parsed
    title, or anywhere in the typed line when the parser missed it), with the first author and the year."""
    if not titles:
        return {}
    closeness: dict[int, float] = {}
    title = plain(parse.item.title)
    if title:
        for _, score, index in process.extract(
            title, titles, scorer=fuzz.ratio, limit=5, score_cutoff=_RELATED_TITLE
        ):
            closeness[index] = score
    line = plain(parse.text)
    for _, score, index in process.extract(line, titles, scorer=fuzz.partial_ratio, limit=5, score_cutoff=80):
        if len(titles[index]) >= 8:
            closeness[index] = max(closeness.get(index, 0), score)
    author, year = _first_author(parse.item), parse.item.year
    out = {}
    for index, score in closeness.items():
        item = candidates[index].item
        same_author = bool(author & _first_author(item))
        same_year = year is not None and year == item.year
        if (
            score >= _SAME_TITLE
            or (score >= _CLOSE_TITLE and (same_author or same_year))
            or (same_author and same_year)
        ):
            out[index] = score + 10 * same_author + 10 * same_year
    return out


# --- the data compared ----------------------------------------------------------------------------


def data_differences(parse: ParsedReference, entry: CslItem) -> list[Deviation]:
    """The fields in which the typed reference and its entry differ, as "the list says X, the entry Y"."""
    line = readable(parse.text).text
    typed = parse.item
    found = []
    if typed.year and entry.year and typed.year != entry.year and str(entry.year) not in line:
        found.append(_differs("issued", str(typed.year), str(entry.year)))
    for name in ("volume", "issue", "page"):
        written, expected = getattr(typed, name), getattr(entry, name)
        if written and expected and _numbers(written) != _numbers(expected):
            if _numbers(expected)[:1] and _numbers(expected)[0] not in _numbers(line):
                found.append(_differs(name, written, expected))
    for name in ("title", "container_title"):
        written, expected = getattr(typed, name), getattr(entry, name)
        if written and expected and plain(written) != plain(expected) and plain(expected) not in plain(line):
            found.append(_differs(name.replace("_", "-"), written, expected))
    found += _author_differences(typed, entry)
    if parse.item.DOI and entry.DOI and doi_key(parse.item.DOI) != doi_key(entry.DOI):
        found.append(_differs("DOI", parse.item.DOI, entry.DOI))
    return found


def _numbers(text: str) -> list[str]:
    """The numbers and words of a volume, issue or page range: '04' is 4, '45–60' is 45, 60."""
    return [word.lstrip("0") or "0" for word in _WORDS.findall(fold(readable(text).text))]


def _differs(name: str, written: str, expected: str) -> Deviation:
    quote = "'" if name in ("title", "container-title", "author") else ""
    says = f"the list says {quote}{written}{quote}, the entry says {quote}{expected}{quote}"
    return Deviation(
        "data",
        f"{FIELD_NAMES[name]}: {says}",
        written,
        expected,
        name,
    )


def _author_differences(typed: CslItem, entry: CslItem) -> list[Deviation]:
    """Names that differ at the same place, or more names typed than the entry has."""
    people = entry.author or entry.editor
    for place, (written, expected) in enumerate(zip(typed.author, people, strict=False), 1):
        if not _name_keys(written) & _name_keys(expected):
            return [
                Deviation(
                    "data",
                    f"authors: the list's {_ordinal(place)} is '{_shown(written)}', "
                    f"the entry's '{_shown(expected)}'",
                    _shown(written),
                    _shown(expected),
                    "author",
                )
            ]
    if len(typed.author) > len(people) and not entry.author_truncated and people:
        return [
            Deviation(
                "data",
                f"authors: the list names {len(typed.author)}, the entry {len(people)}",
                str(len(typed.author)),
                str(len(people)),
                "author",
            )
        ]
    return []


def _shown(person: Name) -> str:
    if person.literal:
        return person.literal
    joint = "" if has_cjk(person.family) else " "
    return f"{person.family}{joint}{person.given}".strip()


def _ordinal(place: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(place, f"{place}th")


def missing(parse: ParsedReference, segments: list[Segment]) -> list[Deviation]:
    """Elements the style writes for the entry (its issue, pages, DOI) that the typed line lacks."""
    line = plain(parse.text)
    typed = parse.item.to_json()
    found = []
    for segment in segments:
        name = segment.field
        if name in FIELD_NAMES and name not in ("author", "title") and not typed.get(name):
            if plain(segment.text) and plain(segment.text) not in line:
                found.append(
                    Deviation(
                        "missing",
                        f"no {FIELD_NAMES[name]} (the entry's: {segment.text})",
                        "",
                        segment.text,
                        name,
                    )
                )
    return found
