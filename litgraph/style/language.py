"""The language a style writes an entry in: its words (等 or et al., 译 or trans.) and its casing.

An entry's `language` (BibTeX `langid`) decides; without one, the script of its title (else
authors, container, place, publisher) does, the strongest script winning as in the gbt7714
styles: Korean > Japanese kana > Chinese ideographs > Cyrillic > Latin.
"""

from __future__ import annotations

from ..csl import CslItem

ZH, JA, KO, EN, RU, OTHER = "zh", "ja", "ko", "en", "ru", "other"
CJK_LANGUAGES = frozenset({ZH, JA, KO})
_KNOWN = {"zh": ZH, "ja": JA, "ko": KO, "en": EN, "ru": RU, "korean": KO}
_RANK = {OTHER: 0, EN: 1, RU: 2, ZH: 3, JA: 4, KO: 5}


def _char_language(char: str) -> str:
    code = ord(char)
    if code < 128:
        return EN if char.isalpha() else OTHER
    if 0x400 <= code < 0x530:
        return RU
    if 0x4E00 <= code < 0xA000 or 0x3400 <= code < 0x4DC0:
        return ZH
    if 0x3040 <= code < 0x3100:
        return JA
    if 0xAC00 <= code < 0xD7B0:
        return KO
    return OTHER


def text_language(text: str) -> str:
    """The strongest script in the text; OTHER for text without letters of a known script."""
    best = OTHER
    for char in text:
        found = _char_language(char)
        if _RANK[found] > _RANK[best]:
            best = found
    return best


def entry_language(item: CslItem) -> str:
    """zh, ja, ko, en, ru or other: the marked language, else the script of the entry's first text."""
    marked = item.language.strip().lower()
    if marked:
        return _KNOWN.get(marked.split("-")[0], OTHER)
    names = " ".join(f"{n.literal}{n.family}{n.given}" for n in item.author)
    for text in (item.title, names, item.container_title, item.publisher_place, item.publisher):
        if text:
            return text_language(text)
    return OTHER
