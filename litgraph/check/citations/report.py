"""cite-check's findings that are not about one citation's match: entries no citation accounts
for, and citations punctuated unlike most others in the same language of text."""

from __future__ import annotations

from collections import Counter, defaultdict

from ...records import Bibliography, Problem, Severity
from ...style.labels import LabelStyle
from .find import Marks, majority
from .match import reference_label
from .result import Reporter


def report_uncited(
    bib: Bibliography, cited: set[str], listed: set[str], problems: list[Problem], style: LabelStyle
) -> None:
    """Entries no citation accounts for, unless \\nocite lists them (or everything)."""
    if "*" in listed:
        return
    for ref in bib.references:
        if ref.key not in cited and ref.key not in listed:
            problems.append(
                Problem(
                    Severity.WARNING,
                    f"{ref.key} ({reference_label(ref, style)}) is in the reference list but never cited",
                    ref.location,
                    key=ref.key,
                    code="reference-uncited",
                )
            )


_SHOWN = {
    "parentheses": {"full": "（）", "half": "()"},
    "comma": {"full": "，", "half": ",", "none": "no comma"},
    "semicolon": {"full": "；", "half": ";"},
}
_CONVENTIONAL = {True: "full", False: "half"}  # breaks a tie: Chinese text full-width, English half-width


def report_punctuation(marks: list[Marks], report: Reporter) -> None:
    """Within the Chinese text and within the English text, each citation is written like most others."""
    for chinese in (True, False):
        group = [mark for mark in marks if mark.chinese == chinese]
        usual = _usual_styles(group, chinese)
        for mark in group:
            odd = [slot for slot, style in mark.styles.items() if style != usual.get(slot, style)]
            if odd:
                what = "; ".join(
                    f"{_show(slot, mark.styles[slot])} where most use {_show(slot, usual[slot])}"
                    for slot in odd
                )
                language = "Chinese" if chinese else "English"
                report(
                    Severity.INFO,
                    "citation-punctuation",
                    mark.location,
                    f"'{mark.text}' in {language} text: {what}",
                )


def _usual_styles(marks: list[Marks], chinese: bool) -> dict[str, str]:
    """The majority style per slot ('mixed' never counts as one)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for mark in marks:
        for slot, style in mark.styles.items():
            if style != "mixed":
                counts[slot][style] += 1
    return {slot: majority(counter, _CONVENTIONAL[chinese]) for slot, counter in counts.items()}


def _show(slot: str, style: str) -> str:
    if style == "mixed":
        return f"mixed {slot}"
    return f"'{style}'" if slot == "connector" or style == "none" else f"'{_SHOWN[slot][style]}'"
