"""How an author-date list is ordered, and where it needs 2013a, 2013b.

GB/T 7714 (2015 §9.2, 2025 §9.2): by author, then year; Chinese names by their pinyin
(pypinyin), and, when the list mixes languages, grouped by language (Chinese, Japanese,
Western, Russian, others: the order of the gbt7714 styles). APA 7 (§9.44-9.47): letter by
letter by family name, then year; no grouping. A work without author sorts by its title.
Two works that a citation could not tell apart (same label, same year) get a, b, … in
list order.
"""

from __future__ import annotations

from functools import lru_cache

from ..csl import CslItem, Name
from ..text import fold, has_cjk, letter_suffix
from .language import EN, JA, RU, ZH, entry_language
from .pinyin import hanzi_syllables, surname_syllables
from .render import Style

_LANGUAGE_GROUPS = {ZH: 0, JA: 1, EN: 2, RU: 3}
_CONTAINED = {
    "chapter",
    "paper-conference",
    "entry-encyclopedia",
    "entry-dictionary",
    "entry",
}  # cited by author
_LEADING_ARTICLES = ("a ", "an ", "the ")


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> str:
    """Chinese text as toneless pinyin syllables ('周志民' → 'zhou zhi min'), other text folded."""
    if not has_cjk(text):
        return fold(text)
    return " ".join(hanzi_syllables(text)).lower()


def _name_key(name: Name) -> str:
    if name.literal:
        return pinyin_key(name.literal)
    if has_cjk(name.family):  # the family name read as a surname: 曾 zeng, not ceng
        return " ".join([*surname_syllables(name.full_family), *hanzi_syllables(name.given)]).lower()
    return pinyin_key(f"{name.full_family} {name.given}".strip())


def _title_key(item: CslItem) -> str:
    title = fold(item.title)
    for article in _LEADING_ARTICLES:
        if title.startswith(article):
            title = title[len(article) :]
            break
    return pinyin_key(title)


def sort_key(item: CslItem, style: Style, *, group_by_language: bool = True) -> tuple:
    """The author-date list's order: (language group,) authors, year, title."""
    people = item.author or item.editor
    names = tuple(_name_key(person) for person in people) or (_title_key(item),)
    group = (
        _LANGUAGE_GROUPS.get(entry_language(item), 4) if style.family == "gbt" and group_by_language else 0
    )
    return (group, names, item.year or 0, _title_key(item), item.id)


def citation_label(item: CslItem, style: Style) -> tuple:
    """What an author-date citation shows of a work: GB/T its first author (and 等 for more), APA its
    authors; with the year. Works sharing a label need a/b."""
    year = item.year or (f"[{item.accessed[0]}]" if item.accessed else None)
    people = item.author or (item.editor if item.type not in _CONTAINED else [])
    names = tuple(_name_key(person) for person in people)
    if style.family == "apa":
        return (names or (_title_key(item),), year)
    if not names:  # cited as 佚名 / Anon: all such works of a year need telling apart
        return (("佚名" if entry_language(item) == ZH else "Anon", False), year)
    return ((names[0], len(names) > 1), year)


def year_suffixes(items: list[CslItem], style: Style) -> list[str]:
    """'a', 'b', … for works in `items` (already in list order) that share a citation label; '' elsewhere."""
    groups: dict[tuple, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(citation_label(item, style), []).append(index)
    suffixes = [""] * len(items)
    for members in groups.values():
        if len(members) > 1:
            for rank, index in enumerate(members):
                suffixes[index] = letter_suffix(rank)
    return suffixes
