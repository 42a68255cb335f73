"""Parsing XML from files we did not write (EndNote exports, the parts of a .docx) safely: no
entities expanded (a "billion laughs" file stays small), no DTD or network fetched, no huge trees."""

from __future__ import annotations

from lxml import etree

from ...errors import InputError
from ...records import Location

SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(data: bytes | str, file: str, part: str = "") -> etree._Element:
    """The root element, or an InputError naming the file (and the .docx part) and the line."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = etree.fromstring(raw, parser=SAFE_XML)
    except etree.XMLSyntaxError as error:
        where = f"{part} " if part else ""
        raise InputError(
            f"{where}is not well-formed XML: {error.msg}", Location(file, error.lineno or 0)
        ) from None
    if root is None:
        raise InputError(f"{part or 'the file'} holds no XML", Location(file))
    return root
