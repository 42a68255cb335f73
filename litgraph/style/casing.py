"""Sentence case for English titles, as the gbt7714 styles and APA write them.

A word in title case ("Future": a capital, then lower-case letters) is lowered, except
the first word and words the source protected (`CslItem.nocase`: BibTeX's `{California}`).
Acronyms ("AI", "NCBI") and mixed case ("McDonald", "iPhone") stay as written; a single
capital is lowered ("E-Government" → "e-government", as the gbt7714 styles do). Words are
split at spaces and at :,-'’–—?.!()[], so "Jadeite-Bearing" becomes "Jadeite-bearing"; the
subtitle's first word is lowered too unless `capitalize_subtitle` (APA) asks otherwise.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[:,\-'’–—?.!()\[\]]|[^\s:,\-'’–—?.!()\[\]]+")


def _in_title_case(word: str) -> bool:
    return word[0].isupper() and all(char.islower() for char in word[1:])


def sentence_case(text: str, protected: tuple[str, ...] = (), *, capitalize_subtitle: bool = False) -> str:
    """The text with its title-case words lowered (see the module docstring)."""
    if not text:
        return text
    kept = bytearray(len(text))
    for span in protected:
        for found in re.finditer(re.escape(span), text):
            kept[found.start() : found.end()] = b"\x01" * (found.end() - found.start())
    out = list(text)
    first = True
    after_colon = False
    for match in _TOKEN.finditer(text):
        word = match.group()
        if first:
            first = False
        elif not kept[match.start()]:
            if after_colon and capitalize_subtitle:
                pass
            elif _in_title_case(word):
                out[match.start()] = word[0].lower()
        after_colon = word == ":"
    return "".join(out)
