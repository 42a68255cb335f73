"""What the CRF sees of each token: its form and shape, its neighbours, and where it stands in the
reference (before or after the type mark, the year, the `//` of a host, the n-th full stop).

The position features carry most of GB/T 7714's grammar: the title is what follows the first full
stop and precedes the type mark (no full stop between it and the mark, `smk=0`); the container
follows the mark; a host follows `//`, its responsible persons up to the next full stop (`hst`). A
number's two neighbours on each side as one feature tell `2017, 13(2)` (volume, issue) from `: 45-60`
(pages). The shapes (year, initial, full-width punctuation) carry APA's and the author-year styles'.
Features are plain strings, which python-crfsuite hashes fastest.
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
    to_mark = _stops_to_mark(tokens, described, marks[0][0] if marks else -1)
    host_end = _host_end(described)
    in_marks, emphasised = _inside(tokens, marks), _inside(tokens, emphasis)
    out: list[list[str]] = []
    stops = host_stops = 0
    depth = 0
    opened_after = "^"  # what stood before the innermost open bracket
    seen_mark = seen_year = seen_host = False
    for i, token in enumerate(tokens):
        form, shape = described[i]
        in_mark = in_marks[i]
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
            "em=" + ("1" if emphasised[i] else "0"),
            "smk=" + to_mark[i],
            "hst=" + (str(min(host_stops, 2)) if seen_host else "-"),
            "he=" + host_end[i],
        ]
        if depth:
            features.append("po=" + opened_after)
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
        if token.kind == "num":  # 2017, 13(2) | : 45-60 | 1984, 1(1)-
            before = (described[i - 2][0] if i > 1 else "^") + "|" + (described[i - 1][0] if i else "^")
            after = (
                (described[i + 1][0] if i + 1 < count else "$")
                + "|"
                + (described[i + 2][0] if i + 2 < count else "$")
            )
            features += ["nb=" + before, "na=" + after]
        out.append(features)
        # state for the tokens after this one
        if in_mark:
            seen_mark = True
        if shape == "Y":
            seen_year = True
        if form == "/" and i and described[i - 1][0] == "/":
            seen_host, host_stops = True, 0
        if form in _OPENERS:
            depth += 1
            opened_after = described[i - 1][1] if i else "^"
        elif form in _CLOSERS and depth:
            depth -= 1
        elif form in _FULL_STOPS and previous not in ("I", "a1") and (i + 1 == count or following != "N1"):
            stops += 1
            host_stops += 1
    return out


def _inside(tokens: list[Token], spans: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether it starts inside one of `spans` (character ranges, in order)."""
    if not spans:
        return [False] * len(tokens)
    return [any(start <= token.start < end for start, end in spans) for token in tokens]


_COMMAS = frozenset(",，")
_GROUP_ENDS = _FULL_STOPS | _COMMAS


def _host_end(described: list[tuple[str, str]]) -> list[str]:
    """For each token of a GB/T host (after `//`, up to its first full stop or comma), how the host's
    first group ends: `stop` (a book's editors or title: `//许厚泽. 长江…`), `year` (an event:
    `//2022 6th … Conference, 2022: 2`) or `comma` (a list of editors); "-" outside a host."""
    out = ["-"] * len(described)
    for i in range(1, len(described)):
        if not (described[i][0] == "/" and described[i - 1][0] == "/"):
            continue
        end = next((j for j in range(i + 1, len(described)) if described[j][0] in _GROUP_ENDS), None)
        if end is None:
            kind = "none"
        elif described[end][0] in _FULL_STOPS:
            kind = "stop"
        else:
            kind = "year" if end + 1 < len(described) and described[end + 1][1] == "Y" else "comma"
        for j in range(i + 1, end if end is not None else len(described)):
            out[j] = kind
    return out


def _stops_to_mark(tokens: list[Token], described: list[tuple[str, str]], mark_start: int) -> list[str]:
    """For each token before the first type mark, how many full stops lie between it and the mark
    (0, 1, 2 or more); "-" for the mark and what follows, or when there is none."""
    out = ["-"] * len(tokens)
    if mark_start < 0:
        return out
    between = 0
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].start >= mark_start:
            continue
        out[i] = str(min(between, 2))
        if described[i][0] in _FULL_STOPS:
            between += 1
    return out
