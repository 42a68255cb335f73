"""A reference as typed, made ready for the labeller: list numbers, bullets and markdown or HTML
emphasis taken off (`*Journal*`, `<i>Journal</i>`, JATS's `<italic>`; the emphasis remembered: APA
italicises the journal), control characters and runs of white space made single spaces, and a
runaway string cut to a reference's length.

`Cleaned.source` maps each character back to its place in the string as given, so that training
data labelled on the raw string keeps its labels through the same cleaning the parser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: No reference is longer than this; a longer string is a paragraph or a whole list pasted as one.
MAX_CHARS = 2000

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff\u00ad\s]+")
_LIST_NUMBER = re.compile(
    r"^(?:[-*•·‧◦▪●]\s+|[\[［【]\s*\d{1,4}\s*[\]］】]\s*|[(（]\s*\d{1,4}\s*[)）]\s*|\d{1,3}\s*[.．、)）](?!\d)\s*)"
)
_EMPHASIS = re.compile(
    r"(?<![\w*])(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])"
    r"|<(i|em|italic|b|strong|bold)>\s*(.+?)\s*</\3>",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Cleaned:
    text: str
    source: list[int]  # for each character of `text`, its index in the string as given
    emphasis: list[tuple[int, int]] = field(default_factory=list)  # character ranges in `text`
    truncated: bool = False


def clean(raw: str) -> Cleaned:
    text, source = _collapse_spaces(raw)
    truncated = len(text) > MAX_CHARS
    text, source = text[:MAX_CHARS], source[:MAX_CHARS]
    while True:  # "1. [1] ..." and "- [3] ..." are seen too
        found = _LIST_NUMBER.match(text)
        if not found or not found.end():
            break
        text, source = text[found.end() :], source[found.end() :]
    pieces: list[str] = []
    kept: list[int] = []
    emphasis: list[tuple[int, int]] = []
    last = 0
    for match in _EMPHASIS.finditer(text):
        pieces.append(text[last : match.start()])
        kept.extend(source[last : match.start()])
        inner_start, inner_end = match.span(2 if match.group(2) is not None else 4)
        emphasis.append((len(kept), len(kept) + inner_end - inner_start))
        pieces.append(text[inner_start:inner_end])
        kept.extend(source[inner_start:inner_end])
        last = match.end()
    pieces.append(text[last:])
    kept.extend(source[last:])
    return Cleaned("".join(pieces), kept, emphasis, truncated)


def _collapse_spaces(raw: str) -> tuple[str, list[int]]:
    """Runs of white space and control characters as one space; none at either end."""
    pieces: list[str] = []
    source: list[int] = []
    last = 0
    for match in _CONTROL.finditer(raw):
        pieces.append(raw[last : match.start()])
        source.extend(range(last, match.start()))
        if match.start() > 0 and match.end() < len(raw):
            pieces.append(" ")
            source.append(match.start())
        last = match.end()
    pieces.append(raw[last:])
    source.extend(range(last, len(raw)))
    return "".join(pieces), source
