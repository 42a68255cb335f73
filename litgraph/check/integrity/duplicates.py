"""One work entered twice: the same DOI, keys differing only in case, near-identical entries."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz, process

from ...records import Problem, Reference, Severity
from ...text import doi_key, fold
from .registry import bibliography_rule, finding, value, words


@bibliography_rule
def duplicate_dois(refs: list[Reference]) -> Iterator[Problem]:
    """Two entries with one DOI are usually one work entered twice (or a chapter given its book's DOI)."""
    first: dict[str, Reference] = {}
    for ref in refs:
        doi = doi_key(ref.doi)
        if not doi:
            continue
        if doi in first:
            other = first[doi]
            yield finding(
                ref, Severity.WARNING, "doi-duplicate", f"same DOI as '{other.key}' ({other.location})", "doi"
            )
        else:
            first[doi] = ref


@bibliography_rule
def keys_differing_in_case(refs: list[Reference]) -> Iterator[Problem]:
    """BibTeX compares cite keys and crossref targets ignoring case (citing both
    `Davis1989a` and `davis1989a` is its "case mismatch error") and biber warns of
    such pairs, so one of them must be renamed."""
    first: dict[str, Reference] = {}
    for ref in refs:
        other = first.setdefault(ref.key.casefold(), ref)
        if other is not ref:
            yield finding(
                ref,
                Severity.WARNING,
                "key-case",
                f"key '{ref.key}' differs only in case from '{other.key}' ({other.location}); "
                "BibTeX and biber compare keys ignoring case in places: rename one of them",
            )


TITLE_SIMILARITY = 90  # rapidfuzz ratio, 0-100, after folding case, accents and LaTeX
AUTHOR_SIMILARITY = 85
_TITLE_PREFIX = 12  # characters of the folded title used as a blocking key
_DISTINGUISHING = ("volume", "number", "edition")
_NUMBERING = re.compile(r"\b(?:\w*\d\w*|[ivx]{1,4})\b")  # title words that number a part, volume or version
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")  # 'ICDE', 'TAM': names that tell two similar titles apart
# Fields a message names when they differ (a conflicting volume, number or first page never gets that far).
_COMPARED = ("journal", "journaltitle", "booktitle", "volume", "number", "pages", "doi")
_NAMES_SHOWN = 3


class _DuplicateKey:
    """What near-duplicate detection compares, computed once per entry."""

    __slots__ = (
        "ref",
        "title",
        "title_words",
        "identifiers",
        "author",
        "authors",
        "container",
        "year",
        "doi",
        "first_page",
    )

    def __init__(self, ref: Reference):
        self.ref = ref
        folded = fold(ref.title)
        title_words = re.findall(r"\w+", folded)
        self.title = " ".join(title_words)
        self.title_words = set(title_words)
        self.identifiers = set(_NUMBERING.findall(folded))
        self.identifiers.update(fold(acronym) for acronym in _ACRONYM.findall(ref.title))
        self.authors = tuple("".join(words(person.family)) for person in ref.authors or ref.editors)
        self.author = self.authors[0] if self.authors else ""
        self.container = " ".join(words(ref.container))
        self.year = ref.year
        self.doi = doi_key(ref.doi)
        page = re.match(r"\s*[A-Za-z]*\d+", ref.pages)
        self.first_page = page.group().strip() if page else ""

    def conflicts(self, other: _DuplicateKey) -> bool:
        """A number or acronym of one title is missing from the other ('Vol. 2A' / 'Vol. 2B',
        'Part I' / 'Part II', 'ICDE' / 'ACL'), or both carry a field that tells the works
        apart (DOI, volume, issue, edition, first page)."""
        if not (self.identifiers <= other.title_words and other.identifiers <= self.title_words):
            return True
        pairs = [(self.doi, other.doi), (self.first_page, other.first_page)]
        pairs += [
            (self.ref.fields.get(n, "").strip(), other.ref.fields.get(n, "").strip()) for n in _DISTINGUISHING
        ]
        return any(a and b and a != b for a, b in pairs)

    def could_be_one_work(self, other: _DuplicateKey) -> bool:
        """In one year the first authors must agree (allowing a typo). Under two years (online
        first and print, a typo, a reprint) all the rest must: every author, the entry type and
        where it appeared, for a report and its conference paper, or a paper and its journal
        version, are two works."""
        if self.year == other.year:
            return self.author == other.author or fuzz.ratio(self.author, other.author) >= AUTHOR_SIMILARITY
        return (
            bool(self.authors)
            and self.authors == other.authors
            and self.ref.entry_type == other.ref.entry_type
            and (not (self.container and other.container) or self.container == other.container)
        )


@bibliography_rule
def near_duplicates(refs: list[Reference]) -> Iterator[Problem]:
    """One work entered twice: the same first author and year with a near-identical title, or
    the same authors and title under two years (online first and print, a typo, a reprint).

    Candidates are blocked by (year, first author), (year, title prefix) and (first
    author, title prefix), so the cost grows with block sizes, not with the square of
    the bibliography. The message says where the two entries differ.
    """
    keys = [_DuplicateKey(ref) for ref in refs if ref.year is not None]
    keys = [key for key in keys if len(key.title) >= 8]
    reported: set[int] = set()
    for i, j, score in _similar_pairs(keys):
        first, second = keys[i], keys[j]
        if j in reported or first.conflicts(second) or (first.doi and first.doi == second.doi):
            continue
        if not first.could_be_one_work(second):
            continue
        reported.add(j)
        agree = "first author and year agree" if first.year == second.year else "same authors and title"
        differences = _differences(second, first, score)
        yield finding(
            second.ref,
            Severity.WARNING,
            "near-duplicate",
            f"possible duplicate of '{first.ref.key}' ({first.ref.location}): {agree}"
            + (f"; differs in {', '.join(differences)}" if differences else "; nothing else differs"),
        )


def _differences(here: _DuplicateKey, there: _DuplicateKey, score: float) -> list[str]:
    """What tells the entries apart, said of `here` (the entry reported) against `there`."""
    found = []
    if here.year != there.year:
        found.append(f"year ({here.year} here, {there.year} there)")
    if here.ref.title != there.ref.title:
        found.append(
            "title's case or punctuation" if here.title == there.title else f"title ({score:.0f}% alike)"
        )
    if here.authors != there.authors:
        found.append(f"authors ({_names(here.ref)} here, {_names(there.ref)} there)")
    for name in _COMPARED:
        mine, theirs = value(here.ref, name), value(there.ref, name)
        if mine and theirs and fold(mine) != fold(theirs):
            found.append(f"{name} ('{mine}' here, '{theirs}' there)")
        elif mine != theirs and not (mine and theirs):
            found.append(f"{name} (only {'here' if mine else 'there'})")
    return found


def _names(ref: Reference) -> str:
    people = [person.family for person in ref.authors or ref.editors]
    shown = "; ".join(people[:_NAMES_SHOWN]) + ("; …" if len(people) > _NAMES_SHOWN else "")
    return f"'{shown}'" if people else "none"


def _similar_pairs(keys: list[_DuplicateKey]) -> Iterator[tuple[int, int, float]]:
    """(i, j, score) with i < j for titles at least TITLE_SIMILARITY alike within a shared block."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key.author:
            blocks[("author", key.year, key.author)].append(index)
            blocks[("work", key.author, key.title[:_TITLE_PREFIX])].append(index)  # any two years
        blocks[("title", key.year, key.title[:_TITLE_PREFIX])].append(index)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for position, i in enumerate(members[:-1]):
            rest = members[position + 1 :]
            matches = process.extract(
                keys[i].title,
                [keys[j].title for j in rest],
                scorer=fuzz.ratio,
                score_cutoff=TITLE_SIMILARITY,
                limit=None,
            )
            for _, score, offset in matches:
                pair = (i, rest[offset])
                if pair not in seen:
                    seen.add(pair)
                    yield i, rest[offset], score
