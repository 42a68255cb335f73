"""The reference-list styles: pick one by name, render a `CslItem` as labelled segments.

    style = get_style("gb7714-2025")            # gb7714-2015, apa7; order= numeric|author-date
    render(item, style)  -> [Segment("何佳讯", "author"), Segment("，等. ", ""), ...]
    render_text(item, style) -> "何佳讯，等. 品牌社群认同对品牌忠诚的影响研究[J]. ..."

`render` never raises on odd data (no title, no year, an unknown type): it writes what the
item has. One entry, without its list number or label; `output/reflist.py` numbers, sorts
and labels the list.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..csl import BIBTEX_TO_CSL, CslItem
from ..errors import LitgraphError, ProjectError
from ..records import Location
from .apa import MAX_AUTHORS as APA_MAX_AUTHORS
from .gbt7714 import render_gbt
from .gbt_fields import MAX_NAMES, Edition
from .marks import TYPE_MARKS_2015, TYPE_MARKS_2025
from .segments import Segment, text_of

NUMERIC, AUTHOR_DATE = "numeric", "author-date"


@dataclass(frozen=True, slots=True)
class Style:
    """A style as the user named it, with the list order and the language of its own words."""

    name: str  # gb7714-2025, gb7714-2015, apa7
    order: str  # numeric or author-date
    lang: str | None = None  # zh or en: the list's language when a style word has no entry to follow

    @property
    def family(self) -> str:
        return "apa" if self.name == "apa7" else "gbt"

    @property
    def edition(self) -> Edition:
        return _EDITIONS[self.name, self.order == AUTHOR_DATE]

    @property
    def names_listed(self) -> int:
        """How many names an entry lists before the rest are left out (GB/T: three, then 等 or et al.;
        APA: twenty, then the first nineteen, an ellipsis and the last)."""
        return APA_MAX_AUTHORS if self.family == "apa" else MAX_NAMES

    @property
    def standard(self) -> str:
        """The standard's name: 'GB/T 7714-2025', 'APA 7'."""
        return "APA 7" if self.family == "apa" else f"GB/T 7714-{self.edition.year}"

    @property
    def title(self) -> str:
        """The style's name as people write it: 'GB/T 7714-2025 (author-date)', 'APA 7'."""
        return self.standard if self.family == "apa" else f"{self.standard} ({self.order})"


#: (year, full-width punctuation, family names in capitals, hyphenated initials, pinyin initials, CSTR)
_GBT = {
    "gb7714-2015": (2015, False, True, False, True, False),
    "gb7714-2025": (2025, True, False, True, False, True),
}
_MARKS = {"gb7714-2015": TYPE_MARKS_2015, "gb7714-2025": TYPE_MARKS_2025}
_EDITIONS = {
    (name, author_date): Edition(*rules, author_date=author_date, type_marks=_MARKS[name])
    for name, rules in _GBT.items()
    for author_date in (False, True)
}
_DEFAULT_ORDER = {"gb7714-2015": NUMERIC, "gb7714-2025": NUMERIC, "apa7": AUTHOR_DATE}
STYLE_NAMES = tuple(_DEFAULT_ORDER)
ORDERS = (NUMERIC, AUTHOR_DATE)
_SPELLINGS = {"gbt7714-2015": "gb7714-2015", "gbt7714-2025": "gb7714-2025", "apa": "apa7", "apa-7": "apa7"}


def get_style(name: str, *, order: str | None = None, lang: str | None = None) -> Style:
    """The style named (gb7714-2025, gb7714-2015, apa7); a misspelt name or order is a LitgraphError."""
    wanted = _SPELLINGS.get(name.strip().lower(), name.strip().lower())
    if wanted not in _DEFAULT_ORDER:
        close = difflib.get_close_matches(wanted, STYLE_NAMES, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise LitgraphError(f"unknown style '{name}'", hint=f"{hint}styles: {', '.join(STYLE_NAMES)}")
    if order is not None and order not in ORDERS:
        raise LitgraphError(f"unknown order '{order}'", hint=f"orders: {', '.join(ORDERS)}")
    if wanted == "apa7" and order == NUMERIC:
        raise LitgraphError("APA 7 lists are author-date only", hint="leave out --order, or use a GB/T style")
    if lang is not None and lang not in ("zh", "en"):
        raise LitgraphError(f"unknown list language '{lang}'", hint="use zh or en")
    return Style(wanted, order or _DEFAULT_ORDER[wanted], lang)


@dataclass(frozen=True, slots=True)
class ListSettings:
    """litgraph.toml's `[references]`: what `references` writes and `cite-check` checks the typed list
    against; None where the file says nothing."""

    style: str | None = None
    order: str | None = None
    lang: str | None = None
    group_by_language: bool = True


def read_list_settings(section: dict, config: str = "litgraph.toml") -> ListSettings:
    """`[references]` read and checked: style, order and lang are text, group-by-language true or false."""
    texts = {}
    for name in ("style", "order", "lang"):
        value = section.get(name)
        if value is not None and not isinstance(value, str):
            raise ProjectError(
                f"[references] {name} must be a string in quotes, not {value!r}", Location(config)
            )
        texts[name] = value
    grouped = section.get("group-by-language", True)
    if not isinstance(grouped, bool):
        raise ProjectError(
            f"[references] group-by-language must be true or false, not {grouped!r}", Location(config)
        )
    return ListSettings(texts["style"], texts["order"], texts["lang"], grouped)


def render(item: CslItem, style: Style, *, year_suffix: str = "") -> list[Segment]:
    """One entry's segments; `year_suffix` is its a/b in an author-date list (the list assigns it)."""
    if style.family == "apa":
        from .apa import render_apa

        return render_apa(item, year_suffix=year_suffix)
    return render_gbt(item, style.edition, year_suffix, style.lang)


def render_text(item: CslItem, style: Style, *, year_suffix: str = "") -> str:
    return text_of(render(item, style, year_suffix=year_suffix))


_APA_CONTAINED = {"chapter", "entry-encyclopedia", "entry-dictionary", "entry", "paper-conference"}
_APA_SERIAL = {"article-journal", "article-magazine", "article-newspaper", "periodical"}


def emphasized(item: CslItem, style: Style) -> frozenset[str]:
    """The fields a style sets in italics (APA: a journal and its volume, a book's title, the book a chapter
    is in); GB/T sets none. Formats that can show italics (md, html, docx) ask this."""
    if style.family != "apa":
        return frozenset()
    if item.type in _APA_SERIAL:
        return frozenset({"container-title", "volume"})
    if item.type in _APA_CONTAINED:
        return frozenset({"container-title"})
    return frozenset({"title"})


def gaps(item: CslItem) -> list[str]:
    """What an entry lacks for a full reference: 'title', 'year', 'type' (a BibTeX type no style knows)."""
    missing = []
    if not item.title:
        missing.append("title")
    written = item.other.get("issued")
    if not item.issued and not (isinstance(written, dict) and written.get("literal")):
        missing.append("year")
    written = item.other.get("bibtex-type")
    if isinstance(written, str) and written not in BIBTEX_TO_CSL:
        missing.append("type")
    return missing
