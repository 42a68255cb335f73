"""Sentence case for English titles, as the gbt7714 styles and APA write them.

A word in title case ("Future": a capital, then lower-case letters) is lowered, except
the first word and words the source protected (`CslItem.nocase`: BibTeX's `{California}`).
Acronyms ("AI", "NCBI"), mixed case ("McDonald", "iPhone") and single capitals ("A", "I")
stay as written. Words are split at spaces and at :,-'’–—?.!()[], so "Jadeite-Bearing"
becomes "Jadeite-bearing"; after a colon "A" becomes "a" (the subtitle's first word is
lowered too, as the gbt7714 styles do by default).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[:,\-'’–—?.!()\[\]]|[^\s:,\-'’–—?.!()\[\]]+")


def _in_title_case(word: str) -> bool:
    rest = word[1:]
    return word[0].isupper() and bool(rest) and all(char.islower() for char in rest)


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
            elif after_colon and word == "A":
                out[match.start()] = "a"
            elif _in_title_case(word):
                out[match.start()] = word[0].lower()
        after_colon = word == ":"
    return "".join(out)
