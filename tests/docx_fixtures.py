"""Word documents written the way reference managers write them, built from XML in the tests.

The shapes follow the managers' real output as documented publicly and as found in real files:
pandoc's test documents (test/docx/zotero_citations.docx, mendeley_citations.docx) and its docx
reader (src/Text/Pandoc/Readers/Docx/Fields.hs) for Zotero and Mendeley Desktop; EndNote's inline,
fldData and chunked EN.CITE.DATA forms as EndNote-in-Word guides and LibreOffice's import test
(fdo81492: `ADDIN EN.CITE.DATA` in its own nested field) describe them; Mendeley Cite's content
controls (`MENDELEY_CITATION_v3_` + base64 JSON with citationItems/itemData); NoteExpress's
`ADDIN NE.Ref.{GUID}` fields with `NE.Ref{GUID}` document variables in word/settings.xml
(GZUCM-Liyu-Lin/noteexpress-citation-skill, references/noteexpress-ooxml.md). Every value is
written by hand here; nothing is copied from those files.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{word}.document.main+xml"/>
<Override PartName="/word/settings.xml" ContentType="{word}.settings+xml"/>
</Types>""".format(word="application/vnd.openxmlformats-officedocument.wordprocessingml")
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{r}/officeDocument" Target="word/document.xml"/>
</Relationships>""".format(r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{r}/settings" Target="settings.xml"/>
</Relationships>""".format(r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")


def make_docx(path: Path, paragraphs: list[str], doc_vars: dict[str, str] | None = None) -> Path:
    """A .docx whose body is `paragraphs` (each the inner XML of one w:p, or a whole block element
    starting with '<'), with document variables in word/settings.xml."""
    body = "".join(
        p if p.startswith("<w:sdt>") or p.startswith("<w:tbl>") else f"<w:p>{p}</w:p>" for p in paragraphs
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    variables = "".join(
        f"<w:docVar w:name={quoteattr(name)} w:val={quoteattr(value)}/>"
        for name, value in (doc_vars or {}).items()
    )
    settings = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">'
        f"{f'<w:docVars>{variables}</w:docVars>' if variables else ''}</w:settings>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/settings.xml", settings)
    return path


def data_element(data: str) -> str:
    return f'<w:fldData xml:space="preserve">{data}</w:fldData>'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def field(instruction_pieces: list[str], shown: str, data: str = "", nested: str = "") -> str:
    """A complex field: begin (with w:fldData when given), the instruction split over runs as Word
    splits it, nested fields, separate, the displayed text, end."""
    begin = (
        f'<w:r><w:fldChar w:fldCharType="begin">{data_element(data)}</w:fldChar></w:r>'
        if data
        else '<w:r><w:fldChar w:fldCharType="begin" w:fldLock="1"/></w:r>'
    )
    instruction = "".join(
        f'<w:r><w:instrText xml:space="preserve">{escape(piece)}</w:instrText></w:r>'
        for piece in instruction_pieces
    )
    return (
        begin
        + instruction
        + nested
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(shown)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def split(text: str, *at: int) -> list[str]:
    """`text` cut at the given offsets, as Word cuts a long field instruction into runs."""
    cuts = [0, *at, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def csl_citation(items: list[dict], shown: str, citation_id: str = "a1b2c3") -> dict:
    """The JSON Zotero writes after `ADDIN ZOTERO_ITEM CSL_CITATION`."""
    return {
        "citationID": citation_id,
        "properties": {"formattedCitation": shown, "plainCitation": shown, "noteIndex": 0},
        "citationItems": [
            {"id": item["id"], "uris": [f"http://zotero.org/users/1234/items/{item['id']}"], "itemData": item}
            for item in items
        ],
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    }


def mendeley_cite_tag(items: list[dict], shown: str) -> str:
    payload = {
        "citationID": "MENDELEY_CITATION_0f3e2d1c-5b4a-4c3d-9e8f-7a6b5c4d3e2f",
        "properties": {"noteIndex": 0},
        "isEdited": False,
        "manualOverride": {"isManuallyOverridden": False, "citeprocText": shown, "manualOverrideText": ""},
        "citationItems": [{"id": item["id"], "itemData": item, "isTemporary": False} for item in items],
    }
    return "MENDELEY_CITATION_v3_" + base64.b64encode(json.dumps(payload).encode("utf-8")).decode("ascii")


def mendeley_sdt(tag: str, shown: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w:rPr><w:color w:val="000000"/></w:rPr><w:tag w:val="{tag}"/><w:id w:val="-1"/>'
        f"</w:sdtPr><w:sdtContent>{run(shown)}</w:sdtContent></w:sdt>"
    )


def wrapped_base64(data: bytes) -> str:
    """Base64 as EndNote writes w:fldData: 76 characters a line, CR LF between lines."""
    encoded = base64.b64encode(data).decode("ascii")
    return "\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
