"""A record as a labelled reference string, in the shapes review authors paste.

GB/T 7714 (2015, 2025; numeric and author-year) and APA 7 come from the project's renderer,
`litgraph.style.render`. The shapes it does not write are this recipe's: CNKI's cite string, Google
Scholar's GB/T string, Harvard (Cite Them Right), Chicago author-date, Vancouver, IEEE, Nature, physics,
ACS and MLA. Each returns segments `(text, label)`, the label a CSL variable (`labels.LABELS`) or "O"
for punctuation. Over 400 lines: one recipe per shape, each short and read beside the others.
"""

from __future__ import annotations

import random

from litgraph.csl import CslItem, Name
from litgraph.parse.typed.labels import LABELS, MARK, OTHER
from litgraph.style.render import get_style, render
from litgraph.text import has_cjk

Segments = list[tuple[str, str]]
RENDERED = (
    "gb7714-2015-numeric",
    "gb7714-2015-authoryear",
    "gb7714-2025-numeric",
    "gb7714-2025-authoryear",
    "apa",
)
_MARKS = {
    "article-journal": "J",
    "article-newspaper": "N",
    "book": "M",
    "chapter": "M",
    "paper-conference": "C",
    "thesis": "D",
    "report": "R",
    "standard": "S",
    "patent": "P",
    "webpage": "EB",
    "dataset": "DS",
}


#: The renderer's field names that are not our labels.
_RENAMED = {"type-mark": MARK, "container-author": "editor"}


def rendered(item: CslItem, style: str, year_suffix: str = "") -> Segments:
    """The project renderer's segments, its field names as our labels ("note" for a field we lack);
    `year_suffix` is an author-date list's a/b after the year."""
    if style == "apa":
        chosen = get_style("apa7")
    else:
        edition, order = style.rsplit("-", 1)
        chosen = get_style(edition, order="author-date" if order == "authoryear" else order)
    pieces = [(segment.text, segment.field) for segment in render(item, chosen, year_suffix=year_suffix)]
    out = []
    for text, field in pieces:
        label = _RENAMED.get(field or "", field or OTHER)
        out.append((text, label if label in LABELS else "note"))
    return out


def _initials(given: str, dots: bool, spaced: bool) -> str:
    parts = [part for part in given.replace("-", " ").replace(".", " ").split() if part]
    letters = [part[0] + ("." if dots else "") for part in parts]
    return (" " if spaced else "").join(letters)


def _zh(item: CslItem) -> bool:
    return has_cjk(item.title)


def _name_gb(name: Name, zh: bool, upper: bool = False) -> str:
    if name.literal:
        return name.literal
    if zh or has_cjk(name.family):
        return name.family + name.given
    family = name.full_family.upper() if upper else name.full_family
    return f"{family} {_initials(name.given, False, True)}".strip()


def _numbers_gb(item: CslItem, out: Segments, tight: bool, pad: bool, first_page_only: bool) -> None:
    comma, colon = (",", ":") if tight else (", ", ": ")
    if item.issued:
        out += [(comma, OTHER), (str(item.issued[0]), "issued")]
    if item.volume:
        out += [(comma, OTHER), (item.volume, "volume")]
    if item.issue:
        issue = item.issue.zfill(2) if pad and item.issue.isdigit() else item.issue
        out += [("(", OTHER), (issue, "issue"), (")", OTHER)]
    if item.page:
        page = item.page.split("-")[0] if first_page_only else item.page
        out += [(colon, OTHER), (page, "page")]


def cnki(item: CslItem, rng: random.Random) -> Segments:
    """CNKI's cite box: no spaces, `等` after three authors, issue padded to two digits, `DOI:` last."""
    zh = _zh(item)
    out: Segments = []
    if item.author:
        names = ",".join(_name_gb(name, zh) for name in item.author[:3])
        out.append((names, "author"))
        if len(item.author) > 3 or item.author_truncated:  # the renderer too writes 等 as punctuation
            out.append((",等" if zh else ",et al", OTHER))
        out.append((".", OTHER))
    out += [(item.title, "title"), (f"[{_MARKS.get(item.type, 'J')}]", MARK)]
    if item.type in ("article-journal", "article-newspaper") and item.container_title:
        out += [(".", OTHER), (item.container_title, "container-title")]
        _numbers_gb(item, out, tight=True, pad=True, first_page_only=False)
    elif item.type == "thesis":
        out += [(".", OTHER), (item.publisher, "publisher")]
        if item.issued:
            out += [(",", OTHER), (str(item.issued[0]), "issued")]
    else:
        if item.container_title:
            out += [("//", OTHER), (item.container_title, "container-title")]
        if item.publisher_place:
            out += [(".", OTHER), (item.publisher_place, "publisher-place"), (":", OTHER)]
        elif item.publisher:
            out += [(".", OTHER)]
        if item.publisher:
            out += [(item.publisher, "publisher")]
        if item.issued:
            out += [(",", OTHER) if item.publisher else (".", OTHER), (str(item.issued[0]), "issued")]
        if item.page:
            out += [(":", OTHER), (item.page, "page")]
    out.append((".", OTHER))
    if item.DOI:
        out += [("DOI:", OTHER), (item.DOI, "DOI"), (".", OTHER)]
    return out


def scholar(item: CslItem, rng: random.Random) -> Segments:
    """Google Scholar's GB/T string: spaced, journal in sentence case, often only the first page."""
    zh = _zh(item)
    out: Segments = []
    if item.author:
        names = ", ".join(_name_gb(name, zh) for name in item.author[:3])
        out.append((names, "author"))
        if len(item.author) > 3 or item.author_truncated:
            out.append((", 等" if zh else ", et al", OTHER))
        out.append((". ", OTHER))
    out += [(item.title, "title"), (f"[{_MARKS.get(item.type, 'J')}]", MARK)]
    if item.container_title and item.type in ("article-journal", "article-newspaper"):
        container = (
            item.container_title
            if zh
            else item.container_title[:1].upper() + item.container_title[1:].lower()
        )
        out += [(". ", OTHER), (container, "container-title")]
        _numbers_gb(item, out, tight=False, pad=False, first_page_only=rng.random() < 0.4)
    else:
        if item.container_title:
            out += [("//", OTHER), (item.container_title, "container-title")]
        if item.publisher:
            out += [(". ", OTHER)]
            if item.publisher_place:
                out += [(item.publisher_place, "publisher-place"), (": ", OTHER)]
            out += [(item.publisher, "publisher")]
        if item.issued:
            out += [(", " if item.publisher else ". ", OTHER), (str(item.issued[0]), "issued")]
        if item.page:
            out += [(": ", OTHER), (item.page, "page")]
    out.append((".", OTHER))
    return out


def _name_inverted(name: Name, dots: bool = True, spaced: bool = True) -> str:
    if name.literal:
        return name.literal
    if has_cjk(name.family):
        return name.family + name.given
    return f"{name.full_family}, {_initials(name.given, dots, spaced)}".strip(", ")


def _name_direct(name: Name, full: bool = False) -> str:
    if name.literal:
        return name.literal
    if has_cjk(name.family):
        return name.family + name.given
    given = name.given if full else _initials(name.given, True, True)
    return f"{given} {name.full_family}".strip()


def _join(names: list[str], conjunction: str, serial_comma: bool = True) -> str:
    if len(names) < 2:
        return "".join(names)
    head = ", ".join(names[:-1])
    return f"{head}{',' if serial_comma and len(names) > 2 else ''} {conjunction} {names[-1]}"


def _tail(item: CslItem, out: Segments, doi_prefix: str) -> None:
    if item.DOI:
        out += [(doi_prefix, OTHER), (item.DOI, "DOI")]
    elif item.URL:
        out += [("Available at: " if doi_prefix == " doi: " else " ", OTHER), (item.URL, "URL")]


def _imprint(item: CslItem, out: Segments) -> None:
    """`. Place: Publisher` of a work that is not a journal article."""
    if item.publisher and item.type != "article-journal":
        out.append((". ", OTHER))
        if item.publisher_place:
            out += [(item.publisher_place, "publisher-place"), (": ", OTHER)]
        out.append((item.publisher, "publisher"))


def harvard(item: CslItem, rng: random.Random) -> Segments:
    out: Segments = []
    if item.author:
        out += [
            (_join([_name_inverted(n, spaced=False) for n in item.author], "and", False), "author"),
            (" ", OTHER),
        ]
    out += [
        ("(", OTHER),
        (str(item.issued[0]) if item.issued else "no date", "issued" if item.issued else OTHER),
        (") ", OTHER),
    ]
    if item.container_title:
        out += [("'", OTHER), (item.title, "title"), ("', ", OTHER)]
        if item.type in ("chapter", "paper-conference"):
            out += [("in ", OTHER)]
        out += [(item.container_title, "container-title")]
        if item.volume:
            out += [(", ", OTHER), (item.volume, "volume")]
        if item.issue:
            out += [("(", OTHER), (item.issue, "issue"), (")", OTHER)]
        if item.page:
            out += [(", pp. " if "-" in item.page else ", p. ", OTHER), (item.page, "page")]
    else:
        out += [(item.title, "title")]
        if item.edition:
            out += [(". ", OTHER), (item.edition, "edition"), (" edn", OTHER)]
    _imprint(item, out)
    out.append((".", OTHER))
    _tail(item, out, " doi: ")
    return out


def chicago(item: CslItem, rng: random.Random) -> Segments:
    out: Segments = []
    if item.author:
        first = item.author[0]
        names = [f"{first.full_family}, {first.given}".strip(", ") if not first.literal else first.literal]
        names += [_name_direct(n, full=True) for n in item.author[1:10]]
        out += [(_join(names, "and"), "author"), (". ", OTHER)]
    if item.issued:
        out += [(str(item.issued[0]), "issued"), (". ", OTHER)]
    if item.container_title:
        out += [("\u201c", OTHER), (item.title, "title"), (".\u201d ", OTHER)]
        if item.type in ("chapter", "paper-conference"):
            out += [("In ", OTHER)]
        out += [(item.container_title, "container-title")]
        if item.volume:
            out += [(" ", OTHER), (item.volume, "volume")]
        if item.issue:
            out += [(" (", OTHER), (item.issue, "issue"), (")", OTHER)]
        if item.page:
            out += [(": " if item.volume or item.issue else ", ", OTHER), (item.page, "page")]
    else:
        out += [(item.title, "title")]
    _imprint(item, out)
    out.append((".", OTHER))
    if item.DOI:
        out += [(" https://doi.org/", OTHER), (item.DOI, "DOI"), (".", OTHER)]
    return out


def vancouver(item: CslItem, rng: random.Random) -> Segments:
    out: Segments = []
    if item.author:
        names = [
            n.literal or f"{n.full_family} {_initials(n.given, False, False)}".strip()
            for n in item.author[:6]
        ]
        out += [(", ".join(names), "author"), (", et al. " if len(item.author) > 6 else ". ", OTHER)]
    out += [(item.title, "title"), (". ", OTHER)]
    if item.container_title and item.type in ("article-journal", "article-newspaper"):
        out += [(item.container_title, "container-title"), (". ", OTHER)]
        if item.issued:
            out += [(str(item.issued[0]), "issued")]
        if item.volume:
            out += [(";", OTHER), (item.volume, "volume")]
        if item.issue:
            out += [("(", OTHER), (item.issue, "issue"), (")", OTHER)]
        if item.page:
            out += [(":", OTHER), (item.page, "page")]
        out.append((".", OTHER))
    else:
        if item.container_title:
            out += [("In: ", OTHER), (item.container_title, "container-title"), (". ", OTHER)]
        if item.publisher_place:
            out += [(item.publisher_place, "publisher-place"), (": ", OTHER)]
        if item.publisher:
            out += [(item.publisher, "publisher"), ("; ", OTHER)]
        if item.issued:
            out += [(str(item.issued[0]), "issued")]
        if item.page:
            out += [(". p. ", OTHER), (item.page, "page")]
        out.append((".", OTHER))
    if item.DOI:
        out += [(" doi:", OTHER), (item.DOI, "DOI")]
    return out


def ieee(item: CslItem, rng: random.Random) -> Segments:
    out: Segments = []
    if item.author:
        names = [_name_direct(n) for n in item.author[:6]]
        if len(item.author) <= 6:
            out += [(_join(names, "and"), "author"), (", ", OTHER)]
        else:
            out += [(names[0], "author"), (" et al., ", OTHER)]
    if item.container_title:
        out += [("\u201c", OTHER), (item.title, "title"), (",\u201d ", OTHER)]
        if item.type in ("chapter", "paper-conference"):
            out += [("in ", OTHER)]
        out += [(item.container_title, "container-title")]
        if item.volume:
            out += [(", vol. ", OTHER), (item.volume, "volume")]
        if item.issue:
            out += [(", no. ", OTHER), (item.issue, "issue")]
        if item.page:
            out += [(", pp. " if "-" in item.page else ", p. ", OTHER), (item.page, "page")]
    else:
        out += [(item.title, "title")]
        if item.publisher:
            out += [(". ", OTHER)]
            if item.publisher_place:
                out += [(item.publisher_place, "publisher-place"), (": ", OTHER)]
            out += [(item.publisher, "publisher")]
    if item.issued:
        out += [(", ", OTHER), (str(item.issued[0]), "issued")]
    if item.DOI:
        out += [(", doi: ", OTHER), (item.DOI, "DOI")]
    out.append((".", OTHER))
    return out


def nature(item: CslItem, rng: random.Random) -> Segments:
    """Nature's and most sciences' shape: `Smith, J. A. & Jones, B. Title. Journal 12, 1–21 (1995).`"""
    out: Segments = []
    names = [_name_inverted(n) for n in item.author[:6]]
    if names:
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
        out += [(text, "author"), (" et al. " if len(item.author) > 6 else " ", OTHER)]
    out += [(item.title, "title"), (". ", OTHER)]
    if item.container_title:
        out += [(item.container_title, "container-title")]
        if item.volume:
            out += [(" ", OTHER), (item.volume, "volume")]
        if item.page:
            out += [(", ", OTHER), (item.page, "page")]
    elif item.publisher:
        out += [(item.publisher, "publisher")]
    if item.issued:
        out += [(" (", OTHER), (str(item.issued[0]), "issued"), (")", OTHER)]
    out.append((".", OTHER))
    return out


def physics(item: CslItem, rng: random.Random) -> Segments:
    """Physics journals' shape, no title: `A. Smith and B. Jones, J. Appl. Phys. 87, 334 (2000).`"""
    if not item.container_title or not item.volume:
        return ieee(item, rng)
    out: Segments = []
    names = [_name_direct(n) for n in item.author[:8]]
    if names:
        out += [(_join(names, "and"), "author"), (", ", OTHER)]
    out += [(item.container_title, "container-title"), (" ", OTHER), (item.volume, "volume")]
    if item.page:
        out += [(", ", OTHER), (item.page.split("-")[0], "page")]
    if item.issued:
        out += [(" (", OTHER), (str(item.issued[0]), "issued"), (")", OTHER)]
    out.append((".", OTHER))
    return out


def acs(item: CslItem, rng: random.Random) -> Segments:
    """The American Chemical Society's shape: `Smith, J. A.; Jones, B. Title. J. Am. Chem. Soc. 2007,
    129 (4), 3226–3237.`, the title often left out."""
    out: Segments = []
    names = [_name_inverted(n) for n in item.author[:10]]
    if names:
        out += [("; ".join(names), "author"), (" et al. " if len(item.author) > 10 else " ", OTHER)]
    if item.container_title and item.type == "article-journal":
        if rng.random() < 0.6:
            out += [(item.title, "title"), (". ", OTHER)]
        out += [(item.container_title, "container-title")]
        if item.issued:
            out += [(" ", OTHER), (str(item.issued[0]), "issued")]
        if item.volume:
            out += [(", ", OTHER), (item.volume, "volume")]
        if item.issue:
            out += [(" (", OTHER), (item.issue, "issue"), (")", OTHER)]
        if item.page:
            out += [(", ", OTHER), (item.page, "page")]
    else:
        out += [(item.title, "title")]
        if item.publisher:
            out += [("; ", OTHER), (item.publisher, "publisher")]
            if item.publisher_place:
                out += [(": ", OTHER), (item.publisher_place, "publisher-place")]
        if item.issued:
            out += [(", ", OTHER), (str(item.issued[0]), "issued")]
    out.append((".", OTHER))
    if item.DOI and rng.random() < 0.5:
        out += [(" DOI: ", OTHER), (item.DOI, "DOI"), (".", OTHER)]
    return out


def mla(item: CslItem, rng: random.Random) -> Segments:
    """MLA 9: `Smith, John, and Jane Doe. "Title." Journal, vol. 12, no. 3, 2020, pp. 45-67.`"""
    out: Segments = []
    if item.author:
        first = item.author[0]
        names = [f"{first.full_family}, {first.given}".strip(", ") if not first.literal else first.literal]
        if len(item.author) == 2:
            names.append(_name_direct(item.author[1], full=True))
        text = (
            " and ".join(names) if len(names) == 2 else names[0] + (", et al" if len(item.author) > 2 else "")
        )
        out += [(text, "author"), (". ", OTHER)]
    if item.container_title:
        out += [
            ("\u201c", OTHER),
            (item.title, "title"),
            (".\u201d ", OTHER),
            (item.container_title, "container-title"),
        ]
        if item.volume:
            out += [(", vol. ", OTHER), (item.volume, "volume")]
        if item.issue:
            out += [(", no. ", OTHER), (item.issue, "issue")]
        if item.publisher and item.type != "article-journal":
            out += [(", ", OTHER), (item.publisher, "publisher")]
        if item.issued:
            out += [(", ", OTHER), (str(item.issued[0]), "issued")]
        if item.page:
            out += [(", pp. " if "-" in item.page else ", p. ", OTHER), (item.page, "page")]
    else:
        out += [(item.title, "title")]
        if item.publisher:
            out += [(". ", OTHER), (item.publisher, "publisher")]
        if item.issued:
            out += [(", " if item.publisher else ". ", OTHER), (str(item.issued[0]), "issued")]
    out.append((".", OTHER))
    if item.DOI and rng.random() < 0.4:
        out += [(" https://doi.org/", OTHER), (item.DOI, "DOI"), (".", OTHER)]
    return out


RECIPES = {
    "cnki": cnki,
    "scholar": scholar,
    "harvard": harvard,
    "chicago": chicago,
    "vancouver": vancouver,
    "ieee": ieee,
    "nature": nature,
    "physics": physics,
    "acs": acs,
    "mla": mla,
}
ZH_SHAPES = (*RENDERED[:4], "cnki", "scholar")
EN_SHAPES = (
    *RENDERED, "cnki", "scholar", "harvard", "chicago", "vancouver", "ieee", "nature", "physics", "acs", "mla"
)  # fmt: skip


GBT_SHAPES = RENDERED[:4]
#: How often an author-date entry carries its list's a/b (two works of one author and year).
YEAR_SUFFIX_SHARE = 0.12


def shape(item: CslItem, name: str, rng: random.Random) -> Segments:
    if name in RENDERED:
        suffix = ""
        if name != "gb7714-2015-numeric" and "numeric" not in name and rng.random() < YEAR_SUFFIX_SHARE:
            suffix = rng.choice("abcdefghij")
        segments = rendered(item, name, suffix)
    else:
        segments = RECIPES[name](item, rng)
    return [(text, label) for text, label in segments if text]
