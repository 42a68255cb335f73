"""The ways real lists differ from a style's output, applied to labelled segments.

Each function takes and returns segments `(text, label)` and draws only from the `rng` it is given.
The seed review shows several: `。` for `.`, `等` right after the first author, no type mark; authors
also drop spaces, mix full- and half-width punctuation, lower-case journals, keep the list number,
italicise with markdown and break lines (joined again with a space).
"""

from __future__ import annotations

import random

from litgraph.parse.typed.labels import CITATION_NUMBER, MARK, OTHER
from litgraph.text import has_cjk

Segments = list[tuple[str, str]]
_WIDE = {",": "，", ":": "：", "(": "（", ")": "）", ";": "；", ".": "。"}


def no_spaces(segments: Segments, rng: random.Random) -> Segments:
    return [(text.replace(" ", "") if label == OTHER else text, label) for text, label in segments]


def cjk_full_stops(segments: Segments, rng: random.Random) -> Segments:
    """`。` for the full stops between fields (all of them, or the first)."""
    out, done = [], False
    every = rng.random() < 0.5
    for text, label in segments:
        if label == OTHER and "." in text and "//" not in text and (every or not done):
            text, done = text.replace(". ", "。").replace(".", "。"), True
        out.append((text, label))
    return out


def deng_after_first(segments: Segments, rng: random.Random) -> Segments:
    """`何佳讯等。品牌…`: the first author only, `等` glued to it."""
    out = []
    for i, (text, label) in enumerate(segments):
        if label == "author" and i == 0 and has_cjk(text):
            first = text.replace("，", ",").split(",")[0].strip()
            out.append((first, "author"))
            out.append(("等", OTHER))
        else:
            out.append((text, label))
    if len(out) > 2 and out[0][1] == "author" and out[1] == ("等", OTHER) and out[2][1] == OTHER:
        out[2] = (rng.choice(("。", ". ", ".", "，")), OTHER)
        while len(out) > 3 and out[3][1] in (OTHER, "author"):  # the other authors and their commas
            del out[3]
    return out


def drop_mark(segments: Segments, rng: random.Random) -> Segments:
    return [(text, label) for text, label in segments if label != MARK]


def width_mix(segments: Segments, rng: random.Random) -> Segments:
    out = []
    for text, label in segments:
        if label == OTHER and rng.random() < 0.6:
            text = "".join(_WIDE.get(char, char) if rng.random() < 0.7 else char for char in text).replace(
                " ", ""
            )
        out.append((text, label))
    return out


def lower_container(segments: Segments, rng: random.Random) -> Segments:
    return [(text.lower() if label == "container-title" else text, label) for text, label in segments]


def leading_number(segments: Segments, rng: random.Random) -> Segments:
    number = rng.randint(1, 300)
    form = rng.choice(("[{}] ", "[{}]", "{}. ", "{}.", "({}) ", "{}、", "- ", "- [{}] "))
    return [(form.format(number), CITATION_NUMBER), *segments]


def emphasis(segments: Segments, rng: random.Random) -> Segments:
    """Markdown italics on the journal (APA), or on a book's title."""
    target = "container-title" if any(label == "container-title" for _, label in segments) else "title"
    out = []
    for text, label in segments:
        if label == target and not has_cjk(text):
            out.append(("*", OTHER))
            out.append((text, label))
            out.append(("*", OTHER))
        else:
            out.append((text, label))
    return out


def wrapped(segments: Segments, rng: random.Random) -> Segments:
    """A line broken inside the title and joined with a space: `品牌社群 认同`."""
    out = []
    for text, label in segments:
        if label == "title" and len(text) > 8 and has_cjk(text):
            cut = rng.randint(2, len(text) - 2)
            text = text[:cut] + " " + text[cut:]
        out.append((text, label))
    return out


def page_dash(segments: Segments, rng: random.Random) -> Segments:
    dash = rng.choice(("–", "—", "~", "－"))
    return [(text.replace("-", dash) if label == "page" else text, label) for text, label in segments]


#: (function, probability, for Chinese records?, for English records?)
NOISES = (
    (no_spaces, 0.12, True, True),
    (cjk_full_stops, 0.15, True, False),
    (deng_after_first, 0.08, True, False),
    (drop_mark, 0.10, True, True),
    (width_mix, 0.10, True, False),
    (lower_container, 0.08, False, True),
    (page_dash, 0.15, True, True),
    (wrapped, 0.05, True, False),
    (leading_number, 0.25, True, True),
)


def add_noise(segments: Segments, zh: bool, italic: bool, rng: random.Random) -> Segments:
    """Each noise with its probability; markdown italics only in shapes that italicise (`italic`)."""
    for function, probability, for_zh, for_en in NOISES:
        if (for_zh if zh else for_en) and rng.random() < probability:
            if function is drop_mark and not any(label == MARK for _, label in segments):
                continue
            segments = function(segments, rng)
    if italic and rng.random() < 0.3:
        segments = emphasis(segments, rng)
    return segments
