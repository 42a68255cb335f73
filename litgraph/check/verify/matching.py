"""Is a found record this reference, and where do the two differ?

Search-based matching follows Crossref's own validation: a candidate is accepted
only when its title agrees and at least three fields agree in all (title,
first-author surname, year — half credit when off by one —, venue, volume, issue,
first page). Titles alone pick the wrong record for common titles ("Brand
community"); a search engine's relevance score says nothing about identity, so it
is never used. Two accepted candidates that are different works and neither agrees
on a full field more than the other make the reference ambiguous.

Comparison then decides what is wrong, normalising what legitimately varies:
LaTeX and markup, case (sentence vs title case), punctuation and accents, a title
cited without its subtitle, journal abbreviations (ISO 4 and NLM, contractions such
as "Natl", a journal cited without its subtitle, IEEE's "X, IEEE Transactions on"),
page-range dashes, roman page numbers and abbreviated end pages, DOI spellings, and
a year that is one of the record's own dates (online first vs print).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ...records import Reference
from ...text import doi_key, fold, has_cjk
from .record import Record
from .verdicts import FieldDiff

TITLE_MATCH = 90.0  # similarity for a title to count towards accepting a search hit
TITLE_SAME = 95.0  # similarity below which a title is reported as differing
VENUE_SAME = 90.0
MIN_AGREEING = 3.0  # agreeing fields, title included, to accept a search hit

_JOINERS = re.compile(r"(?<=\w)['’‘\-‐‑–](?=\w)")  # e-commerce = ecommerce, consumer's = consumers
_NON_WORD = re.compile(r"[\W_]+")
# A subtitle starts after a colon, a question or exclamation mark, a spaced dash, an em
# dash, or a full stop after a word (not after an initial such as "U.S.").
_SUBTITLE = re.compile(r"\s*(?::|：|\?|？|!|！|\s[-–—]{1,2}\s|—|(?<=\w\w)\.\s)\s*")
_PAGE = r"([a-z]?\d+[a-z]?|[ivxlcdm]+)"  # 19, 19a, e1234, or a roman number (front matter)
_PAGES = re.compile(rf"^\s*(?:pp?\.?\s*)?{_PAGE}\s*(?:[-‐‑–—]+\s*{_PAGE})?\s*$", re.IGNORECASE)
_HYPHENS = re.compile(r"[-‐‑–]")
_VENUE_PARTS = re.compile(r"\s*[:：]\s*")  # a journal cited without its subtitle: "Environ. Plan. D"
# IEEE Xplore's inverted venue: "Software Engineering, IEEE Transactions on".
_INVERTED_VENUE = re.compile(r"^(?P<topic>[^,]+),\s*(?P<series>.+\s(?:on|of|in|for))\s*$", re.IGNORECASE)
_VENUE_STOPWORDS = {"the", "of", "and", "for", "in", "on"}  # not "a": Environment and Planning A, U.S.A.
_PREPRINT_MARKS = (
    "arxiv",
    "preprint",
    "biorxiv",
    "medrxiv",
    "psyarxiv",
    "ssrn",
    "research square",
    "working paper",
)


# --- normalisation -----------------------------------------------------------------


def normalise(text: str) -> str:
    """Folded (lower case, no accents), no punctuation, single spaces: what survives every style guide."""
    text = _JOINERS.sub("", fold(text).replace("&", " and "))
    return " ".join(_NON_WORD.sub(" ", text).split())


def main_title(title: str) -> str:
    """The title before its subtitle ("Brand experience: What is it? ..." → "Brand experience")."""
    return _SUBTITLE.split(title, maxsplit=1)[0]


def title_similarity(ours: str, theirs: str) -> float:
    """0-100; a title cited without its subtitle is as good as the full one."""
    a, b = normalise(ours), normalise(theirs)
    if not a or not b:
        return 0.0
    best = fuzz.ratio(a, b)
    for short, full, full_raw in ((a, b, theirs), (b, a, ours)):
        main = normalise(main_title(full_raw))
        if main and main != full and normalise(main_title(short)) == short:
            best = max(best, fuzz.ratio(short, main))
    return best


def surname_agrees(family: str, name: str) -> bool:
    """Our family name against the source's (Crossref: family; OpenAlex: "Given Family")."""
    ours, theirs = normalise(family).split(), normalise(name).split()
    if not ours or not theirs:
        return False
    if has_cjk(family) or has_cjk(name):
        return _cjk_name_agrees("".join(ours), theirs)
    joined = "".join(ours)  # "van der Berg" against "Berg" or "Jan van der Berg"
    return ours[-1] == theirs[-1] or any("".join(theirs[i:]) == joined for i in range(len(theirs)))


def _cjk_name_agrees(ours: str, theirs: list[str]) -> bool:
    """储大同 (or 储, when the bib has "储, 大同") against the source's 储 (Crossref's family),
    储大同, or OpenAlex's display name in either order (大同 储, 储 大同).

    A name in one piece agrees with another when one is the start of the other, the
    family name being written first; that holds for a Japanese name too, whose family
    name no rule can split off. A name the source gives in two pieces is in an order
    we cannot know, so it must be either piece exactly or both pieces in either order.
    """
    if len(theirs) == 1:
        return ours.startswith(theirs[0]) or theirs[0].startswith(ours)
    return ours in theirs or ours in ("".join(theirs), "".join(reversed(theirs)))


def is_preprint_venue(venue: str) -> bool:
    lowered = venue.lower()
    return any(mark in lowered for mark in _PREPRINT_MARKS)


def venue_agrees(ours: str, record: Record) -> bool | None:
    """None when there is nothing to compare: a venue missing on either side, or a preprint server."""
    if not ours or not record.container or is_preprint_venue(ours) or is_preprint_venue(record.container):
        return None
    inverted = _INVERTED_VENUE.match(ours)
    spellings = [ours, f"{inverted['series']} {inverted['topic']}"] if inverted else [ours]
    names = (record.container, _VENUE_PARTS.split(record.container)[0], *record.container_aliases)
    return any(
        _venues_agree(_venue_words(mine), _venue_words(name))
        for mine in spellings
        for name in dict.fromkeys(names)
        if name
    )


def _venues_agree(a: list[str], b: list[str]) -> bool:
    if a == b or _abbreviates(a, b) or _abbreviates(b, a):
        return True
    # A near spelling, but never of another series: Part A is not Part B.
    series = [word for word in a if len(word) == 1], [word for word in b if len(word) == 1]
    return series[0] == series[1] and fuzz.ratio(" ".join(a), " ".join(b)) >= VENUE_SAME


def _venue_words(venue: str) -> list[str]:
    """Words without stopwords; hyphens part words here ("Hum.-Comput." for "Human-Computer")."""
    return [word for word in normalise(_HYPHENS.sub(" ", venue)).split() if word not in _VENUE_STOPWORDS]


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """ "J Mark" abbreviates "Journal of Marketing", "Natl" "National": word by word, each
    word's letters in order in the full word, starting with its first letter."""
    return (
        len(short) == len(full)
        and short != full
        and all(_contracts(s, f) for s, f in zip(short, full, strict=True))
    )


def _contracts(short: str, full: str) -> bool:
    if not short or not full or short[0] != full[0]:
        return False
    rest = iter(full[1:])
    return all(char in rest for char in short[1:])  # each found after the previous one


def page_range(text: str) -> tuple[str, str] | None:
    """("378", "389") from "378-89", "pp. 378–389" or "378--389"; None when not a page range."""
    match = _PAGES.match(text)
    if not match:
        return None
    first, last = match.group(1).lower().lstrip("0") or "0", (match.group(2) or "").lower().lstrip("0")
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def pages_agree(ours: str, theirs: str) -> bool | None:
    if not ours or not theirs:
        return None
    a, b = page_range(ours), page_range(theirs)
    if a is None or b is None:
        return normalise(ours) == normalise(theirs)
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])


def _plain(value: str) -> str:
    return normalise(value).removeprefix("vol ").removeprefix("no ")


def _year_gap(ref: Reference, record: Record) -> int | None:
    if ref.year is None or not record.years:
        return None
    return min(abs(ref.year - year) for year in record.years)


def _date_with_year(year: int, record: Record) -> tuple[str, str] | None:
    """The record's date (name, date) that a citation year other than the record's own may
    rightly give: an earlier one (online first, however long before print), or one a year
    later (an issue dated before its online release); never a re-hosting years later."""
    if record.year is None or not (year < record.year or year == record.year + 1):
        return None
    return next(((name, date) for name, date in record.dates if date[:4] == str(year)), None)


# --- accepting a search hit -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agreement:
    title: float  # similarity 0-100
    credits: dict[str, float]  # agreeing field → 1, or 0.5 for a year off by one

    @property
    def score(self) -> float:
        return sum(self.credits.values())

    @property
    def accepted(self) -> bool:
        return self.title >= TITLE_MATCH and self.score >= MIN_AGREEING


def agreement(ref: Reference, record: Record) -> Agreement:
    credits: dict[str, float] = {}
    similarity = title_similarity(ref.title, record.title)
    if similarity >= TITLE_MATCH:
        credits["title"] = 1.0
    if ref.authors and record.authors and surname_agrees(ref.authors[0].family, record.first_author):
        credits["author"] = 1.0
    gap = _year_gap(ref, record)
    if gap is not None and gap <= 1:
        credits["year"] = 1.0 if gap == 0 else 0.5
    if venue_agrees(ref.container, record):
        credits["venue"] = 1.0
    if ref.volume and record.volume and _plain(ref.volume) == _plain(record.volume):
        credits["volume"] = 1.0
    if ref.number and record.issue and _plain(ref.number) == _plain(record.issue):
        credits["issue"] = 1.0
    ours, theirs = page_range(ref.pages or ""), page_range(record.pages)
    if ours and theirs and ours[0] == theirs[0]:
        credits["pages"] = 1.0
    return Agreement(similarity, credits)


@dataclass(frozen=True, slots=True)
class Choice:
    record: Record | None = None  # the accepted candidate
    rivals: tuple[Record, ...] = ()  # other works that fit as well: the reference is ambiguous


def choose(ref: Reference, records: list[Record]) -> Choice:
    passing: dict[str, tuple[Agreement, Record]] = {}
    for record in records:
        fit = agreement(ref, record)
        # One work may be registered under DOIs differing by case or trailing punctuation;
        # the clean spelling is preferred among them.
        work = doi_key(record.doi) or normalise(record.title)
        if fit.accepted and (work not in passing or _fits_better(fit, record, *passing[work])):
            passing[work] = (fit, record)
    ranked = sorted(passing.values(), key=lambda pair: pair[0].score, reverse=True)
    if not ranked:
        return Choice()
    (best_fit, best), others = ranked[0], ranked[1:]
    rivals = tuple(record for fit, record in others if best_fit.score - fit.score < 1.0)
    return Choice(best, (best, *rivals)) if rivals else Choice(best)


def _fits_better(fit: Agreement, record: Record, than_fit: Agreement, than: Record) -> bool:
    clean, than_clean = (candidate.doi.lower() == doi_key(candidate.doi) for candidate in (record, than))
    return (fit.score, clean) > (than_fit.score, than_clean)


# --- comparing a record we trust to be the reference -----------------------------------


@dataclass(slots=True)
class Comparison:
    mismatches: dict[str, FieldDiff] = field(default_factory=dict)
    tolerated: dict[str, FieldDiff] = field(default_factory=dict)  # differences that are not errors
    notes: list[str] = field(default_factory=list)
    fixes: dict[str, str] = field(default_factory=dict)  # bib field → certain new value


def compare(ref: Reference, record: Record) -> Comparison:
    """Field by field, named as in the bib. Fixes are offered only when title and first author
    agree, so the record is certainly this work; titles, authors and venues are never rewritten."""
    result = Comparison()
    similarity = title_similarity(ref.title, record.title)
    certain = (
        similarity >= TITLE_SAME
        and bool(ref.authors)
        and surname_agrees(ref.authors[0].family, record.first_author)
    )

    if ref.title and record.title and similarity < TITLE_SAME:
        result.mismatches["title"] = FieldDiff(ref.title, record.title)
    _compare_authors(ref, record, result)

    if ref.year is not None and record.year is not None and ref.year != record.year:
        dated = _date_with_year(ref.year, record)
        if dated:
            result.tolerated["year"] = FieldDiff(ref.year_text, str(record.year))
            result.notes.append(
                f"year {ref.year_text} in the bib, {record.year} in {record.label}, "
                f"{dated[0]} {dated[1]} (online first vs print?)"
            )
        else:
            result.mismatches["year"] = FieldDiff(ref.year_text, str(record.year))
            if certain and re.fullmatch(r"\s*\d{4}\s*", ref.fields.get("year", "")):
                result.fixes["year"] = str(record.year)

    venue_field = next(
        (name for name in ("journal", "journaltitle", "booktitle") if name in ref.fields), "journal"
    )
    if venue_agrees(ref.container, record) is False:
        result.mismatches[venue_field] = FieldDiff(ref.container, record.container)

    number_field = "issue" if "issue" in ref.fields and "number" not in ref.fields else "number"
    for name, ours, theirs in (
        ("volume", ref.volume, record.volume),
        (number_field, ref.number, record.issue),
    ):
        if ours and theirs and _plain(ours) != _plain(theirs):
            result.mismatches[name] = FieldDiff(ours, theirs)
            if certain:
                result.fixes[name] = theirs

    if pages_agree(ref.pages, record.pages) is False:
        result.mismatches["pages"] = FieldDiff(ref.pages, record.pages)
        if certain:
            result.fixes["pages"] = _in_dash_style(record.pages, ref.pages)

    _compare_doi(ref, record, result, certain)
    return result


def _compare_authors(ref: Reference, record: Record, result: Comparison) -> None:
    ours, theirs = [person.family for person in ref.authors], list(record.authors)
    if not ours or not theirs:
        return
    same = (
        len(theirs) >= len(ours)
        and (ref.authors_truncated or len(theirs) == len(ours))
        and all(surname_agrees(a, b) for a, b in zip(ours, theirs, strict=False))
    )
    if not same:
        shown = "; ".join(ours) + (" et al." if ref.authors_truncated else "")
        found = "; ".join(theirs[:10]) + ("; …" if len(theirs) > 10 else "")
        result.mismatches["author"] = FieldDiff(shown, found)


def _compare_doi(ref: Reference, record: Record, result: Comparison, certain: bool) -> None:
    if not record.doi:
        return
    if ref.doi and doi_key(ref.doi) != doi_key(record.doi):
        result.mismatches["doi"] = FieldDiff(ref.doi, record.doi)
    elif not ref.doi:
        result.tolerated["doi"] = FieldDiff("", record.doi)
        if certain and "doi" not in ref.fields:
            result.fixes["doi"] = record.doi
        result.notes.append("the bib has no DOI" + (" (--fix adds it)" if "doi" in result.fixes else ""))


def _in_dash_style(pages: str, like: str) -> str:
    """The record's pages written with the dash the bib already uses (19--34 or 19-34)."""
    dash = re.search(r"[-‐‑–—]+", like)
    found = page_range(pages)
    if not dash or not found or not found[1]:
        return pages
    return f"{found[0]}{dash.group()}{found[1]}"
