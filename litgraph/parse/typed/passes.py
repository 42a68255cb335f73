"""Label passes: corrections to the CRF's label sequence where a style's order of elements is rigid.

Each pass takes the tokens and their labels and returns new labels; `relabelled` runs them in the
order of `PASSES`, then, on GB/T strings, of `GBT_PASSES`. A pass sees only labels, never the item
read from them: what needs the read values is an item fix (`fixes.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .labels import MARK, OTHER
from .tokens import Token

Pass = Callable[[list[Token], list[str]], list[str]]


def relabelled(tokens: list[Token], labels: list[str], gbt: bool) -> list[str]:
    """The labels after every pass (GB/T's too, for a string in GB/T's shape)."""
    for labelling_pass in PASSES + (GBT_PASSES if gbt else ()):
        labels = labelling_pass(tokens, labels)
    return labels


def stretch(labels: list[str], start: int, label: str) -> int:
    """The last token of `label`'s stretch from `start` on: separators inside, up to another label."""
    end = start
    for i in range(start, len(labels)):
        if labels[i] == label:
            end = i
        elif labels[i] != OTHER:
            break
    return end


_LINKS = {"url": "URL", "doi": "DOI"}


def links_labelled(tokens: list[Token], labels: list[str]) -> list[str]:
    """A URL or DOI token is a link whatever its neighbours suggest: the labeller only picks which of
    the two; a doi.org resolver goes with the DOI after it."""
    fixed = list(labels)
    for i, token in enumerate(tokens):
        if token.kind in _LINKS and fixed[i] not in ("URL", "DOI"):
            fixed[i] = _LINKS[token.kind]
    for i, token in enumerate(tokens):
        if token.kind == "resolver" and i + 1 < len(tokens) and fixed[i + 1] in ("URL", "DOI"):
            fixed[i] = fixed[i + 1]
    return fixed


#: What the labeller may take the first words of a host's title for.
_BEFORE_HOST_TITLE = frozenset({"editor", "event-title"})


#: What may join a host title's words with no space (`中国力学大会—2017论文集`).
_TITLE_JOINERS = frozenset("—–-·・")


def _host_title_whole(tokens: list[Token], labels: list[str]) -> list[str]:
    """An editor or event run straight before the host's title, with no separator between (or only a
    dash glued to both), begins that title (`中国图书馆学会年会论文集`, `中国力学大会—2017论文集`):
    GB/T always writes `responsible party. title`."""
    fixed = list(labels)
    i = 0
    while i < len(fixed):
        if fixed[i] not in _BEFORE_HOST_TITLE:
            i += 1
            continue
        end = i
        while end + 1 < len(fixed) and (
            fixed[end + 1] in _BEFORE_HOST_TITLE or _joins(tokens, fixed, end + 1)
        ):
            end += 1
        if end + 1 < len(fixed) and fixed[end + 1] == "container-title":
            fixed[i : end + 1] = ["container-title"] * (end + 1 - i)
        i = end + 1
    return fixed


def _joins(tokens: list[Token], labels: list[str], i: int) -> bool:
    """A dash labelled as a separator but glued to the words on both sides: part of a name."""
    inside = 0 < i < len(tokens) - 1 and labels[i] == OTHER and tokens[i].text in _TITLE_JOINERS
    return inside and tokens[i - 1].end == tokens[i].start and tokens[i].end == tokens[i + 1].start


def _year_of_a_title(tokens: list[Token], labels: list[str]) -> list[str]:
    """A bracketed year that closes a title or a host's title (`中国气象年鉴 (2020)[M]`, `//….
    中国区域发展报告(2020). 北京`) is the title's own, where the reference has its year elsewhere too."""
    fixed = list(labels)
    for j in range(len(tokens) - 3):
        label = fixed[j]
        year = fixed[j + 2] == "issued" and tokens[j + 2].kind == "num"
        bracket = year and tokens[j + 1].text in "(（" and tokens[j + 3].text in ")）"
        closes = j + 4 == len(tokens) or tokens[j + 4].text in ".。[［"
        if label in ("title", "container-title") and bracket and closes:
            if any(other == "issued" for k, other in enumerate(fixed) if not j < k < j + 4):
                fixed[j + 1 : j + 4] = [label] * 3  # the reference has its year elsewhere too
    return fixed


#: What the labeller may take the first words of a container for, where no full stop precedes them.
_CONTAINER_START = frozenset({OTHER, "editor", "event-title", "publisher-place", "publisher", "issued"})


def _container_from_its_start(tokens: list[Token], labels: list[str]) -> list[str]:
    """A container runs back to the full stop (or `//`) before it: words the labeller gave another
    field there begin it (`//ASHDOWN R, MURPHY C. Time, work and society, 1850–1950.`, `//鲍海军.
    北京、上海、广州: 城市更新比较研究.`, `//Vienna, 1900: art, science and the city.`)."""
    if "container-title" not in labels:
        return labels
    first = labels.index("container-title")
    start = first
    while start > 0 and labels[start - 1] in _CONTAINER_START and tokens[start - 1].text not in ".。/]":
        start -= 1
    while start < first and labels[start] == OTHER:
        start += 1  # not the separators before it
    fixed = list(labels)
    fixed[start:first] = ["container-title"] * (first - start)
    return fixed


#: The marks of the types GB/T names by their serial right after the mark: `[J]. Journal, 2012`.
_SERIAL_MARKS = re.compile(r"\[\s*[JN]\s*(?:/\s*OL\s*)?\]")


def _serial_after_mark(tokens: list[Token], labels: list[str]) -> list[str]:
    """An article whose journal the labeller missed: what stands between `[J].` and the first comma
    is the journal (`[J/OL]. 3 Biotech, 2021`)."""
    if "container-title" in labels or MARK not in labels:
        return labels
    first = labels.index(MARK)
    last = stretch(labels, first, MARK)
    if not _SERIAL_MARKS.fullmatch("".join(token.text for token in tokens[first : last + 1])):
        return labels
    start = last + 1
    while start < len(tokens) and labels[start] == OTHER and tokens[start].text in ".。":
        start += 1
    end = start
    while end < len(tokens) and tokens[end].text not in ",，.。" and labels[end] not in ("issued", "page"):
        end += 1
    if end == start or end == len(tokens) or tokens[end].text not in ",，":
        return labels
    if not any(token.kind in ("word", "cjk") for token in tokens[start:end]):
        return labels
    if "publisher-place" in labels or "publisher" in labels[start:end]:
        return labels  # a serial read as a place is read whole by `_parse`; an imprint is no serial
    fixed = list(labels)
    fixed[start:end] = ["container-title"] * (end - start)
    return fixed


def _letters_of_a_journal_name(tokens: list[Token], labels: list[str]) -> list[str]:
    """A number between the mark and a journal's name, or a capital letter straight after the name,
    is part of it (`[J]. 3 Biotech`, `Physics Letters B`, `Nuclear Physics A`), not its volume."""
    fixed = list(labels)
    for i in range(len(fixed) - 1):
        if fixed[i] == "volume" and fixed[i + 1] == "container-title" and tokens[i].kind == "num":
            before = next((label for label in reversed(fixed[:i]) if label != OTHER), "")
            fixed[i] = "container-title" if before == MARK else fixed[i]  # right after `[J].`
    for i in range(1, len(fixed)):
        letter = len(tokens[i].text) == 1 and tokens[i].text.isupper()
        if fixed[i] == "volume" and fixed[i - 1] == "container-title" and letter:
            fixed[i] = "container-title"
    return fixed


#: What GB/T writes after the pages: the access date and the links.
_AFTER_PAGES = frozenset({OTHER, "accessed", "URL", "DOI"})


def _numbers_by_their_place(tokens: list[Token], labels: list[str]) -> list[str]:
    """GB/T writes `volume: pages`: a "page" run holding a colon begins with the volume
    (`Environment, 315: 107432`), and a lone "volume" after the colon is the page (`SPIE: 118990K`)."""
    fixed = list(labels)
    colons = [i for i, token in enumerate(tokens) if token.text in ":："]
    if "volume" not in fixed:
        for i in colons:
            if 0 < i < len(fixed) - 1 and fixed[i - 1] == fixed[i] == fixed[i + 1] == "page":
                start = i - 1
                while start > 0 and fixed[start - 1] == "page":
                    start -= 1
                fixed[start:i] = ["volume"] * (i - start)
                fixed[i] = OTHER
                break
    if "page" not in fixed:
        for i in colons:
            if i + 1 < len(fixed) and fixed[i + 1] == "volume" and fixed.index("volume") == i + 1:
                end = stretch(fixed, i + 1, "volume")
                if all(label in _AFTER_PAGES for label in fixed[end + 1 :]):  # the last of the numbers
                    fixed[i + 1 : end + 1] = [
                        "page" if label == "volume" else label for label in fixed[i + 1 : end + 1]
                    ]
                break
    return fixed


#: How far from the reference's year another "year" may be and still be a year (not a volume).
_YEARS_APART = 5


def _volume_not_year(tokens: list[Token], labels: list[str]) -> list[str]:
    """A second "year" before an issue's bracket that is not the year (`2021, 1828(1)`, `2016. …
    Research, 1863(6)`) is a four-digit volume; `2012(2)`, the year then the issue, stays a year, and
    so does one near the first (`王明, 2011. … 2012(2)`: online first, printed a year on)."""
    if "volume" in labels:
        return labels
    years = [i for i, label in enumerate(labels) if label == "issued" and tokens[i].kind == "num"]
    if len(years) < 2:
        return labels
    fixed = list(labels)
    first_year = int(tokens[years[0]].text)
    for i in years[1:]:
        opens = i + 2 < len(tokens) and tokens[i + 1].text in "(（" and fixed[i + 2] == "issue"
        far = abs(int(tokens[i].text) - first_year) > _YEARS_APART
        if opens and far and fixed[i - 1] != "issued":
            fixed[i] = "volume"
    return fixed


#: What ends a GB/T name list just before its full stop: an initial (`D R`), or `et al`.
_NAME_LIST_END = re.compile(r"[A-Z]{1,3}|al")


def _authors_end_at_their_full_stop(tokens: list[Token], labels: list[str]) -> list[str]:
    """GB/T initials take no full stop, so the first full stop after a whole Latin name (`WHITAKER
    D R.`, `SMITH J, et al.`) ends the authors: an author run beyond it (`U.S. foreign policy`, `The
    St. Lawrence`, `QuickSim++:`) is the title's beginning. `U.S. Bureau.` has no name before its stop."""
    if "author" not in labels:
        return labels
    first = labels.index("author")
    last = stretch(labels, first, "author")
    for i in range(first + 1, last):
        if tokens[i].text != "." or not _NAME_LIST_END.fullmatch(tokens[i - 1].text):
            continue
        if tokens[i + 1].text in ",，":
            return labels  # `Alaya-Feki A., SAYRAC B`: a dotted initial in the list, not its end
        named = any(token.kind == "word" and len(token.text) > 1 for token in tokens[first : i - 1])
        if named and any(label == "author" for label in labels[i + 1 : last + 1]):
            fixed = list(labels)
            fixed[i] = OTHER
            fixed[i + 1 : last + 1] = [
                "title" if label != OTHER else OTHER for label in labels[i + 1 : last + 1]
            ]
            return fixed
        return labels
    return labels


_VOLUME_WORD = re.compile(r"vol|volume", re.IGNORECASE)


def _volume_words(tokens: list[Token], labels: list[str]) -> list[str]:
    """A number after `vol` is a volume even where the labeller read a page (`LNCS: vol 4296`), and
    the `第` of `第2辑` belongs to the volume it numbers."""
    fixed = list(labels)
    if "volume" not in fixed:
        for i, token in enumerate(tokens):
            if (
                fixed[i] == "page"
                and _VOLUME_WORD.fullmatch(token.text)
                and (i == 0 or fixed[i - 1] != "page")
            ):
                end = i
                while end + 1 < len(fixed) and fixed[end + 1] == "page" and tokens[end + 1].text != "-":
                    end += 1
                fixed[i : end + 1] = ["volume"] * (end + 1 - i)
                break
    for i in range(1, len(tokens)):
        if fixed[i] == "volume" and fixed[i - 1] == OTHER and tokens[i - 1].text == "第":
            fixed[i - 1] = "volume"
    return fixed


#: The passes for every string, in order: a host title is made whole before the numbers are read.
PASSES: tuple[Pass, ...] = (_host_title_whole, _volume_not_year, _volume_words)
#: The passes that rely on GB/T's order of elements, which other styles do not keep; in order: a
#: container is found (from its start, after the mark) before its letters and the numbers after it.
GBT_PASSES: tuple[Pass, ...] = (
    _container_from_its_start,
    _year_of_a_title,
    _serial_after_mark,
    _letters_of_a_journal_name,
    _numbers_by_their_place,
    _authors_end_at_their_full_stop,
)
