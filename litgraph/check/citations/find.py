"""Finding citations in a manuscript's text, before any is matched to the reference list.

Citations are found in the styles reviews use — APA-like author–year in English
and Chinese (`(Park et al., 2010)`, `Park et al. (2010)`, `（周志民等，2019）`,
`Kozinets等,2021`), LaTeX `\\cite` commands and pandoc `[@key]` — each with the
punctuation it is written with, so that `usage` can tell how this manuscript writes
its labels and `report` which citations are punctuated unlike the others.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...parse.manuscript import Paragraph
from ...records import Location, Severity
from ...style.labels import DEFAULT_STYLES, LabelStyle
from ...text import CJK_IDEOGRAPHS, has_cjk
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
_PARTICLES = r"(?:(?:van|von|der|den|de|da|di|du|del|della|la|le|ten|ter)\s+)*"
_LATIN_NAME = _PARTICLES + r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’\-]+"
_NAME_CHARACTER = r"(?:[^\W\d_]|['’\-.])"  # letters, apostrophes, hyphens, dots; no digits
_LATIN_NAME_LIST = (
    re.compile(  # a family name or a corporate author: 'Park', 'van den Berg', 'World Health Organization'
        rf"{_PARTICLES}[A-ZÀ-ÖØ-Þ]{_NAME_CHARACTER}*(?:\s+{_PARTICLES}[^\W\d_]{_NAME_CHARACTER}*)*"
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
_REFERENCES_HEADING = re.compile(
    r"\s*(?:#+\s*|\\(?:sub)*section\*?\{\s*)?(?:\d+(?:\.\d+)*\.?\s*)?"
    r"(?:参考文献|references?|bibliography|works cited|literature cited|reference list)\s*\}?\s*[:：]?\s*"
    r"|\s*\\begin\{thebibliography\}(?s:.*)",
    re.IGNORECASE,
)
_REFERENCE_ENTRY = re.compile(
    r"^\s*(?:[-*•]\s|\[\d+\]|\d+[.)]\s|\\bibitem)|\[(?:[A-Z]{1,2}|[A-Z]{1,2}/OL)\]|\(\d{4}[a-z]?\)\.",
    re.MULTILINE,
)


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


def body_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs outside the reference list, whose entries look like citations but are not."""
    body = []
    in_references = False
    for text, location in paragraphs:
        if _REFERENCES_HEADING.fullmatch(text):
            in_references = True
        elif in_references and re.search(_YEAR, text) and _REFERENCE_ENTRY.search(text):
            continue
        else:
            in_references = False
            body.append((text, location))
    return body


def _where(paragraph_location: Location, text: str, offset: int) -> Location:
    """The line of `offset` in a paragraph that starts at `paragraph_location`."""
    return Location(paragraph_location.file, paragraph_location.line + text.count("\n", 0, offset))


def find_citations(paragraphs: list[Paragraph]) -> Found:
    """Every citation of every kind in the manuscript's body, in reading order per kind."""
    found = Found()
    for text, location in body_paragraphs(paragraphs):
        _find_latex(text, location, found)
        masked = _find_pandoc(text, location, found)
        taken = _find_parenthetical(masked, location, found)
        _find_narrative(masked, location, taken, found)
    return found


# CJK punctuation and full-width marks, but not full-width digits and letters, which English text uses too.
_CHINESE_NEIGHBOUR = re.compile(rf"[{CJK_IDEOGRAPHS}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’]")


def _in_chinese(text: str, start: int, end: int) -> bool:
    """Whether a citation sits in Chinese text: the nearest non-space character on either side is Chinese."""
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip()[:1]
    return bool(_CHINESE_NEIGHBOUR.match(before) or _CHINESE_NEIGHBOUR.match(after))


def _find_latex(text: str, location: Location, found: Found) -> None:
    """\\cite-family commands (natbib, biblatex), optional [pre][post] notes, several keys; \\nocite apart.

    An empty or unclosed key list is reported: LaTeX would cite nothing or stop there."""
    for match in _LATEX_CITE.finditer(text):
        command = match.group("command")
        if command.endswith("style"):  # \citestyle{...} sets the style, cites nothing
            continue
        where = _where(location, text, match.start())
        first = _LATEX_KEYS.match(text, match.end())
        if first is None:
            written = text[match.start() : match.end() + 30].split("\n")[0]
            found.malformed.append(
                (Severity.ERROR, where, f"'{written}…': the key list is not closed with '}}'")
            )
            continue
        groups = [first.group("keys")]
        if command.endswith("cites"):  # biblatex \cites{a}{b}
            end = first.end()
            while more := _LATEX_MORE_KEYS.match(text, end):
                groups.append(more.group("keys"))
                end = more.end()
        keys = [key.strip() for group in groups for key in group.split(",") if key.strip()]
        if not keys:
            found.malformed.append(
                (
                    Severity.WARNING,
                    where,
                    f"'{text[match.start() : first.end()]}' names no key: it cites nothing",
                )
            )
        elif command == "nocite":
            found.listed_without_citing.update(keys)
        else:
            found.by_key += [Citation(f"\\{command}{{{key}}}", where, key) for key in keys]


def _find_pandoc(text: str, location: Location, found: Found) -> str:
    """Pandoc citations; returns the text with bracketed ones blanked so no other pattern sees them."""
    masked = text
    for group in _PANDOC_GROUP.finditer(text):
        for match in _PANDOC_IN_GROUP.finditer(group.group("body")):
            key = match.group("braced") or match.group("plain")
            found.by_key.append(Citation(f"@{key}", _where(location, text, group.start()), key))
        masked = masked[: group.start()] + " " * (group.end() - group.start()) + masked[group.end() :]
    for match in _PANDOC_NARRATIVE.finditer(masked):
        key = match.group("braced") or match.group("plain")
        found.narrative_keys.append(Citation(f"@{key}", _where(location, text, match.start()), key))
    return masked


def _find_parenthetical(text: str, location: Location, found: Found) -> list[tuple[int, int]]:
    """`(A, 2001; B & C, 2002)` groups; returns the spans taken, so narrative search skips them."""
    taken = []
    for group in _PARENTHESES.finditer(text):
        body = group.group("body")
        parts = re.split(r"([;；])", body)
        items, separators = parts[::2], parts[1::2]
        where = _where(location, text, group.start())
        chinese = _in_chinese(text, *group.span())
        parsed = [(item, _parse_item(item, where, chinese)) for item in items]
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
        found.marks.append(Marks(group.group(), where, chinese, styles, in_group, spaced))
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


def _parse_item(item: str, location: Location, chinese: bool) -> tuple[list[AuthorYear], str] | None:
    """'Park 等，2010' → its citations and the comma before the year; None if not a citation."""
    item = _LOCATOR.sub("", _PREFIX.sub("", item.strip()))
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
    citations = [
        AuthorYear(
            item,
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


def _find_narrative(text: str, location: Location, taken: list[tuple[int, int]], found: Found) -> None:
    """`Park et al. (2010)` and `周志民等（2019）`, outside the parenthetical groups already read."""
    matches = [(m, m.group("authors")) for m in _LATIN_NARRATIVE.finditer(text)]
    matches += [(m, m.group("run")) for m in _CJK_NARRATIVE.finditer(text)]
    for match, authors in sorted(matches, key=lambda pair: pair[0].start()):
        if any(start <= match.start() < end for start, end in taken):
            continue
        where = _where(location, text, match.start())
        names = [name for name in _CONNECTOR.split(authors) if name]
        in_run = match.re is _CJK_NARRATIVE
        chinese = in_run or _in_chinese(text, *match.span())
        et_al = match.group("et_al") or ""
        citations = [
            AuthorYear(
                match.group().strip(),
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
        written = match.group()
        opening = max(written.rfind("("), written.rfind("（"))
        styles = {"parentheses": _pair_width(written[opening], written[-1])}
        if connectors := set(_CONNECTOR_WORD.findall(authors)):
            styles["connector"] = _single(connectors)
        found.marks.append(Marks(match.group(), where, chinese, styles, citations))


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
