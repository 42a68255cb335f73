"""GB/T 7714 points: the first three authors before 等, a language marker on CJK entries, and
Chinese punctuation written one way throughout a file (never full-width in Latin text)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ...records import Problem, Reference, Severity
from ...text import CJK_IDEOGRAPHS, has_cjk
from .registry import assignment, bibliography_rule, entry_rule, finding, is_empty

GBT_AUTHORS = 3  # GB/T 7714: list the first three authors, then 等 / et al.


@entry_rule
def truncated_authors(ref: Reference) -> Iterator[Problem]:
    """GB/T 7714 lists the first three authors before 等/et al.; a list cut earlier cannot be
    printed right."""
    if ref.authors_truncated and len(ref.authors) < GBT_AUTHORS:
        listed = len(ref.authors)
        yield finding(
            ref,
            Severity.WARNING,
            "authors-truncated",
            f"author list ends in 'and others' after {listed} name{'s' if listed != 1 else ''}; "
            f"GB/T 7714 wants the first {GBT_AUTHORS} authors",
            "author",
        )


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


@entry_rule
def language_marker(ref: Reference) -> Iterator[Problem]:
    """GB/T and multilingual styles choose 等 vs et al., quotes and hyphenation from `langid`."""
    if is_empty(ref.fields.get("langid", "")) and is_empty(ref.fields.get("language", "")):
        sample = ref.title + "".join(person.family for person in ref.authors + ref.editors)
        if has_cjk(sample):
            language = (
                "japanese" if _KANA.search(sample) else "korean" if _HANGUL.search(sample) else "chinese"
            )
            yield finding(
                ref,
                Severity.WARNING,
                "language-missing",
                f"CJK title or author without langid; add {assignment('langid', language)}",
                "langid",
            )


_FULL_WIDTH = "，：；（）？！"
_HALF_WIDTH = ",:;()?!"
_TO_HALF = str.maketrans(_FULL_WIDTH, _HALF_WIDTH)
_CJK_CHAR = f"[{CJK_IDEOGRAPHS}]"
_HALF_NEAR_CJK = re.compile(rf"{_CJK_CHAR}\s?[,:;()?!]|[,:;()?!]\s?{_CJK_CHAR}")
_FULL = re.compile(f"[{_FULL_WIDTH}]")
_PUNCTUATED_FIELDS = ("title", "subtitle", "booktitle", "journal", "journaltitle", "publisher", "series")


def _cjk_punctuation_style(ref: Reference) -> str:
    """'full', 'half', 'mixed' or '' for the punctuation inside an entry's CJK text."""
    full = half = False
    for name in _PUNCTUATED_FIELDS:
        text = ref.fields.get(name, "")
        if has_cjk(text):
            full = full or bool(_FULL.search(text))
            half = half or bool(_HALF_NEAR_CJK.search(text))
    return "mixed" if full and half else "full" if full else "half" if half else ""


@bibliography_rule
def punctuation_width(refs: list[Reference]) -> Iterator[Problem]:
    """A reference list writes Chinese punctuation one way: report entries against the file's majority.

    Full-width punctuation in a Latin-script value is always wrong and has a certain fix.
    """
    styles = {ref.key: _cjk_punctuation_style(ref) for ref in refs}
    counts = Counter(style for style in styles.values() if style in ("full", "half"))
    majority = "full" if counts["full"] >= counts["half"] else "half"
    label = {"full": "full-width (，：)", "half": "half-width (, :)"}
    for ref in refs:
        style = styles[ref.key]
        if style == "mixed":
            yield finding(
                ref,
                Severity.INFO,
                "punctuation-width",
                "mixes full-width and half-width punctuation in Chinese text",
            )
        elif style and style != majority and counts[majority]:
            yield finding(
                ref,
                Severity.INFO,
                "punctuation-width",
                f"uses {label[style]} punctuation in Chinese text; "
                f"{counts[majority]} other entries use {label[majority]}",
            )
        yield from _full_width_in_latin(ref)


def _full_width_in_latin(ref: Reference) -> Iterator[Problem]:
    for name in _PUNCTUATED_FIELDS:
        text = ref.fields.get(name, "")
        if text and not has_cjk(text) and _FULL.search(text):
            message = f"{name} has full-width punctuation in Latin text"
            fix = assignment(name, _to_half_width(text))
            yield finding(ref, Severity.WARNING, "punctuation-width", message, name, fix)


def _to_half_width(text: str) -> str:
    """Full-width marks as their Latin forms, spaced as English is, touching nothing else."""
    text = re.sub(r"\s*([，：；？！])\s*", lambda m: m.group(1).translate(_TO_HALF) + " ", text)
    text = re.sub(r"\s*（\s*", " (", text)
    text = re.sub(r"\s*）", ")", text)
    return text.strip()
