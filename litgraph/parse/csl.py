"""A parsed BibTeX entry (`Reference`) as a `CslItem`, LaTeX decoded, nothing dropped.

The reading follows pandoc's and biblatex's: `journal`/`journaltitle` and a chapter's
or paper's `booktitle` are the container, `address`/`location` the place,
`institution`/`school` the publisher of reports and theses, `number` the issue of an
article and the number of a report, patent or standard. Fields CSL has no variable
for are kept in `CslItem.other` under their BibTeX name, so that writing the item back
as BibTeX (`output/bibtex.py`) loses none of them: the BibTeX type where the CSL type does
not say it (`bibtex-type`: @proceedings, @phdthesis), a year written with more than digits
(`issued.literal`: 1947（民国三十六年）, c1988), and the braced words of titles (`nocase`).
"""

from __future__ import annotations

import re

from ..csl import BIBTEX_TO_CSL, CSL_TO_BIBTEX, CslItem, Name
from ..records import Person, Reference
from ..text import has_cjk, language_code
from .latex import decode
from .names import split_cjk_name, split_persons

#: BibTeX/biblatex fields read into a named CslItem attribute (besides names, dates and numbers).
_TEXT_FIELDS = {
    "title": "title",
    "series": "collection_title",
    "edition": "edition",
    "address": "publisher_place",
    "location": "publisher_place",
    "eventtitle": "event_title",
    "venue": "event_place",
    "type": "genre",
    "howpublished": "medium",
    "pagetotal": "number_of_pages",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "note": "note",
}
#: Further fields with a CSL variable of their own, kept in `other` under that name.
_OTHER_VARIABLES = {
    "shorttitle": "title-short",
    "shortjournal": "container-title-short",
    "abstract": "abstract",
    "keywords": "keyword",
    "version": "version",
    "pubstate": "status",
    "annote": "annote",
    "annotation": "annote",
    "chapter": "chapter-number",
}
#: Fields read elsewhere: names, dates, container, publisher, numbers, language, crossref bookkeeping.
_HANDLED = {
    "author", "editor", "translator", "journal", "journaltitle", "booktitle", "publisher", "institution",
    "school", "organization", "year", "date", "month", "urldate", "volume", "number", "issue", "pages", "doi",
    "langid", "language", "crossref", "ids",
}  # fmt: skip
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_CONTAINED = {"chapter", "paper-conference", "entry-encyclopedia"}
_NUMBERED = {"report", "patent", "standard"}
_ISO_DATE = re.compile(r"^\s*(-?\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_PLAIN_DATE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")
#: Fields whose words a style may lower-case (GB/T's sentence case): their braced words are kept.
_CASED_FIELDS = {
    "title": "title",
    "booktitle": "container-title",
    "subtitle": "subtitle",
    "titleaddon": "titleaddon",
}
_MONTHS = {
    name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}


def to_csl(ref: Reference) -> CslItem:
    """The entry as a CslItem: the entry's key as its id, every field kept."""
    fields = ref.fields
    csl_type = BIBTEX_TO_CSL.get(ref.entry_type, "document")
    item = CslItem(type=csl_type, id=ref.key, author_truncated=ref.authors_truncated)
    item.author = [_name(person) for person in ref.authors]
    item.editor = [_name(person) for person in ref.editors]
    if "translator" in fields:
        item.translator = [_name(person) for person in split_persons(fields["translator"])[0]]
    for field_name, attribute in _TEXT_FIELDS.items():
        if fields.get(field_name) and not getattr(item, attribute):
            setattr(item, attribute, decode(fields[field_name]))
    item.title = ref.title
    item.container_title = _container(ref, csl_type)
    item.publisher = ref.publisher or decode(fields.get("organization", ""))
    item.issued = _date(fields.get("date", "")) or _year_month(
        fields.get("year", ""), fields.get("month", "")
    )
    item.accessed = _date(fields.get("urldate", ""))
    item.volume = decode(ref.volume)
    if csl_type in _NUMBERED:
        item.number = decode(ref.number)
    else:
        item.issue = decode(ref.number)
    item.page = ref.pages.replace("--", "-")
    item.DOI = ref.doi
    item.language = ref.language or language_code(fields.get("langid", ""))
    if csl_type == "thesis" and not item.genre and ref.entry_type in _THESIS_GENRES:
        item.genre = _THESIS_GENRES[ref.entry_type]
    for field_name, value in fields.items():
        if field_name in _HANDLED or field_name in _TEXT_FIELDS:
            continue
        item.other[_OTHER_VARIABLES.get(field_name, field_name)] = decode(value)
    if CSL_TO_BIBTEX.get(csl_type) != ref.entry_type:  # @proceedings, @collection, @archive: as written
        item.other["bibtex-type"] = ref.entry_type
    written = next(
        (
            text
            for text in (decode(fields.get(name, "")) for name in ("year", "date"))
            if text and not _PLAIN_DATE.fullmatch(text)
        ),
        "",
    )
    if written:  # 1947（民国三十六年）, c1988, [1936], 1957/1990
        item.other["issued"] = (
            {"date-parts": [list(item.issued)], "literal": written} if item.issued else {"literal": written}
        )
    for field_name, variable in _CASED_FIELDS.items():
        protected = _braced(fields.get(field_name, ""))
        if protected:
            item.nocase[variable] = protected
    return item


def _braced(value: str) -> tuple[str, ...]:
    """The text of a value's top-level brace groups, which BibTeX styles never re-case; a group that
    opens with a backslash is an accented letter ({\\'E}), not a protection."""
    groups = []
    depth = start = 0
    for index, char in enumerate(value):
        if char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0 and not value.startswith("\\", start + 1):
                text = decode(value[start + 1 : index])
                if any(c.isalpha() for c in text):
                    groups.append(text)
    return tuple(groups)


def _name(person: Person) -> Name:
    """A BibTeX person as a CSL name; a Chinese name written in one piece (周志民) is split (周 + 志民)."""
    if not person.first and has_cjk(person.last) and not person.von:
        family, given = split_cjk_name(person.last)
        return Name(family=family, given=given)
    if not person.first and " " in person.last:  # {World Health Organization}
        return Name(literal=person.last)
    return Name(family=person.last, given=person.first, particle=person.von, suffix=person.jr)


def _container(ref: Reference, csl_type: str) -> str:
    """The journal, or the book or proceedings a chapter or paper sits in; never a series."""
    fields = ref.fields
    if fields.get("journal") or fields.get("journaltitle"):
        return decode(fields.get("journal") or fields.get("journaltitle", ""))
    if csl_type in _CONTAINED or fields.get("booktitle"):
        return decode(fields.get("booktitle", ""))
    return ""


def _date(value: str) -> tuple[int, ...]:
    """(year, month, day) of an ISO date as biblatex writes it (2019-03-05, 2019-03, 2019)."""
    match = _ISO_DATE.match(value)
    if not match:
        return ()
    return tuple(int(part) for part in match.groups() if part)


def _year_month(year: str, month: str) -> tuple[int, ...]:
    found = re.search(r"\d{4}", year)
    if not found:
        return ()
    number = month.strip().lower()[:3]
    as_number = int(number) if number.isdigit() else _MONTHS.get(number, 0)
    return (int(found.group()), as_number) if 1 <= as_number <= 12 else (int(found.group()),)
