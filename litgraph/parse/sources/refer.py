"""EndNote's refer format (`%0 Journal Article`, `%A Smith, J.` ...), as EndNote, CNKI and Google
Scholar export it: .enw files, and refer files saved as .ris. Tags as EndNote's own import reads
them; a tag this reader does not map is kept under its refer name (`%Z` as `refer-Z`)."""

from __future__ import annotations

import re

from ...csl import CslItem
from ..names import names_from_list
from .base import (
    SourceRead,
    TaggedRecord,
    date_from_text,
    doi_from_text,
    endnote_type,
    read_tagged,
    set_isbn_or_issn,
)

TAG_LINE = re.compile(r"^%(\S)\s?(.*)$")
_MAPPED = set("0AETJBSDV N P I C @ R U 7 9 G X K Z 8 Y L F M W ~ + Q".replace(" ", ""))


def read_refer(text: str, result: SourceRead) -> None:
    # %0 (the type) is each record's first line in EndNote's, CNKI's and Scholar's exports: a record
    # whose blank line was lost is not merged into the one before; old refer files without %0 split
    # on blank lines only
    read_tagged(text, result, TAG_LINE, "", _item, opens=frozenset({"0"}))


def _item(record: TaggedRecord) -> CslItem:
    csl_type = endnote_type(record.first("0") or "Generic")
    item = CslItem(type=csl_type)
    item.author, item.author_truncated = names_from_list(record.values("A"), separated=_cnki(record))
    item.editor, _ = names_from_list(record.values("E"), separated=_cnki(record))
    item.title = record.first("T")
    book = record.first("B")
    if csl_type in ("book", "report", "thesis"):
        item.collection_title = record.first("S") or book
    else:
        item.container_title = record.first("J") or book
        item.collection_title = record.first("S")
    item.issued = date_from_text(record.first("D")) or date_from_text(record.first("8"))
    item.volume = record.first("V")
    item.issue = record.first("N")
    item.page = record.first("P")
    item.publisher = record.first("I")
    item.publisher_place = record.first("C")
    for value in record.values("@"):
        set_isbn_or_issn(item, value, "refer-@")
    item.DOI = doi_from_text(record.first("R"))
    item.URL = record.first("U")
    item.edition = record.first("7")
    item.genre = record.first("9")
    item.language = record.first("G")
    item.note = "; ".join(record.values("Z"))
    for name, tag in (("abstract", "X"), ("keyword", "K"), ("translated-title", "Q"), ("accession", "M")):
        if record.values(tag):
            item.other[name] = "; ".join(record.values(tag))
    for tag, value in record.fields:
        if tag not in _MAPPED and value:
            item.other.setdefault(f"refer-{tag}", value)
    return item


def _cnki(record: TaggedRecord) -> bool:
    """CNKI writes all authors on one %A line, split by ';'; EndNote one per line."""
    return any(";" in value for value in record.values("A", "E"))
