"""Label passes: corrections to the CRF's label sequence where a style's order of elements is rigid.

Each pass takes the tokens and their labels and returns new labels; `relabelled` runs them in the
order of `PASSES`, then, on GB/T strings, of `GBT_PASSES`. A pass sees only labels, never the item
read from them: what needs the read values is an item fix (`fixes.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...text import CAPITALS
from ..names import PARTICLES
from . import values
from .labels import MARK, OTHER
from .names import names_a_body, names_a_publisher
from .tokens import Token

Pass = Callable[[list[Token], list[str]], list[str]]


def has_host(tokens: list[Token]) -> bool:
    """GB/T's `//` before a host, as two slash tokens: a URL's `https://` is inside one token."""
    return any(_slashes(tokens, i) for i in range(len(tokens) - 1))


def _joined(tokens: list[Token], first: int, last: int) -> str:
    """The tokens' text with the spaces the string had between them."""
    return "".join(
        (" " if token.space_before and i else "") + token.text
        for i, token in enumerate(tokens[first : last + 1])
    )


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
        elif _LINK_WORD.fullmatch(token.text) and _before_link(tokens, fixed, i):
            fixed[i] = OTHER  # the `DOI:` that names what follows
    return fixed


_LINK_WORD = re.compile(r"DOI|URL", re.IGNORECASE)


def _before_link(tokens: list[Token], labels: list[str], i: int) -> bool:
    following = i + 2 if i + 1 < len(tokens) and tokens[i + 1].text in ":：" else i + 1
    return following < len(tokens) and labels[following] in ("URL", "DOI")


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


def _year_at(tokens: list[Token], i: int) -> bool:
    return values.is_year(tokens[i].text)


def _year_elsewhere(labels: list[str], inside: range) -> bool:
    """The reference has a year outside these tokens: GB/T gives it after the imprint."""
    return any(label == "issued" for k, label in enumerate(labels) if k not in inside)


def _holds_the_only_year(labels: list[str], inside: range) -> bool:
    """These tokens hold the reference's year and it has no other: a rule keeps it the year."""
    return any(labels[k] == "issued" for k in inside) and not _year_elsewhere(labels, inside)


def _year_of_a_title(tokens: list[Token], labels: list[str]) -> list[str]:
    """A year that closes a title or a host's title, in brackets or after a colon (`中国气象年鉴
    (2020)[M]`, `//…. 中国区域发展报告(2020). 北京`, `//…. 南岭教育年鉴: 2016. 广州: …, 2017`), or a host's
    after a comma, is the title's own, where the reference has its year elsewhere too: GB/T gives the
    year after the imprint."""
    fixed, hosted = list(labels), has_host(tokens)
    for j in range(len(tokens) - 2):
        label = fixed[j]
        if (
            label not in ("title", "container-title")
            or fixed[j + 2] != "issued"
            or tokens[j + 2].kind != "num"
        ):
            continue
        if tokens[j + 1].text in "(（" and j + 3 < len(tokens) and tokens[j + 3].text in ")）":
            end = j + 3  # the closing bracket
        elif tokens[j + 1].text in ":：" and _year_at(tokens, j + 2):
            end = j + 2
        elif (
            hosted and label == "container-title" and tokens[j + 1].text in ",，" and _year_at(tokens, j + 2)
        ):
            end = j + 2  # `//…symposium, Arusha, 2017. Nairobi: …, 2018`: the meeting's year
        else:
            continue
        closes = end + 1 == len(tokens) or tokens[end + 1].text in ".。[［"
        if closes and _year_elsewhere(fixed, range(j + 1, end + 1)):
            fixed[j + 1 : end + 1] = [label] * (end - j)  # the reference has its year elsewhere too
    return fixed


#: How a host's title names a book of a meeting's papers, not the meeting itself.
_PROCEEDINGS = re.compile(r"\bProc(?:eedings\b|\.)|论文集|会议录|論文集")
#: What the labeller may read inside a proceedings title's last words (`(Hangzhou, 2019)`, `3–5 June 2019`).
_INSIDE_A_MEETING = frozenset({OTHER, "issued", "event-title", "event-place", "publisher-place"})


def _proceedings_read_as_an_event(tokens: list[Token], labels: list[str]) -> list[str]:
    """A host after `//` that names proceedings (`//Proceedings of the … symposium (Hangzhou, 2019).`)
    read as the meeting is the container: the book, not the meeting, holds the paper."""
    slashes = next((i for i in range(len(tokens) - 1) if _slashes(tokens, i)), None)
    if slashes is None or "container-title" in labels:
        return labels
    start = next((i for i in range(slashes + 2, len(labels)) if labels[i] != OTHER), len(labels))
    end = start
    while end + 1 < len(labels) and labels[end + 1] == "event-title":
        end += 1
    if start == len(labels) or labels[start] != "event-title":
        return labels
    if not _PROCEEDINGS.search(_joined(tokens, start, end)):
        return labels
    fixed = list(labels)
    fixed[start : end + 1] = ["container-title"] * (end + 1 - start)
    return fixed


def _host_to_its_full_stop(tokens: list[Token], labels: list[str]) -> list[str]:
    """A host's title after `//` runs to the full stop that ends its group: the meeting's place and
    dates the labeller read apart belong to it (`…(ICCI 2019), Lisbon, Portugal, 3–6 June 2019.`,
    `…forum 2018, Montpellier.`, `中国对外开放40年 (1978—2018).`), unless a year there is the
    reference's only one. A colon ends the title first: a volume follows it."""
    if "container-title" not in labels or not has_host(tokens):
        return labels
    last = len(labels) - 1 - labels[::-1].index("container-title")
    stop = last + 1
    while stop < len(labels) and not _ends_a_group(tokens, stop) and labels[stop] in _INSIDE_A_MEETING:
        stop += 1
    inside = range(last + 1, stop)
    if stop == len(labels) or tokens[stop].text not in ".。" or all(labels[k] == OTHER for k in inside):
        return labels
    if _holds_the_only_year(labels, inside):
        return labels
    fixed = list(labels)
    fixed[last + 1 : stop] = ["container-title"] * (stop - last - 1)
    return fixed


#: Words a full stop shortens inside a meeting's place and dates (`Dec. 2019`, `Ft. Collins`, `Int.
#: Workshop`): that stop ends no group, and neither does one after a single letter (`Washington, D.C.`).
_ABBREVIATED = frozenset(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Int Intl Conf Proc Symp Ft St Mt Univ Natl".split()
)


def _ends_a_group(tokens: list[Token], k: int) -> bool:
    """A colon, or a full stop that is no abbreviation's."""
    if tokens[k].text not in ".。:：":
        return False
    before = tokens[k - 1]
    if tokens[k].text != "." or before.end != tokens[k].start:
        return True
    return not (len(before.text) == 1 and before.text.isalpha() or before.text in _ABBREVIATED)


def _slashes(tokens: list[Token], i: int) -> bool:
    return tokens[i].text == tokens[i + 1].text == "/" and tokens[i].end == tokens[i + 1].start


def _bracket_before_the_mark(tokens: list[Token], labels: list[str]) -> list[str]:
    """A bracket between a title and its type mark belongs to the title (`数据集 (v2.0)[DS/OL]`,
    `database (release 4.2)[DB/OL]`, `年鉴（2020）[M]`), unless it holds a volume or the reference's
    only year; so does the title before it where the labeller read it as a series."""
    if MARK not in labels:
        return labels
    mark = labels.index(MARK)
    close = mark - 1
    if close < 2 or tokens[close].text not in ")）" or tokens[close].end != tokens[mark].start:
        return labels
    opening = next((i for i in range(close - 1, -1, -1) if tokens[i].text in "(（)）"), -1)
    if opening < 1 or tokens[opening].text not in "(（":
        return labels
    start = opening
    if labels[opening - 1] == "collection-title" and "title" not in labels[:opening]:
        while start > 0 and labels[start - 1] == "collection-title":
            start -= 1  # the work's title read as a series: GB/T prints none before the mark
    elif labels[opening - 1] != "title":
        return labels
    inside = range(opening, close + 1)
    if any(labels[k] == "volume" for k in inside):
        return labels  # `论文集(上册)[C]`: the volume's own place
    if _holds_the_only_year(labels, inside):
        return labels
    fixed = list(labels)
    fixed[start : close + 1] = ["title"] * (close + 1 - start)
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
    (`Environment, 315: 107432`), a lone "volume" after the colon is the page (`SPIE: 118990K`), and a
    lone number after a journal's comma, with no colon, is its volume (`淮北水文地质研究, 17.`)."""
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
    if "volume" not in fixed and "page" in fixed and not colons and MARK in fixed:
        first = fixed.index("page")
        before = next((label for label in reversed(fixed[:first]) if label != OTHER), "")
        if before == "container-title" and tokens[first - 1].text in ",，":
            end = stretch(fixed, first, "page")
            if not any(token.text in "-–—" for token in tokens[first : end + 1]):
                fixed[first : end + 1] = [
                    "volume" if label == "page" else label for label in fixed[first : end + 1]
                ]
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
    """A number after `vol` is a volume even where the labeller read a page (`LNCS: vol 4296`), the
    `第` and `辑` of `第2辑` belong to the volume they number, and `第8回` counts a meeting, no volume."""
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
    for i in range(1, len(tokens) - 1):
        ordinal = (
            tokens[i + 1].text in _ORDINAL_UNITS and tokens[i].kind == "num" and tokens[i - 1].text == "第"
        )
        if ordinal and fixed[i] == "volume" and fixed[i + 1] in ("container-title", "title"):
            fixed[i - 1 : i + 1] = [fixed[i + 1]] * 2  # `…学会第8回年次大会`: the eighth meeting, no volume
    for i in range(1, len(tokens)):
        if fixed[i] == "volume" and fixed[i - 1] == OTHER and tokens[i - 1].text == "第":
            fixed[i - 1] = "volume"
    for i in range(2, len(tokens)):
        numbered = fixed[i - 1] == "volume" and tokens[i - 1].kind == "num" and tokens[i - 2].text == "第"
        if numbered and tokens[i].text in _VOLUME_UNITS and fixed[i] != "volume":
            fixed[i] = "volume"  # the `卷` of `第 4 卷`, read as the volume's own title
    return fixed


_VOLUME_UNITS = frozenset(values.VOLUME_UNITS)
#: What counts meetings and times, not volumes: `第8回`, `第十届`, `第二次`.
_ORDINAL_UNITS = frozenset("回届次")


def _year_before_volume(tokens: list[Token], labels: list[str]) -> list[str]:
    """A "volume" that begins with a year and a comma (`2015, 3(12): 9`, a serial's numbers with no
    name) begins with the year, where no year was read."""
    if "issued" in labels or "volume" not in labels:
        return labels
    i = labels.index("volume")
    if i + 2 >= len(tokens) or not values.is_year(tokens[i].text) or tokens[i + 1].text not in ",，":
        return labels
    if labels[i + 2] != "volume" or tokens[i + 2].kind != "num":
        return labels
    fixed = list(labels)
    fixed[i : i + 2] = ["issued", OTHER]
    return fixed


_NAME_BREAKS = frozenset(",，.。;；、&")
_BARE_INITIALS = re.compile(rf"[{CAPITALS}]{{1,3}}")
#: What may stand around a serial's name when nothing else is there: its numbers, date and links.
_SERIAL_NUMBERS = frozenset({OTHER, "issued", "volume", "issue", "page", "DOI", "URL", "accessed"})


def _serial_before_its_numbers(tokens: list[Token], labels: list[str]) -> list[str]:
    """A name followed only by a serial's numbers (`星野计算学刊, 2024, 6(1): 1-14`, `佚名, 2024.
    星野计算学刊, 6(1)`, `嵩岳植保通讯(5): 22`, `The Westhaven Courier, 2018-11-03(A7)`) is the
    serial's, however the labeller split it: a journal's or newspaper's block with no article."""
    first = next((i for i, label in enumerate(labels) if label not in _SERIAL_NUMBERS), None)
    if first is None or labels[first] not in _READ_AS_A_SERIAL:
        return labels
    last = first
    while last + 1 < len(tokens) and labels[last + 1] in _READ_AS_A_SERIAL | {OTHER}:
        if tokens[last + 1].text in ",，" or _opens_an_issue(tokens, labels, last + 1):
            break
        last += 1
    while labels[last] == OTHER:
        last -= 1  # not the separators after the name
    following = tokens[last + 1].text if last + 1 < len(tokens) else ""
    if following not in ",，" and not _opens_an_issue(tokens, labels, last + 1):
        return labels
    after = list(zip(tokens[last + 1 :], labels[last + 1 :], strict=True))
    if any(label not in _SERIAL_NUMBERS for _, label in after):
        return labels  # more than the one name
    if not any(label in ("volume", "issue", "page") for _, label in after):
        return labels
    if any(
        label == OTHER and token.kind in ("word", "cjk") and not _LINK_WORD.fullmatch(token.text)
        for token, label in after
    ):
        return labels  # `Harrow, 2015, MNRAS, 450, 317`: a journal the labeller missed after a name
    bracketed = any(_opens_an_issue(tokens, labels, i) for i in range(last + 1, len(tokens)))
    if not _names_a_serial(tokens[first : last + 1], bracketed):
        return labels
    fixed = list(labels)
    fixed[first : last + 1] = [
        "container-title" if label != OTHER else OTHER for label in labels[first : last + 1]
    ]
    return fixed


#: What the labeller may read a serial's name as, when nothing else is written.
_READ_AS_A_SERIAL = frozenset({"author", "title", "container-title", "publisher"})


def _opens_an_issue(tokens: list[Token], labels: list[str], i: int) -> bool:
    """A bracket glued to the name that holds its issue: `嵩岳植保通讯(5)`."""
    glued = i < len(tokens) - 1 and tokens[i].text in "(（" and not tokens[i].space_before
    return glued and labels[i + 1] in ("issue", "volume")


def _names_a_serial(name: list[Token], bracketed_issue: bool) -> bool:
    """Whether a run can be a serial's name rather than a person's: no list of names (`Govoni F.,
    Feretti L.`, `OKAFOR B`), no Chinese personal name of two or three characters (`李华`), and a
    one-word name only before a bracketed issue (`Limnomorphica, 2007, 3(1)`, not `Okafor, 2011, 729`)."""
    if any(token.text in _NAME_BREAKS for token in name):
        return False
    words = [token.text for token in name if token.kind == "word"]
    if _BARE_INITIALS.fullmatch(words[-1] if words else ""):
        family = [w for w in words if not _BARE_INITIALS.fullmatch(w) and w.lower() not in PARTICLES]
        if len(family) <= 2:
            return False  # `Okafor B`, `van der Berg H`, `Van Dyke J K`; `Physics Letters B` has more
    if names_a_publisher(" ".join(words)):
        return False  # `Oxford University Press, 2019, 3: 12`
    if all(token.kind == "cjk" for token in name) and len(name) < 4:
        return False
    return len(words) != 1 or bracketed_issue or any(token.kind == "cjk" for token in name)


def _holdings_closed(tokens: list[Token], labels: list[str]) -> list[str]:
    """A periodical's closed holdings (`1(1)-12(6)`) run to their last bracket: the `(6)` is no issue."""
    if "volume" not in labels:
        return labels
    first = labels.index("volume")
    last = stretch(labels, first, "volume")
    if last + 3 >= len(tokens) or not values.is_holdings(_joined(tokens, first, last)):
        return labels  # `35-36(2)` is a double volume and its issue
    opening, number, closing = tokens[last + 1 : last + 4]
    if opening.text not in "(（" or number.kind != "num" or closing.text not in ")）" or opening.space_before:
        return labels
    fixed = list(labels)
    fixed[last + 1 : last + 4] = ["volume"] * 3
    return fixed


def _page_after_a_date(tokens: list[Token], labels: list[str]) -> list[str]:
    """A bracketed number glued to a full date (`2021-04-17(6)`) is a newspaper's page (版次): GB/T
    gives a journal's issue after its volume or year, never after a day."""
    fixed = list(labels)
    for i in range(5, len(tokens) - 2):
        date = tokens[i - 5 : i]
        full = [token.kind for token in date] == ["num", "punct", "num", "punct", "num"]
        day = full and date[1].text == date[3].text == "-" and values.is_year(date[0].text)
        glued = tokens[i].text in "(（" and not tokens[i].space_before
        if day and glued and labels[i - 1] == "issued" and labels[i + 1] == "issue":
            end = stretch(labels, i + 1, "issue")
            fixed[i + 1 : end + 1] = [
                "page" if label == "issue" else label for label in labels[i + 1 : end + 1]
            ]
    return fixed


#: The marks of the works a body is the author of, more than of books: patents, archives, maps,
#: standards, reports, data sets, software.
_BODIES_WORK = re.compile(r"\[\s*(?:P|A|CM|S|R|DS|CP)\s*(?:/\s*OL\s*)?\]")


def _body_before_the_title(tokens: list[Token], labels: list[str]) -> list[str]:
    """A Latin body's name and a full stop at the start of the "title" (`Aurora Photonics Inc.
    Tunable optical filter…[P]`, `Kestrel Robotics Ltd., University of Westmarch. Gripper…`) is the
    author of a patent, archive, map…: GB/T gives `responsible party. title`."""
    if "title" not in labels:
        return labels
    first = labels.index("title")
    before = [label for label in labels[:first] if label != OTHER]
    if before and (before != ["author"] * len(before) or tokens[first - 1].text not in ",，"):
        return labels
    last = stretch(labels, first, "title")
    stop = next(
        (i for i in range(first + 1, last) if tokens[i].text == "." and tokens[i + 1].space_before), None
    )
    if stop is None:
        return labels
    name = _joined(tokens, first, stop - 1)
    if not names_a_body(name):
        return labels  # a body's name is capitalised; GB/T writes a title in sentence case
    if not _BODIES_WORK.search(_joined(tokens, last + 1, len(tokens) - 1)):
        return labels  # not a book's (`Inside the World Bank. Lessons…[M]`, `Centro histórico de Lima.`)
    fixed = list(labels)
    fixed[first:stop] = ["author" if label == "title" else label for label in labels[first:stop]]
    fixed[stop] = OTHER
    return fixed


def _author_read_as_publisher(tokens: list[Token], labels: list[str]) -> list[str]:
    """A "publisher" that opens an author-year reference, alone or after the first authors and a comma
    (`Highland Geological Survey, 2014. Bedrock geology…[CM]`, `Kestrel Robotics Ltd., University of
    Westmarch, 2022. Gripper…`), is an author: GB/T names the publisher after the place."""
    named = next(
        (i for i, label in enumerate(labels) if label not in (OTHER, "citation-number", "author")), None
    )
    if named is None or labels[named] != "publisher":
        return labels
    if "author" in labels[:named] and tokens[named - 1].text not in ",，":
        return labels
    last = stretch(labels, named, "publisher")
    year = next((i for i in range(last + 1, len(labels)) if labels[i] != OTHER), None)
    if year is None or labels[year] != "issued" or "title" not in labels[year:]:
        return labels
    fixed = list(labels)
    fixed[named : last + 1] = [
        "author" if label == "publisher" else label for label in labels[named : last + 1]
    ]
    return fixed


_VOLUME_WORDS = frozenset("第卷上中下册一二三四五六七八九十")


def _title_end_in_a_volume(tokens: list[Token], labels: list[str]) -> list[str]:
    """A volume run that begins with the title's last characters (`…论文集（上册）` read as `集（上册）`,
    `…论文汇编` as `文汇编`): those characters, glued to the title and before the volume's bracket or
    with no number after them, are the title's."""
    if "volume" not in labels:
        return labels
    first = labels.index("volume")
    if first == 0 or labels[first - 1] != "title" or tokens[first].space_before:
        return labels
    end, run_end = first, stretch(labels, first, "volume")
    while end <= run_end and tokens[end].kind == "cjk" and tokens[end].text not in _VOLUME_WORDS:
        end += 1
    unnumbered = end > run_end  # `…论文汇编` read as `文汇编`: no number
    if end == first or not (unnumbered or tokens[end].text in "(（"):
        return labels
    fixed = list(labels)
    fixed[first:end] = ["title"] * (end - first)
    return fixed


def _translators_before_their_role(tokens: list[Token], labels: list[str]) -> list[str]:
    """The names before the translators' last name and `译` are translators too (`…[M]. 唐一凡, 苏蔓, 译.`,
    the first read as a publisher or a host): GB/T lists the translators after the title, then `译`."""
    if "translator" not in labels:
        return labels
    fixed = list(labels)
    first = labels.index("translator")
    while (
        first > 1 and tokens[first - 1].text in ",，" and fixed[first - 2] not in (OTHER, "translator", MARK)
    ):
        start = first - 2
        while start > 0 and fixed[start - 1] == fixed[first - 2] and tokens[start - 1].kind == "cjk":
            start -= 1
        if tokens[start].kind != "cjk" or first - 1 - start > 4:
            break  # a Chinese name of up to four characters
        fixed[start : first - 1] = ["translator"] * (first - 1 - start)
        first = start
    return fixed


def _pages_read_as_a_year(tokens: list[Token], labels: list[str]) -> list[str]:
    """A "year" that is a range of two numbers neither of which is a year (`近代城市史论丛. 33-41.`) is
    a page range."""
    fixed = list(labels)
    i = 0
    while i < len(labels):
        if labels[i] != "issued":
            i += 1
            continue
        end = stretch(labels, i, "issued")
        run = tokens[i : end + 1]
        a_range = [token.kind for token in run] == ["num", "punct", "num"] and run[1].text in "-–—"
        if a_range and not any(values.is_year(token.text) for token in run[::2]):
            fixed[i : end + 1] = ["page"] * 3
        i = end + 1
    return fixed


def _editors_before_the_authors(tokens: list[Token], labels: list[str]) -> list[str]:
    """Names that open a reference with no host, read partly as editors (`崔怀远, 龙雪梅. 海洋…`), are
    all its authors: an editor precedes no author but a host's."""
    named = [i for i, label in enumerate(labels) if label not in (OTHER, "citation-number")]
    if not named or labels[named[0]] != "editor" or has_host(tokens):
        return labels
    last = stretch(labels, named[0], "editor")
    following = next((i for i in range(last + 1, len(labels)) if labels[i] != OTHER), None)
    if following is None or labels[following] != "author" or tokens[last + 1].text not in ",，":
        return labels
    fixed = list(labels)
    fixed[named[0] : last + 1] = [
        "author" if label == "editor" else label for label in labels[named[0] : last + 1]
    ]
    return fixed


#: Words a volume's number may carry: `Part II`, `Suppl`, `No`.
_NUMBER_WORDS = re.compile(r"[IVXLC]+|[ivxlc]+|(?i:Suppl\.?|Part|No\.?|Vol\.?|v)|[A-Z]")


def _title_after_a_volume_number(tokens: list[Token], labels: list[str]) -> list[str]:
    """Words run into a volume after its number (`v.14 Books, readers, and markets`) begin the volume's
    own title, where a title follows: a volume is a number, not words."""
    fixed = list(labels)
    for i in range(1, len(tokens) - 1):
        if fixed[i] != "volume" or tokens[i].kind != "word" or _NUMBER_WORDS.fullmatch(tokens[i].text):
            continue
        if not any(tokens[k].kind == "num" and fixed[k] == "volume" for k in range(max(0, i - 3), i)):
            continue
        end = stretch(fixed, i, "volume")
        following = next((label for label in fixed[end + 1 :] if label != OTHER), "")
        if following in ("title", "container-title"):
            fixed[i : end + 1] = [following if label == "volume" else label for label in fixed[i : end + 1]]
    return fixed


#: The passes for every string, in order: a host title is made whole before the numbers are read.
PASSES: tuple[Pass, ...] = (
    _host_title_whole,
    _volume_not_year,
    _volume_words,
    _year_before_volume,
    _serial_before_its_numbers,
    _holdings_closed,
    _page_after_a_date,
    _title_end_in_a_volume,
    _title_after_a_volume_number,
    _translators_before_their_role,
    _pages_read_as_a_year,
    _editors_before_the_authors,
)
#: The passes that rely on GB/T's order of elements, which other styles do not keep; in order: a
#: container is found (from its start, after the mark) before its letters and the numbers after it.
GBT_PASSES: tuple[Pass, ...] = (
    _proceedings_read_as_an_event,
    _bracket_before_the_mark,
    _body_before_the_title,
    _author_read_as_publisher,
    _container_from_its_start,
    _year_of_a_title,
    _host_to_its_full_stop,
    _serial_after_mark,
    _letters_of_a_journal_name,
    _numbers_by_their_place,
    _authors_end_at_their_full_stop,
)
