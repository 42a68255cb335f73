"""A typed reference as tokens: one per CJK character, whole words, numbers, URLs and DOIs, single
punctuation marks, each with its place in the string.

Chinese is written without spaces, so a character is the only unit a labeller can rely on; the CRF's
neighbour features put the characters back into words. A URL or DOI is one token because its inner
dots and slashes are not punctuation of the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text import CJK_IDEOGRAPHS

#: Kana and Hangul are also written without spaces: one token per character, like ideographs.
_SPACELESS = CJK_IDEOGRAPHS + r"\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af"
_TOKEN = re.compile(
    r"(?P<resolver>(?:https?://)?(?:dx\.)?doi\.org/)(?=10\.)"  # its DOI is a token of its own
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"，。；）]+)"
    r"|(?P<doi>10\.\d{4,9}/[^\s<>\"，。；]+)"
    rf"|(?P<cjk>[{_SPACELESS}])"
    rf"|(?P<word>(?:(?![{_SPACELESS}])[^\W\d_])+)"
    r"|(?P<num>\d+)"
    r"|(?P<punct>[^\s])"
)
_TRAILING = ".,;:)]}>。，；：）】'\""


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "resolver", "url", "doi", "cjk", "word", "num" or "punct"
    space_before: bool


def tokenize(text: str) -> list[Token]:
    """The tokens of a reference string, in order; whitespace separates but is no token."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        if kind in ("url", "doi"):  # a sentence's full stop or a closing bracket is not part of it
            while end > start + 1 and text[end - 1] in _TRAILING:
                end -= 1
        tokens.append(Token(text[start:end], start, end, kind, start > previous_end))
        previous_end = end
        if end < match.end():  # the trimmed tail is tokenized on its own
            tokens.extend(_rest(text, end, match.end()))
            previous_end = tokens[-1].end
    return tokens


def _rest(text: str, start: int, end: int) -> list[Token]:
    return [Token(text[i], i, i + 1, "punct", False) for i in range(start, end) if not text[i].isspace()]
