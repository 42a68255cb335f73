"""APA 7 reference-list entries, as the APA Publication Manual (7th ed., ch. 9-10) and apa.csl write them.

    Author, A. A., & Author, B. B. (2020). Title. Journal, 12(3), 45–67. https://doi.org/…
    Author, A. A. (2020). Book title (2nd ed., Vol. 3). Publisher.
    Author, A. A. (2020). Chapter title. In E. Editor (Ed.), Book title (pp. 45–67). Publisher.

Up to 20 authors (then the first 19, ". . .", the last); editors stand in for missing authors
("(Eds.)"), the title for missing editors; "(n.d.)" without a year. Titles are kept as the
source writes them (apa.csl does the same: sentence case cannot be made reliably from title
case). Tests compare this with pandoc's citeproc running apa.csl.
"""

from __future__ import annotations

import re

from ..csl import CslItem, Name
from .language import EN, ZH, entry_language
from .names import apa_name
from .segments import Parts, Segment, merged

MAX_AUTHORS = 20
_RANGE = re.compile(r"(?<=\w)\s*(?:-+|–|—)\s*(?=\w)")
_PAGES = re.compile(r"[\w.]+(?:\s*(?:-+|–|—)\s*[\w.]+)?(?:\s*,\s*[\w.]+(?:\s*(?:-+|–|—)\s*[\w.]+)?)*")
_APOSTROPHE = re.compile(r"(?<=\w)'")
_SINGLE_QUOTED = re.compile(r"(?<![\w])'([^'\s][^']*?)'(?![\w])")
_OPENING_QUOTE = re.compile(r'(^|[\s(\[—–-])"')
#: Words a title-cased name keeps in lower case (CSL's list), unless first or after a colon or stop.
_MINOR_WORDS = frozenset(
    (
        "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet"
    ).split()
)
_WORD = re.compile(r"[^\s]+")
_ENDS = (".", "?", "!")
_CONTAINED = {"chapter", "entry-encyclopedia", "entry-dictionary", "entry", "paper-conference"}
_ARTICLES = {"article-journal", "article-magazine", "article-newspaper", "article", "periodical"}


def render_apa(item: CslItem, *, year_suffix: str = "") -> Parts:
    parts: Parts = []
    lead, title_used, editors_used = _lead(item)
    parts += lead
    parts += _date(item, year_suffix)
    if not title_used:
        parts += _title_block(item)
    if item.type in _CONTAINED:
        parts += _host(item, editors_used)
    elif item.type in _ARTICLES:
        parts += _journal(item)
    else:
        parts += _publisher(item)
    parts += _link(item)
    if item.original_date:
        parts += [
            Segment(" (Original work published ", ""),
            Segment(str(item.original_date[0]), "original-date"),
        ]
        parts.append(Segment(")", ""))
    out = merged(parts)
    if out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.strip():
            out.append(Segment(last.text.rstrip(), last.field))
    return out


def _smart(text: str) -> str:
    """Typographic quotes and apostrophes, as citeproc prints them: "Natural" → “Natural”, Marx's → Marx’s."""
    if "'" in text:
        text = _SINGLE_QUOTED.sub(r"“\1”", text)
        text = _APOSTROPHE.sub("’", text)
    if '"' in text:
        text = _OPENING_QUOTE.sub(lambda m: m.group(1) + "“", text).replace('"', "”")
    return text


def _title_case(text: str) -> str:
    """A journal's or book's name in title case (apa.csl asks it of container titles): lower-case words
    get a capital, except minor words inside; words already holding capitals stay as written."""
    out: list[str] = []
    starts = True
    for match in _WORD.finditer(text):
        word = match.group()
        if word.islower() and (starts or word not in _MINOR_WORDS):
            pieces = word.split("-")
            word = "-".join(
                p[:1].upper() + p[1:] if len(p) > 1 or index else p for index, p in enumerate(pieces)
            )
        out.append(text[len("".join(out)) : match.start()] + word)
        starts = word.endswith((":", "：", ".", "?", "!"))
    return "".join(out) + text[len("".join(out)) :]


def _stop(parts: Parts, *, into_quote: bool = True) -> Parts:
    """A full stop after the parts, unless they already end with one (or ? or !); inside a closing quote
    (American style) unless the title is a book's, set in italics."""
    text = "".join(part.text for part in parts).rstrip()
    if not text or text.endswith(_ENDS) or text.endswith(("?”", "!”", ".”")):
        return []
    if into_quote and text.endswith("”") and parts[-1].text.endswith("”"):
        last = parts.pop()
        parts.append(Segment(last.text[:-1], last.field))
        return [Segment(".”", "")]
    return [Segment(".", "")]


def _page_range(page: str) -> str:
    """45–67 with an en dash, when the field is a list of pages and ranges; else as written."""
    return _RANGE.sub("–", page) if _PAGES.fullmatch(page.strip()) else page


def _name_list(people: list[Name], variable: str, inverted: bool = True) -> Parts:
    shown = [apa_name(person, inverted=inverted) for person in people]
    shown = [name for name in shown if name]
    if len(shown) > MAX_AUTHORS:
        shown = [*shown[: MAX_AUTHORS - 1], "\0", shown[-1]]
    parts: Parts = []
    for index, name in enumerate(shown):
        if name == "\0":
            parts.append(Segment(", … ", ""))
            continue
        if index and shown[index - 1] != "\0":
            last = index == len(shown) - 1
            if inverted:
                parts.append(Segment(", & " if last else ", ", ""))
            else:
                parts.append(Segment((", & " if len(shown) > 2 else " & ") if last else ", ", ""))
        parts.append(Segment(_smart(name), variable))
    return parts


def _lead(item: CslItem) -> tuple[Parts, bool, bool]:
    """The author position: authors, else editors with (Ed.)/(Eds.), else the title."""
    if item.author:
        parts = _name_list(item.author, "author")
        if item.author_truncated:  # the source's "and others": 等 for a Chinese work, et al. otherwise
            parts.append(Segment("等" if entry_language(item) == ZH else ", et al.", ""))
        stop = _stop(parts)
        return [*parts, *stop, Segment(" ", "")], False, False
    if item.editor:
        parts = _name_list(item.editor, "editor")
        label = " (Eds.)." if len(item.editor) > 1 else " (Ed.)."
        return [*parts, Segment(label + " ", "")], False, True
    title = _title_block(item)
    if not title and item.type not in _ARTICLES and item.type not in _CONTAINED:
        details = _parenthetical(item)  # nothing but an edition: "(3rd ed.). (n.d.)."
        if details:
            return [Segment("(", ""), *details[1:], Segment(". ", "")], False, False
    return (title + [Segment(" ", "")] if title else []), bool(title), False


def _date(item: CslItem, suffix: str) -> Parts:
    literal = item.other.get("issued")
    written = literal.get("literal", "") if isinstance(literal, dict) else ""
    if written:
        shown = [Segment(str(written) + suffix, "issued")]
    elif item.issued:
        shown = [Segment(f"{item.issued[0]}{suffix}", "issued")]
    else:
        shown = [Segment("n.d." + (f"-{suffix}" if suffix else ""), "")]
    return [Segment("(", ""), *shown, Segment("). ", "")]


def _title_block(item: CslItem) -> Parts:
    """The title, what APA puts in parentheses after it (translator; edition, volume, pages), a stop."""
    if not item.title:
        return []
    parts: Parts = [Segment(_smart(item.title), "title")]
    if item.medium or item.genre:
        described = item.medium or item.genre
        parts += [
            Segment(" [", ""),
            Segment(described[:1].upper() + described[1:], "genre"),
            Segment("]", ""),
        ]
    if item.type in _ARTICLES or (item.type in _CONTAINED and item.container_title):
        if item.translator:
            parts += [Segment(" (", ""), *_translators(item), Segment(")", "")]
    else:
        if item.volume and not _numbered(item.volume):  # a volume's own title: 科学思想史: 第二卷
            parts += [Segment(": ", ""), Segment(_smart(item.volume), "volume")]
        parts += _parenthetical(item)
    stop = _stop(parts, into_quote=item.type in _ARTICLES or item.type in _CONTAINED)
    return [*parts, *stop, Segment(" ", "")]


def _translators(item: CslItem) -> Parts:
    return [*_name_list(item.translator, "translator", inverted=False), Segment(", Trans.", "")]


def _details(item: CslItem) -> list[Parts]:
    """Edition, volume and pages as APA writes them in parentheses: 2nd ed., Vol. 3, pp. 45–67."""
    groups: list[Parts] = []
    edition = item.edition.strip()
    if edition:
        if edition.isdigit():
            groups.append([Segment(edition + _ordinal(edition), "edition"), Segment(" ed.", "")])
        elif _numbered(edition):  # 新1版, 2nd
            groups.append([Segment(edition, "edition"), Segment(" ed.", "")])
        else:
            groups.append([Segment(edition, "edition")])
    if item.volume and _numbered(item.volume):
        groups.append([Segment("Vol. ", ""), Segment(item.volume, "volume")])
    if item.page:
        label = "pp. " if re.search(r"[-–—,]", item.page) else "p. "
        groups.append([Segment(label, ""), Segment(_page_range(item.page), "page")])
    return groups


def _numbered(text: str) -> bool:
    """Whether CSL counts the value as a number (a digit, no space): 4, 2nd, 第1册; not 第二卷, 2 ed."""
    return any(char.isdigit() for char in text) and not any(char.isspace() for char in text)


def _parenthetical(item: CslItem) -> Parts:
    groups = _details(item)
    people: list[Parts] = []
    if item.editor and item.author:  # editors of an authored book: (M. Thornton, Ed.; C. Saucier, Trans.)
        label = ", Eds." if len(item.editor) > 1 else ", Ed."
        people.append([*_name_list(item.editor, "editor", inverted=False), Segment(label, "")])
    if item.translator:
        people.append(_translators(item))
    inner: Parts = []
    for index, group in enumerate(people):
        inner += [Segment("; ", "")] * bool(index) + group
    if people and groups:
        inner.append(Segment("; ", ""))
    for index, group in enumerate(groups):
        if index:
            inner.append(Segment(", ", ""))
        inner += group
    return [Segment(" (", ""), *inner, Segment(")", "")] if inner else []


def _ordinal(number: str) -> str:
    if number[-2:-1] == "1":
        return "th"
    return {"1": "st", "2": "nd", "3": "rd"}.get(number[-1], "th")


def _host(item: CslItem, editors_used: bool) -> Parts:
    """In E. Editor (Ed.), Book title (2nd ed., pp. 45–67). Publisher."""
    if not item.container_title:
        return _publisher(item)
    parts: Parts = [Segment("In ", "")]
    if item.editor and not editors_used:
        parts += _name_list(item.editor, "editor", inverted=False)
        parts.append(Segment(" (Eds.), " if len(item.editor) > 1 else " (Ed.), ", ""))
    parts.append(Segment(_smart(item.container_title), "container-title"))
    parts += _parenthetical(CslItem(edition=item.edition, volume=item.volume, page=item.page))
    stop = _stop(parts)
    return [*parts, *stop, Segment(" ", ""), *_publisher(item)]


def _journal(item: CslItem) -> Parts:
    """Journal, 12(3), 45–67."""
    parts: Parts = []
    if item.container_title:
        name = _smart(item.container_title)
        parts.append(Segment(_title_case(name) if entry_language(item) == EN else name, "container-title"))
    if item.volume:
        parts += [Segment(", " if parts else "", ""), Segment(item.volume, "volume")]
    if item.issue:
        joint = "" if item.volume else (", " if parts else "")
        parts += [Segment(joint + "(", ""), Segment(item.issue, "issue"), Segment(")", "")]
    if item.page:
        parts += [Segment(", " if parts else "", ""), Segment(_page_range(item.page), "page")]
    stop = _stop(parts)
    return [*parts, *stop, Segment(" ", "")] if parts else []


def _publisher(item: CslItem) -> Parts:
    if not item.publisher:
        return []
    parts = [Segment(_smart(item.publisher), "publisher")]
    stop = _stop(parts)
    return [*parts, *stop, Segment(" ", "")]


def _link(item: CslItem) -> Parts:
    if item.DOI:
        return [Segment("https://doi.org/" + item.DOI, "DOI")]
    if item.URL:
        return [Segment(item.URL, "URL")]
    return []
