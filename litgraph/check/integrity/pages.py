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
    """A range must run forwards; an abbreviated end (123-8) or a missing end is spelled out."""
    pages = value(ref, "pages")
    if _LOOKS_LIKE_LINK.search(pages):
        yield finding(
            ref, Severity.WARNING, "pages-format", f"pages holds a DOI or link, not pages: '{pages}'", "pages"
        )
        return
    for match in _PAGE_RANGE.finditer(pages):
        start_prefix, start, _, end_prefix, end = match.groups()
        if not end:
            yield finding(
                ref, Severity.WARNING, "pages-range", f"page range '{match.group()}' has no end page", "pages"
            )
            continue
        if end_prefix.lower() not in ("", start_prefix.lower()) or int(end) >= int(start):
            continue  # forwards, or mixed sections ('S1-A3') that cannot be compared
        full = _expanded_end(start, end)
        if int(full) >= int(start):
            replacement = f"{start_prefix}{start}--{start_prefix}{full}"
            fix = assignment("pages", pages[: match.start()] + replacement + pages[match.end() :])
            yield finding(
                ref,
                Severity.WARNING,
                "pages-range",
                f"page range '{match.group()}' abbreviates its end page",
                "pages",
                fix=fix,
            )
        else:
            yield finding(
                ref,
                Severity.ERROR,
                "pages-range",
                f"page range '{match.group()}' ends before it starts",
                "pages",
            )


def _expanded_end(start: str, end: str) -> str:
    """'1234', '56' → '1256': an abbreviated end page written in full."""
    return start[: max(len(start) - len(end), 0)] + end


@entry_rule
def pages_dash(ref: Reference) -> Iterator[Problem]:
    """BibTeX writes ranges with `--`; a hyphen or en dash prints the same in most styles, hence only info."""
    pages = value(ref, "pages")
    match = _SIMPLE_RANGE.fullmatch(pages)
    canonical = f"{match.group(1)}--{match.group(3)}" if match else pages
    if pages != canonical:
        yield finding(
            ref,
            Severity.INFO,
            "pages-dash",
            f"page range '{pages}' is not in BibTeX's form '{canonical}'",
            "pages",
            fix=assignment("pages", canonical),
        )
