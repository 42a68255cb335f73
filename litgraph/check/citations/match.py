"""Matching citations to the reference list: by key for LaTeX and pandoc, by first author's
name and year for author–year text, and what is wrong when a citation fits no entry, several
entries, or its entry in another form than it is written."""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ...records import Bibliography, Location, Person, Reference, Severity
from ...style.labels import ET_AL_MINIMUM, LabelStyle, LabelStyles, cited_name
from ...text import fold, has_cjk, readable
from .find import AuthorYear, Found
from .result import BY_AUTHOR_YEAR, BY_KEY, Citation, Reporter


def name_key(name: str) -> str:
    """Case-, accent-, space- and punctuation-free: 'Malär' = 'Malar', 'van der Berg' = 'Van der Berg'."""
    return re.sub(r"[\W_]", "", fold(name))


def people(ref: Reference) -> list[Person]:
    """Whom an entry is cited by: its authors, or its editors when it has none."""
    return ref.authors or ref.editors


def reference_label(ref: Reference, style: LabelStyle) -> str:
    """How the text cites the entry, in `style`."""
    names = [(person.family, person.first) for person in people(ref)]
    return style.label(names, ref.year_text, ref.authors_truncated, ref.key)


def _person_keys(person: Person) -> set[str]:
    """A Latin name is cited by family name; a Chinese one by its full name (周志民),
    whichever way it was split."""
    return {name_key(person.family), name_key(cited_name(person.family, person.first))}


class ReferenceIndex:
    """The bibliography by first author's cited name, for author–year lookups."""

    def __init__(self, bib: Bibliography):
        self.by_key = bib.by_key()
        self.by_name: dict[str, list[Reference]] = defaultdict(list)
        for ref in bib.references:
            cited_by = people(ref)
            for key in _person_keys(cited_by[0]) if cited_by else ():
                self.by_name[key].append(ref)
        self.cjk_names = sorted((k for k in self.by_name if has_cjk(k)), key=len, reverse=True)

    def suggest_name(self, name: str) -> str:
        """A known first author one typo away (two for names of eight letters or more)."""
        key = name_key(name)
        guess = process.extractOne(
            key, list(self.by_name), scorer=Levenshtein.distance, score_cutoff=1 + len(key) // 8
        )
        return guess[0] if guess else ""

    def suggest_key(self, key: str) -> str:
        """The key differing only in case (BibTeX ignores it, biber does not), else a close one."""
        lowered = {k.lower(): k for k in self.by_key}
        if key.lower() in lowered:
            return lowered[key.lower()]
        guess = process.extractOne(key, list(self.by_key), scorer=fuzz.ratio, score_cutoff=80)
        return guess[0] if guess else ""


def match_keys(found: Found, index: ReferenceIndex, citations: list[Citation], report: Reporter) -> set[str]:
    """LaTeX and pandoc citations name their key: it exists, or it is reported with the nearest key."""
    cited = set()
    narrative = [c for c in found.narrative_keys if c.key in index.by_key or re.search(r"\d", c.key or "")]
    for citation in found.by_key + narrative:
        citation.matched_by = BY_KEY
        key = citation.key or ""
        if key in index.by_key:
            cited.add(key)
        else:
            seen = readable(key).text
            if seen != key and seen in index.by_key:
                hidden = ", ".join(f"U+{ord(char):04X}" for char in key if char not in seen)
                wanted = (
                    f"'{citation.text}': the key holds characters that do not show "
                    f"({hidden or 'compatibility forms'}), so no entry has it (LaTeX finds none either)"
                )
                _report_missing(report, citation.location, wanted, f"'{seen}'")
            else:
                suggestion = index.suggest_key(key)
                wanted = f"'{citation.text}': no entry with key '{key}'"
                _report_missing(report, citation.location, wanted, f"'{suggestion}'" if suggestion else "")
            citation.key = None
        citations.append(citation)
    return cited


def _report_missing(report: Reporter, location: Location, message: str, suggestions: str) -> None:
    hint = f"; did you mean {suggestions}?" if suggestions else ""
    report(Severity.ERROR, "citation-missing-reference", location, message + hint)


def match_author_years(
    found: list[AuthorYear],
    index: ReferenceIndex,
    citations: list[Citation],
    report: Reporter,
    styles: LabelStyles,
) -> set[str]:
    """Author–year citations by first author and year; returns the keys they account for."""
    cited = set()
    for citation in found:
        citation.counted = _resolve_cjk_run(citation, index)
        if citation.counted:
            style = styles["zh" if citation.chinese else "en"]
            key, meant = _match_author_year(citation, index, report, style)
            cited |= meant
            citations.append(Citation(citation.text, citation.location, key, BY_AUTHOR_YEAR))
    return cited


def _resolve_cjk_run(citation: AuthorYear, index: ReferenceIndex) -> bool:
    """Cut a narrative Chinese citation's run of characters (国内学者周志民等) down to its name.

    The name is the known author name the run ends with; failing that, with 等 the
    last three characters (most Chinese names have three), and without 等 the run
    is ordinary text before a year in brackets: False, not a citation.
    """
    if not citation.name_in_run:
        return True
    run = citation.names[0]
    known = next((name for name in index.cjk_names if run.endswith(name)), None)
    if known is None and not citation.et_al:
        return False
    citation.names[0] = known or run[-3:]
    return True


def _match_author_year(
    citation: AuthorYear, index: ReferenceIndex, report: Reporter, style: LabelStyle
) -> tuple[str | None, set[str]]:
    """(matched key or None, keys the citation accounts for) after reporting what is wrong with it;
    entries are named in `style`, that of the text the citation stands in."""
    first = citation.names[0]
    written = f"'{citation.text}'"
    candidates = index.by_name.get(name_key(first), [])
    if not candidates:
        close = index.suggest_name(first)
        suggestions = ", ".join(ref.key for ref in index.by_name[close]) if close else ""
        _report_missing(
            report, citation.location, f"{written}: no reference by {first} in the list", suggestions
        )
        return None, set()
    same_year = [ref for ref in candidates if ref.year == citation.year]
    if not same_year:
        likely = _likely_intended(citation, candidates)
        report(
            Severity.ERROR,
            "citation-year-mismatch",
            citation.location,
            f"{written}: no {first} {citation.year} in the reference list; likely meant "
            + " or ".join(f"{ref.key} ({reference_label(ref, style)})" for ref in likely),
            likely[0].key,
        )
        return None, {ref.key for ref in likely}
    chosen = _choose(citation, same_year)
    if len(chosen) > 1:
        keys = " and ".join(ref.key for ref in chosen)
        report(
            Severity.ERROR,
            "citation-ambiguous",
            citation.location,
            f"{written} fits {keys} (same first author and year): add a/b to the years in the list "
            "and the text, or name more authors",
        )
        return None, {ref.key for ref in chosen}
    ref = chosen[0]
    if not _form_fits(citation, ref):
        code, message = _form_problem(citation, ref, style)
        report(Severity.WARNING, code, citation.location, message, ref.key)
    return ref.key, {ref.key}


def _form_fits(citation: AuthorYear, ref: Reference) -> bool:
    """Whether the names and et al. as written fit the entry's author list."""
    cited_by = people(ref)
    if len(citation.names) > 1 and (
        len(cited_by) < 2 or name_key(citation.names[1]) not in _person_keys(cited_by[1])
    ):
        return False
    if citation.et_al:
        return len(cited_by) >= ET_AL_MINIMUM or ref.authors_truncated
    return len(citation.names) == len(cited_by) and not ref.authors_truncated


def _choose(citation: AuthorYear, same_year: list[Reference]) -> list[Reference]:
    """The entries a citation can mean among those with its first author and year; one when it is clear."""
    if len(same_year) == 1:
        return same_year
    fitting = [ref for ref in same_year if _form_fits(citation, ref)] or same_year
    if citation.suffix and len(fitting) > 1:
        marked = [ref for ref in fitting if ref.year_text.strip().endswith(citation.suffix)]
        if len(marked) == 1:
            return marked
        ordered = sorted(fitting, key=lambda ref: fold(ref.title))  # a/b follow title order (APA, biblatex)
        position = ord(citation.suffix) - ord("a")
        return [ordered[position]] if position < len(ordered) else fitting
    return fitting


def _likely_intended(citation: AuthorYear, candidates: list[Reference]) -> list[Reference]:
    """Same first author, the nearest year; entries whose author list fits the citation's form first."""
    dated = [ref for ref in candidates if ref.year] or candidates
    pool = [ref for ref in dated if _form_fits(citation, ref)] or dated
    distance = min(abs((ref.year or 0) - citation.year) for ref in pool)
    return [ref for ref in pool if abs((ref.year or 0) - citation.year) == distance]


def _form_problem(citation: AuthorYear, ref: Reference, style: LabelStyle) -> tuple[str, str]:
    """(code, message) for a citation whose names or et al. do not fit its entry."""
    cited_by = people(ref)
    written = f"'{citation.text}'"
    if (
        len(citation.names) > 1
        and len(cited_by) > 1
        and name_key(citation.names[1]) not in _person_keys(cited_by[1])
    ):
        second = cited_name(cited_by[1].family, cited_by[1].first)
        return (
            "citation-authors",
            f"{written}: {ref.key}'s second author is {second}, not {citation.names[1]}",
        )
    et_al = "等" if "等" in citation.text else "et al."
    count = f"at least {ET_AL_MINIMUM}" if ref.authors_truncated else str(len(cited_by))
    return (
        "citation-et-al",
        f"{written}: {ref.key} has {count} author{'s' if count != '1' else ''}; "
        f"cite it as '{reference_label(ref, style)}'"
        + (f" ({et_al} is for {ET_AL_MINIMUM} or more)" if citation.et_al else ""),
    )
