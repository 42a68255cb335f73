"""Parsing XML from files we did not write (EndNote exports, the parts of a .docx) safely: no
entities expanded (a "billion laughs" file stays small), no DTD or network fetched, no huge trees.

The tree is built from the bytes a chunk at a time and its elements counted as they come, so a
file of millions of tiny elements (`<w:p/>` twenty million times fits in 120 MB, and would take
gigabytes as a tree) is refused when the count passes `MAX_ELEMENTS`, not after it is built.
Nesting is bounded by libxml2 itself (`MAX_DEPTH` without its XML_PARSE_HUGE option).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ...errors import InputError
from ...records import Location

#: Elements in one input, all its XML parts together: the longest real document.xml seen (~20 MB)
#: has about half a million; a tree of two million takes about 350 MB.
MAX_ELEMENTS = 2_000_000
#: Elements inside one another: libxml2's own limit, well past the few dozen of a real file.
MAX_DEPTH = 256
_CHUNK = 1 << 20
_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_HUGE_HINT = re.compile(r",?\s*(?:use|try) XML_PARSE_HUGE(?: option)?", re.I)
_TOO_DEEP = "Excessive depth"


@dataclass(slots=True)
class ElementBudget:
    """How many elements the XML read for one input holds so far (shared by a .docx's parts)."""

    used: int = 0


def parse_xml(
    data: bytes | str, file: str, part: str = "", budget: ElementBudget | None = None
) -> etree._Element:
    """The root element, or an InputError naming the file (and the .docx part) and the line;
    `budget` (default: a fresh one) is charged with the elements read."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    budget = budget if budget is not None else ElementBudget()
    where = f"{part} " if part else ""
    parser = etree.XMLPullParser(events=("start",), **_OPTIONS)
    try:
        for start in range(0, len(raw), _CHUNK):
            parser.feed(raw[start : start + _CHUNK])
            budget.used += sum(1 for _ in parser.read_events())
            if budget.used > MAX_ELEMENTS:
                raise _too_many(file, where)
        root = parser.close()
        budget.used += sum(1 for _ in parser.read_events())
    except etree.XMLSyntaxError as error:
        message = f"{where}is not well-formed XML: {_plain(error.msg)}"
        raise InputError(message, Location(file, error.lineno or 0)) from None
    if budget.used > MAX_ELEMENTS:
        raise _too_many(file, where)
    if root is None:
        raise InputError(f"{part or 'the file'} holds no XML", Location(file))
    return root


def _plain(message: str | None) -> str:
    """libxml2's message without its advice to the programmer (an option a user cannot set)."""
    text = message or "unreadable"
    if text.startswith(_TOO_DEEP):
        return f"elements nested more than {MAX_DEPTH} deep (a real file nests a few dozen)"
    return _HUGE_HINT.sub("", text).strip()


def _too_many(file: str, where: str) -> InputError:
    return InputError(
        f"{where}holds more than {MAX_ELEMENTS:,} XML elements: not read",
        Location(file),
        hint="a real file holds far fewer: this one is most likely damaged or built to exhaust memory",
    )
