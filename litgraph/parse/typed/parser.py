"""Typed reference strings to CSL items: clean, tokenize, label with the CRF, correct the labels
(`passes.py`), read the spans, correct the item (`fixes.py`).

The CRF (python-crfsuite, model in `litgraph/parse/typed/data/refparser.crfsuite`, built by
`tools/refparser/`) labels every token with a CSL variable; `values.py` and `names.py` read each
labelled span. A field's confidence is the mean marginal probability the CRF gives its tokens'
labels, so a span the model hesitated over is reported as uncertain, never passed as certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import pycrfsuite

from ...csl import CslItem
from ...style.marks import MARK_PATTERN
from ...text import has_cjk, is_cjk_char
from . import fixes, values
from .clean import MAX_CHARS, clean
from .features import sequence_features
from .fixes import Reading
from .labels import DATE_FIELDS, MARK, NAME_FIELDS, OTHER, TEXT_FIELDS
from .names import split_names
from .passes import has_host, links_labelled, relabelled
from .tokens import Token, tokenize

MODEL = "refparser.crfsuite"
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
    tagged = links_labelled(tokens, tagger.tag())
    gbt = bool(MARK_PATTERN.search(cleaned.text))  # GB/T writes every name family first
    labels = relabelled(tokens, tagged, gbt)
    spans = _spans(labels)
    reading = Reading(
        cleaned.text, tokens, labels, tagged, tagger, gbt, has_host(tokens), spans, CslItem(), {}
    )
    for label, (first, last) in spans.items():
        span = reading.text_of(first, last)
        if _read(reading.item, label, span, reading.has_host, gbt):
            reading.confidence[label if label != MARK else "type"] = reading.score(label, first, last)
        if _overfull(label, span):
            notes.append(f"not read: {span}")
    fixes.apply(reading)
    item, confidence = reading.item, reading.confidence
    item.language = _language(item.title or cleaned.text)
    notes.extend(_notes(item, confidence))
    unread = [
        token.text for token, label in zip(tokens, labels, strict=True) if label == OTHER and _is_data(token)
    ]
    if unread:
        notes.append("not read: " + " ".join(unread))
    return ParsedReference(given, item, confidence, notes)


#: How many numbers a span of a rigid field holds at most (2020-03-15; 45-60; 5/6).
_NUMBERS_IN = {"issued": 3, "accessed": 3, "page": 2, "issue": 2, "volume": 2}
_DATE_WORDS = frozenset("年月日第卷期页号")


def _overfull(label: str, span: str) -> bool:
    """A year, page, issue or volume span holding more than such a field can: the labeller ran on."""
    limit = _NUMBERS_IN.get(label)
    if limit is None or (label == "volume" and values.is_holdings(span)):
        return False  # a periodical's holdings, `1(1)-12(6)`, are one volume
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
