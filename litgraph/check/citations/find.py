"""Finding citations in a manuscript's text, before any is matched to the reference list.

Citations are found in the styles reviews use — APA-like author–year in English
and Chinese (`(Park et al., 2010)`, `Park et al. (2010)`, `（周志民等，2019）`,
`Kozinets等,2021`), LaTeX `\\cite` commands and pandoc `[@key]` — each with the
punctuation it is written with, so that `usage` can tell how this manuscript writes
its labels and `report` which citations are punctuated unlike the others.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...parse.manuscript import Paragraph
from ...parse.names import PARTICLE_RUN
from ...parse.reflist import body_paragraphs
from ...records import Location, Severity
from ...style.labels import DEFAULT_STYLES, LabelStyle
from ...text import CAPITALS, CJK_IDEOGRAPHS, has_cjk
from .passage import Passage
from .result import Citation

_YEAR = r"(?:1[5-9]|20)\d{2}[a-z]?(?!\d)"
_YEARS = re.compile(rf"(?P<comma>[,，])?\s*(?P<years>{_YEAR}(?:\s*[,，]\s*{_YEAR})*)\s*$")
_YEAR_PARTS = re.compile(r"(\d{4})([a-z]?)")
_PREFIX = re.compile(
    r"^(?:e\.g\.|i\.e\.|see also|see|cf\.|for example|如|参见|详见|见)[,，]?\s*", re.IGNORECASE
)
_LOCATOR = re.compile(r"\s*[,，:：]\s*(?:pp?\.|第|chap\.|ch\.|para\.|§)[^;；]*$", re.IGNORECASE)
_ET_AL = re.compile(r"\s*(?:,?\s*et\s*al\.?|等人?)$")
_CONNECTOR = re.compile(r"\s*(?:,\s*(?:&|and)\s+|,?\s*&\s*|\s+and\s+|和|与|、|,|，)\s*")
_CONNECTOR_WORD = re.compile(r"&|\band\b|和|与")

_LATIN_NAME = PARTICLE_RUN + rf"[{CAPITALS}][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’\-]+"
_NAME_CHARACTER = r"(?:[^\W\d_]|['’\-.])"  # letters, apostrophes, hyphens, dots; no digits
_LATIN_NAME_LIST = (
    re.compile(  # a family name or a corporate author: 'Park', 'van den Berg', 'World Health Organization'
        rf"{PARTICLE_RUN}[{CAPITALS}]{_NAME_CHARACTER}*(?:\s+{PARTICLE_RUN}[^\W\d_]{_NAME_CHARACTER}*)*"
    )
)
_CJK_NAME = re.compile(f"[{CJK_IDEOGRAPHS}·]{{1,12}}")
_PARENTHESES = re.compile(r"[（(](?P<body>[^()（）]{2,400})[)）]")
_LATIN_NARRATIVE = re.compile(
    rf"(?<![\w])(?P<authors>{_LATIN_NAME}(?:\s*(?:&|and|和|与)\s*{_LATIN_NAME})?)(?P<et_al>\s*(?:et\s+al\.?|等人?))?"
    rf"(?:['’]s)?\s*[（(]\s*(?P<years>{_YEAR}(?:\s*[,，]\s*{_YEAR})*)\s*[)）]"
)
_CJK_NARRATIVE = re.compile(
    rf"(?P<run>[{CJK_IDEOGRAPHS}]{{2,12}}?)(?P<et_al>等人?)?\s*[（(]\s*(?P<years>{_YEAR}(?:\s*[,，]\s*{_YEAR})*)\s*[)）]"
)
_LATEX_CITE = re.compile(r"\\(?P<command>[A-Za-z]*cite[A-Za-z]*)\*?(?:\s*\[[^\]]*\]){0,2}\s*\{")
_LATEX_KEYS = re.compile(
    r"(?P<keys>[^{}]*)\}"
)  # after the opening brace; a brace before the closing one: not closed
_LATEX_MORE_KEYS = re.compile(r"(?:\s*\[[^\]]*\]){0,2}\s*\{(?P<keys>[^{}]*)\}")
_PANDOC_KEY = r"(?:\{(?P<braced>[^}]+)\}|(?P<plain>[\w](?:[\w:.#$%&+?<>~/-]*[\w])?))"
_PANDOC_GROUP = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\](?!\()")
_PANDOC_IN_GROUP = re.compile(rf"(?<![\w@.])-?@{_PANDOC_KEY}")
_PANDOC_NARRATIVE = re.compile(rf"(?<![\w@.\[])@{_PANDOC_KEY}")


@dataclass(slots=True)
class AuthorYear:
    """An author–year citation as written: the names it gives, et al./等, year and a/b suffix."""

    text: str
    location: Location
    names: list[str]
    et_al: bool
    year: int
    suffix: str
    chinese: bool  # written in Chinese text: suggest 等 rather than et al.
    name_in_run: bool = False  # narrative Chinese: the name ends a run of characters (国内学者周志民等)
    counted: bool = True  # False once found to be ordinary text (该报告（2019）), not a citation
    # The label's punctuation as written ("" where the citation does not show it), for `usage`:
    year_separator: str = ""  # '，' in '（Park 等，2010）'
    et_al_text: str = ""  # ' 等' in '（Park 等，2010）'
    connector: str = ""  # ' & ' in '(Lee & Kim, 2015)'


@dataclass(slots=True)
class Marks:
    """The punctuation one citation (or group of them) is written with, slot by slot."""

    text: str
    location: Location
    chinese: bool
    styles: dict[str, str]
    citations: list[AuthorYear]
    list_separators: list[str] = field(default_factory=list)  # '；' in '（Solo，2001；Lee & Kim，2015）'


@dataclass(slots=True)
class Found:
    author_year: list[AuthorYear] = field(default_factory=list)
    by_key: list[Citation] = field(default_factory=list)
    narrative_keys: list[Citation] = field(
        default_factory=list
    )  # bare `@key`: a citation only if it looks like one
    marks: list[Marks] = field(default_factory=list)
    listed_without_citing: set[str] = field(default_factory=set)  # \nocite keys; "*" for all
    malformed: list[tuple[Severity, Location, str]] = field(
        default_factory=list
    )  # \cite{} and unclosed \cite{X


def find_citations(paragraphs: list[Paragraph], syntax: str = "text") -> Found:
    """Every citation of every kind in the manuscript's body (outside its reference list, which
    `parse.reflist` finds), in reading order per kind."""
    return find_in_body(body_paragraphs(paragraphs, syntax, list_file=False))


def find_in_body(body: list[Paragraph]) -> Found:
    found = Found()
    for text, location in body:
        passage = Passage(text, location)
        _find_latex(passage, found)
        masked = _find_pandoc(passage, found)
        taken = _find_parenthetical(passage, masked, found)
        _find_narrative(passage, masked, taken, found)
    return found


# CJK punctuation and full-width marks, but not full-width digits and letters, which English text uses too.
_CHINESE_NEIGHBOUR = re.compile(rf"[{CJK_IDEOGRAPHS}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’]")


def _in_chinese(text: str, start: int, end: int) -> bool:
    """Whether a citation sits in Chinese text: the nearest non-space character on either side is Chinese."""
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    return bool(
        (before >= 0 and _CHINESE_NEIGHBOUR.match(text[before]))
        or (after < len(text) and _CHINESE_NEIGHBOUR.match(text[after]))
    )


def _find_latex(passage: Passage, found: Found) -> None:
    """\\cite-family commands (natbib, biblatex), optional [pre][post] notes, several keys; \\nocite apart.

    An empty or unclosed key list is reported: LaTeX would cite nothing or stop there. Keys are taken as
    written: LaTeX finds no entry under a key with an invisible character in it, and neither do we."""
    text = passage.text
    for match in _LATEX_CITE.finditer(text):
        command = match.group("command")
        if command.endswith("style"):  # \citestyle{...} sets the style, cites nothing
            continue
        where = passage.where(match.start())
        first = _LATEX_KEYS.match(text, match.end())
        if first is None:
            written = passage.written(match.start(), min(len(text), match.end() + 30)).split("\n")[0]
            found.malformed.append(
                (Severity.ERROR, where, f"'{written}…': the key list is not closed with '}}'")
            )
            continue
        groups = [passage.written(*first.span("keys"))]
        if command.endswith("cites"):  # biblatex \cites{a}{b}
            end = first.end()
            while more := _LATEX_MORE_KEYS.match(text, end):
                groups.append(passage.written(*more.span("keys")))
                end = more.end()
        keys = [key.strip() for group in groups for key in group.split(",") if key.strip()]
        if not keys:
            found.malformed.append(
                (
                    Severity.WARNING,
                    where,
                    f"'{passage.written(match.start(), first.end())}' names no key: it cites nothing",
                )
            )
        elif command == "nocite":
            found.listed_without_citing.update(keys)
        else:
            found.by_key += [Citation(f"\\{command}{{{key}}}", where, key) for key in keys]


def _pandoc_key(passage: Passage, match: re.Match, offset: int = 0) -> str:
    name = "braced" if match.group("braced") else "plain"
    start, end = match.span(name)
    return passage.written(start + offset, end + offset)


def _find_pandoc(passage: Passage, found: Found) -> str:
    """Pandoc citations; returns the text with bracketed ones blanked so no other pattern sees them."""
    text = passage.text
    pieces, copied = [], 0
    for group in _PANDOC_GROUP.finditer(text):
        where = passage.where(group.start())
        for match in _PANDOC_IN_GROUP.finditer(group.group("body")):
            key = _pandoc_key(passage, match, group.start("body"))
            found.by_key.append(Citation(f"@{key}", where, key))
        pieces += [text[copied : group.start()], " " * (group.end() - group.start())]
        copied = group.end()
    masked = "".join(pieces) + text[copied:]
    for match in _PANDOC_NARRATIVE.finditer(masked):
        key = _pandoc_key(passage, match)
        found.narrative_keys.append(Citation(f"@{key}", passage.where(match.start()), key))
    return masked


def _find_parenthetical(passage: Passage, text: str, found: Found) -> list[tuple[int, int]]:
    """`(A, 2001; B & C, 2002)` groups; returns the spans taken, so narrative search skips them."""
    taken = []
    for group in _PARENTHESES.finditer(text):
        body = group.group("body")
        parts = re.split(r"([;；])", body)
        items, separators = parts[::2], parts[1::2]
        where = passage.where(group.start())
        chinese = _in_chinese(text, *group.span())
        parsed = []
        offset = group.start("body")
        for index, item in enumerate(items):
            parsed.append((item, _parse_item(item, offset, passage, where, chinese)))
            offset += len(item) + (len(separators[index]) if index < len(separators) else 0)
        cited = [(item, result) for item, result in parsed if result is not None]
        if not cited:
            continue
        taken.append(group.span())
        in_group = [citation for _, (citations, _) in cited for citation in citations]
        found.author_year += in_group
        styles = _group_styles(group.group(), cited, separators)
        spaced = [  # each mark with the spaces after it: '；' or '; '
            mark + after[: len(after) - len(after.lstrip())]
            for mark, after in zip(separators, items[1:], strict=True)
        ]
        found.marks.append(Marks(passage.written(*group.span()), where, chinese, styles, in_group, spaced))
    return taken


def _group_styles(written: str, cited: list, separators: list[str]) -> dict[str, str]:
    """The brackets, year commas, semicolons and '&'/和/and of one parenthetical group."""
    commas = {_width(comma) if comma else "none" for _, (_, comma) in cited}
    connectors = {word for item, _ in cited for word in _CONNECTOR_WORD.findall(item)}
    styles = {"parentheses": _pair_width(written[0], written[-1]), "comma": _single(commas)}
    if len(cited) > 1:
        styles["semicolon"] = _single({_width(separator) for separator in separators})
    if connectors:
        styles["connector"] = _single(connectors)
    return styles


def _parse_item(
    item: str, offset: int, passage: Passage, location: Location, chinese: bool
) -> tuple[list[AuthorYear], str] | None:
    """'Park 等，2010' (at `offset` of the passage) → its citations and the comma before the year; None if
    not a citation. A citation's text is the item as written, without its prefix (e.g.) or locator."""
    start = offset + len(item) - len(item.lstrip())
    item = item.strip()
    prefix = _PREFIX.match(item)
    if prefix:
        start += prefix.end()
        item = item[prefix.end() :]
    item = _LOCATOR.sub("", item)
    years = _YEARS.search(item)
    if years is None:
        return None
    authors = item[: years.start()].strip()
    et_al = _ET_AL.search(authors)
    names = [name for name in _CONNECTOR.split(_ET_AL.sub("", authors)) if name]
    if not names or not all(_is_name(name) for name in names) or len(authors) > 120:
        return None
    if len(names) == 1 and not et_al and not years.group("comma"):
        return None  # '(Spring 2019)': a single word before a year is a name only with a comma
    written = passage.written(start, start + len(item))
    citations = [
        AuthorYear(
            written,
            location,
            names,
            bool(et_al),
            int(year),
            suffix,
            chinese,
            year_separator=item[years.start() : years.start("years")],
            et_al_text=et_al.group() if et_al else "",
            connector=_connector(authors, names),
        )
        for year, suffix in _YEAR_PARTS.findall(years.group("years"))
    ]
    return citations, years.group("comma") or ""


def _connector(authors: str, names: list[str]) -> str:
    """What stands between the two names of a two-author citation ('' for any other)."""
    if len(names) != 2:
        return ""
    between = _CONNECTOR.search(_ET_AL.sub("", authors))
    return between.group() if between else ""


def _is_name(text: str) -> bool:
    """A Chinese name, or a capitalised Latin family or corporate name without digits."""
    return bool(_CJK_NAME.fullmatch(text) or _LATIN_NAME_LIST.fullmatch(text))


def _find_narrative(passage: Passage, text: str, taken: list[tuple[int, int]], found: Found) -> None:
    """`Park et al. (2010)` and `周志民等（2019）`, outside the parenthetical groups already read."""
    matches = [(m, m.group("authors")) for m in _LATIN_NARRATIVE.finditer(text)]
    matches += [(m, m.group("run")) for m in _CJK_NARRATIVE.finditer(text)]
    starts = [start for start, _ in taken]  # in order, not overlapping: found left to right
    for match, authors in sorted(matches, key=lambda pair: pair[0].start()):
        inside = bisect.bisect_right(starts, match.start()) - 1
        if inside >= 0 and match.start() < taken[inside][1]:
            continue
        where = passage.where(match.start())
        names = [name for name in _CONNECTOR.split(authors) if name]
        in_run = match.re is _CJK_NARRATIVE
        chinese = in_run or _in_chinese(text, *match.span())
        et_al = match.group("et_al") or ""
        written = passage.written(*match.span())
        citations = [
            AuthorYear(
                written.strip(),
                where,
                names,
                bool(et_al),
                int(year),
                suffix,
                chinese,
                in_run,
                et_al_text=et_al,
                connector=_connector(authors, names),
            )
            for year, suffix in _YEAR_PARTS.findall(match.group("years"))
        ]
        found.author_year += citations
        shown = match.group()
        opening = max(shown.rfind("("), shown.rfind("（"))
        styles = {"parentheses": _pair_width(shown[opening], shown[-1])}
        if connectors := set(_CONNECTOR_WORD.findall(authors)):
            styles["connector"] = _single(connectors)
        found.marks.append(Marks(written, where, chinese, styles, citations))


def _width(mark: str) -> str:
    """'full' for the full-width forms （，；, 'half' for ( , ;."""
    return "full" if ord(mark[0]) > 0xFF00 else "half"


def _pair_width(opening: str, closing: str) -> str:
    return _single({_width(opening), _width(closing)})


def _single(styles: set[str]) -> str:
    """One style, or 'mixed' when a single citation already uses two."""
    return next(iter(styles)) if len(styles) == 1 else "mixed"


def usage(found: Found) -> dict[str, dict[str, str]]:
    """How this manuscript writes its labels, per language of the text ('zh', 'en'): for each
    part of a label it shows, what most of its citations write (a tie goes to the default).

    A Chinese name's 等 and a narrative Chinese citation's run of characters (国内学者周志民等)
    tell nothing: a Chinese name takes 等 in any style, and the run may not be a name."""
    seen: dict[str, dict[str, Counter]] = {"zh": defaultdict(Counter), "en": defaultdict(Counter)}
    items = set()
    for citation in found.author_year:
        item = (citation.location, citation.text)  # 'Solo (2001, 2005)' is written once
        if citation.name_in_run or item in items:
            continue
        items.add(item)
        counts = seen["zh" if citation.chinese else "en"]
        if citation.year_separator:
            counts["year_separator"][citation.year_separator] += 1
        if citation.et_al_text and not has_cjk(citation.names[0]):
            counts["et_al"][citation.et_al_text] += 1
        if citation.connector:
            both_chinese = all(has_cjk(name) for name in citation.names)
            counts["two_chinese_authors" if both_chinese else "two_authors"][citation.connector] += 1
    for marks in found.marks:
        for separator in marks.list_separators:
            seen["zh" if marks.chinese else "en"]["list_separator"][separator] += 1
    return {lang: _majorities(counts, DEFAULT_STYLES[lang]) for lang, counts in seen.items() if counts}


def _majorities(counts: dict[str, Counter], default: LabelStyle) -> dict[str, str]:
    return {key: majority(counter, getattr(default, key)) for key, counter in counts.items()}


def majority(counter: Counter, preferred: str) -> str:
    """What is counted most often; on a tie `preferred`, when it is among the leaders."""
    best = max(counter.values())
    leaders = [value for value, count in counter.items() if count == best]
    return preferred if preferred in leaders else leaders[0]
