"""Typed reference strings to CSL items: clean, tokenize, label with the CRF, read the spans.

The CRF (python-crfsuite, model in `litgraph/parse/typed/data/refparser.crfsuite`, built by
`tools/refparser/`) labels every token with a CSL variable; `values.py` and `names.py` read each
labelled span. A field's confidence is the mean marginal probability the CRF gives its tokens'
labels, so a span the model hesitated over is reported as uncertain, never passed as certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib.resources import files

import pycrfsuite

from ...csl import CslItem, Name
from ...style.marks import MARK_PATTERN
from ...text import has_cjk, is_cjk_char
from . import values
from .clean import MAX_CHARS, clean
from .features import sequence_features
from .labels import DATE_FIELDS, MARK, NAME_FIELDS, OTHER, TEXT_FIELDS
from .names import is_body, split_names
from .tokens import Token, tokenize

MODEL = "refparser.crfsuite"
_TRUNCATED = re.compile(r"等|et\s*al|and\s+others", re.IGNORECASE)
#: Below this a field is reported: "low confidence: title".
LOW_CONFIDENCE = 0.8
_VALUE_READERS = {
    "volume": values.number_value,
    "issue": values.number_value,
    "page": values.page_value,
    "DOI": values.doi_value,
    "URL": values.url_value,
}


@dataclass(slots=True)
class ParsedReference:
    text: str  # the string as given
    item: CslItem  # the fields found
    confidence: dict[str, float]  # per CSL-JSON variable found, 0..1
    notes: list[str] = field(default_factory=list)  # why the parse is uncertain

    @property
    def uncertain(self) -> bool:
        return bool(self.notes)


def parse_reference(text: str) -> ParsedReference:
    """One typed reference (a list number, bullet or markdown emphasis may still be on it)."""
    return _parse(text, _tagger())


def parse_references(texts: Iterable[str]) -> list[ParsedReference]:
    tagger = _tagger()
    return [_parse(text, tagger) for text in texts]


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(files("litgraph.parse.typed").joinpath("data", MODEL)))
    return tagger


def _parse(raw: object, tagger: pycrfsuite.Tagger) -> ParsedReference:
    given = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    cleaned = clean(given)
    notes = [f"too long: only the first {MAX_CHARS} characters were read"] if cleaned.truncated else []
    tokens = tokenize(cleaned.text)
    if not tokens:
        return ParsedReference(given, CslItem(), {}, ["empty"])
    tagger.set(sequence_features(tokens, cleaned.text, cleaned.emphasis))
    tagged = _links_labelled(tokens, tagger.tag())
    labels = _volume_words(tokens, _volume_not_year(tokens, _host_title_whole(tokens, tagged)))
    gbt = bool(MARK_PATTERN.search(cleaned.text))  # GB/T writes every name family first
    if gbt:  # GB/T's order of elements, which other styles do not keep
        labels = _year_of_a_title(tokens, _container_from_its_start(tokens, labels))
        labels = _letters_of_a_journal_name(tokens, _serial_after_mark(tokens, labels))
        labels = _numbers_by_their_place(tokens, labels)
        labels = _authors_end_at_their_full_stop(tokens, labels)
    item = CslItem()
    confidence: dict[str, float] = {}
    has_host = _has_host(tokens)
    spans = _spans(labels)
    for label, (first, last) in spans.items():
        span = cleaned.text[tokens[first].start : tokens[last].end]
        if _read(item, label, span, has_host, gbt):
            confidence[label if label != MARK else "type"] = _score(
                tagger, labels, tagged, label, first, last
            )
        if _overfull(label, span):
            notes.append(f"not read: {span}")
    for label in ("title", "container-title"):
        if not item.volume and (inner := values.inner_volume(getattr(item, TEXT_FIELDS[label]))):
            main, item.volume, volume_title = inner
            _maintitle_apart(item, label, main, volume_title)
            confidence.setdefault("volume", confidence.get(label, 0.5))
        elif item.volume and (stretch := _volume_title(tokens, labels, label)):
            first, last = stretch
            volume_title = cleaned.text[tokens[first].start : tokens[last].end]
            _maintitle_apart(item, label, getattr(item, TEXT_FIELDS[label]), volume_title)
            confidence[label] = _score(tagger, labels, tagged, label, first, last)
    if "author" in spans and not item.author_truncated:  # 等 and et al. are punctuation to the styles
        after = spans["author"][1] + 1
        following = next((i for i in range(after, len(labels)) if labels[i] != OTHER), len(labels))
        if following > after and _TRUNCATED.search(
            cleaned.text[tokens[after].start : tokens[following - 1].end]
        ):
            item.author_truncated = True
    if item.URL and not item.DOI and (doi := values.doi_in_url(item.URL)):
        item.DOI = doi  # GB/T writes a DOI as its doi.org link, and publishers' links spell it
        confidence["DOI"] = confidence.get("URL", 0.5)
    if has_host and item.container_title and _split_host(item, gbt):
        confidence.setdefault("editor", confidence.get("container-title", 0.5))
    if has_host and not item.publisher and _imprint_in_host(item):
        confidence["publisher"] = confidence.get("container-title", 0.5)
    if has_host and item.editor and not item.container_title and "editor" in spans:
        first, last = spans["editor"]
        span = cleaned.text[tokens[first].start : tokens[last].end]
        if not _title_in_editors(item, span, gbt):  # a host has a title, not always an editor
            item.editor, item.container_title = [], values.text_value(span)
        confidence["container-title"] = confidence.pop("editor", 0.5)
    if item.container_title.count("(") > item.container_title.count(")"):
        item.container_title = _closed(item.container_title, cleaned.text)
    if item.type == "article-journal" and values.is_holdings(item.volume):
        item.type = "periodical"  # [J] on a journal as a whole: what follows its holdings is its imprint
    if "type" in confidence and item.type in _IN_SERIAL and _subtitled_serial(item, cleaned.text):
        _publisher_is_subtitle(item, confidence)
    if "type" in confidence and item.container_title and item.type not in _HOSTED and not has_host:
        _container_is_publisher(item, confidence)
    elif "type" in confidence and item.type in _IN_SERIAL and _numbered_publisher(item):
        _publisher_is_container(item, confidence)
    newspaper_named = item.type == "article-newspaper" and item.publisher and not item.publisher_place
    place_only = item.publisher_place and not item.publisher
    if item.type in _IN_SERIAL and not item.container_title and (newspaper_named or place_only):
        label = "publisher" if newspaper_named else "publisher-place"  # GB/T names an article's serial
        _moved(item, confidence, label, "container-title")
    if gbt and not item.issued and item.type not in _NUMBERED_SERIALS and _YEAR.fullmatch(item.volume):
        item.issued, item.volume = (int(item.volume),), ""  # `SPIE, 2021: 118990K`: the year
        confidence["issued"] = confidence.pop("volume", 0.5)
    if (
        gbt
        and not item.title
        and item.author
        and "author" in spans
        and _runs_into_mark(tokens, labels, spans)
    ):
        first, last = spans["author"]  # no full stop between "author" and mark: a title, authorless
        item.title, item.author = values.text_value(cleaned.text[tokens[first].start : tokens[last].end]), []
        confidence["title"] = confidence.pop("author", 0.5)
    if not item.title and item.collection_title:  # a series with no title in it is the title
        _moved(item, confidence, "collection-title", "title")
    if (
        "type" in confidence
        and not (item.title or has_host or item.type in _IN_SERIAL)
        and item.container_title
    ):
        _moved(item, confidence, "container-title", "title")  # a work with no host: its own title
    if "type" not in confidence:
        item.type = _guess_type(item)
        confidence["type"] = 0.5
    if item.type == "article-newspaper" and item.issue and not (item.page or item.volume):
        _moved(item, confidence, "issue", "page")  # GB/T: a newspaper's date, then its page: 2000-11-20(15)
    if item.type == "standard" and not item.issued and (year := values.standard_year(item.number)):
        item.issued = year  # GB/T 2025 names a standard by its number, whose end is its year
        confidence["issued"] = confidence.get("number", 0.5)
    item.language = _language(item.title or cleaned.text)
    notes.extend(_notes(item, confidence))
    unread = [
        token.text for token, label in zip(tokens, labels, strict=True) if label == OTHER and _is_data(token)
    ]
    if unread:
        notes.append("not read: " + " ".join(unread))
    return ParsedReference(given, item, confidence, notes)


def _score(
    tagger: pycrfsuite.Tagger, labels: list[str], tagged: list[str], label: str, first: int, last: int
) -> float:
    """A span's confidence: the labeller's mean marginal for its label over its tokens, but not over
    the tokens a rule added to it (the `第` of `第2辑`) unless a rule made the whole span."""
    ours = [i for i in range(first, last + 1) if labels[i] == label]
    scored = [i for i in ours if tagged[i] == label] or ours
    return round(sum(tagger.marginal(label, i) for i in scored) / len(scored), 3)


def _runs_into_mark(tokens: list[Token], labels: list[str], spans: dict[str, tuple[int, int]]) -> bool:
    """The "author" span reaches the mark with nothing but its number between (`食品安全国家标准 …:
    GB 5009.999—2023[S]`): GB/T ends the authors with a full stop, a title with its mark."""
    if MARK not in spans:
        return False
    after, mark = spans["author"][1] + 1, spans[MARK][0]
    stops = [
        k for k in range(after, mark) if tokens[k].text in ".。" and tokens[k].end != tokens[k + 1].start
    ]
    if spans["author"][0] > mark or stops:  # a full stop, not the point of `5009.999`
        return False
    return all(label in (OTHER, "number") for label in labels[after:mark])


def _stretch(labels: list[str], start: int, label: str) -> int:
    """The last token of `label`'s stretch from `start` on: separators inside, up to another label."""
    end = start
    for i in range(start, len(labels)):
        if labels[i] == label:
            end = i
        elif labels[i] != OTHER:
            break
    return end


def _volume_title(tokens: list[Token], labels: list[str], label: str) -> tuple[int, int] | None:
    """A title, a colon, a volume and the volume's own title (`中国近代城市史：第 4 卷 华南与西南城市`,
    `The Oxford history of trade: v.3 The age of steam`): the second title's tokens, else None."""
    if label not in labels:
        return None
    first_end = _stretch(labels, labels.index(label), label)
    volume = next((i for i in range(first_end + 1, len(labels)) if labels[i] != OTHER), None)
    if volume is None or labels[volume] != "volume":
        return None
    if not any(token.text in ":：" for token in tokens[first_end + 1 : volume]):
        return None
    volume_end = _stretch(labels, volume, "volume")
    second = next((i for i in range(volume_end + 1, len(labels)) if labels[i] != OTHER), None)
    if second is None or labels[second] != label:
        return None
    return second, _stretch(labels, second, label)


def _maintitle_apart(item: CslItem, label: str, main: str, volume_title: str) -> None:
    """A volume's own title is the title (the host's, for a container); the work's is biblatex's
    `maintitle`, kept in `other` so the BibTeX written back has it."""
    item.other["maintitle"] = main
    setattr(item, TEXT_FIELDS[label], values.text_value(volume_title))


def _has_host(tokens: list[Token]) -> bool:
    """GB/T's `//` before a host, as two slash tokens: a URL's `https://` is inside one token."""
    return any(
        first.text == second.text == "/" and first.end == second.start
        for first, second in zip(tokens, tokens[1:], strict=False)
    )


_LINKS = {"url": "URL", "doi": "DOI"}


def _links_labelled(tokens: list[Token], labels: list[str]) -> list[str]:
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
    last = _stretch(labels, first, MARK)
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
                end = _stretch(fixed, i + 1, "volume")
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
    last = _stretch(labels, first, "author")
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


#: How many numbers a span of a rigid field holds at most (2020-03-15; 45-60; 5/6).
_NUMBERS_IN = {"issued": 3, "accessed": 3, "page": 2, "issue": 2, "volume": 2}
_DATE_WORDS = frozenset("年月日第卷期页号")


def _overfull(label: str, span: str) -> bool:
    """A year, page, issue or volume span holding more than such a field can: the labeller ran on."""
    limit = _NUMBERS_IN.get(label)
    if limit is None:
        return False
    if len(re.findall(r"\d+", span)) > limit:
        return True
    return label != "volume" and any(is_cjk_char(char) and char not in _DATE_WORDS for char in span)


#: Characters the styles write between fields (佚名, 无日期, 译, 2 版, 等, 第 1 卷): not data.
_CJK_CONNECTIVES = frozenset("佚名无日期译版等卷第册编著主页年月")


def _is_data(token: Token) -> bool:
    """A number or a CJK character the labeller left between fields: something the parse missed."""
    return token.kind == "num" or (token.kind == "cjk" and token.text not in _CJK_CONNECTIVES)


def _spans(labels: list[str]) -> dict[str, tuple[int, int]]:
    """Each label's first stretch: its tokens, with separators between them, up to another label."""
    spans: dict[str, tuple[int, int]] = {}
    closed: set[str] = set()
    current = ""
    for i, label in enumerate(labels):
        if label == OTHER:
            continue
        if label != current:
            if current:
                closed.add(current)
            current = label
            if label in closed:
                continue
            spans[label] = (i, i)
        elif label not in closed:
            spans[label] = (spans[label][0], i)
    return spans


def _read(item: CslItem, label: str, span: str, has_host: bool, gbt: bool) -> bool:
    """Set the item's field from a span's text; False when the span holds no value."""
    if values.is_unknown(span):
        return False
    if label in NAME_FIELDS:
        names, truncated = split_names(span, family_first=gbt)
        setattr(item, label, names)
        if label == "author":
            item.author_truncated = truncated
        return bool(names) or truncated
    if label in DATE_FIELDS:
        parts = values.date_value(span)
        setattr(item, label, parts)
        return bool(parts)
    if label == MARK:
        item.type = values.mark_type(span, has_host)
        return bool(item.type)
    attribute = TEXT_FIELDS.get(label)
    if attribute is None:  # the list number
        return False
    value = _VALUE_READERS.get(label, values.text_value)(span)
    setattr(item, attribute, value)
    return bool(value)


#: GB/T's host: `//主要责任者. 文献题名` — who is responsible for the host, then its title.
_HOST = re.compile(r"^(?P<who>[^.。:：/]{1,60}?)[.。]\s*(?P<title>\S.*)$")
_LATIN_NAMES = re.compile(
    r"[A-Z][\w'’-]+(?: [A-Z]{1,3})+(?:[,，] ?(?:[A-Z][\w'’-]+(?: [A-Z]{1,3})+|Jr))*(?:[,，] ?et al)?"
)

#: A body named by its acronym as the host's responsible party (`//IEEE. 2019 IEEE Conference on …`).
_BODY_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}")


#: How a host's own title begins, which names no body even with "Society" in it.
_SERIAL_TITLE = re.compile(
    r"(?:Proc(?:eedings)?|Journal|Trans(?:actions)?|Annals|Bull(?:etin)?|Advances|Lecture)\b", re.IGNORECASE
)


def _body_named(who: str) -> bool:
    """A body as the host's responsible party: an acronym (`IEEE`) or a Latin body's name."""
    if _BODY_ACRONYM.fullmatch(who):
        return True
    return not has_cjk(who) and is_body(who) and not _SERIAL_TITLE.match(who)


#: A Latin imprint, `Brisbane: IEEE`, `Washington, D.C.: Mineralogical Society of America`.
_LATIN_IMPRINT = re.compile(
    r"(?P<place>[A-Z][A-Za-z.]*(?:[,，]? ?[A-Z][A-Za-z.]*){0,3})\s*[:：]\s*(?P<publisher>[A-Z][^.:：/]{0,60})"
)
#: A host's title that ran on into its imprint: `Conference on Robotics. Brisbane: IEEE`.
_HOST_AND_IMPRINT = re.compile(rf"(?P<title>.+)\.\s+{_LATIN_IMPRINT.pattern}")


#: What follows a host title's full stop that is still the title: `. Series A: …`, `. Part 2: …`.
_NO_PLACE = re.compile(r"\d|^(?:Series|Part|Section|Vol|Volume|No|Track|Session)\b", re.IGNORECASE)


def _imprint_in_host(item: CslItem) -> bool:
    """Split a host's `Place: Publisher` off its title, where the labeller ran the title on."""
    found = _HOST_AND_IMPRINT.fullmatch(item.container_title)
    if not found or item.publisher_place or _NO_PLACE.search(found["place"]):
        return False
    item.container_title = found["title"].strip()
    item.publisher_place, item.publisher = found["place"].strip(), found["publisher"].strip()
    return True


def _title_in_editors(item: CslItem, span: str, gbt: bool) -> bool:
    """The host's title the labeller took for the end of its editors (`//KEMP D. Rivers. Washington`)."""
    trial = replace(item, editor=[], container_title=values.text_value(span))
    if not _split_host(trial, gbt) or not trial.editor:
        return False
    item.editor, item.container_title = trial.editor, trial.container_title
    return True


#: How the title of a work ends, which names no person (`…大会论文集. 呼和浩特`: a title, then a place).
_WORK_TITLE = re.compile(r"(?:论文集|文集|汇编|报告|年鉴|丛书|手册|全集|选集|词典|辞典|大全|学报)$")


def _split_host(item: CslItem, gbt: bool) -> bool:
    """The host's responsible persons read off its title ("赵其国. 长江流域…"); False when none."""
    found = _HOST.match(item.container_title)
    if not found:
        return False
    who = found["who"].strip()
    imprint_only = not item.publisher and _LATIN_IMPRINT.fullmatch(found["title"])  # ran on
    if _body_named(who) and re.search(r"[^\W\d_]", found["title"]) and not imprint_only:
        item.editor, item.container_title = [*item.editor, Name(literal=who)], found["title"].strip()
        return True
    if _WORK_TITLE.search(who) or not (has_cjk(who) or _LATIN_NAMES.fullmatch(who)):
        return False
    names, _ = split_names(who, family_first=gbt)
    if not names:
        return False
    item.editor, item.container_title = item.editor + names, found["title"].strip()
    return True


_IMPRINT = re.compile(r"^(?P<place>[^:：]{1,40})[:：]\s*(?P<publisher>\S.*)$")
#: The types whose GB/T entry names a host (a journal, a newspaper, a book or proceedings after //).
_HOSTED = frozenset({"article-journal", "article-newspaper", "chapter", "paper-conference"})


def _container_is_publisher(item: CslItem, confidence: dict[str, float]) -> None:
    """A book, thesis, dataset, report, preprint… has no host in GB/T: what the labeller took for one
    is its publisher (`Ohio: Wright State University`, `arXiv`, `UK Data Service`)."""
    if not item.publisher:
        imprint = _IMPRINT.match(item.container_title)
        item.publisher = imprint["publisher"].strip() if imprint else item.container_title
        if imprint and not item.publisher_place:
            item.publisher_place = imprint["place"].strip()
        confidence["publisher"] = confidence.get("container-title", 0.5)
    item.container_title = ""
    confidence.pop("container-title", None)


#: What GB/T marks as an article of a journal or a newspaper ([J], [N]) names its serial, never a publisher.
_IN_SERIAL = frozenset({"article-journal", "article-newspaper"})
#: The types whose volume may look like a year (a journal's volume 1999); any other's is its year.
_NUMBERED_SERIALS = frozenset({"article-journal", "periodical"})
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


def _numbered_publisher(item: CslItem) -> bool:
    """A publisher, no container, and a volume or issue: only a serial is numbered so."""
    return bool(item.publisher and not item.container_title and (item.volume or item.issue))


def _publisher_is_container(item: CslItem, confidence: dict[str, float]) -> None:
    """An article has a journal or newspaper, no publisher: what the labeller took for one, numbered
    by volume or issue, is its serial (`…[J/OL]. Modern China, 1993, 19(2): 199-215`). Not without
    the numbers: a shape that marks a data set or a map [J] (`[J].figshare,2020.`) names its
    publisher there."""
    _moved(item, confidence, "publisher", "container-title")


def _moved(item: CslItem, confidence: dict[str, float], read_as: str, field: str) -> None:
    """What the labeller read as one text field is another: its value and its confidence move."""
    setattr(item, TEXT_FIELDS[field], getattr(item, TEXT_FIELDS[read_as]))
    setattr(item, TEXT_FIELDS[read_as], "")
    confidence[field] = confidence.pop(read_as, 0.5)


def _closed(container: str, text: str) -> str:
    """A container cut inside its brackets, the year taken for the date (`… Communications (PerCom
    2006)`), closed again up to its bracket: a name's brackets are its own."""
    found = re.search(re.escape(container) + r"([^()]{1,12}\))", text)
    return container + found[1] if found else container


def _subtitled_serial(item: CslItem, text: str) -> bool:
    """A journal and a "publisher" written as one `Journal: Subtitle` after the mark of an article."""
    if not (item.container_title and item.publisher):
        return False
    joined = re.escape(item.container_title) + r"\s*[:：]\s*" + re.escape(item.publisher)
    return re.search(joined, text) is not None


def _publisher_is_subtitle(item: CslItem, confidence: dict[str, float]) -> None:
    """GB/T names no publisher for an article: a "publisher" after the journal's colon is the rest of
    the journal's name (`Biochimica et Biophysica Acta (BBA): Molecular Cell Research`)."""
    item.container_title, item.publisher = f"{item.container_title}: {item.publisher}", ""
    score = min(confidence.get("container-title", 0.5), confidence.pop("publisher", 0.5))
    confidence["container-title"] = score


def _guess_type(item: CslItem) -> str:
    """A type for a reference without a mark, from the fields it has."""
    if item.container_title and (item.volume or item.issue or item.page) and not item.publisher:
        return "article-journal"
    if item.container_title:
        return "chapter" if item.publisher or item.editor else "article-journal"
    if item.genre:
        return "thesis"
    if item.publisher:
        return "report" if item.number else "book"
    if item.URL:
        return "webpage"
    return "document"


_ENGLISH_WORDS = frozenset("the of and in a an to for on with from by as at is are its how what why".split())


def _language(title: str) -> str:
    """zh for a title in Chinese; en for one whose small words are English; "" when unsure."""
    if has_cjk(title):
        return "zh"
    words = re.findall(r"[a-z]+", title.lower())
    return "en" if sum(word in _ENGLISH_WORDS for word in words) >= max(1, len(words) // 8) else ""


def _notes(item: CslItem, confidence: dict[str, float]) -> list[str]:
    notes = []
    if not item.title:
        notes.append("no title")
    if not item.issued:
        notes.append("no year")
    for name, score in confidence.items():
        if name != "type" and score < LOW_CONFIDENCE:
            notes.append(f"low confidence: {name}")
    return notes
