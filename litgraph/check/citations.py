"""cite-check: a manuscript's in-text citations against its reference list.

Citations are found in the styles reviews use — APA-like author–year in English
and Chinese (`(Park et al., 2010)`, `Park et al. (2010)`, `（周志民等，2019）`,
`Kozinets等,2021`), LaTeX `\\cite` commands and pandoc `[@key]` — and matched to
the bibliography: by key for LaTeX and pandoc, by first author's family name and
year for author–year text. What cannot be matched, what is never cited and what
is written inconsistently becomes a `Problem` at the citation's line (or, in a
.docx, paragraph).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..parse.bibtex import UNPARSED_CODES
from ..parse.manuscript import Paragraph
from ..records import Bibliography, Location, Person, Problem, Reference, Severity, has_cjk
from .integrity import fold

ET_AL_MINIMUM = 3  # APA 7 and GB/T 7714: "et al." / 等 from three authors on


@dataclass(slots=True)
class Citation:
    """One cited work as written in the text, and the reference it was matched to (None if none)."""

    text: str
    location: Location
    key: str | None = None

    def as_dict(self) -> dict:
        return {"text": self.text, "file": self.location.file, "line": self.location.line, "key": self.key}


@dataclass(slots=True)
class CiteCheckResult:
    citations: list[Citation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- what the text says ---------------------------------------------------------------------

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
_CJK_NAME = re.compile(r"[\u3400-\u9fff·]{1,12}")
_PARENTHESES = re.compile(r"[（(](?P<body>[^()（）]{2,400})[)）]")
_LATIN_NARRATIVE = re.compile(
    rf"(?<![\w])(?P<authors>{_LATIN_NAME}(?:\s*(?:&|and|和|与)\s*{_LATIN_NAME})?)(?P<et_al>\s*(?:et\s+al\.?|等人?))?"
    rf"(?:['’]s)?\s*[（(]\s*(?P<years>{_YEAR}(?:\s*[,，]\s*{_YEAR})*)\s*[)）]"
)
_CJK_NARRATIVE = re.compile(
    rf"(?P<run>[\u3400-\u9fff]{{2,12}}?)(?P<et_al>等人?)?\s*[（(]\s*(?P<years>{_YEAR}(?:\s*[,，]\s*{_YEAR})*)\s*[)）]"
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
class _AuthorYear:
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


@dataclass(slots=True)
class _Marks:
    """The punctuation one citation (or group of them) is written with, slot by slot."""

    text: str
    location: Location
    chinese: bool
    styles: dict[str, str]
    citations: list[_AuthorYear]


@dataclass(slots=True)
class _Found:
    author_year: list[_AuthorYear] = field(default_factory=list)
    by_key: list[Citation] = field(default_factory=list)
    narrative_keys: list[Citation] = field(
        default_factory=list
    )  # bare `@key`: a citation only if it looks like one
    marks: list[_Marks] = field(default_factory=list)
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


def find_citations(paragraphs: list[Paragraph]) -> _Found:
    """Every citation of every kind in the manuscript's body, in reading order per kind."""
    found = _Found()
    for text, location in body_paragraphs(paragraphs):
        _find_latex(text, location, found)
        masked = _find_pandoc(text, location, found)
        taken = _find_parenthetical(masked, location, found)
        _find_narrative(masked, location, taken, found)
    return found


_CHINESE_NEIGHBOUR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’]")


def _in_chinese(text: str, start: int, end: int) -> bool:
    """Whether a citation sits in Chinese text: the nearest non-space character on either side is Chinese."""
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip()[:1]
    return bool(_CHINESE_NEIGHBOUR.match(before) or _CHINESE_NEIGHBOUR.match(after))


def _find_latex(text: str, location: Location, found: _Found) -> None:
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


def _find_pandoc(text: str, location: Location, found: _Found) -> str:
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


def _find_parenthetical(text: str, location: Location, found: _Found) -> list[tuple[int, int]]:
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
        found.marks.append(
            _Marks(group.group(), where, chinese, _group_styles(group.group(), cited, separators), in_group)
        )
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


def _parse_item(item: str, location: Location, chinese: bool) -> tuple[list[_AuthorYear], str] | None:
    """'Park 等，2010' → its citations and the comma before the year; None if not a citation."""
    item = _LOCATOR.sub("", _PREFIX.sub("", item.strip()))
    years = _YEARS.search(item)
    if years is None:
        return None
    authors = item[: years.start()].strip()
    et_al = bool(_ET_AL.search(authors))
    names = [name for name in _CONNECTOR.split(_ET_AL.sub("", authors)) if name]
    if not names or not all(_is_name(name) for name in names) or len(authors) > 120:
        return None
    if len(names) == 1 and not et_al and not years.group("comma"):
        return None  # '(Spring 2019)': a single word before a year is a name only with a comma
    citations = [
        _AuthorYear(item, location, names, et_al, int(year), suffix, chinese)
        for year, suffix in _YEAR_PARTS.findall(years.group("years"))
    ]
    return citations, years.group("comma") or ""


def _is_name(text: str) -> bool:
    """A Chinese name, or a capitalised Latin family or corporate name without digits."""
    return bool(_CJK_NAME.fullmatch(text) or _LATIN_NAME_LIST.fullmatch(text))


def _find_narrative(text: str, location: Location, taken: list[tuple[int, int]], found: _Found) -> None:
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
        citations = [
            _AuthorYear(
                match.group().strip(),
                where,
                names,
                bool(match.group("et_al")),
                int(year),
                suffix,
                chinese,
                in_run,
            )
            for year, suffix in _YEAR_PARTS.findall(match.group("years"))
        ]
        found.author_year += citations
        written = match.group()
        opening = max(written.rfind("("), written.rfind("（"))
        styles = {"parentheses": _pair_width(written[opening], written[-1])}
        if connectors := set(_CONNECTOR_WORD.findall(authors)):
            styles["connector"] = _single(connectors)
        found.marks.append(_Marks(match.group(), where, chinese, styles, citations))


def _width(mark: str) -> str:
    """'full' for the full-width forms （，；, 'half' for ( , ;."""
    return "full" if ord(mark[0]) > 0xFF00 else "half"


def _pair_width(opening: str, closing: str) -> str:
    return _single({_width(opening), _width(closing)})


def _single(styles: set[str]) -> str:
    """One style, or 'mixed' when a single citation already uses two."""
    return next(iter(styles)) if len(styles) == 1 else "mixed"


# --- matching to the reference list -----------------------------------------------------------


def name_key(name: str) -> str:
    """Case-, accent-, space- and punctuation-free: 'Malär' = 'Malar', 'van der Berg' = 'Van der Berg'."""
    return re.sub(r"[\W_]", "", fold(name))


def _people(ref: Reference) -> list[Person]:
    """Whom an entry is cited by: its authors, or its editors when it has none."""
    return ref.authors or ref.editors


def _person_keys(person: Person) -> set[str]:
    """A Latin name is cited by family name; a Chinese one by its full name (周志民),
    whichever way it was split."""
    keys = {name_key(person.family)}
    if has_cjk(person.last):
        keys.add(name_key(person.last + person.first))
    return keys


class _ReferenceIndex:
    """The bibliography by first author's cited name, for author–year lookups."""

    def __init__(self, bib: Bibliography):
        self.by_key = bib.by_key()
        self.by_name: dict[str, list[Reference]] = defaultdict(list)
        for ref in bib.references:
            people = _people(ref)
            for key in _person_keys(people[0]) if people else ():
                self.by_name[key].append(ref)
        self.cjk_names = sorted((k for k in self.by_name if has_cjk(k)), key=len, reverse=True)

    def suggest_name(self, name: str) -> str:
        """A known first author one typo away (two for names of eight letters or more)."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        key = name_key(name)
        guess = process.extractOne(
            key, list(self.by_name), scorer=Levenshtein.distance, score_cutoff=1 + len(key) // 8
        )
        return guess[0] if guess else ""

    def suggest_key(self, key: str) -> str:
        """The key differing only in case (BibTeX ignores it, biber does not), else a close one."""
        from rapidfuzz import fuzz, process

        lowered = {k.lower(): k for k in self.by_key}
        if key.lower() in lowered:
            return lowered[key.lower()]
        guess = process.extractOne(key, list(self.by_key), scorer=fuzz.ratio, score_cutoff=80)
        return guess[0] if guess else ""


def _resolve_cjk_run(citation: _AuthorYear, index: _ReferenceIndex) -> bool:
    """Cut a narrative Chinese citation's run of characters (国内学者周志民等) down to its name.

    The name is the known author name the run ends with; failing that, with 等 the
    last three characters (most Chinese names have three), and without 等 the run
    is ordinary text before a year in brackets: False, not a citation.
    """
    if not citation.name_in_run:
        return True
    run = citation.names[0]
    known = next((name for name in index.cjk_names if run.endswith(name)), None)
    if known is None and not citation.et_al:
        return False
    citation.names[0] = known or run[-3:]
    return True


def short_label(ref: Reference, chinese: bool | None = None) -> str:
    """'Huang & Benyoucef, 2017' / 'Park et al., 2010' / '周志民等, 2019': how the entry is cited.

    `chinese` picks 等 over et al. (for Chinese text); by default a Chinese name gets 等.
    """
    people = _people(ref)
    if not people:
        return f"{ref.key}, {ref.year_text}"
    first = _cited_name(people[0])
    if len(people) >= ET_AL_MINIMUM or ref.authors_truncated:
        names = f"{first}等" if (has_cjk(first) if chinese is None else chinese) else f"{first} et al."
    elif len(people) == 2:
        names = f"{first} & {_cited_name(people[1])}"
    else:
        names = first
    return f"{names}, {ref.year_text}"


def _cited_name(person: Person) -> str:
    """How the text names a person: the family name, or a Chinese name in full."""
    return person.last + person.first if has_cjk(person.last) else person.family


def _form_fits(citation: _AuthorYear, ref: Reference) -> bool:
    """Whether the names and et al. as written fit the entry's author list."""
    people = _people(ref)
    if len(citation.names) > 1 and (
        len(people) < 2 or name_key(citation.names[1]) not in _person_keys(people[1])
    ):
        return False
    if citation.et_al:
        return len(people) >= ET_AL_MINIMUM or ref.authors_truncated
    return len(citation.names) == len(people) and not ref.authors_truncated


def _choose(citation: _AuthorYear, same_year: list[Reference]) -> list[Reference]:
    """The entries a citation can mean among those with its first author and year; one when it is clear."""
    if len(same_year) == 1:
        return same_year
    fitting = [ref for ref in same_year if _form_fits(citation, ref)] or same_year
    if citation.suffix and len(fitting) > 1:
        marked = [ref for ref in fitting if ref.year_text.strip().endswith(citation.suffix)]
        if len(marked) == 1:
            return marked
        ordered = sorted(fitting, key=lambda ref: fold(ref.title))  # a/b follow title order (APA, biblatex)
        position = ord(citation.suffix) - ord("a")
        return [ordered[position]] if position < len(ordered) else fitting
    return fitting


def check_citations(paragraphs: list[Paragraph], bib: Bibliography, unit: str = "line") -> CiteCheckResult:
    """Citations found in `paragraphs` and every problem between them and `bib`, with
    the entries of `bib` that could not be read (a citation of one looks missing).

    `unit` is what locations count ('line', or 'paragraph' for .docx), named in messages
    so that a number is never read as the wrong thing.
    """
    found = find_citations(paragraphs)
    index = _ReferenceIndex(bib)
    result = CiteCheckResult()
    report = _Reporter(result.problems, unit)
    for severity, location, message in found.malformed:
        report(severity, "citation-syntax", location, message)
    cited = _match_keys(found, index, result.citations, report)
    cited |= _match_author_years(found.author_year, index, result.citations, report)
    _report_punctuation([mark for mark in found.marks if any(c.counted for c in mark.citations)], report)
    result.citations.sort(key=lambda c: c.location.line)
    result.problems.sort(
        key=lambda p: p.location.line
    )  # all in the manuscript so far; uncited entries follow
    _report_uncited(bib, cited, found.listed_without_citing, result.problems)
    result.problems += [problem for problem in bib.problems if problem.code in UNPARSED_CODES]
    return result


def _match_keys(
    found: _Found, index: _ReferenceIndex, citations: list[Citation], report: _Reporter
) -> set[str]:
    """LaTeX and pandoc citations name their key: it exists, or it is reported with the nearest key."""
    cited = set()
    narrative = [c for c in found.narrative_keys if c.key in index.by_key or re.search(r"\d", c.key)]
    for citation in found.by_key + narrative:
        if citation.key in index.by_key:
            cited.add(citation.key)
        else:
            suggestion = index.suggest_key(citation.key)
            hint = f"; did you mean '{suggestion}'?" if suggestion else ""
            report(
                Severity.ERROR,
                "citation-missing-reference",
                citation.location,
                f"'{citation.text}': no entry with key '{citation.key}'{hint}",
            )
            citation.key = None
        citations.append(citation)
    return cited


def _match_author_years(
    found: list[_AuthorYear], index: _ReferenceIndex, citations: list[Citation], report: _Reporter
) -> set[str]:
    """Author–year citations by first author and year; returns the keys they account for."""
    cited = set()
    for citation in found:
        citation.counted = _resolve_cjk_run(citation, index)
        if citation.counted:
            key, meant = _match_author_year(citation, index, report)
            cited |= meant
            citations.append(Citation(citation.text, citation.location, key))
    return cited


class _Reporter:
    """Makes citation problems, naming the paragraph in messages when locations count paragraphs."""

    def __init__(self, problems: list[Problem], unit: str):
        self.problems = problems
        self.unit = unit

    def __call__(
        self, severity: Severity, code: str, location: Location, message: str, key: str = ""
    ) -> None:
        if self.unit != "line":
            message = f"{self.unit} {location.line}: {message}"
        self.problems.append(Problem(severity, message, location, key=key, code=code))


def _match_author_year(
    citation: _AuthorYear, index: _ReferenceIndex, report: _Reporter
) -> tuple[str | None, set[str]]:
    """(matched key or None, keys the citation accounts for) after reporting what is wrong with it."""
    first = citation.names[0]
    written = f"'{citation.text}'"
    candidates = index.by_name.get(name_key(first), [])
    if not candidates:
        close = index.suggest_name(first)
        hint = f"; did you mean {', '.join(r.key for r in index.by_name[close])}?" if close else ""
        report(
            Severity.ERROR,
            "citation-missing-reference",
            citation.location,
            f"{written}: no reference by {first} in the list{hint}",
        )
        return None, set()
    same_year = [ref for ref in candidates if ref.year == citation.year]
    if not same_year:
        likely = _likely_intended(citation, candidates)
        report(
            Severity.ERROR,
            "citation-year-mismatch",
            citation.location,
            f"{written}: no {first} {citation.year} in the reference list; likely meant "
            + " or ".join(f"{ref.key} ({short_label(ref)})" for ref in likely),
            likely[0].key,
        )
        return None, {ref.key for ref in likely}
    chosen = _choose(citation, same_year)
    if len(chosen) > 1:
        keys = " and ".join(ref.key for ref in chosen)
        report(
            Severity.ERROR,
            "citation-ambiguous",
            citation.location,
            f"{written} fits {keys} (same first author and year): add a/b to the years in the list "
            "and the text, or name more authors",
        )
        return None, {ref.key for ref in chosen}
    ref = chosen[0]
    if not _form_fits(citation, ref):
        code, message = _form_problem(citation, ref)
        report(Severity.WARNING, code, citation.location, message, ref.key)
    return ref.key, {ref.key}


def _likely_intended(citation: _AuthorYear, candidates: list[Reference]) -> list[Reference]:
    """Same first author, the nearest year; entries whose author list fits the citation's form first."""
    dated = [ref for ref in candidates if ref.year] or candidates
    pool = [ref for ref in dated if _form_fits(citation, ref)] or dated
    distance = min(abs((ref.year or 0) - citation.year) for ref in pool)
    return [ref for ref in pool if abs((ref.year or 0) - citation.year) == distance]


def _form_problem(citation: _AuthorYear, ref: Reference) -> tuple[str, str]:
    """(code, message) for a citation whose names or et al. do not fit its entry."""
    people = _people(ref)
    written = f"'{citation.text}'"
    if (
        len(citation.names) > 1
        and len(people) > 1
        and name_key(citation.names[1]) not in _person_keys(people[1])
    ):
        return (
            "citation-authors",
            f"{written}: {ref.key}'s second author is {_cited_name(people[1])}, not {citation.names[1]}",
        )
    et_al = "等" if "等" in citation.text else "et al."
    count = f"at least {ET_AL_MINIMUM}" if ref.authors_truncated else str(len(people))
    return (
        "citation-et-al",
        f"{written}: {ref.key} has {count} author{'s' if count != '1' else ''}; "
        f"cite it as '{short_label(ref, citation.chinese)}'"
        + (f" ({et_al} is for {ET_AL_MINIMUM} or more)" if citation.et_al else ""),
    )


def _report_uncited(bib: Bibliography, cited: set[str], listed: set[str], problems: list[Problem]) -> None:
    """Entries no citation accounts for, unless \\nocite lists them (or everything)."""
    if "*" in listed:
        return
    for ref in bib.references:
        if ref.key not in cited and ref.key not in listed:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"{ref.key} ({short_label(ref)}) is in the reference list but never cited",
                    ref.location,
                    key=ref.key,
                    code="reference-uncited",
                )
            )


_SHOWN = {
    "parentheses": {"full": "（）", "half": "()"},
    "comma": {"full": "，", "half": ",", "none": "no comma"},
    "semicolon": {"full": "；", "half": ";"},
}
_CONVENTIONAL = {True: "full", False: "half"}  # breaks a tie: Chinese text full-width, English half-width


def _report_punctuation(marks: list[_Marks], report: _Reporter) -> None:
    """Within the Chinese text and within the English text, each citation is written like most others."""
    for chinese in (True, False):
        group = [mark for mark in marks if mark.chinese == chinese]
        usual = _usual_styles(group, chinese)
        for mark in group:
            odd = [slot for slot, style in mark.styles.items() if style != usual.get(slot, style)]
            if odd:
                what = "; ".join(
                    f"{_show(slot, mark.styles[slot])} where most use {_show(slot, usual[slot])}"
                    for slot in odd
                )
                language = "Chinese" if chinese else "English"
                report(
                    Severity.INFO,
                    "citation-punctuation",
                    mark.location,
                    f"'{mark.text}' in {language} text: {what}",
                )


def _usual_styles(marks: list[_Marks], chinese: bool) -> dict[str, str]:
    """The majority style per slot ('mixed' never counts as one)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for mark in marks:
        for slot, style in mark.styles.items():
            if style != "mixed":
                counts[slot][style] += 1
    usual = {}
    for slot, counter in counts.items():
        best = max(counter.values())
        leaders = [style for style, count in counter.items() if count == best]
        usual[slot] = (
            _CONVENTIONAL[chinese] if len(leaders) > 1 and _CONVENTIONAL[chinese] in leaders else leaders[0]
        )
    return usual


def _show(slot: str, style: str) -> str:
    if style == "mixed":
        return f"mixed {slot}"
    return f"'{style}'" if slot == "connector" or style == "none" else f"'{_SHOWN[slot][style]}'"
