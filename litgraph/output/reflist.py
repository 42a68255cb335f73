"""The reference list of a review: ordered, numbered and written as txt, md, html, docx or json.

Numeric lists follow the manuscript's first citations (then the uncited entries in file
order, unless `cited_only`); author-date lists follow the style's sort (`style/sorting.py`)
and carry 2013a/2013b where two works share a label. Every entry is rendered as far as its
data goes; what it lacks (a title, a year, a known type) is returned as a `Gap` with its key.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..csl import CslItem
from ..files import atomic_replace, atomic_write_text
from ..style.render import NUMERIC, Segment, Style, emphasized, gaps, render
from ..style.sorting import sort_key, year_suffixes

FORMATS = ("txt", "md", "html", "docx", "json")
SUFFIXES = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".json": "json"}
_GAP_WORDS = {"title": "no title", "year": "no year", "type": "a type no style knows"}


@dataclass(slots=True)
class ListEntry:
    key: str
    label: str  # "[1]" in a numeric list, "" in an author-date one
    segments: list[Segment]
    italic: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass(slots=True)
class Gap:
    key: str
    missing: list[str]

    @property
    def message(self) -> str:
        return "rendered as far as it goes: " + ", ".join(_GAP_WORDS[part] for part in self.missing)

    def as_dict(self) -> dict:
        return {"key": self.key, "missing": self.missing, "message": self.message}


@dataclass(slots=True)
class ReferenceList:
    style: Style
    entries: list[ListEntry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        """[{"key", "text", "style"}] in list order: the shape scripts and tests rely on."""
        return [{"key": entry.key, "text": entry.text, "style": self.style.name} for entry in self.entries]


def build_list(
    items: list[CslItem],
    style: Style,
    *,
    cited: list[str] | None = None,
    cited_only: bool = False,
    group_by_language: bool = True,
) -> ReferenceList:
    """The list of `items` (in file order) as `style` orders it; `cited` is the manuscript's keys in order
    of first citation (None: no manuscript)."""
    chosen = _chosen(items, cited, cited_only)
    suffixes = [""] * len(chosen)
    if style.order == NUMERIC:
        chosen = _by_citation(chosen, cited)
    else:
        chosen.sort(key=lambda item: sort_key(item, style, group_by_language=group_by_language))
        suffixes = year_suffixes(chosen, style)
    out = ReferenceList(style)
    for number, (item, suffix) in enumerate(zip(chosen, suffixes, strict=True), 1):
        label = f"[{number}]" if style.order == NUMERIC else ""
        out.entries.append(
            ListEntry(item.id, label, render(item, style, year_suffix=suffix), emphasized(item, style))
        )
        missing = gaps(item)
        if missing:
            out.gaps.append(Gap(item.id, missing))
    return out


def _chosen(items: list[CslItem], cited: list[str] | None, cited_only: bool) -> list[CslItem]:
    if not (cited_only and cited is not None):
        return list(items)
    wanted = set(cited)
    return [item for item in items if item.id in wanted]


def _by_citation(items: list[CslItem], cited: list[str] | None) -> list[CslItem]:
    """First-cited first; the rest keep their file order after them."""
    if not cited:
        return items
    first: dict[str, int] = {}
    for key in cited:
        first.setdefault(key, len(first))
    return sorted(items, key=lambda item: first.get(item.id, len(first)))


# --- formats -----------------------------------------------------------------------------------


def as_text(reflist: ReferenceList) -> str:
    return "".join(_line(entry) + "\n" for entry in reflist.entries)


def _line(entry: ListEntry) -> str:
    return f"{entry.label} {entry.text}" if entry.label else entry.text


def as_markdown(reflist: ReferenceList) -> str:
    """One paragraph per entry, italics as *…*, Markdown's own characters escaped."""
    lines = []
    for entry in reflist.entries:
        body = "".join(_md(segment, entry.italic) for segment in entry.segments)
        lines.append(f"{entry.label} {body}" if entry.label else body)
    return "\n\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return "".join("\\" + char if char in "\\`*_<>" else char for char in text)


def _md(segment: Segment, italic: frozenset[str]) -> str:
    text = _md_escape(segment.text) if segment.field not in ("URL", "DOI") else segment.text
    return f"*{text}*" if segment.field in italic and text.strip() else text


def as_html(reflist: ReferenceList) -> str:
    """A page of its own: entries with a hanging indent, links live, italics as <i>."""
    rows = []
    for entry in reflist.entries:
        label = f'<span class="label">{html.escape(entry.label)}</span> ' if entry.label else ""
        body = "".join(_html(segment, entry.italic) for segment in entry.segments)
        rows.append(f'<p class="entry" id="ref-{html.escape(entry.key, quote=True)}">{label}{body}</p>')
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>References</title>\n'
        "<style>.entry{padding-left:2em;text-indent:-2em;margin:0 0 .5em}</style></head>\n<body>\n"
        + "\n".join(rows)
        + "\n</body></html>\n"
    )


def _html(segment: Segment, italic: frozenset[str]) -> str:
    text = html.escape(segment.text)
    if segment.field == "URL" or (segment.field == "DOI" and segment.text.startswith("https://")):
        text = f'<a href="{html.escape(segment.text, quote=True)}">{text}</a>'
    return f"<i>{text}</i>" if segment.field in italic else text


def write(reflist: ReferenceList, fmt: str, path: Path | None) -> str | None:
    """Write the list to `path` in `fmt` (atomically); without a path, return the text (not for docx)."""
    if fmt == "docx":
        if path is None:
            raise ValueError("docx needs a file")
        write_docx(reflist, path)
        return None
    text = {
        "txt": as_text,
        "md": as_markdown,
        "html": as_html,
        "json": lambda r: json.dumps(r.as_json(), ensure_ascii=False, indent=2) + "\n",
    }[fmt](reflist)
    if path is None:
        return text
    atomic_write_text(path, text)
    return None


def write_docx(reflist: ReferenceList, path: Path) -> None:
    """A Word list ready to paste: a numbered list ([1], [2], … as Word's own numbering) with a hanging
    indent, or hanging-indent paragraphs for an author-date list; italics kept, written atomically."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    numbering = _bracket_numbering(document) if reflist.style.order == NUMERIC else None
    for entry in reflist.entries:
        paragraph = document.add_paragraph()
        form = paragraph.paragraph_format
        form.left_indent = Cm(0.9)
        form.first_line_indent = Cm(-0.9)
        form.space_after = Pt(3)
        if numbering is not None:
            _number(paragraph, numbering)
        for segment in entry.segments:
            run = paragraph.add_run(segment.text)
            run.italic = segment.field in entry.italic or None
    atomic_replace(path, lambda temporary: document.save(temporary))


def _bracket_numbering(document) -> int:
    """A numbering definition whose label is [%1] with a tab to a hanging indent; its w:numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = document.part.numbering_part.element
    abstract_ids = [int(node.get(_w("abstractNumId"))) for node in part.findall(_w("abstractNum"))]
    abstract_id = max(abstract_ids, default=0) + 1
    num_ids = [int(node.get(_w("numId"))) for node in part.findall(_w("num"))]
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="[%1]"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="510"/></w:tabs>'
        '<w:ind w:left="510" w:hanging="510"/></w:pPr></w:lvl></w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    first_num = part.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        part.append(abstract)
    part.append(num)
    return num_id


def _number(paragraph, num_id: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    properties = paragraph._p.get_or_add_pPr()
    properties.insert(
        0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _w(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{name}")
