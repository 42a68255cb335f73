"""One work in CSL terms: the common ground of import, rendering and comparison.

A BibTeX entry, a RIS record, a Zotero field code and a typed reference string all
become a `CslItem`: CSL-JSON's variables (the exchange format of Zotero, Mendeley
and citeproc) as a dataclass. Importers produce it, the reference-list styles
render it, cite-check compares two of them. The type tables here are the one
mapping between BibTeX/biblatex entry types and CSL types, read in both directions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

from .text import doi_key, fold

# --- entry types ------------------------------------------------------------------------

#: BibTeX and biblatex entry types → CSL types (pandoc's and citeproc-js's reading, biblatex names included).
BIBTEX_TO_CSL = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "patent": "patent",
    "standard": "standard",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "newspaper": "article-newspaper",
    "map": "map",
    "unpublished": "manuscript",
    "preprint": "article",
    "letter": "personal_communication",
    "image": "graphic",
    "video": "motion_picture",
    "audio": "song",
    "misc": "document",
    "archive": "document",
}

#: CSL types → the BibTeX type an importer writes (the first BibTeX type of each CSL type above, made
#: explicit where it differs: a book of proceedings is @proceedings only when it has no author).
CSL_TO_BIBTEX = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "preprint",
    "periodical": "periodical",
    "book": "book",
    "pamphlet": "booklet",
    "chapter": "incollection",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
    "entry": "inreference",
    "paper-conference": "inproceedings",
    "thesis": "thesis",
    "report": "techreport",
    "patent": "patent",
    "standard": "standard",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "map": "map",
    "manuscript": "unpublished",
    "legislation": "misc",
    "legal_case": "misc",
    "personal_communication": "letter",
    "graphic": "image",
    "motion_picture": "video",
    "song": "audio",
    "document": "misc",
}

#: The degree a BibTeX thesis type names, as CSL's `genre` (and back: such a genre is that type).
THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}


_JOURNAL_TYPES = {"article-journal", "article-magazine", "article-newspaper", "periodical"}
#: Fields biblatex reads as one (its field aliases), each under the name BibTeX styles read.
_FIELD_ALIASES = {
    "journaltitle": "journal",
    "location": "address",
    "institution": "school",
    "annotation": "annote",
}


def bibtex_field(variable: str, csl_type: str) -> str:
    """The BibTeX field a CSL variable with more than one home is written to: a journal's title to
    `journal`, a book's to `booktitle`; a thesis's publisher to `school`, a report's to
    `institution`; an issue to `number`. A reader that took the variable from another field says so
    (`other["bibtex-field:<variable>"]`), so that the writer puts it back there."""
    if variable == "container-title":
        return "journal" if csl_type in _JOURNAL_TYPES else "booktitle"
    if variable == "publisher":
        return {"thesis": "school", "report": "institution"}.get(csl_type, "publisher")
    return {"issue": "number", "publisher-place": "address"}.get(variable, variable)


def same_field(a: str, b: str) -> bool:
    """Whether two BibTeX field names are one field to biblatex (`journaltitle` and `journal`)."""
    return _FIELD_ALIASES.get(a, a) == _FIELD_ALIASES.get(b, b)


def bibtex_type_of(csl_type: str, genre: str = "") -> str:
    """The BibTeX type a CSL type is written as (a thesis of a known degree as that degree's type)."""
    if csl_type == "thesis":
        thesis = next((entry for entry, degree in THESIS_GENRES.items() if degree == genre), "")
        if thesis:
            return thesis
    return CSL_TO_BIBTEX.get(csl_type, "misc")


# --- the item ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """One person or body as CSL names them: family + given (with particle and suffix), or a literal."""

    family: str = ""
    given: str = ""
    particle: str = ""  # "van", "de la": CSL's non-dropping-particle
    suffix: str = ""  # "Jr."
    literal: str = ""  # an institution, or a name that cannot be split

    @property
    def full_family(self) -> str:
        return f"{self.particle} {self.family}".strip()

    def to_json(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        out = {"family": self.family, "given": self.given}
        if self.particle:
            out["non-dropping-particle"] = self.particle
        if self.suffix:
            out["suffix"] = self.suffix
        return out

    @classmethod
    def from_json(cls, data: dict) -> Name:
        if not isinstance(data, dict):
            raise ValueError(f"a name must be an object, not {type(data).__name__}")
        if data.get("literal"):
            return cls(literal=str(data["literal"]))
        particle = data.get("non-dropping-particle") or data.get("dropping-particle") or ""
        family, given, suffix = (str(data.get(part, "")) for part in ("family", "given", "suffix"))
        return cls(family, given, str(particle), suffix)


#: CSL-JSON variable names of the attributes whose Python name differs (underscore for hyphen).
_JSON_NAMES = {
    "container_title": "container-title",
    "collection_title": "collection-title",
    "publisher_place": "publisher-place",
    "event_title": "event-title",
    "event_place": "event-place",
    "number_of_pages": "number-of-pages",
    "original_date": "original-date",
}
_NAME_LISTS = ("author", "editor", "translator")
#: The CSL variable names a CslItem has attributes for, as CSL-JSON spells them.
CSL_VARIABLES = frozenset(
    {
        _JSON_NAMES.get(name, name)
        for name in (
            "type id title author editor translator container_title collection_title issued accessed "
            "original_date volume issue page number edition publisher publisher_place event_title "
            "event_place genre medium number_of_pages DOI URL ISBN ISSN language note"
        ).split()
    }
    | {"author-truncated"}
)
_DATES = ("issued", "accessed", "original_date")


@dataclass(slots=True)
class CslItem:
    """A work's bibliographic data. Strings are plain Unicode (no LaTeX); "" means absent.

    Dates are (year,), (year, month) or (year, month, day); `()` when absent. `author_truncated`
    says the source cut the author list short ("and others", 等, et al.), which CSL cannot say.
    `other` holds every further CSL variable as CSL-JSON writes it, so nothing read is lost.
    `nocase` names, per variable, the stretches of text the source protected from case changes
    (BibTeX's braces: `{California}`), which a style that lowers title words must leave as written.
    """

    type: str = "document"
    id: str = ""
    title: str = ""
    author: list[Name] = field(default_factory=list)
    editor: list[Name] = field(default_factory=list)
    translator: list[Name] = field(default_factory=list)
    author_truncated: bool = False
    container_title: str = ""
    collection_title: str = ""
    issued: tuple[int, ...] = ()
    accessed: tuple[int, ...] = ()
    original_date: tuple[int, ...] = ()
    volume: str = ""
    issue: str = ""
    page: str = ""
    number: str = ""  # a report's, patent's or standard's number
    edition: str = ""
    publisher: str = ""
    publisher_place: str = ""
    event_title: str = ""
    event_place: str = ""
    genre: str = ""  # a thesis's degree, a report's kind
    medium: str = ""
    number_of_pages: str = ""
    DOI: str = ""
    URL: str = ""
    ISBN: str = ""
    ISSN: str = ""
    language: str = ""  # BCP 47: "zh", "en", ...
    note: str = ""
    other: dict[str, object] = field(default_factory=dict)
    nocase: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.issued[0] if self.issued else None

    def to_json(self) -> dict:
        """CSL-JSON: only variables that are set, names as [{family, given}] or [{literal}]."""
        out: dict[str, object] = {}
        for attribute in fields(self):
            name = attribute.name
            value = getattr(self, name)
            if name in ("other", "author_truncated", "nocase") or value in ("", (), []):
                continue
            key = _JSON_NAMES.get(name, name)
            if name in _NAME_LISTS:
                out[key] = [person.to_json() for person in value]
            elif name in _DATES:
                out[key] = {"date-parts": [list(value)]}
            else:
                out[key] = value
        if self.author_truncated:
            out["author-truncated"] = True
        out.update(self.other)
        return out

    @classmethod
    def from_json(cls, data: dict) -> CslItem:
        """An item from CSL-JSON as Zotero, Mendeley or citeproc write it; ValueError on a wrong shape."""
        if not isinstance(data, dict):
            raise ValueError(f"a CSL item must be an object, not {type(data).__name__}")
        by_json = {
            _JSON_NAMES.get(a.name, a.name): a.name for a in fields(cls) if a.name not in ("other", "nocase")
        }
        values: dict[str, object] = {}
        other: dict[str, object] = {}
        for key, value in data.items():
            name = by_json.get(key)
            if name is None:
                if key == "author-truncated":
                    values["author_truncated"] = bool(value)
                else:
                    other[key] = value
            elif name in _NAME_LISTS:
                if not isinstance(value, list):
                    raise ValueError(f"'{key}' must be a list of names")
                values[name] = [Name.from_json(person) for person in value]
            elif name in _DATES:
                parts = date_parts(value)
                if parts:
                    values[name] = parts
                if value and (not parts or (isinstance(value, dict) and "literal" in value)):
                    other[key] = value  # a literal or raw date kept as written
            elif name == "author_truncated":
                values[name] = bool(value)
            else:
                values[name] = "" if value is None else str(value)
        return cls(**values, other=other)  # type: ignore[arg-type]


def date_parts(value: object) -> tuple[int, ...]:
    """(year, month, day) from a CSL date object ({"date-parts": [[2017, 3]]}); () when it has none."""
    if not isinstance(value, dict):
        return ()
    parts = value.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
        return ()
    numbers = []
    for part in parts[0][:3]:
        try:
            numbers.append(int(part))
        except (TypeError, ValueError):
            break
    return tuple(numbers)


# --- one work or two -----------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_BOOKKEEPING = ("id", "note")  # not data about the work: an importer's id, our own import notes
Value = TypeVar("Value")


@dataclass(frozen=True, slots=True)
class Identity:
    """What tells whether two records are one work (see `same_work`): the DOI, and the title, year
    and first author folded (case, accents, punctuation and spaces do not count). A record with
    neither a DOI nor a title is known by all its data, so that reading it again finds it."""

    doi: str
    work: str
    data: str = ""


def identity(item: CslItem) -> Identity:
    title = folded_words(item.title)
    if not title:
        data = {key: value for key, value in item.to_json().items() if key not in _BOOKKEEPING}
        return Identity(
            doi_key(item.DOI), "", folded_words(json.dumps(data, ensure_ascii=False, sort_keys=True))
        )
    people = item.author or item.editor
    author = folded_words(people[0].family or people[0].literal) if people else ""
    return Identity(doi_key(item.DOI), f"{title}|{item.year or ''}|{author}")


def same_work(a: Identity, b: Identity) -> bool:
    """The one rule for "already there": the same DOI, or (when the DOIs do not differ) the same
    title, year and first author."""
    if a.doi and a.doi == b.doi:
        return True
    if a.doi and b.doi:
        return False
    return bool(a.work and a.work == b.work) or bool(a.data and a.data == b.data)


class WorkIndex(Generic[Value]):
    """Values (bibliography keys, say) by the works they stand for; `find` applies `same_work`."""

    def __init__(self) -> None:
        self._by_doi: dict[str, Value] = {}
        self._by_work: dict[str, list[tuple[Identity, Value]]] = {}

    def add(self, who: Identity, value: Value) -> None:
        if who.doi:
            self._by_doi.setdefault(who.doi, value)
        self._by_work.setdefault(who.work or "\0" + who.data, []).append((who, value))

    def find(self, who: Identity) -> Value | None:
        if who.doi and who.doi in self._by_doi:
            return self._by_doi[who.doi]
        for other, value in self._by_work.get(who.work or "\0" + who.data, ()):
            if same_work(who, other):
                return value
        return None


def folded_words(text: str) -> str:
    """Letters and digits only, case and accents folded: what two spellings of one title share."""
    return "".join(_WORD.findall(fold(text)))
