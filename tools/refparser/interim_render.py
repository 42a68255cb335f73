"""TEMPORARY stand-in for APA 7 in `litgraph.style.render` (branch `render` has GB/T; its APA is not
committed yet), written against its contract: segments `(text, field)`, `field` a CSL variable name,
None for punctuation. Delete this file once `git merge render` brings APA.
"""

from __future__ import annotations

from typing import NamedTuple

from litgraph.csl import CslItem, Name


class Segment(NamedTuple):
    text: str
    field: str | None


def render(item: CslItem, style: str) -> list[Segment]:
    return _apa(item)


def _apa_name(name: Name) -> str:
    if name.literal:
        return name.literal
    initials = " ".join(
        part[0] + "." for part in name.given.replace("-", " ").replace(".", " ").split() if part
    )
    return f"{name.full_family}, {initials}".strip(", ")


def _apa(item: CslItem) -> list[Segment]:
    out: list[Segment] = []
    names = [_apa_name(name) for name in item.author[:20]]
    if names:
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        out += [Segment(text, "author"), Segment(" (", None)]
    else:
        out += [Segment("(", None)]
    out += [
        Segment(str(item.issued[0]) if item.issued else "n.d.", "issued" if item.issued else None),
        Segment("). ", None),
        Segment(item.title, "title"),
    ]
    if item.container_title:
        out += [Segment(". ", None)]
        if item.type in ("chapter", "paper-conference"):
            out += [Segment("In ", None)]
        out += [Segment(item.container_title, "container-title")]
        if item.volume:
            out += [Segment(", ", None), Segment(item.volume, "volume")]
        if item.issue:
            out += [Segment("(", None), Segment(item.issue, "issue"), Segment(")", None)]
        if item.page:
            out += [
                Segment(", ", None) if item.volume else Segment(" (pp. ", None),
                Segment(item.page, "page"),
            ]
            if not item.volume:
                out.append(Segment(")", None))
    if item.publisher and item.type not in ("article-journal",):
        out += [Segment(". ", None), Segment(item.publisher, "publisher")]
    out.append(Segment(".", None))
    if item.DOI:
        out += [Segment(" https://doi.org/", None), Segment(item.DOI, "DOI")]
    elif item.URL:
        out += [Segment(" ", None), Segment(item.URL, "URL")]
    return out
