"""The citations reference managers embed in a .docx, read exactly from their field codes.

- Zotero: a complex field `ADDIN ZOTERO_ITEM CSL_CITATION {json}`, its instruction often split
  over many runs; `citationItems[].itemData` is CSL-JSON (pandoc's docx reader reads the same).
- Mendeley Desktop: `ADDIN CSL_CITATION {json}`, the same shape plus a `mendeley` object.
- Mendeley Cite: a content control (`w:sdt`) tagged `MENDELEY_CITATION_v3_` + base64 JSON.
- EndNote: `ADDIN EN.CITE <EndNote><Cite>...<record>` inline (escaped in the instruction), or
  base64 in `w:fldData`, then in one or more nested `ADDIN EN.CITE.DATA` fields, each chunk
  decoded on its own and the bytes joined (a long group is cut into chunks).
- NoteExpress: `ADDIN NE.Ref.{GUID}`, its data in word/settings.xml as the document variable
  `NE.Ref{GUID}` (`<Citation><Group><References><Item>...`).

Fields are followed with a stack across runs and paragraphs (a field may nest, and a
bibliography field spans many paragraphs); deleted text (tracked changes) is skipped. Each
citation keeps its paragraph, numbered as `parse/manuscript.py` numbers a .docx's paragraphs
(every `w:p` of the body, empty ones and table cells included), so cite-check can match each
in-text citation to the works it cites with no author-year guessing. A citation whose data
cannot be read (broken JSON, damaged base64) is a Problem at its paragraph, never dropped.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field

from lxml import etree

from ...csl import CslItem
from ...errors import InputError
from ...records import Location, Problem, Severity
from ..names import names_from_list
from .base import date_from_text, doi_from_text, endnote_type, set_isbn_or_issn
from .docx_package import Package, W
from .endnote_xml import record_item
from .xml import parse_xml

Paragraph = tuple[str, Location]

_W = f"{{{W}}}"
_P, _T, _TAB, _BR, _CR, _HYPHEN = (f"{_W}{name}" for name in ("p", "t", "tab", "br", "cr", "noBreakHyphen"))
_FLDCHAR, _INSTR, _FLDDATA, _FLDSIMPLE = (
    f"{_W}{name}" for name in ("fldChar", "instrText", "fldData", "fldSimple")
)
_SDT, _SDTPR, _TAG, _SDTCONTENT = (f"{_W}{name}" for name in ("sdt", "sdtPr", "tag", "sdtContent"))
_SKIPPED = {
    f"{_W}{name}" for name in ("del", "moveFrom", "delText", "delInstrText", "instrText", "rPr", "pPr")
}
_NAME, _VAL = f"{_W}name", f"{_W}val"
_ZOTERO = re.compile(r"^\s*ADDIN\s+ZOTERO_ITEM\s+CSL_CITATION\b", re.S)
_MENDELEY = re.compile(r"^\s*ADDIN\s+CSL_CITATION\b", re.S)
_ENDNOTE = re.compile(r"^\s*ADDIN\s+EN\.CITE(?!\.DATA)\b", re.S)
_ENDNOTE_DATA = re.compile(r"^\s*ADDIN\s+EN\.CITE\.DATA\b")
_NOTEEXPRESS = re.compile(r"^\s*ADDIN\s+NE\.Ref\.\{?([0-9A-Fa-f-]{8,})\}?")
_BIBLIOGRAPHY = re.compile(
    r"^\s*ADDIN\s+(?:ZOTERO_BIBL|Mendeley Bibliography|CSL_BIBLIOGRAPHY|EN\.REFLIST|NE\.Bib)"
)
_MENDELEY_CITE = "MENDELEY_CITATION_v3_"
_MENDELEY_BIBLIOGRAPHY = "MENDELEY_BIBLIOGRAPHY"
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MANAGERS = {
    "zotero": "Zotero", "mendeley": "Mendeley", "mendeley-cite": "Mendeley Cite", "endnote": "EndNote",
    "noteexpress": "NoteExpress",
}  # fmt: skip


@dataclass(slots=True)
class CitedWork:
    """One work a citation cites: its data, and the manager's own id for it (a Zotero item URI, an
    EndNote db-id:record number, a Mendeley or NoteExpress UUID) when it gives one."""

    item: CslItem
    source_id: str = ""


@dataclass(slots=True)
class FieldCitation:
    """An in-text citation a reference manager inserted: where it is, what it shows, what it cites."""

    manager: str  # "zotero", "mendeley", "mendeley-cite", "endnote", "noteexpress"
    location: Location  # the file and the paragraph's number (0 in foot- and endnotes)
    part: str  # "document", "footnotes" or "endnotes"
    text: str  # as displayed: "(Smith et al., 2013)", "[3]"
    works: list[CitedWork] = field(default_factory=list)


@dataclass(slots=True)
class DocxCitations:
    """All a .docx says about its citations, and its paragraphs (for a typed list when it has none)."""

    citations: list[FieldCitation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bibliography: list[Location] = field(default_factory=list)  # where manager-made lists start
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(slots=True)
class _Field:
    paragraph: int
    instruction: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # w:fldData text of its begin
    result: list[str] = field(default_factory=list)
    children: list[_Field] = field(default_factory=list)
    in_result: bool = False
    tag: str = ""  # a content control's tag, for Mendeley Cite

    @property
    def code(self) -> str:
        return "".join(self.instruction)


def docx_citations(package: Package) -> DocxCitations:
    """Every manager citation of the document, its foot- and endnotes, in reading order."""
    found = DocxCitations()
    variables = _document_variables(package.parts.get("settings"))
    body = package.document.find(f"{_W}body")
    numbers = {paragraph: number for number, paragraph in enumerate(body.iter(_P), 1)}
    walk = _Walk(numbers)
    walk.visit(body)
    found.paragraphs = [
        (" ".join("".join(walk.texts.get(number, [])).split()), Location(package.file, number))
        for number in numbers.values()
    ]
    found.paragraphs = [(text, location) for text, location in found.paragraphs if text]
    fields = [("document", walk.done)]
    for part in ("footnotes", "endnotes"):
        if part in package.parts:
            notes = _Walk({})
            notes.visit(package.parts[part])
            fields.append((part, notes.done))
    for part, done in fields:
        for fld in done:
            _citation(fld, part, package.file, variables, found)
    return found


class _Walk:
    """Document order over a part's XML: paragraph texts, and fields as they complete."""

    def __init__(self, numbers: dict):
        self.numbers = numbers
        self.paragraph = 0
        self.texts: dict[int, list[str]] = {}
        self.open: list[_Field] = []
        self.done: list[_Field] = []
        self._outer: list[int] = []  # the paragraph numbers to return to after a nested one

    def visit(self, element: etree._Element) -> None:
        stack = [(element, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._leave(node)
                continue
            tag = node.tag
            if not isinstance(tag, str) or (tag in _SKIPPED and tag != _INSTR):
                continue
            if tag == _INSTR:
                if self.open and not self.open[-1].in_result:
                    self.open[-1].instruction.append(node.text or "")
                continue
            self._enter(node, tag)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))

    def _enter(self, node: etree._Element, tag: str) -> None:
        if tag == _P and node in self.numbers:
            self._outer.append(self.paragraph)
            self.paragraph = self.numbers[node]
            for open_field in self.open:  # a block-level content control starts at its first paragraph
                open_field.paragraph = open_field.paragraph or self.paragraph
        elif tag == _T:
            self._text(node.text or "")
        elif tag == _TAB:
            self._text("\t")
        elif tag in (_BR, _CR):
            self._text(" ")
        elif tag == _HYPHEN:  # Word's non-breaking hyphen (Ctrl+Shift+-), as in "Smith-Jones"
            self._text("-")
        elif tag == _FLDCHAR:
            self._field_char(node)
        elif tag == _FLDSIMPLE:
            simple = _Field(self.paragraph, [node.get(f"{_W}instr", "")], in_result=True)
            self.open.append(simple)
        elif tag == _SDT:
            tag_value = node.find(f"{_SDTPR}/{_TAG}")
            value = tag_value.get(_VAL, "") if tag_value is not None else ""
            if value.startswith((_MENDELEY_CITE, _MENDELEY_BIBLIOGRAPHY)):
                self.open.append(_Field(self.paragraph, in_result=True, tag=value))

    def _leave(self, node: etree._Element) -> None:
        tag = node.tag
        if tag == _P and node in self.numbers:
            self.paragraph = self._outer.pop()
        elif tag == _FLDSIMPLE or (
            tag == _SDT and self.open and self.open[-1].tag and self._is_own_sdt(node)
        ):
            self._close()

    def _is_own_sdt(self, node: etree._Element) -> bool:
        tag_value = node.find(f"{_SDTPR}/{_TAG}")
        return tag_value is not None and tag_value.get(_VAL, "") == self.open[-1].tag

    def _text(self, text: str) -> None:
        self.texts.setdefault(self.paragraph, []).append(text)
        for open_field in self.open:
            if open_field.in_result:
                open_field.result.append(text)

    def _field_char(self, node: etree._Element) -> None:
        kind = node.get(f"{_W}fldCharType")
        if kind == "begin":
            data = node.find(_FLDDATA)
            self.open.append(_Field(self.paragraph, data=[data.text or ""] if data is not None else []))
        elif kind == "separate" and self.open:
            self.open[-1].in_result = True
        elif kind == "end" and self.open:
            self._close()

    def _close(self) -> None:
        done = self.open.pop()
        if self.open:
            self.open[-1].children.append(done)
        self.done.append(done)


# --- one field to a citation -------------------------------------------------------------------


def _citation(fld: _Field, part: str, file: str, variables: dict[str, str], found: DocxCitations) -> None:
    code = fld.code
    where = Location(file, fld.paragraph if part == "document" else 0)
    shown = " ".join("".join(fld.result).split())
    if fld.tag.startswith(_MENDELEY_BIBLIOGRAPHY) or _BIBLIOGRAPHY.match(code):
        found.bibliography.append(where)
        return
    try:
        if fld.tag.startswith(_MENDELEY_CITE):
            manager, works = "mendeley-cite", _csl_citation(_base64_json(fld.tag[len(_MENDELEY_CITE) :]))
        elif _ZOTERO.match(code):
            manager, works = "zotero", _csl_citation(_json(code))
        elif _MENDELEY.match(code):
            manager, works = "mendeley", _csl_citation(_json(code))
        elif _ENDNOTE.match(code):
            manager, works = "endnote", _endnote_citation(fld, file)
        elif match := _NOTEEXPRESS.match(code):
            manager, works = "noteexpress", _noteexpress_citation(match.group(1), variables, file)
        else:
            return
    except (ValueError, InputError) as error:
        kind = _kind(fld)
        text = error.message if isinstance(error, InputError) else str(error)
        found.problems.append(
            Problem(
                Severity.ERROR,
                f"{MANAGERS[kind]} citation {shown[:40]!r} cannot be read ({text}): "
                "its works are not imported",
                where,
                code="field-code",
            )
        )
        found.citations.append(FieldCitation(kind, where, part, shown))
        return
    found.citations.append(FieldCitation(manager, where, part, shown, works))


def _kind(fld: _Field) -> str:
    code = fld.code
    if fld.tag:
        return "mendeley-cite"
    for pattern, kind in ((_ZOTERO, "zotero"), (_MENDELEY, "mendeley"), (_ENDNOTE, "endnote")):
        if pattern.match(code):
            return kind
    return "noteexpress"


def _json(code: str) -> dict:
    start, end = code.find("{"), code.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON after the field's name")
    try:
        data = json.loads(code[start : end + 1])
    except json.JSONDecodeError as error:
        raise ValueError(f"broken JSON: {error.msg} at character {error.pos}") from None
    if not isinstance(data, dict):
        raise ValueError("the JSON is not an object")
    return data


def _base64_json(text: str) -> dict:
    raw = _base64(text)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"broken JSON in the content control's tag ({error})") from None
    if not isinstance(data, dict):
        raise ValueError("the JSON is not an object")
    return data


def _base64(text: str) -> bytes:
    """Base64 as managers write it: standard or URL-safe, padded or not, wrapped in CR/LF."""
    compact = re.sub(r"\s+", "", text).replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("damaged base64 data") from None


def _csl_citation(data: dict) -> list[CitedWork]:
    """The works of a CSL citation (Zotero, Mendeley): each `citationItems[].itemData`."""
    items = data.get("citationItems")
    if not isinstance(items, list) or not items:
        raise ValueError("no citationItems")
    works = []
    for entry in items:
        if not isinstance(entry, dict) or not isinstance(entry.get("itemData"), dict):
            raise ValueError("a cited item has no itemData")
        item = CslItem.from_json(entry["itemData"])
        uris = entry.get("uris") or entry.get("uri") or []
        source = uris[0] if isinstance(uris, list) and uris else str(entry.get("id", ""))
        works.append(CitedWork(item, str(source)))
    return works


def _endnote_citation(fld: _Field, file: str) -> list[CitedWork]:
    chunks = [child.data for child in fld.children if _ENDNOTE_DATA.match(child.code) and child.data]
    if chunks:
        payload = b"".join(_base64("".join(chunk)) for chunk in chunks).rstrip(b"\x00")
    elif fld.data and "".join(fld.data).strip():
        payload = _base64("".join(fld.data)).rstrip(b"\x00")
    else:
        inline = _ENDNOTE.sub("", fld.code, count=1).strip()
        if not inline:
            raise ValueError("no EndNote data in the field")
        payload = inline.encode("utf-8")
    root = parse_xml(payload, file, "EndNote citation")
    works = []
    for cite in root.iter("Cite"):
        record = cite.find("record")
        if record is None:
            shown = "".join(cite.findtext("DisplayText") or "") or cite.findtext("Author") or "?"
            raise ValueError(f"a cite ({shown}) has no record: format the citations in EndNote first")
        item, source_id = record_item(record)
        works.append(CitedWork(item, source_id))
    if not works:
        raise ValueError("no <Cite> in the EndNote data")
    return works


# --- NoteExpress ---------------------------------------------------------------------------------


def _document_variables(settings: etree._Element | None) -> dict[str, str]:
    if settings is None:
        return {}
    return {var.get(_NAME, ""): var.get(_VAL, "") for var in settings.iter(f"{_W}docVar")}


def _noteexpress_citation(guid: str, variables: dict[str, str], file: str) -> list[CitedWork]:
    """The items of one NoteExpress citation, from its document variable(s) `NE.Ref{GUID}`."""
    wanted = f"ne.ref{{{guid.lower()}}}"
    value = "".join(text for name, text in variables.items() if name.lower().startswith(wanted))
    if not value:
        raise ValueError(f"no document variable NE.Ref{{{guid}}} in word/settings.xml")
    value = _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)
    start, end = value.find("<Citation"), value.rfind("</Citation>")
    if start < 0 or end < 0:
        raise ValueError("the NoteExpress data holds no <Citation>")
    root = parse_xml(value[start : end + len("</Citation>")], file, "NoteExpress citation")
    works = [_noteexpress_item(element) for element in root.iter("Item")]
    if not works:
        raise ValueError("the NoteExpress citation has no <Item>")
    return works


def _noteexpress_item(element: etree._Element) -> CitedWork:
    text = lambda path: " ".join((element.findtext(path) or "").split())  # noqa: E731
    item = CslItem(type=endnote_type(text("Template")))
    authors = text("Author")
    item.author, item.author_truncated = names_from_list(
        [authors.replace(",", ";") if ";" not in authors else authors]
    )
    item.title = text("Title")
    item.issued = date_from_text(text("Year")) or date_from_text(text("Details/_date_display"))
    details = element.find("Details")
    for child in details if details is not None else ():
        name, value = str(child.tag).lstrip("_"), " ".join((child.text or "").split())
        if not value:
            continue
        target = _NE_DETAILS.get(name)
        if target == "ISBN/ISSN":
            set_isbn_or_issn(item, value, name)
        elif target == "DOI":
            item.DOI = doi_from_text(value)
        elif target and not getattr(item, target):
            setattr(item, target, value)
        elif not target and name not in ("date_display",):
            item.other.setdefault(name, value)
    return CitedWork(item, text("UID") or text("ID"))


_NE_DETAILS = {
    "journal": "container_title", "volume": "volume", "issue": "issue", "pages": "page", "doi": "DOI",
    "url": "URL", "publisher": "publisher", "place_published": "publisher_place", "isbn": "ISBN/ISSN",
    "issn": "ISBN/ISSN", "edition": "edition", "language": "language", "secondary_title": "container_title",
}  # fmt: skip
