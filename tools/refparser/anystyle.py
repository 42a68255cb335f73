"""anystyle's span-labelled real references as our segments.

anystyle labels whole spans, their punctuation included (`<date>(2011).</date>`), and writes volume
and issue as one span (`<volume>128(5),</volume>`); here the punctuation around a span becomes "O"
(our renderer's convention) and the issue inside a volume span gets its own label. Its `journal`
and `container-title` are both our container; `location` is the publisher's place.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from litgraph.parse.typed.labels import CITATION_NUMBER, OTHER

Segments = list[tuple[str, str]]
LABELS = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "title": "title",
    "date": "issued",
    "journal": "container-title",
    "container-title": "container-title",
    "collection-title": "collection-title",
    "volume": "volume",
    "pages": "page",
    "publisher": "publisher",
    "location": "publisher-place",
    "edition": "edition",
    "genre": "genre",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "note": "note",
    "citation-number": CITATION_NUMBER,
    "medium": "note",
    "director": "author",
    "producer": "note",
}
_EDGE = " ,;:()[]{}<>\"'“”‘’.·"
_ISSUE = re.compile(r"\(\s*([^()]+?)\s*\)|\b(?:no|nr|n°|issue|heft|h)\.?\s*(\d+[-–/]?\d*)", re.IGNORECASE)
_IN = re.compile(r"(?:in|dans|en|im)\s*:?\s+", re.IGNORECASE)
_KEEP_DOT = re.compile(r"(?:\b[A-Z]|\bEds?|\bet al|\bed|\bJr|\bInc|\bLtd|\bCo|\bpp|\bvol)\.$", re.IGNORECASE)


def sequences(xml_text: str) -> list[Segments]:
    """Each `<sequence>` as segments, in file order."""
    root = ET.fromstring(xml_text)
    out = []
    for sequence in root.iter("sequence"):
        segments: Segments = []
        for node in sequence:
            text = " ".join((node.text or "").split())
            if not text:
                continue
            if segments:
                segments.append((" ", OTHER))
            segments.extend(_span(text, LABELS.get(node.tag, "note")))
        out.append(segments)
    return out


def plain(segments: Segments) -> str:
    return "".join(text for text, _ in segments)


def _span(text: str, label: str) -> Segments:
    """A span with its surrounding punctuation as separators, and a volume's issue split off."""
    if label == CITATION_NUMBER:
        return [(text, label)]
    start, end = 0, len(text)
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        if text[end - 1] == "." and _KEEP_DOT.search(text[start:end]):
            break
        if text[end - 1] == ")" and "(" in text[start : end - 1]:
            break
        end -= 1
    if label in ("container-title", "editor"):  # "In Theorizing Documentary", "In O. Card (Ed.)"
        lead = _IN.match(text, start)
        if lead and lead.end() < end:
            start = lead.end()
    core = text[start:end]
    if not core:
        return [(text, OTHER)]
    middle = _split_volume(core) if label == "volume" else [(core, label)]
    return [(text[:start], OTHER), *middle, (text[end:], OTHER)]


def _split_volume(core: str) -> Segments:
    found = _ISSUE.search(core)
    if not found:
        return [(core, "volume")]
    group = 1 if found.group(1) is not None else 2
    issue_start, issue_end = found.span(group)
    volume_part = core[: found.start()].rstrip(" ,;:(")
    out: Segments = [(volume_part, "volume")] if volume_part else []
    out.append((core[len(volume_part) : issue_start], OTHER))
    out.append((core[issue_start:issue_end], "issue"))
    out.append((core[issue_end:], OTHER))
    return out
