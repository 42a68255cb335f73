"""RIS exports (Zotero, EndNote, Scopus, CNKI, Web of Science's RIS) and Web of Science's own
tagged format (PT ... ER), read with rispy.

rispy drops a record without `ER` and returns nothing for a file with a BOM, silently; so the
file is cut into records here first, by its `TY` (or `PT`) lines, each record's line kept, and a
record without its `ER` is reported, not guessed at. rispy then reads each record's tags.
Tag names follow the RIS specification as Zotero's RIS translator reads them: for a book, T2 is
its series; for anything else, the container.
"""

from __future__ import annotations

import re

import rispy

from ...csl import CslItem
from ...records import Location
from ..names import names_from_list
from .base import SourceRead, date_from_text, doi_from_text, exact, page_range, set_isbn_or_issn

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*)|\s*)$")
_WOS_TAG = re.compile(r"^([A-Z][A-Z0-9])(?:\s(.*))?$")
RIS_TYPES = {
    "JOUR": "article-journal", "EJOUR": "article-journal", "INPR": "article-journal",
    "ABST": "article-journal", "JFULL": "periodical", "SER": "periodical", "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter",
    "CONF": "paper-conference", "CPAPER": "paper-conference", "THES": "thesis", "RPRT": "report",
    "GOVDOC": "report", "PAT": "patent", "STAND": "standard", "ELEC": "webpage", "WEB": "webpage",
    "MULTI": "webpage", "BLOG": "post-weblog", "DATA": "dataset", "DBASE": "dataset", "AGGR": "dataset",
    "COMP": "software", "MAP": "map", "UNPB": "manuscript", "MANSCPT": "manuscript", "PCOMM":
    "personal_communication", "ICOMM": "personal_communication", "CASE": "legal_case", "STAT": "legislation",
    "BILL": "legislation", "LEGAL": "legislation", "HEAR": "hearing", "SOUND": "song", "MUSIC":
    "musical_score", "VIDEO": "motion_picture", "MPCT": "motion_picture", "ADVS": "motion_picture",
    "ART": "graphic", "SLIDE": "speech", "PAMP": "pamphlet", "DICT": "entry-dictionary",
    "ENCYC": "entry-encyclopedia", "CHART": "figure", "FIGURE": "figure", "CLSWK": "classic",
    "ANCIENT": "classic", "GEN": "document", "CTLG": "document", "EQUA": "document", "GRANT": "document",
}  # fmt: skip
_BOOKS = {"book", "periodical"}
# rispy's names of the tags this reader maps; every other tag is kept under its RIS name.
_MAPPED = {
    "type_of_reference", "authors", "first_authors", "secondary_authors", "subsidiary_authors", "title",
    "primary_title", "secondary_title", "tertiary_title", "journal_name", "alternate_title1",
    "alternate_title2", "alternate_title3", "year", "publication_year", "date", "volume", "number",
    "start_page", "end_page", "issn", "doi", "urls", "publisher", "place_published", "edition", "language",
    "abstract", "keywords", "notes", "type_of_work", "access_date", "end_of_reference", "unknown_tag", "id",
    "short_title",
}  # fmt: skip
_TAG_OF = {name: tag for tag, name in rispy.TAG_KEY_MAPPING.items()}
_WOS_MAPPING = {**rispy.WokParser.DEFAULT_MAPPING, rispy.WokParser.UNKNOWN_TAG: "unknown_tag"}
WOS_TYPES = {"J": "article-journal", "B": "book", "S": "chapter", "P": "patent"}


def read_ris(text: str, result: SourceRead) -> None:
    """RIS, or Web of Science's tagged format when the file starts with its FN/PT header."""
    lines = text.splitlines()
    if _is_wos(lines):
        result.format = "wos"
        for start, body in _cut(lines, "PT", _WOS_TAG, result, header={"FN", "VR", "EF"}):
            _add_wos(start, body, result)
        return
    for start, body in _cut(lines, "TY", _RIS_TAG, result, header=set()):
        normalised = "\n".join(_normal_tag_line(line) for line in body)
        records = rispy.loads(normalised, enforce_list_tags=False)
        if not records:
            result.problem(start, "record not readable as RIS", "ris-record")
            continue
        item = _item(records[0])
        result.records.append(exact(item, Location(result.file, start), "\n".join(body)))


def _is_wos(lines: list[str]) -> bool:
    first = next((line.lstrip("\ufeff") for line in lines if line.strip()), "")
    return first.startswith("FN ") or bool(re.match(r"PT [JBSP]\s*$", first))


def _cut(lines: list[str], start_tag: str, pattern: re.Pattern, result: SourceRead, header: set[str]):
    """(first line, lines) of each record from its start tag to its `ER`; a record cut short (the next
    record's start tag, or the end of the file, before its ER) is reported and skipped."""
    start, body = 0, list[str]()
    for number, raw in enumerate(lines, 1):
        line = raw.lstrip("\ufeff").rstrip()
        match = pattern.match(line)
        tag = match.group(1) if match else ""
        if tag == start_tag:
            if start:
                _no_end(result, start, body, f"the next record starts at line {number}", pattern)
            start, body = number, [line]
        elif start:
            body.append(line)
            if tag == "ER":
                yield start, body
                start, body = 0, []
        elif line.strip() and tag not in header:
            result.problem(number, f"text outside any record, not read: {line.strip()[:60]!r}", "stray-text")
    if start:
        _no_end(result, start, body, "the file ends", pattern)


def _no_end(result: SourceRead, start: int, body: list[str], where: str, pattern: re.Pattern) -> None:
    tagged = (pattern.match(line) for line in body)  # a tag is followed by " - ", "  - " or " "
    title = next((m.group(2) or "" for m in tagged if m and m.group(1) in ("TI", "T1")), "").strip()
    shown = f" ({title[:60]!r})" if title else ""
    result.problem(
        start,
        f"record{shown} has no ER line before {where}: not imported; add the line 'ER  -' at its end",
        "ris-no-end",
    )


def _normal_tag_line(line: str) -> str:
    """`TY - JOUR` and `TY  -JOUR` as rispy expects them: two spaces, a hyphen, a space."""
    match = _RIS_TAG.match(line)
    return f"{match.group(1)}  - {match.group(2) or ''}" if match else line


def _values(record: dict, name: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    return [str(part) for part in value] if isinstance(value, list) else [str(value)]


def _first(record: dict, *names: str) -> str:
    return next((values[0].strip() for name in names if (values := _values(record, name))), "")


def _item(record: dict) -> CslItem:
    csl_type = RIS_TYPES.get(_first(record, "type_of_reference").upper(), "document")
    item = CslItem(type=csl_type)
    item.author, item.author_truncated = names_from_list(
        _values(record, "authors") + _values(record, "first_authors"), separated=False
    )
    if ";" in "".join(_values(record, "authors")):  # CNKI: 于潇;刘义; on one line
        item.author, item.author_truncated = names_from_list(_values(record, "authors"))
    item.editor, _ = names_from_list(_values(record, "secondary_authors"), separated=False)
    item.translator, _ = names_from_list(_values(record, "subsidiary_authors"), separated=False)
    item.title = _first(record, "title", "primary_title")
    secondary = _first(record, "secondary_title")
    journal = _first(record, "alternate_title3", "journal_name")
    if csl_type in _BOOKS:
        item.collection_title = secondary or _first(record, "tertiary_title")
    else:
        item.container_title = secondary or journal or _first(record, "alternate_title2", "alternate_title1")
        item.collection_title = _first(record, "tertiary_title")
    short = _first(record, "alternate_title1", "alternate_title2")
    if short and short != item.container_title:
        item.other["container-title-short"] = short
    item.issued = date_from_text(_first(record, "year", "publication_year")) or date_from_text(
        _first(record, "date")
    )
    item.accessed = date_from_text(_first(record, "access_date"))
    item.volume = _first(record, "volume")
    item.issue = _first(record, "number")
    item.page = page_range(_first(record, "start_page"), _first(record, "end_page"))
    set_isbn_or_issn(item, _first(record, "issn"), "SN")
    item.DOI = doi_from_text(_first(record, "doi"))
    urls = [url.strip() for url in _values(record, "urls") if url.strip()]
    item.URL = urls[0] if urls else ""
    if len(urls) > 1:
        item.other["UR"] = "; ".join(urls[1:])
    item.publisher = _first(record, "publisher")
    item.publisher_place = _first(record, "place_published")
    item.edition = _first(record, "edition")
    item.language = _first(record, "language")
    item.genre = _first(record, "type_of_work")
    _keep(item, "abstract", _first(record, "abstract"))
    _keep(item, "keyword", "; ".join(value.strip() for value in _values(record, "keywords")))
    _keep(item, "title-short", _first(record, "short_title"))
    item.note = "; ".join(value.strip() for value in _values(record, "notes"))
    for name in record:
        if name not in _MAPPED:
            _keep(item, _TAG_OF.get(name, name), "; ".join(_values(record, name)))
    for tag, values in (record.get("unknown_tag") or {}).items():
        # rispy files a line with no tag right after TY under None: it continues the TY line
        _keep(item, tag or "TY", "; ".join(values))
    return item


def _keep(item: CslItem, name: str, value: str) -> None:
    if value.strip():
        item.other[name] = value.strip()


# --- Web of Science's tagged format -----------------------------------------------------------------


def _add_wos(start: int, body: list[str], result: SourceRead) -> None:
    # rispy's WokParser has no name for its unknown-tag bucket (a KeyError on the first tag outside
    # its table); given one, such tags are kept like RIS's
    record = rispy.loads("\n".join(body), implementation=rispy.WokParser, mapping=_WOS_MAPPING)
    if not record:
        result.problem(start, "record not readable as a Web of Science record", "wos-record")
        return
    data = record[0]
    kind = _first(data, "publication_type").upper()
    document_type = _first(data, "document_type").lower()
    csl_type = "paper-conference" if "proceedings" in document_type else WOS_TYPES.get(kind, "document")
    item = CslItem(type=csl_type)
    item.author, item.author_truncated = names_from_list(
        _values(data, "author_full_name") or _values(data, "authors"), separated=False
    )
    item.editor, _ = names_from_list(_values(data, "editors"), separated=False)
    item.title = " ".join(_values(data, "document_title"))
    item.container_title = " ".join(_values(data, "publication_name"))
    item.collection_title = _first(data, "book_series_title")
    item.issued = date_from_text(f"{_first(data, 'publication_date')} {_first(data, 'publication_year')}")
    if not item.issued:
        item.issued = date_from_text(_first(data, "publication_year"))
    item.volume = _first(data, "volume")
    item.issue = _first(data, "issue")
    item.page = page_range(_first(data, "beginning_page"), _first(data, "ending_page"))
    item.number = _first(data, "article_number")
    item.DOI = doi_from_text(_first(data, "doi"))
    item.ISSN = _first(data, "issn", "eissn")
    item.ISBN = _first(data, "isbn")
    item.publisher = _first(data, "publisher")
    item.publisher_place = _first(data, "publisher_city")
    item.language = _first(data, "language")
    item.event_title = _first(data, "conference_title")
    _keep(item, "abstract", " ".join(_values(data, "abstract")))
    _keep(item, "keyword", " ".join(_values(data, "author_keywords")))
    _keep(item, "container-title-short", _first(data, "iso_source_abbreviation"))
    _keep(item, "WOS", _first(data, "accession_number"))
    _keep(item, "PMID", _first(data, "pubmed_id"))
    for tag, values in (data.get("unknown_tag") or {}).items():
        _keep(item, tag or "PT", "; ".join(values))
    result.records.append(exact(item, Location(result.file, start), "\n".join(body)))
