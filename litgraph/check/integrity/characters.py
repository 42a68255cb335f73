"""Characters that break LaTeX: unbalanced braces, and & % # written bare."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import Problem, Reference, Severity
from .registry import assignment, entry_rule, finding

# Fields a style typesets as LaTeX text; verbatim fields (url, doi, file, eprint) and
# fields no standard style prints (abstract, keywords) may hold & # % freely.
TYPESET_FIELDS = (
    "author editor title subtitle titleaddon booktitle maintitle journal journaltitle series publisher "
    "institution school organization address location note howpublished edition chapter type translator"
).split()
_NAME_FIELDS = ("author", "editor", "translator")  # an & there is more often a lost 'and' than a name's
BACKSLASH = "\\"
_UNESCAPED = re.compile(r"(?<!\\)[&%#]")
_VERBATIM_COMMANDS = re.compile(r"\\(?:url|href|path)\{[^}]*\}")
_INNERMOST_GROUP = re.compile(r"\{[^{}]*\}")


def _braces_balanced(text: str) -> bool:
    """BibTeX's own count, in which `\\{` is a brace like any other: remove innermost {...}
    until none is left."""
    if "{" not in text and "}" not in text:
        return True
    while True:
        reduced = _INNERMOST_GROUP.sub("", text)
        if reduced == text:
            return "{" not in text and "}" not in text
        text = reduced


@entry_rule
def balanced_braces(ref: Reference) -> Iterator[Problem]:
    """An unbalanced brace makes LaTeX swallow or end the rest of the reference list."""
    for name, text in ref.fields.items():
        if not _braces_balanced(text):
            quote = (
                '; a double quote inside a "..." value misleads parsers, delimit it with braces'
                if '"' in text
                else ""
            )
            yield finding(
                ref, Severity.ERROR, "braces-unbalanced", f"{name} has unbalanced braces{quote}", name
            )


@entry_rule
def unescaped_specials(ref: Reference) -> Iterator[Problem]:
    """`&` is LaTeX's column separator, `#` a macro parameter and `%` a comment: written bare,
    they break the build. In a list of names an `&` is more often a lost 'and' than part of a
    name, so there it is the author's to judge."""
    for name in TYPESET_FIELDS:
        text = ref.fields.get(name, "")
        if "&" not in text and "%" not in text and "#" not in text:
            continue
        searchable = _VERBATIM_COMMANDS.sub("", text)
        chars = sorted(set(_UNESCAPED.findall(searchable)))
        if name in _NAME_FIELDS and "&" in chars:
            yield finding(
                ref,
                Severity.WARNING,
                "unescaped-special",
                f"{name} has an unescaped &; check by hand: names are separated by 'and', "
                f"and an & inside one name (a company's) is written {BACKSLASH}&",
                name,
            )
        elif "&amp;" in searchable:
            yield finding(
                ref,
                Severity.WARNING,
                "unescaped-special",
                f"{name} holds the HTML entity '&amp;'",
                name,
                fix=assignment(name, _escape_outside_verbatim(text)),
            )
        elif chars:
            escaped_forms = " ".join(BACKSLASH + char for char in chars)
            yield finding(
                ref,
                Severity.WARNING,
                "unescaped-special",
                f"{name} has unescaped {' '.join(chars)}; write {escaped_forms}",
                name,
                fix=assignment(name, _escape_outside_verbatim(text)),
            )


def _escape_outside_verbatim(text: str) -> str:
    """The value with & % # escaped (and `&amp;` read as &), except inside \\url{} and friends,
    where they belong to the link."""

    def escaped(piece: str) -> str:
        return _UNESCAPED.sub(lambda m: BACKSLASH + m.group(), piece.replace("&amp;", "&"))

    pieces = []
    position = 0
    for match in _VERBATIM_COMMANDS.finditer(text):
        pieces += [escaped(text[position : match.start()]), match.group()]
        position = match.end()
    pieces.append(escaped(text[position:]))
    return "".join(pieces)
