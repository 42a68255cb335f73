"""Page ranges: forwards, complete, and written with BibTeX's dash."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import Problem, Reference, Severity
from .registry import assignment, entry_rule, finding, value

_PAGE_RANGE = re.compile(r"(?<![\w.:/])([A-Za-z]*)(\d+)\s*(-{1,3}|–|—)\s*([A-Za-z]*)(\d*)(?![\w.:/])")
_SIMPLE_RANGE = re.compile(r"([A-Za-z]*\d+)\s*(-{1,3}|–|—)\s*([A-Za-z]*\d+)")
_LOOKS_LIKE_LINK = re.compile(r"10\.\d{4,9}/|doi\.org|https?://|www\.", re.IGNORECASE)


@entry_rule
def pages_range(ref: Reference) -> Iterator[Problem]:
    """A range must run forwards; an abbreviated end (123-8) or a missing end is spelled out.
    Every abbreviated range of the field is written out by one fix, so that two fixes never
    compete for the field."""
    pages = value(ref, "pages")
    if _LOOKS_LIKE_LINK.search(pages):
        yield finding(
            ref, Severity.WARNING, "pages-format", f"pages holds a DOI or link, not pages: '{pages}'", "pages"
        )
        return
    abbreviated = []
    for match in _PAGE_RANGE.finditer(pages):
        start, end = match.group(2), match.group(5)
        if not end:
            yield finding(
                ref, Severity.WARNING, "pages-range", f"page range '{match.group()}' has no end page", "pages"
            )
        elif _abbreviated(match):
            abbreviated.append(match)
        elif _comparable(match) and int(end) < int(start):
            yield finding(
                ref,
                Severity.ERROR,
                "pages-range",
                f"page range '{match.group()}' ends before it starts",
                "pages",
            )
    fix = assignment("pages", _written_out(pages, abbreviated)) if abbreviated else ""
    for match in abbreviated:
        yield finding(
            ref,
            Severity.WARNING,
            "pages-range",
            f"page range '{match.group()}' abbreviates its end page",
            "pages",
            fix=fix,
        )


def _comparable(match: re.Match) -> bool:
    """Both ends numbered in one section ('S1-A3' mixes two, which cannot be compared)."""
    start_prefix, _, _, end_prefix, end = match.groups()
    return bool(end) and end_prefix.lower() in ("", start_prefix.lower())


def _abbreviated(match: re.Match) -> bool:
    """'1234-56': an end that is lower than the start, but not once written in full."""
    _, start, _, _, end = match.groups()
    return _comparable(match) and int(end) < int(start) <= int(_expanded_end(start, end))


def _written_out(pages: str, ranges: list[re.Match]) -> str:
    """`pages` with each of the (abbreviated) ranges written in full with BibTeX's dash."""
    for match in reversed(ranges):
        start_prefix, start, _, _, end = match.groups()
        replacement = f"{start_prefix}{start}--{start_prefix}{_expanded_end(start, end)}"
        pages = pages[: match.start()] + replacement + pages[match.end() :]
    return pages


def _expanded_end(start: str, end: str) -> str:
    """'1234', '56' → '1256': an abbreviated end page written in full."""
    return start[: max(len(start) - len(end), 0)] + end


@entry_rule
def pages_dash(ref: Reference) -> Iterator[Problem]:
    """BibTeX writes ranges with `--`; a hyphen or en dash prints the same in most styles, hence only info.
    An abbreviated range is left to `pages_range`, whose fix writes the dash too."""
    pages = value(ref, "pages")
    match = _SIMPLE_RANGE.fullmatch(pages)
    canonical = f"{match.group(1)}--{match.group(3)}" if match else pages
    range_match = _PAGE_RANGE.fullmatch(pages)
    if pages != canonical and not (range_match and _abbreviated(range_match)):
        yield finding(
            ref,
            Severity.INFO,
            "pages-dash",
            f"page range '{pages}' is not in BibTeX's form '{canonical}'",
            "pages",
            fix=assignment("pages", canonical),
        )
