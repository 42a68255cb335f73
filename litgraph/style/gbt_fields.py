"""The pieces of a GB/T 7714 entry: names, titles with their type marks, the host of a part.

Each function returns `Segment`s for one element of the standard's entry, formatted as the
edition says (2015: ASCII punctuation, foreign family names in capitals, pinyin initials;
2025: full-width punctuation, family names as written, pinyin given names in full, CSTR).
The reading follows the gbt7714 BibTeX styles, the standard's reference implementation;
`gbt_publication.py` has the publication's pieces (place, dates, pages, links) and
`gbt7714.py` puts them together per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..csl import CslItem, Name
from .casing import sentence_case
from .language import CJK_LANGUAGES, EN, JA, KO, OTHER, RU, ZH, entry_language
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
_ET_AL = {ZH: "等", JA: "ほか", RU: "и др."}
_TRANSLATOR = {ZH: "译"}
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
    fallback_language: str | None = None  # the list's --lang, for entries whose language nothing tells

    def __post_init__(self) -> None:
        self.language = entry_language(self.item)
        if self.language == OTHER and self.fallback_language:
            self.language = self.fallback_language
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
