"""GB/T 7714 points, by the edition chosen (`check --style gb7714-2025|gb7714-2015`, or litgraph.toml's
[references] style; 2025 by default). What the rules look at, and how the editions differ there (the
gbt7714 BibTeX styles are the reference; the style package holds each rule's number or table):

- the first three authors before 等 / et al.: the same in both editions;
- a language marker on CJK entries (等 or et al., 译 or trans. follow it): the same in both;
- Chinese punctuation written one way throughout a file: both editions print a field's punctuation
  in their own width (2015 half-width, 2025 full-width ，：（）), so this keeps the data consistent for
  every style and is the same in both;
- the access date (urldate): both ask it of web pages, software and preprints, 2025 of datasets too;
  2015 prints it for any work with a URL or DOI, 2025 only for online resources, so a urldate the
  edition does not print is named;
- a type mark set by hand (entrytypeid, mark): 2025 adds PP (preprint), which 2015's table lacks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ...parse.csl import to_csl
from ...records import Problem, Reference, Severity
from ...style.gbt7714 import needs_access_date
from ...style.render import Style, render
from ...text import CJK_IDEOGRAPHS, has_cjk
from .registry import assignment, bibliography_rule, entry_rule, finding, is_empty, style_rule


@style_rule
def truncated_authors(ref: Reference, style: Style) -> Iterator[Problem]:
    """GB/T 7714 lists the first three authors before 等/et al.; a list cut earlier cannot be
    printed right."""
    wanted = style.names_listed
    if ref.authors_truncated and len(ref.authors) < wanted:
        listed = len(ref.authors)
        yield finding(
            ref,
            Severity.WARNING,
            "authors-truncated",
            f"author list ends in 'and others' after {listed} name{'s' if listed != 1 else ''}; "
            f"{style.standard} wants the first {wanted} authors",
            "author",
        )


# What decides whether an entry needs an access date (its type, whether it is read online or is
# an eprint, whether it has a host): entries alike in these are alike for `needs_access_date`.
_SHAPE_FIELDS = (
    "url",
    "doi",
    "eprint",
    "archiveprefix",
    "eprinttype",
    "journal",
    "journaltitle",
    "booktitle",
)


@style_rule
def access_date(ref: Reference, style: Style) -> Iterator[Problem]:
    """The date an online resource was read, as the edition asks: missing where it is required; named
    where the edition does not print it (2015: a work without URL or DOI; 2025: not an online resource)."""
    if style.family != "gbt":
        return
    if is_empty(ref.fields.get("urldate", "")):
        if _needs_access_date(ref, style):
            yield finding(
                ref,
                Severity.WARNING,
                "urldate-missing",
                f"{style.standard} gives the date an online resource was read: add urldate = {{YYYY-MM-DD}}",
            )
    elif not any(segment.field == "accessed" for segment in render(to_csl(ref), style)):
        yield finding(
            ref,
            Severity.INFO,
            "urldate-unprinted",
            f"{style.standard} does not print this entry's urldate",
            "urldate",
        )


_SHAPES: dict[tuple, bool] = {}


def _needs_access_date(ref: Reference, style: Style) -> bool:
    """One entry of each shape is converted and asked (converting every entry would cost more than the
    whole check)."""
    shape = (ref.entry_type, style, *(not is_empty(ref.fields.get(name, "")) for name in _SHAPE_FIELDS))
    if shape not in _SHAPES:
        _SHAPES[shape] = needs_access_date(to_csl(ref), style.edition)
    return _SHAPES[shape]


@style_rule
def type_mark_known(ref: Reference, style: Style) -> Iterator[Problem]:
    """A type mark set by hand must be one of the edition's (2015 has no PP)."""
    for name in ("entrytypeid", "mark"):
        mark = ref.fields.get(name, "").strip().upper()
        if style.family == "gbt" and mark and mark not in style.edition.type_marks:
            yield finding(
                ref,
                Severity.WARNING,
                "type-mark-unknown",
                f"type mark [{mark}] is not in {style.standard}'s table of document types",
                name,
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
