"""Years, biblatex dates and months: what styles sort and label by."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from ...parse.latex import decode
from ...records import Problem, Reference, Severity
from .registry import assignment, entry_rule, finding, value

# Besides plain years: BCE/AD years, ranges and open ranges of serials (1957-1990,
# 1984-), and the cataloguing forms GB/T 7714 prints as written: c1988, [1936],
# 1947（民国三十六年）, 1995印刷.
_YEAR_ACCEPTED = re.compile(
    r"\d{4}|\d{1,4}\s*(?:BCE|BC|CE|AD|B\.C\.|A\.D\.)|\d{4}\s*(?:-{1,2}|–|/)\s*(?:\d{2,4})?|[\[c]?\d{4}\]?\??[^\d]*",
    re.IGNORECASE,
)
_YEAR_SUFFIXED = re.compile(r"(\d{4})[a-z]")
_LEADING_YEAR = re.compile(r"[\[c]?(\d{4})(?!\d)")
EARLIEST_YEAR = 1450  # printing; an earlier year is more often a typo than a source


@entry_rule
def year_format(ref: Reference) -> Iterator[Problem]:
    """Styles sort and label by the year; a malformed one breaks both."""
    year = decode(value(ref, "year"))
    if suffixed := _YEAR_SUFFIXED.fullmatch(year):
        # No fix: the letter may be the one the manuscript cites (2010a), and the style's own
        # letters follow its sort order, which need not agree.
        yield finding(
            ref,
            Severity.WARNING,
            "year-format",
            f"year '{year}' carries a letter; the style adds a/b itself when two works share author and "
            f"year: write {assignment('year', suffixed.group(1))}, then check by hand that the manuscript "
            "cites each work with the letter the style gives it",
            "year",
        )
    elif not year or _YEAR_ACCEPTED.fullmatch(year):
        return
    elif not re.search(r"\d", year):
        yield finding(
            ref,
            Severity.WARNING,
            "year-format",
            f"year '{year}' is not a year (a forthcoming work says so in pubstate)",
            "year",
        )
    else:
        yield finding(ref, Severity.ERROR, "year-format", f"year '{year}' is not a four-digit year", "year")


@entry_rule
def year_range(ref: Reference) -> Iterator[Problem]:
    """A year after next year or before printing is almost always a typo."""
    match = _LEADING_YEAR.match(decode(value(ref, "year")))
    if match is None:
        return
    year, latest = int(match.group(1)), datetime.date.today().year + 1
    if not EARLIEST_YEAR <= year <= latest:
        yield finding(
            ref, Severity.WARNING, "year-range", f"year {year} is outside {EARLIEST_YEAR}–{latest}", "year"
        )


# biblatex's date: ISO 8601 / EDTF level 0-1 (2020, 2020-05, 2020-05-17, ranges, ~ ? uncertainty, times).
_ISO_DATE = r"-?\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?[~?%]?"
_DATE = re.compile(rf"(?:{_ISO_DATE}|\.\.)?(?:/(?:{_ISO_DATE}|\.\.)?)?|\d{{2}}XX|\d{{3}}X")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WRITTEN_DATE = re.compile(r"([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})")


@entry_rule
def date_format(ref: Reference) -> Iterator[Problem]:
    """biblatex rejects a `date` that is not ISO 8601 and then loses the year."""
    date = decode(value(ref, "date"))
    if not date or _DATE.fullmatch(date):
        return
    yield finding(
        ref,
        Severity.WARNING,
        "date-format",
        f"date '{date}' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)",
        "date",
        fix=_iso_from_written(date),
    )


def _iso_from_written(date: str) -> str:
    """'January 5, 2008' → date = {2008-01-05}; only month-name dates, which cannot be misread,
    and only days the month has."""
    match = _WRITTEN_DATE.fullmatch(date)
    if match is None or match.group(1).lower() not in _MONTH_NAMES:
        return ""
    year, month = int(match.group(3)), _MONTH_NAMES[match.group(1).lower()]
    if not match.group(2):
        return assignment("date", f"{year:04d}-{month:02d}")
    try:
        return assignment("date", datetime.date(year, month, int(match.group(2))).isoformat())
    except ValueError:  # February 30
        return ""


@entry_rule
def month_value(ref: Reference) -> Iterator[Problem]:
    """A month must name a month (1–12, jan, April, Sep/Oct, June 6); seasons and other text do not sort."""
    if "month" not in ref.fields:
        return
    month = decode(ref.fields["month"]).strip()
    tokens = re.findall(r"[A-Za-z]+|\d+", month)
    first_ok = bool(tokens) and (
        tokens[0].lower() in _MONTH_NAMES or (tokens[0].isdigit() and 1 <= int(tokens[0]) <= 12)
    )
    others_ok = all(token.isdigit() or token.lower() in _MONTH_NAMES for token in tokens[1:])
    if not (first_ok and others_ok):
        yield finding(
            ref, Severity.WARNING, "month", f"month '{month}' is not a month (1–12 or a month name)", "month"
        )
