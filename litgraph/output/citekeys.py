"""Readable BibTeX keys for imported works: first author's surname + year + a title word
(`Algesheimer2005Social`), Chinese names and titles in pinyin (周志民 2019 品牌… →
`Zhou2019Pinpai`), then a, b, c ... until the key is free; `Anon` for a work without author,
no year when it has none. Keys are compared ignoring case, as BibTeX and biber compare them.
A key the source gave (a BibTeX file's, a \\bibitem's) is kept when it is free.
"""

from __future__ import annotations

import re

from ..csl import CslItem
from ..style.pinyin import hanzi_syllables, surname_syllables
from ..text import fold, has_cjk, is_cjk_char, letter_suffix

_STOPWORDS = frozenset(
    "a an the of on in at to for and or with by from as is are be how what why when which who does do "
    "its it this that these those into via toward towards about between".split()
)
_KEY_CHARACTERS = re.compile(r"^[A-Za-z0-9_:.+/-]+$")
_WORD = re.compile(r"[A-Za-z0-9]+")


def citation_key(item: CslItem, taken: set[str]) -> str:
    """A free key for the item; `taken` holds the keys in use, lower-cased, and gets the new one."""
    given = item.other.get("citation-key")
    if isinstance(given, str) and _KEY_CHARACTERS.match(given) and given.lower() not in taken:
        taken.add(given.lower())
        return given
    base = f"{_surname(item)}{item.year or ''}{_title_word(item)}"
    key, suffix = base, 0
    while key.lower() in taken:
        key = base + letter_suffix(suffix)
        suffix += 1
    taken.add(key.lower())
    return key


def _surname(item: CslItem) -> str:
    people = item.author or item.editor
    if not people:
        return "Anon"
    person = people[0]
    family = person.family or person.literal
    if has_cjk(family):
        if person.literal or not person.family:
            return _pinyin(family[:2]) or "Anon"
        return _pinyin(family, surname=True) or "Anon"
    words = _WORD.findall(fold(family))
    if person.literal:  # World Health Organization → WHO-like: its first word
        return words[0].capitalize() if words else "Anon"
    return "".join(word.capitalize() for word in words) or "Anon"


def _title_word(item: CslItem) -> str:
    title = item.title
    if not title:
        return ""
    start = title.lstrip(" “\"'《「【[(（")
    if start[:1] and is_cjk_char(start[0]):
        ideographs = "".join(char for char in title if is_cjk_char(char))[:2]
        return _pinyin(ideographs)
    words = [word for word in _WORD.findall(fold(title)) if word.lower() not in _STOPWORDS]
    return words[0].capitalize() if words else ""


def _pinyin(text: str, surname: bool = False) -> str:
    """品牌 → Pinpai, 欧阳 → Ouyang: the syllables run together, the first letter capital."""
    syllables = surname_syllables(text) if surname else hanzi_syllables(text)
    return "".join(part for part in syllables if part.isascii()).capitalize()
