"""A parsed BibTeX entry (`Reference`) as a `CslItem`, LaTeX decoded, nothing dropped.

The reading follows pandoc's and biblatex's: `journal`/`journaltitle` and a chapter's
or paper's `booktitle` are the container, `address`/`location` the place,
`institution`/`school` the publisher of reports and theses, `number` the issue of an
article and the number of a report, patent or standard. Fields CSL has no variable
for, and those its variables do not hold exactly, are kept in `CslItem.other` under
their BibTeX name, so that writing the item back as BibTeX (`output/bibtex.py`) loses
none of them: the BibTeX type where the CSL type does not say it (`bibtex-type`:
@proceedings, @phdthesis), a year written with more than digits (`issued.literal`:
1947（民国三十六年）, c1988), and the braced words of titles (`nocase`).
"""

from __future__ import annotations

import re

from ..csl import (
    BIBTEX_TO_CSL,
    CSL_TO_BIBTEX,
    CSL_VARIABLES,
    THESIS_GENRES,
    CslItem,
    Name,
    bibtex_field,
    same_field,
)
from ..records import Person, Reference
from ..text import has_cjk, language_code, language_name
from .latex import decode
from .names import is_chinese_person, split_cjk_name, split_persons

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
#: Fields whose text is a link or an identifier, not LaTeX.
_VERBATIM_FIELDS = {"url", "doi", "eprint", "file"}
_LINK = re.compile(r"^\s*\{?\s*(?:https?|ftp)://\S*\s*\}?\s*$", re.IGNORECASE)
_EXACT_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_MONTH_NAME = re.compile(r"^[a-z]{3}(?:[a-z]*\.?)$")
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
    """The entry as a CslItem: the entry's key as its id, every field kept.

    A field the item's variables do not hold exactly (the second of two aliases, `location`
    beside `address`; a year or month written otherwise than as a number or month name; an
    entry type CSL cannot name back) is kept in `other` under its BibTeX name, prefixed
    "bibtex-" where that name is also a CSL variable, so that `output/bibtex.py` writes it back.
    """
    fields = ref.fields
    csl_type = BIBTEX_TO_CSL.get(ref.entry_type, "document")
    item = CslItem(type=csl_type, id=ref.key, author_truncated=ref.authors_truncated)
    used = {"author", "editor", "translator", "title", "crossref"}  # crossref: its fields are inherited
    item.author = [_name(person) for person in ref.authors]
    item.editor = [_name(person) for person in ref.editors]
    if "translator" in fields:
        item.translator = [_name(person) for person in split_persons(fields["translator"])[0]]
    for field_name, attribute in _TEXT_FIELDS.items():
        if fields.get(field_name) and not getattr(item, attribute):
            setattr(item, attribute, _value(field_name, fields[field_name]))
            used.add(field_name)
    item.title = ref.title
    item.container_title, container_field = _container(ref)
    item.publisher, publisher_field = _publisher(ref)
    used.update((container_field, publisher_field))
    _note_field(item, "container-title", container_field)
    _note_field(item, "publisher", publisher_field)
    item.issued = _issued(fields, used)
    item.accessed = _date(fields.get("urldate", ""))
    if item.accessed and _EXACT_DATE.match(fields["urldate"].strip()):
        used.add("urldate")
    item.volume = decode(ref.volume)
    if csl_type in _NUMBERED:
        item.number = decode(ref.number)
    else:
        item.issue = decode(ref.number)
    issue_field = "number" if fields.get("number", "").strip() else "issue" if fields.get("issue") else ""
    used.update(("volume", "pages", "doi", issue_field))
    if csl_type not in _NUMBERED:
        _note_field(item, "issue", issue_field)
    item.page = decode(ref.pages).replace("--", "-").replace("–", "-")
    item.DOI = ref.doi
    item.language = ref.language or language_code(fields.get("langid", ""))
    if fields.get("langid", "").strip() and language_code(fields["langid"]) == item.language:
        used.add("langid")
        if fields["langid"].strip().lower() != language_name(item.language):
            item.other["langid"] = fields["langid"].strip()  # "american": more than the code says
    if csl_type == "thesis" and not item.genre and ref.entry_type in THESIS_GENRES:
        item.genre = THESIS_GENRES[ref.entry_type]
    for field_name, value in fields.items():
        if field_name not in used:
            name = _OTHER_VARIABLES.get(field_name, field_name)
            if name in CSL_VARIABLES or name in item.other:
                name = f"bibtex-{field_name}"
            item.other[name] = _value(field_name, value)
    if CSL_TO_BIBTEX.get(csl_type) != ref.entry_type:  # @proceedings, @collection, @phdthesis: as written
        item.other["bibtex-type"] = ref.entry_type
    written = next(
        (
            text
            for text in (decode(fields.get(name, "")) for name in ("year", "date"))
            if text and not _PLAIN_DATE.fullmatch(text)
        ),
        "",
    )
    if written:  # 1947（民国三十六年）, c1988, [1936], 1957/1990: for a style, CSL's literal date
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


def _note_field(item: CslItem, variable: str, field_name: str) -> None:
    """Say which field a variable came from when the writer would put it elsewhere (an @article's
    container in `booktitle`), so that BibTeX → CSL → BibTeX gives the same fields."""
    if field_name and not same_field(field_name, bibtex_field(variable, item.type)):
        item.other[f"bibtex-field:{variable}"] = field_name


def _value(field_name: str, value: str) -> str:
    """A field's text: LaTeX decoded, except a link, which is kept as written (`~` is part of it)."""
    if field_name in _VERBATIM_FIELDS or _LINK.match(value):
        value = value.strip()
        enclosed = value[:1] == "{" and value[-1:] == "}" and _balanced(value[1:-1])
        return value[1:-1].strip() if enclosed else value
    return decode(value)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def _issued(fields: dict[str, str], used: set[str]) -> tuple[int, ...]:
    """The date of issue from `date`, else `year` and `month`; a field is `used` only when the date
    says all it says (`year = {2017a}` and `month = {Spring}` are kept as written)."""
    date, year, month = (fields.get(name, "").strip() for name in ("date", "year", "month"))
    issued = _date(date)
    if issued and _EXACT_DATE.match(date):
        used.add("date")
    if not issued:
        issued = _year_month(year, month)
    if year and issued and year.strip("{}") == str(issued[0]):
        used.add("year")
    if month and len(issued) > 1 and _month_number(month) == issued[1]:
        used.add("month")
    return issued


def _name(person: Person) -> Name:
    """A BibTeX person as a CSL name; a Chinese name written in one piece (周志民) is split (周 + 志民),
    a longer one (本报评论员, 《环球科学》杂志社) is a body's name, kept whole."""
    if not person.first and has_cjk(person.last) and not person.von:
        if not is_chinese_person(person.last):
            return Name(literal=person.last)
        family, given = split_cjk_name(person.last)
        return Name(family=family, given=given)
    if not person.first and not person.von and " " in person.last:  # {World Health Organization}
        return Name(literal=person.last)
    return Name(family=person.last, given=person.first, particle=person.von, suffix=person.jr)


def _container(ref: Reference) -> tuple[str, str]:
    """The journal, or the book or proceedings a chapter or paper sits in (never a series), and the
    field it came from."""
    fields = ref.fields
    for name in ("journal", "journaltitle", "booktitle"):
        if fields.get(name):
            return decode(fields[name]), name
    return "", ""


def _publisher(ref: Reference) -> tuple[str, str]:
    """The publisher (a thesis's school, a report's institution, else an organization) and its field."""
    for name in ("publisher", "institution", "school", "organization"):
        if fields_value := ref.fields.get(name, ""):
            return decode(fields_value), name
    return "", ""


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
    as_number = _month_number(month)
    return (int(found.group()), as_number) if as_number else (int(found.group()),)


def _month_number(month: str) -> int:
    """1-12 for a month written as a number or an English name or abbreviation; 0 otherwise."""
    written = month.strip().strip("{}").strip().lower()
    if written.isdigit():
        return int(written) if 1 <= int(written) <= 12 else 0
    return _MONTHS.get(written[:3], 0) if written[:3] in _MONTHS and _MONTH_NAME.match(written) else 0
