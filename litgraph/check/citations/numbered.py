"""Numeric citations — [1], [2, 5], [3-6], ［7］ — and the numbered reference list they point into.

GB/T 7714's numeric system (顺序编码制) cites a reference by its number in the typed list. Such a
citation is read only when the manuscript's list is numbered: it is matched to the list's item of
that number, and through it to the item's BibTeX entry (`typedlist`). A number the list lacks is
reported; a range that runs backwards or absurdly far, or years in brackets beyond the list's last
number ([2019-2021]), are not citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...parse.manuscript import Paragraph
from ...records import Location, Severity
from .passage import Passage
from .result import BY_NUMBER, Citation, ListedReference, Reporter

_NUMBER = r"\d{1,4}"
_ITEM = rf"{_NUMBER}(?:\s*[-–—~～]\s*{_NUMBER})?"
_NUMERIC = re.compile(rf"[\[［]\s*(?P<items>{_ITEM}(?:\s*[,，、]\s*{_ITEM})*)\s*[\]］]")
_RANGE = re.compile(rf"({_NUMBER})\s*[-–—~～]\s*({_NUMBER})")
_LONGEST_RANGE = 100  # [1-100] is a range; [1-2019] is not a citation of 2019 works


@dataclass(slots=True)
class NumericCitation:
    text: str  # as written: '[2, 5]'
    location: Location
    numbers: list[int]


def find_numeric(body: list[Paragraph]) -> list[NumericCitation]:
    """Every [n]-style citation in the body, in reading order."""
    found = []
    for text, location in body:
        passage = Passage(text, location)
        for match in _NUMERIC.finditer(passage.text):
            numbers = _numbers(match.group("items"))
            if numbers:
                found.append(
                    NumericCitation(passage.written(*match.span()), passage.where(match.start()), numbers)
                )
    return found


def _numbers(items: str) -> list[int]:
    numbers: list[int] = []
    for item in re.split(r"\s*[,，、]\s*", items):
        span = _RANGE.fullmatch(item)
        if span is None:
            numbers.append(int(item))
            continue
        first, last = int(span.group(1)), int(span.group(2))
        if not 0 < last - first < _LONGEST_RANGE:
            return []  # a year span (2019-2021) or a backwards range: not a citation
        numbers += range(first, last + 1)
    return numbers


def match_numeric(
    found: list[NumericCitation], listed: list[ListedReference], report: Reporter
) -> list[Citation]:
    """One `Citation` per number cited, with the key of the list item of that number (None: no such item,
    or an item that is not in the .bib, which the list check reports)."""
    by_number = {int(entry.label): entry for entry in listed if entry.label.isdigit()}
    last = max(by_number, default=0)
    citations = []
    for citation in found:
        if all(number > last and 1500 <= number < 2100 for number in citation.numbers):
            continue  # [2019] or [2019-2021] beyond the list: years in brackets, not citations
        for number in citation.numbers:
            entry = by_number.get(number)
            if entry is None:
                report(
                    Severity.ERROR,
                    "citation-missing-reference",
                    citation.location,
                    f"'{citation.text}': the reference list has no item [{number}]",
                )
            citations.append(
                Citation(citation.text, citation.location, entry.key if entry else None, BY_NUMBER)
            )
    return citations
