"""Personal and corporate names as GB/T 7714 and APA 7 write them.

GB/T: a Chinese or Japanese name in full (钱学森); a foreign name as family name and initials
without dots (Einstein A, Godard J-L in 2025, GODARD J L in 2015 with the family name in
capitals); a Chinese name in pinyin as family name and given name (Li Jiangning, 2025) or its
syllables' initials (LI J N, 2015); a Russian name with its given names undotted. APA: family
name, comma, initials with dots (Einstein, A.; Godard, J.-L.).
"""

from __future__ import annotations

import re

from ..csl import Name
from .language import JA, RU, ZH, text_language
from .pinyin import given_syllables, is_pinyin_family

_WORDS = re.compile(r"[^\s~]+")


def _initial(word: str) -> str:
    letter = next((char for char in word if char.isalpha()), "")
    return letter


def initials(given: str, *, hyphen: bool, dot: str, split_dots: bool = False) -> str:
    """'Jean-Luc Pierre' → 'J.-L. P.' (hyphen kept) or 'J. L. P.'; `dot` "" drops the dots;
    `split_dots` reads 'A.C.' as two names (BibTeX styles read one word, so GB/T does not)."""
    out = []
    words = _WORDS.findall(re.sub(r"\.(?=\w)", ". ", given) if split_dots else given)
    for word in words:
        if split_dots and (word.endswith(".") or word.islower()):
            out.append(word)  # A., Ph. (already short), van der, kc (written in lower case): kept as written
            continue
        pieces = [_initial(piece) for piece in word.split("-") if _initial(piece)]
        if not pieces:
            continue
        if hyphen:
            out.append("-".join(piece + dot for piece in pieces))
        else:
            out.extend(piece.upper() + dot if len(pieces) > 1 else piece + dot for piece in pieces)
    return " ".join(out)


def gbt_name(name: Name, *, upper_family: bool, hyphen: bool, pinyin_initials: bool) -> str:
    """One name as GB/T 7714 writes it (see the module docstring)."""
    if name.literal:
        return name.literal
    family = name.full_family
    given = name.given
    language = text_language(f"{family}{given}")
    if language in (ZH, JA):
        if not given or text_language(given) in (ZH, JA):
            return family + given
        return f"{family} {initials(given, hyphen=hyphen, dot='')}".strip()
    if language == RU:
        return f"{family} {given.replace('.', '')}".strip() if given else family
    shown_family = family.upper() if upper_family and given else family  # a body's name is not a surname
    if not name.particle and not name.suffix and is_pinyin_family(name.family):
        syllables = given_syllables(given)
        if syllables:
            if pinyin_initials:
                return f"{shown_family} {' '.join(s[0].upper() for s in syllables)}"
            return f"{shown_family} {given}"
    out = f"{shown_family} {initials(given, hyphen=hyphen, dot='')}".rstrip()
    if name.suffix:
        out += ", " + name.suffix.replace(".", "")
    return out


def apa_name(name: Name, *, inverted: bool = True) -> str:
    """'Einstein, A.', 'van der Veen, P. H.', 'Peebles, P. Z., Jr.'; a body or a CJK name in full."""
    if name.literal:
        return name.literal
    family = name.full_family
    if not name.given:
        return family
    if text_language(family + name.given) in (ZH, JA):
        return family + name.given
    short = initials(name.given, hyphen=True, dot=".", split_dots=True)
    if not inverted:
        return f"{short} {family}" + (f" {name.suffix}" if name.suffix else "")
    return f"{family}, {short}" + (f", {name.suffix}" if name.suffix else "")
