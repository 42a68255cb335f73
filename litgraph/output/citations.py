"""Author–year citation labels as review authors write them.

English: "Park, 2010", "Escalas & Bettman, 2005", "Park et al., 2010", "何佳讯等, 2017".
Chinese text: "周志民，2019", "Escalas 和 Bettman，2005", "何佳讯等，2017", "Park 等，2010".
A Chinese-named work keeps "等" in either language (GB/T 7714); a list cut short
with "and others" / 等 counts as three or more authors.
"""

from __future__ import annotations

from ..query.rows import CitationRow, ReferenceRow


def citation_label(ref: ReferenceRow | CitationRow, lang: str = "en") -> str:
    names = [author.family for author in ref.authors] or [ref.key]
    many = len(names) >= 3 or ref.authors_truncated
    year = ref.year or "n.d."
    if lang == "zh":
        if many:
            return f"{names[0]}{'' if _is_cjk(names[0]) else ' '}等，{year}"
        if len(names) == 2:
            joiner = "、" if _is_cjk(names[0]) else " 和 "
            return f"{names[0]}{joiner}{names[1]}，{year}"
        return f"{names[0]}，{year}"
    if many:
        return f"{names[0]}等, {year}" if _is_cjk(names[0]) else f"{names[0]} et al., {year}"
    if len(names) == 2:
        return f"{names[0]} & {names[1]}, {year}"
    return f"{names[0]}, {year}"


def _is_cjk(text: str) -> bool:
    from ..records import has_cjk

    return has_cjk(text)
