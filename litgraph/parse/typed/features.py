"""What the CRF sees of each token: its form and shape, its neighbours, and where it stands in the
reference (before or after the type mark, the year, the `//` of a host, the n-th full stop).

The position features carry most of GB/T 7714's grammar: the title is what follows the first full
stop and precedes the type mark; the container follows the mark. The shapes (year, initial, full-width
punctuation) carry APA's and the author-year styles'. Features are plain strings, which python-crfsuite
hashes fastest.
"""

from __future__ import annotations

from ...style.marks import MARK_PATTERN
from .tokens import Token

_FULL_STOPS = frozenset(".。．")
_OPENERS = frozenset("([（【［")
_CLOSERS = frozenset(")]）】］")
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december".split()
)


def _describe(token: Token) -> tuple[str, str]:
    """(form, shape): the lower-cased word or a class for numbers and links; the shape class."""
    text, kind = token.text, token.kind
    if kind == "cjk":
        return text, "C" if "\u3400" <= text <= "\ufaff" else "K"
    if kind == "num":
        size = min(len(text), 5)
        if size == 4 and 1400 <= int(text) <= 2099:
            return "<year>", "Y"
        return f"<n{size}>", f"N{size}"
    if kind == "word":
        lower = text.lower()
        if lower in _MONTHS:
            return lower, "M"
        if len(text) == 1:
            return lower, "I" if text.isupper() else "a1"
        if text.isupper():
            return lower, "AA"
        return lower, "Aa" if text[0].isupper() else ("a" if text.islower() else "x")
    if kind in ("url", "doi", "resolver"):
        return f"<{kind}>", kind.upper()
    wide = "\u3000" <= text <= "\u303f" or "\uff00" <= text <= "\uffef"
    return text, "PW" if wide else "P"


def sequence_features(tokens: list[Token], text: str, emphasis: list[tuple[int, int]]) -> list[list[str]]:
    """One feature list per token. `emphasis` holds the character ranges that were *emphasised*."""
    count = len(tokens)
    described = [_describe(token) for token in tokens]
    marks = [match.span() for match in MARK_PATTERN.finditer(text)]
    out: list[list[str]] = []
    stops = 0
    depth = 0
    seen_mark = seen_year = seen_host = False
    for i, token in enumerate(tokens):
        form, shape = described[i]
        in_mark = any(start <= token.start < end for start, end in marks)
        features = [
            "b",
            "w=" + form,
            "s=" + shape,
            "sp=" + ("1" if token.space_before else "0"),
            "pos=" + str(10 * i // count),
            "stop=" + str(min(stops, 6)),
            "mk=" + ("1" if in_mark else "0"),
            "amk=" + ("1" if seen_mark and not in_mark else "0"),
            "ay=" + ("1" if seen_year else "0"),
            "host=" + ("1" if seen_host else "0"),
            "par=" + ("1" if depth > 0 else "0"),
            "em=" + ("1" if any(start <= token.start < end for start, end in emphasis) else "0"),
        ]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < count:
                features.append(f"w{offset:+d}=" + described[j][0])
                if abs(offset) == 1:
                    features.append(f"s{offset:+d}=" + described[j][1])
            else:
                features.append(f"w{offset:+d}=<edge>")
        previous = described[i - 1][1] if i else "^"
        following = described[i + 1][1] if i + 1 < count else "$"
        features.append(f"sss={previous}|{shape}|{following}")
        if shape == "C":
            if i and described[i - 1][1] == "C":
                features.append("b-=" + described[i - 1][0] + form)
            if i + 1 < count and described[i + 1][1] == "C":
                features.append("b+=" + form + described[i + 1][0])
        elif token.kind == "word":
            features.append("ww=" + (described[i - 1][0] if i else "^") + "|" + form)
            if len(form) > 3:
                features.append("suf=" + form[-3:])
        elif token.kind == "punct" and i + 1 < count:
            features.append("nsp=" + ("1" if tokens[i + 1].space_before else "0"))
        out.append(features)
        # state for the tokens after this one
        if in_mark:
            seen_mark = True
        if shape == "Y":
            seen_year = True
        if form == "/" and i and described[i - 1][0] == "/":
            seen_host = True
        if form in _OPENERS:
            depth += 1
        elif form in _CLOSERS and depth:
            depth -= 1
        elif form in _FULL_STOPS and previous not in ("I", "a1") and (i + 1 == count or following != "N1"):
            stops += 1
    return out
