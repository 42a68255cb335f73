"""The pieces of a GB/T 7714 entry: names, titles with their type marks, places, dates, numbers.

Each function returns `Segment`s for one element of the standard's entry, formatted as the
edition says (2015: ASCII punctuation, foreign family names in capitals, pinyin initials;
2025: full-width punctuation, family names as written, pinyin given names in full, CSTR).
The reading follows the gbt7714 BibTeX styles, the standard's reference implementation;
`gbt7714.py` puts the pieces together per type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..csl import CslItem, Name
from .casing import sentence_case
from .language import CJK_LANGUAGES, EN, JA, KO, RU, ZH, entry_language
from .names import gbt_name
from .segments import Parts, Segment

_TO_FULL_WIDTH = (
    ("．", ". "), (", ", "，"), (": ", "："), ("; ", "；"), ("! ", "！"), ("!", "！"), ("? ", "？"),
    ("?", "？"), (" (", "（"), ("(", "（"), (") ", "）"), (")", "）"),
)  # fmt: skip
_TO_HALF_WIDTH = (
    ("．", ". "), ("，", ", "), ("：", ": "), ("；", "; "), ("！", "! "), ("？", "? "), ("（", " ("),
    ("）.", ")."), ("）,", "),"), ("）:", "):"), ("）;", ");"), ("）", ") "),
)  # fmt: skip
_RANGE = re.compile(r"\s*[-–—～]+\s*")
_ISO_RANGE = re.compile(r"(\d{4})(?:-\d{1,2}(?:-\d{1,2})?)?(?:/(\d{4})?(?:-\d{1,2}(?:-\d{1,2})?)?)?")
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
             "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}  # fmt: skip
_REVISED = {"revised edition", "revised ed.", "revised", "rev."}
_ET_AL = {ZH: "等", JA: "ほか", RU: "и др."}
_TRANSLATOR = {ZH: "译"}
_EDITION = {ZH: "版", JA: "版", RU: "изд."}
MAX_NAMES = 3  # more than three: the first three and 等 / et al.


@dataclass(frozen=True, slots=True)
class Edition:
    """What changes between the editions (and the two orders) of GB/T 7714."""

    year: int
    full_width: bool  # 2025: ，：（） everywhere
    upper_family: bool  # 2015: EINSTEIN A
    hyphen_initials: bool  # 2025: Godard J-L
    pinyin_initials: bool  # 2015: LI J N
    cstr: bool  # 2025: CSTR identifiers
    author_date: bool = False
    type_marks: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Entry:
    """One item being rendered: its data, its language and the edition's punctuation."""

    item: CslItem
    edition: Edition
    language: str = ""
    cjk: bool = False
    url: str = ""
    type_mark: str = ""
    require_url: bool = False
    year_suffix: str = ""

    def __post_init__(self) -> None:
        self.language = entry_language(self.item)
        self.cjk = self.language in CJK_LANGUAGES
        self.url = self.item.URL

    def other(self, name: str) -> str:
        value = self.item.other.get(name, "")
        return value if isinstance(value, str) else ""

    # --- punctuation -------------------------------------------------------------------------------
    @property
    def comma(self) -> str:
        return "，" if self.edition.full_width else ", "

    @property
    def colon(self) -> str:
        return "：" if self.edition.full_width else ": "

    @property
    def language_colon(self) -> str:
        return "：" if self.cjk else ": "

    def parens(self, inner: Parts) -> Parts:
        opening, closing = ("（", "）") if self.edition.full_width else ("(", ")")
        return [Segment(opening, ""), *inner, Segment(closing, "")]

    def punctuate(self, text: str) -> str:
        """A field's own punctuation in the edition's width (the gbt7714 styles' format.punctuations)."""
        if self.edition.full_width:
            for old, new in _TO_FULL_WIDTH:
                text = text.replace(old, new)
        else:
            for old, new in _TO_HALF_WIDTH:
                text = text.replace(old, new)
            text = text.removeprefix(" ").removesuffix(" ")
        return text

    def has_url_or_doi(self) -> bool:
        return bool(self.url or self.item.DOI or self.other("cstr"))


# --- names ---------------------------------------------------------------------------------------


def names(entry: Entry, people: list[Name], variable: str, truncated: bool = False) -> Parts:
    """Up to three names, then 等 / et al. (also when the source itself ended the list with "others")."""
    shown = [
        gbt_name(
            person,
            upper_family=entry.edition.upper_family,
            hyphen=entry.edition.hyphen_initials,
            pinyin_initials=entry.edition.pinyin_initials,
        )
        for person in people
    ]
    shown = [name for name in shown if name]
    more = truncated or len(shown) > MAX_NAMES
    if len(shown) > MAX_NAMES:
        shown = shown[:MAX_NAMES]
    parts: Parts = []
    for index, name in enumerate(shown):
        if index:
            parts.append(Segment(entry.comma, ""))
        parts.append(Segment(entry.punctuate(name), variable))
    if more and parts:
        et_al = _ET_AL.get(entry.language, "et al.")
        joint = entry.comma if len(shown) > 1 else ("" if entry.cjk else " ")
        parts.append(Segment(joint + et_al, ""))
    return parts


def translators(entry: Entry) -> Parts:
    people = names(entry, entry.item.translator, "translator")
    if not people:
        return []
    return [*people, Segment(entry.comma + _TRANSLATOR.get(entry.language, "trans."), "")]


# --- titles --------------------------------------------------------------------------------------


def _cased(entry: Entry, text: str, variables: tuple[str, ...]) -> str:
    if entry.language != EN:
        return text
    protected = tuple(span for variable in variables for span in entry.item.nocase.get(variable, ()))
    return sentence_case(text, protected)


def _title_text(entry: Entry) -> str:
    text = entry.item.title
    for extra in ("subtitle", "titleaddon"):
        if entry.other(extra):
            text += entry.language_colon + entry.other(extra)
    return text


def _joint(entry: Entry) -> Segment:
    """The colon between a title and its volume, in the edition's width like the title's own."""
    return Segment(entry.colon, "")


def type_mark(entry: Entry) -> Parts:
    """[J], [M/OL], [EB/OL]: the entry's type, and /OL when it is read online (a URL or DOI)."""
    if not entry.type_mark:
        return []
    medium = entry.other("entrymediumid") or entry.other("medium")
    if medium:
        mark = f"{entry.type_mark}/{medium}"
    elif entry.require_url or entry.has_url_or_doi():
        mark = f"{entry.type_mark}/OL"
    else:
        mark = entry.type_mark
    return [Segment(f"[{mark}]", "type-mark")]


def _numbered(entry: Entry, numbered: bool) -> Parts:
    """A report's, patent's or archive's number after the title: '：CN200610171314.3'."""
    number = entry.item.number or entry.item.issue
    if not (numbered and number):
        return []
    return [
        Segment(entry.colon, ""),
        Segment(entry.punctuate(number) if entry.language == ZH else number, "number"),
    ]


def title(entry: Entry, numbered: bool = False) -> Parts:
    """The title (with subtitle), in sentence case when English, then a number and the type mark."""
    if not entry.item.title:
        return []
    text = entry.punctuate(_cased(entry, _title_text(entry), ("title", "subtitle", "titleaddon")))
    return [Segment(text, "title"), *_numbered(entry, numbered), *type_mark(entry)]


def _volume_of(entry: Entry) -> Parts:
    volume = entry.item.volume
    if volume.isdigit():
        if entry.language == ZH:
            return [Segment("第 ", ""), Segment(volume, "volume"), Segment(" 卷", "")]
        if entry.language == KO:
            return [Segment("제 ", ""), Segment(volume, "volume"), Segment(" 권", "")]
        return [Segment("v.", ""), Segment(volume, "volume")]
    return [Segment(volume, "volume")]


def book_title(entry: Entry, numbered: bool = False) -> Parts:
    """A book's title with its volume (三松堂全集：第 4 卷) or series, a map's scale, the type mark."""
    item = entry.item
    if not item.title and not (item.collection_title and item.volume):
        return []
    series = item.collection_title
    if series and item.volume:
        text = series
        tail: Parts = [
            _joint(entry),
            *_volume_of(entry),
            Segment(" ", ""),
            Segment(entry.punctuate(_cased(entry, _title_text(entry), ("title",))), "title"),
        ]
        head = [Segment(entry.punctuate(text), "collection-title")]
    else:
        head = [Segment(entry.punctuate(_cased(entry, _title_text(entry), ("title", "subtitle"))), "title")]
        tail = [_joint(entry), *_volume_of(entry)] if item.volume else []
    parts = [*head, *tail, *_numbered(entry, numbered)]
    scale = entry.other("scale")
    if scale and entry.type_mark == "CM":
        parts += [Segment(". ", ""), Segment(scale, "scale")]
    return [*parts, *type_mark(entry)]


def container(entry: Entry) -> Parts:
    """The book a chapter or paper is in, sentence-cased when English, with its volume."""
    item = entry.item
    if not item.container_title:
        return []
    text = _cased(entry, item.container_title, ("container-title",))
    for extra in ("booksubtitle", "booktitleaddon"):
        if entry.other(extra):
            lowered = entry.other(extra).lower() if entry.language == EN else entry.other(extra)
            text += entry.colon + lowered
    parts = [Segment(entry.punctuate(text), "container-title")]
    series = item.collection_title
    if series and item.volume:
        return [
            Segment(entry.punctuate(series), "collection-title"),
            _joint(entry),
            *_volume_of(entry),
            Segment(" ", ""),
            *parts,
        ]
    if item.volume:
        parts += [Segment(entry.colon, ""), *_volume_of(entry)]
    return parts


def journal(entry: Entry) -> Parts:
    """The journal's name; its abbreviation without dots (Br. Med. J. → Br Med J)."""
    item = entry.item
    name = item.container_title
    short = entry.other("container-title-short")
    for extra in ("journalsubtitle", "journaltitleaddon"):
        if entry.other(extra) and name:
            name += entry.language_colon + entry.other(extra)
    if not name:
        name = short.replace(".", "")
    elif not short or short == name:
        name = name.replace(".", "")
    return [Segment(entry.punctuate(name), "container-title")] if name else []


# --- publication ---------------------------------------------------------------------------------


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
