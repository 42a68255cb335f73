"""The publication elements of a GB/T 7714 entry: edition, place and publisher, dates, pages, links.

Formatted per edition as `gbt_fields` formats names and titles (2025: 1984—, CSTR, no access
date for works read in print; 2015: ASCII dashes), after the gbt7714 BibTeX styles.
"""

from __future__ import annotations

import re

from ..csl import CslItem
from .gbt_fields import Entry
from .language import JA, RU, ZH
from .segments import Parts, Segment

_RANGE = re.compile(r"\s*[-–—～]+\s*")
_ISO_RANGE = re.compile(r"(\d{4})(?:-\d{1,2}(?:-\d{1,2})?)?(?:/(\d{4})?(?:-\d{1,2}(?:-\d{1,2})?)?)?")
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
             "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}  # fmt: skip
_REVISED = {"revised edition", "revised ed.", "revised", "rev."}
_EDITION = {ZH: "版", JA: "版", RU: "изд."}


def edition(entry: Entry) -> Parts:
    """'2 版', '4th ed.', 'Rev. ed.'; nothing for a first edition."""
    written = entry.item.edition.strip()
    if not written:
        return []
    if written[0].isdigit():
        number = re.match(r"\d+", written).group()  # type: ignore[union-attr]
    else:
        number = _ORDINALS.get(written.lower(), "")
        if not number:
            lowered = written.lower()
            shown = (
                "Rev. ed." if lowered in _REVISED else "修订版" if lowered in ("修订版", "修订") else written
            )
            return [Segment(shown, "edition")]
    if number == "1":
        return []
    ordinal = number if entry.cjk else number + _suffix(number)
    return [Segment(ordinal, "edition"), Segment(" " + _EDITION.get(entry.language, "ed."), "")]


def _suffix(number: str) -> str:
    if number[-2:-1] == "1":
        return "th"
    return {"1": "st", "2": "nd", "3": "rd"}.get(number[-1], "th")


def version(entry: Entry) -> Parts:
    written = entry.other("version")
    if not written:
        return []
    shown = written if written.startswith("V") else "V" + written.removeprefix("v")
    return [Segment(shown, "version")]


def place_publisher(entry: Entry) -> Parts:
    """北京：科学出版社 — the place, the publisher, or both."""
    place = entry.punctuate(entry.item.publisher_place)
    publisher = entry.punctuate(entry.item.publisher)
    parts: Parts = []
    if place:
        parts.append(Segment(place, "publisher-place"))
        if publisher:
            parts.append(Segment(entry.colon, ""))
    if publisher:
        parts.append(Segment(publisher, "publisher"))
    return parts


def _dash(entry: Entry, text: str) -> str:
    return re.sub(r"-{1,3}|–|—", "—" if entry.edition.full_width else "-", text)


def _literal_date(item: CslItem) -> str:
    issued = item.other.get("issued")
    return str(issued.get("literal", "")) if isinstance(issued, dict) else ""


def year(entry: Entry) -> Parts:
    """The year of publication (a range 1957—1990, or as written: 1947（民国三十六年）, c1988)."""
    if entry.edition.author_date:
        return []
    return label_year(entry, undated="")


def label_year(entry: Entry, undated: str) -> Parts:
    """The year as the author-date label and the body show it, with its a/b suffix."""
    item = entry.item
    literal = _literal_date(item)
    range_match = _ISO_RANGE.fullmatch(literal) if literal else None
    if range_match:
        text = range_match.group(1) + (
            _dash(entry, "-") + (range_match.group(2) or "") if "/" in literal else ""
        )
    elif literal:
        text = _dash(entry, literal)
    elif item.issued:
        text = str(item.issued[0])
    elif item.accessed and undated:
        return [Segment(f"[{item.accessed[0]}{entry.year_suffix}]", "accessed")]
    else:
        if not undated:
            return []
        return [Segment(undated + ("-" + entry.year_suffix if entry.year_suffix else ""), "")]
    return [Segment(text + entry.year_suffix, "issued")]


def iso(parts: tuple[int, ...]) -> str:
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts))


def full_date(entry: Entry) -> Parts:
    """The full date of a newspaper, patent or archive (2013-01-08), else the year."""
    item = entry.item
    literal = _literal_date(item)
    if literal:
        return [Segment(literal, "issued")]
    if len(item.issued) > 1:
        text = iso(item.issued)
        if not entry.edition.author_date and entry.year_suffix:
            text = text[:4] + entry.year_suffix + text[4:]
        return [Segment(text, "issued")]
    if item.issued:
        return [
            Segment(str(item.issued[0]) + ("" if entry.edition.author_date else entry.year_suffix), "issued")
        ]
    return []


def creation_date(entry: Entry) -> Parts:
    """(2012-05-03): when an online work was made or last changed (2025: the year too)."""
    item = entry.item
    literal = _literal_date(item)
    if literal and (entry.edition.year >= 2025 or _ISO_RANGE.fullmatch(literal)):
        text = literal
    elif len(item.issued) > 1 or (item.issued and entry.edition.year >= 2025):
        text = iso(item.issued)
    else:
        return []
    return entry.parens([Segment(text, "issued")])


def access_date(entry: Entry) -> Parts:
    """[2013-11-12]: when an online work was read (2015: only for works with a URL or DOI)."""
    accessed = entry.item.accessed
    if not accessed or (entry.edition.year < 2025 and not entry.has_url_or_doi()):
        return []
    return [Segment("[", ""), Segment(iso(accessed), "accessed"), Segment("]", "")]


def pages(entry: Entry) -> Parts:
    text = entry.item.page.strip()
    return [Segment(_RANGE.sub("-", text), "page")] if text else []


def journal_pages(entry: Entry) -> Parts:
    return pages(entry) or ([Segment(entry.other("eid"), "page")] if entry.other("eid") else [])


def url(entry: Entry) -> Parts:
    """The URL; for a web page or preprint without one, its CSTR or DOI as a link."""
    if not entry.url and entry.require_url:
        if entry.edition.cstr and entry.other("cstr"):
            entry.url = "https://cstr.cn/" + entry.other("cstr")
        elif entry.item.DOI:
            entry.url = "https://doi.org/" + entry.item.DOI
    return [Segment(entry.url, "URL")] if entry.url else []


def doi(entry: Entry) -> Parts:
    """DOI:10.… (2025: CSTR:… when the work has one), unless the URL already shows it."""
    cstr = entry.other("cstr")
    if entry.edition.cstr and cstr:
        return [] if cstr in entry.url else [Segment("CSTR:", ""), Segment(cstr, "CSTR")]
    value = entry.item.DOI
    if not value or value in entry.url:
        return []
    return [Segment("DOI:", ""), Segment(value, "DOI")]
