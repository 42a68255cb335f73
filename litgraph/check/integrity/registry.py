"""The rule registry and what rules share: a finding placed at its field's line, a field's value,
folded words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ...records import Location, Problem, Reference, Severity
from ...style.render import Style
from ...text import fold
from ..corrections import not_editable

EntryRule = Callable[[Reference], Iterable[Problem]]
StyleRule = Callable[[Reference, Style], Iterable[Problem]]
BibliographyRule = Callable[[list[Reference]], Iterable[Problem]]
ENTRY_RULES: list[EntryRule] = []
STYLE_RULES: list[StyleRule] = []
BIBLIOGRAPHY_RULES: list[BibliographyRule] = []


def entry_rule(rule: EntryRule) -> EntryRule:
    """Register a rule that looks at one entry at a time."""
    ENTRY_RULES.append(rule)
    return rule


def style_rule(rule: StyleRule) -> StyleRule:
    """Register a rule that looks at one entry with the reference style in mind (a GB/T 7714 edition)."""
    STYLE_RULES.append(rule)
    return rule


def bibliography_rule(rule: BibliographyRule) -> BibliographyRule:
    """Register a rule that compares entries with each other."""
    BIBLIOGRAPHY_RULES.append(rule)
    return rule


# --- shared helpers -------------------------------------------------------------


def is_empty(text: str) -> bool:
    """No text but spaces and braces."""
    return not text.strip().strip("{}").strip()


def finding(
    ref: Reference, severity: Severity, code: str, message: str, field: str = "", fix: str = ""
) -> Problem:
    """A problem about one entry, placed at its field's line when the field is in the entry's text.
    A fix is kept only for a value written out in the entry; for one that is not (a macro, a
    `#` concatenation, inherited), the message says so instead."""
    if fix and field and (elsewhere := not_editable(ref, field)):
        fix, message = "", f"{message}; not fixed automatically: {elsewhere}"
    return Problem(
        severity, message, field_location(ref, field), key=ref.key, field=field, code=code, fix=fix
    )


def field_location(ref: Reference, field: str) -> Location:
    """The line of `field = ` inside the entry; the entry's own line for inherited or unknown fields."""
    if not field or not ref.raw:
        return ref.location
    match = re.search(rf"(?:^|[,{{])[ \t]*{re.escape(field)}[ \t]*=", ref.raw, re.IGNORECASE | re.MULTILINE)
    if match is None or not ref.location.line:
        return ref.location
    return Location(ref.location.file, ref.location.line + ref.raw.count("\n", 0, match.start()))


def assignment(field: str, text: str) -> str:
    """A field as a fix writes it: `field = {text}`. A rule offers a fix only when it is certain
    and loses nothing, since `check --fix` applies it as written (see `assigned`)."""
    return f"{field} = {{{text}}}"


def assigned(problem: Problem) -> str | None:
    """The new value of the problem's field that its fix writes (`assignment` read back); None
    when it has no fix of that form."""
    opening = f"{problem.field} = {{"
    if problem.field and problem.fix.startswith(opening) and problem.fix.endswith("}"):
        return problem.fix[len(opening) : -1]
    return None


def value(ref: Reference, field: str) -> str:
    return ref.fields.get(field, "").strip()


def words(text: str) -> list[str]:
    """The folded words (letters and digits; a CJK run stays whole) of already LaTeX-decoded text."""
    return re.findall(r"\w+", fold(text))
