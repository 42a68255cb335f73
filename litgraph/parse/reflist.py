"""A manuscript's reference section, and the references in it, one per item.

The one home of "where is the list": its heading (参考文献, References, Bibliography, Works
Cited, ...: `is_references_heading`), where it ends (at back matter such as 附录 or Appendix,
a new section, or where the entries stop looking like references: the seed review's list is
followed by its English title and abstract), and how it splits into references (one per
numbered item, bullet, paragraph or line; wrapped lines joined; hanging indents followed).
A file that is only a list (no heading, nearly every paragraph a reference) is read whole.
cite-check reads the text outside the list (`split_manuscript`) and the list itself from here, so
import and cite-check agree on what is the list and what is the text.

List markers ([1], 1., （1）, -, *), markdown emphasis and links, and LaTeX markup
(\\bibitem, \\emph, \\newblock) are removed; the text handed on is what a parser reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Location, Problem, Severity
from ..style.marks import MARK_PATTERN
from ..text import CAPITALS, has_cjk, is_cjk_char
from .latex import decode

Paragraph = tuple[str, Location]

_NUMBERING = r"(?:第?[一二三四五六七八九十\d]+[章节部分、.．]?\s*|[IVX]+\.?\s+|\d+(?:\.\d+)*\.?\s*)?"
_REFERENCES_WORDS = (
    r"(?:主要)?参考文献(?:目录)?|参考书目|参考资料|引用文献|引证文献|references?(?:\s+cited)?|reference list|"
    r"bibliography|works cited|literature cited|cited literature|sources cited|references and notes"
)
_HEADING = re.compile(
    rf"\s*(?:#+\s*|\*\*|__|\\(?:sub)*section\*?\{{\s*|\\chapter\*?\{{\s*)?{_NUMBERING}"
    rf"(?:{_REFERENCES_WORDS})\s*(?:\*\*|__)?\s*\}}?\s*[:：]?\s*",
    re.IGNORECASE,
)
_THEBIBLIOGRAPHY = re.compile(r"\\begin\{thebibliography\}(?:\{[^}]*\})?")
_BACK_MATTER = re.compile(
    rf"\s*(?:#+\s*|\*\*)?{_NUMBERING}(?:附\s*录|致\s*谢|后\s*记|作者简介|作者贡献|摘\s*要|"
    r"appendix|appendices|acknowledge?ments?|abstract|notes|footnotes|endnotes|about the authors?|"
    r"author biograph(?:y|ies)|supplementary (?:material|information)|tables?|figures?)"
    r"[A-Z0-9一二三四五六七八九十]{0,2}\s*(?:\*\*)?\s*[:：.]?(?:\s+\S.{0,60})?\s*",
    re.IGNORECASE,
)
_NEW_SECTION = re.compile(
    r"\s*(?:(?P<hashes>#{1,6})\s+\S|\\(?P<subs>(?:sub)*)section\*?\{|\\chapter\*?\{"
    r"|\\end\{(?:document|thebibliography)\})"
)
_MARKER = re.compile(
    r"^\s*(?:[\[［]\s*(?P<bracket>\d{1,5})\s*[\]］]|[(（]\s*(?P<paren>\d{1,5})\s*[)）]"
    r"|(?P<dot>\d{1,5})\s*[.．、)]\s(?=\S)|(?P<dotcjk>\d{1,5})[.．、](?=[\u3400-\u9fff])|[-*+•·●▪◦‣]\s+|\\item\s*)"
)
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[(?P<label>[^\]]*)\])?\s*\{(?P<key>[^}]*)\}")
_YEAR = re.compile(
    r"(?<!\d)(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)|n\.\s?d\.|in press|forthcoming|待刊|出版中", re.I
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_REFERENCE_CUE = re.compile(
    r"\d+\s*[-–—~]\s*\d+|\bpp?\.\s*\d|\d+\s*[(（]\s*[\w-]+\s*[)）]|[(（]\s*(?:1[5-9]|20)\d\d[a-z]?\s*[)）]"
    r"|[,，.。]\s*(?:1[5-9]|20)\d\d[a-z]?\s*[,，.。:：(（]|\bet al\.|\s&\s|等[.。,，]|https?://|\bn\.\s?d\."
    r"|in press|forthcoming|待刊|出版中",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"(?:[.。．!?！？]|[.。]\s*[)\]）】]|\d|10\.\d{4,9}/\S+|https?://\S+)\s*$")
_CAP = f"[{CAPITALS}]"
_AUTHOR_START = re.compile(
    rf"^(?:{_CAP}[\w'’\-]+(?:\s{_CAP}[\w'’\-]+)?,\s+(?:{_CAP}\.|{_CAP}[a-zà-ÿа-яё]+|&)"
    rf"|{_CAP}[\w'’\-]+\s{_CAP}{{1,3}}[,.]"
    rf"|{_CAP}[\w'’\-]+(?:\s{_CAP}[\w'’\-]+)*\.\s\(?\d{{4}}"
    rf"|{_CAP}[\w'’\-]+\s\(\d{{4}})"
)
_TOO_LONG = 1000  # a paragraph this long is running text, not one reference
_LOOKAHEAD = 2  # non-reference items inside the list before it is taken to have ended
_SUBHEADING = 40  # a shorter non-reference item inside the list is a sub-heading (英文文献), skipped
# Markdown: emphasis, links, autolinks, escapes.
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
)
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


@dataclass(slots=True)
class TypedReference:
    """One reference as typed: its text as a parser reads it, where it starts, and its list number
    or LaTeX key when it had one."""

    text: str
    location: Location
    label: str = ""
    key: str = ""


@dataclass(slots=True)
class ReferenceSection:
    references: list[TypedReference] = field(default_factory=list)
    heading: Paragraph | None = None  # None: the whole file is the list
    end: Location | None = None  # the first paragraph after the list; None: it runs to the end
    skipped: list[Paragraph] = field(default_factory=list)  # inside the list, not references
    problems: list[Problem] = field(default_factory=list)
    first: int = 0  # index of the list's first paragraph
    last: int = 0  # index after its last


_SYNTAXES = {".md": "markdown", ".markdown": "markdown", ".tex": "latex", ".docx": "docx"}


def syntax_of(path: Path | str) -> str:
    """How a manuscript's list is read, by its file name: "markdown", "latex", "docx", else "text"."""
    return _SYNTAXES.get(Path(path).suffix.lower(), "text")


def is_references_heading(text: str) -> bool:
    """A line that heads a reference list: 参考文献, References, ## 5 Bibliography, \\section*{References}."""
    return bool(_HEADING.fullmatch(text) or _THEBIBLIOGRAPHY.match(text.strip()))


def looks_like_reference(text: str) -> bool:
    """An entry of a reference list rather than running text: a GB/T type mark ([J], [M], [EB/OL]) or a
    DOI, or a year (or n.d., in press, 待刊) with something only references have: a page range, a
    volume(issue), an author list's start, "(2019)." or ", 2019," (a sentence "In 2019 we asked ..."
    has none of them)."""
    text = text.strip()
    if not text or len(text) > _TOO_LONG:
        return False
    if MARK_PATTERN.search(text) or _DOI.search(text):
        return True
    minimum = 12 if has_cjk(text) else 25
    if len(text) < minimum or not _YEAR.search(text):
        return False
    return bool(_REFERENCE_CUE.search(text) or _AUTHOR_START.match(text))


def body_paragraphs(
    paragraphs: list[Paragraph], syntax: str = "text", *, list_file: bool = True
) -> list[Paragraph]:
    """The paragraphs outside the reference section (its heading included in the section)."""
    return split_manuscript(paragraphs, syntax, list_file=list_file)[0]


def split_manuscript(
    paragraphs: list[Paragraph], syntax: str = "text", *, list_file: bool = True
) -> tuple[list[Paragraph], ReferenceSection | None]:
    """The paragraphs outside the reference section, and the section (None when there is none)."""
    paragraphs = _headings_apart(paragraphs)
    section = find_reference_section(paragraphs, syntax, list_file=list_file)
    if section is None:
        return list(paragraphs), None
    start = section.first
    if section.heading is not None and start and paragraphs[start - 1] == section.heading:
        start -= 1  # the heading above the list (a LaTeX list starts at its \begin{thebibliography})
    return paragraphs[:start] + paragraphs[section.last :], section


def find_reference_section(
    paragraphs: list[Paragraph], syntax: str = "text", *, list_file: bool = True
) -> ReferenceSection | None:
    """The reference section of a manuscript's paragraphs (`read_manuscript`'s), or None when it has
    none. `syntax` is "text", "markdown", "latex" or "docx" (each paragraph a line). With `list_file`
    False a file without a references heading has no list (a manuscript checked for its citations is
    not a list file, however much its one paragraph looks like a reference)."""
    if syntax == "latex":
        bibitems = _latex_bibliography(paragraphs)
        if bibitems is not None:
            return bibitems
    paragraphs = _headings_apart(paragraphs)
    start, heading = _start(paragraphs, list_file)
    if start is None:
        return None
    section = ReferenceSection(heading=heading, first=start, last=len(paragraphs))
    if heading is None:  # a list file: whatever precedes its first reference (a title) is not read
        section.skipped = [paragraph for paragraph in paragraphs[:start] if paragraph[0].strip()]
    pending: list[tuple[int, TypedReference]] = []  # items that do not look like references, yet
    level = _level(heading)
    for index in range(start, len(paragraphs)):
        text, _ = paragraphs[index]
        if section.references and _ends_list(text.strip().split("\n")[0], level):
            section.last = index
            break
        items = _items(text, paragraphs[index][1], syntax)
        numbered = any(item.label for item in items)
        for item in items:
            if (numbered and item.label) or looks_like_reference(item.text):
                _settle(section, [item for _, item in pending])
                pending.clear()
                section.references.append(item)
            else:
                pending.append((index, item))
        if len(pending) > _LOOKAHEAD:
            break
    if pending:  # the list ended at the first of them
        section.last = pending[0][0]
    section.end = paragraphs[section.last][1] if section.last < len(paragraphs) else None
    _check_numbering(section)
    return section


def _headings_apart(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A heading typed on the line above its list, with no blank line between, as a paragraph of its own."""
    out: list[Paragraph] = []
    for text, location in paragraphs:
        first, _, rest = text.partition("\n")
        if rest.strip() and (is_references_heading(first.strip()) or _ends_list(first.strip(), 0)):
            out += [(first, location), (rest, Location(location.file, location.line + 1))]
        else:
            out.append((text, location))
    return out


def _start(paragraphs: list[Paragraph], list_file: bool = True) -> tuple[int | None, Paragraph | None]:
    """Where the list starts: after the last references heading that a reference follows; else, for a
    file that is only a list, at its first reference."""
    headings = [i for i, (text, _) in enumerate(paragraphs) if is_references_heading(text.strip())]
    for i in reversed(headings):
        following = paragraphs[i + 1 : i + 1 + _LOOKAHEAD + 1]
        if any(looks_like_reference(line) for text, _ in following for line in _candidate_lines(text)):
            return i + 1, paragraphs[i]
    if headings:  # a heading with no list after it: the caller says so
        return headings[-1] + 1, paragraphs[headings[-1]]
    if not list_file:
        return None, None
    lines = [
        (i, line) for i, (text, _) in enumerate(paragraphs) for line in _candidate_lines(text) if line.strip()
    ]
    listed = [i for i, line in lines if looks_like_reference(line)]
    if lines and len(listed) >= max(1, 0.6 * len(lines)):
        return listed[0], None
    return None, None


def _candidate_lines(text: str) -> list[str]:
    return [_MARKER.sub("", line) for line in text.splitlines()] or [text]


def _all_references(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return (
        len(lines) > 1
        and sum(looks_like_reference(_MARKER.sub("", line)) for line in lines) * 10 >= len(lines) * 6
    )


def _ends_list(line: str, level: int) -> bool:
    """Back matter (附录, Appendix) or a new section of the heading's level or above ends the list; a
    deeper heading (### English references) is a sub-heading inside it."""
    if is_references_heading(line) or looks_like_reference(line):
        return False
    section = _NEW_SECTION.match(line)
    if section and (section.group("hashes") or section.group("subs") is not None):
        depth = len(section.group("hashes") or "") or len(section.group("subs") or "") // 3 + 1
        return not level or depth <= level
    return bool(section or _BACK_MATTER.fullmatch(line))


def _level(heading: Paragraph | None) -> int:
    """The section level of a references heading: 2 for '## References', 1 for \\section*{}; 0 plain."""
    if heading is None:
        return 0
    section = _NEW_SECTION.match(heading[0])
    if section is None:
        return 0
    return len(section.group("hashes") or "") or len(section.group("subs") or "") // 3 + 1


def _settle(section: ReferenceSection, between: list[TypedReference]) -> None:
    """Items between references: long ones are read (the parser says if they are doubtful), short ones
    are sub-headings (中文文献, English references), skipped and listed."""
    for item in between:
        if len(item.text) >= _SUBHEADING or (has_cjk(item.text) and len(item.text) >= _SUBHEADING // 2):
            section.references.append(item)
        else:
            section.skipped.append((item.text, item.location))


# --- one paragraph into references --------------------------------------------------------------


def _items(text: str, location: Location, syntax: str) -> list[TypedReference]:
    """The references of one paragraph: one per marker when it has list markers, else one per line
    when every line ends like a reference, else its wrapped lines joined where a new one starts."""
    lines = [(line, location.line + offset) for offset, line in enumerate(text.split("\n")) if line.strip()]
    if syntax == "docx":
        lines = [(" ".join(text.split()), location.line)]
    groups: list[list[tuple[str, int]]] = []
    marked = sum(1 for line, _ in lines if _MARKER.match(line))
    every_line = all(_TERMINAL.search(line.strip()) for line, _ in lines[:-1])
    indent = lambda line: len(line) - len(line.lstrip())  # noqa: E731
    for position, (line, number) in enumerate(lines):
        if not groups:
            groups.append([(line, number)])
            continue
        previous = groups[-1][-1][0]
        if marked:
            starts = bool(_MARKER.match(line))
        elif indent(line) > indent(lines[0][0]) and indent(lines[0][0]) == 0 and position:
            starts = False  # a hanging indent continues the entry
        elif every_line:
            starts = not _continues(line)
        else:
            starts = bool(_TERMINAL.search(previous.strip())) and _starts_entry(line)
        if starts:
            groups.append([(line, number)])
        else:
            groups[-1].append((line, number))
    return [_reference(group, location.file, syntax) for group in groups]


def _continues(line: str) -> bool:
    """A line that cannot begin an entry: it starts in lower case, with a digit or with punctuation."""
    first = line.strip()[:1]
    return bool(first) and (first.islower() or first.isdigit() or first in "(（,，.;:：)）]&")


def _starts_entry(line: str) -> bool:
    stripped = line.strip()
    if _MARKER.match(line):
        return True
    if stripped[:1] and is_cjk_char(stripped[0]):
        return True
    return bool(_AUTHOR_START.match(stripped))


def _reference(group: list[tuple[str, int]], file: str, syntax: str) -> TypedReference:
    first_line, number = group[0]
    marker = _MARKER.match(first_line)
    label = ""
    if marker:
        label = next((value for value in marker.groupdict().values() if value), "")
    joined = ""
    for offset, (line, _) in enumerate(group):
        line = line.strip()
        if offset == 0 and marker:
            line = _MARKER.sub("", line, count=1).strip()
        joined = _join(joined, line)
    return TypedReference(clean(joined, syntax), Location(file, number), label)


def _join(before: str, line: str) -> str:
    """Wrapped lines joined: no space between Chinese characters or after a hyphenated word break."""
    if not before:
        return line
    if before.endswith("-") and line[:1].islower():
        return before + line
    if is_cjk_char(before[-1]) or is_cjk_char(line[:1]) or before[-1] in "，。；：、（":
        return before + line
    return f"{before} {line}"


def clean(text: str, syntax: str) -> str:
    """The reference's text without markup: markdown emphasis and links, LaTeX commands."""
    if syntax in ("markdown", "text"):  # plain-text lists are often pasted from markdown (*Journal*)
        text = _MD_LINK.sub(_link_text, text)
        text = _MD_AUTOLINK.sub(r"\1", text)
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
        if syntax == "markdown":
            text = _MD_ESCAPE.sub(r"\1", text)
    elif syntax == "latex":
        text = decode(text.replace("\\newblock", " "))
    return " ".join(text.split())


def _link_text(link: re.Match) -> str:
    text, target = link.group(1), link.group(2)
    return text if target in text else f"{text} {target}"


# --- LaTeX's thebibliography ------------------------------------------------------------------------


def _latex_bibliography(paragraphs: list[Paragraph]) -> ReferenceSection | None:
    """`\\begin{thebibliography}` ... `\\end{thebibliography}`, one reference per \\bibitem, its key kept."""
    begin = next((i for i, (text, _) in enumerate(paragraphs) if _THEBIBLIOGRAPHY.search(text)), None)
    if begin is None:
        return None
    section = ReferenceSection(heading=paragraphs[begin], first=begin, last=len(paragraphs))
    items: list[tuple[str, int, str]] = []  # text, line, key
    for index in range(begin, len(paragraphs)):
        text, location = paragraphs[index]
        for offset, line in enumerate(text.split("\n")):
            number = location.line + offset
            if "\\end{thebibliography}" in line:
                section.end, section.last = Location(location.file, number), index + 1
                line = line.split("\\end{thebibliography}")[0]
            line = _THEBIBLIOGRAPHY.sub("", line)
            pieces = list(_BIBITEM.finditer(line))
            if pieces:
                if pieces[0].start() and items:
                    items[-1] = (items[-1][0] + " " + line[: pieces[0].start()], items[-1][1], items[-1][2])
                for n, bibitem in enumerate(pieces):
                    end = pieces[n + 1].start() if n + 1 < len(pieces) else len(line)
                    items.append((line[bibitem.end() : end], number, bibitem.group("key").strip()))
            elif items and line.strip():
                items[-1] = (items[-1][0] + " " + line, items[-1][1], items[-1][2])
        if section.end is not None:
            break
    for text, number, key in items:
        reference = TypedReference(clean(text, "latex"), Location(paragraphs[begin][1].file, number), key=key)
        section.references.append(reference)
    return section


# --- numbering -------------------------------------------------------------------------------------------


def _check_numbering(section: ReferenceSection) -> None:
    """A numbered list whose numbers jump (3, 5) or repeat has lost or doubled an entry."""
    numbers = [(int(ref.label), ref) for ref in section.references if ref.label.isdigit()]
    for (before, _), (after, ref) in zip(numbers, numbers[1:], strict=False):
        if after != before + 1:
            what = "repeats" if after == before else f"jumps from {before} to {after}"
            section.problems.append(
                Problem(
                    Severity.WARNING,
                    f"the list's numbering {what}: an entry may be missing or doubled",
                    ref.location,
                    code="list-numbering",
                )
            )
