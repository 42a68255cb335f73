"""Offline integrity of a bibliography: what JabRef's integrity check covers, plus GB/T 7714 points.

Each rule is a small function registered with `@entry_rule` (one reference in,
findings out) or `@bibliography_rule` (all references in, for duplicates and
file-wide inconsistencies), so a rule can be read, tested and removed on its own.
Problems the parser already found (syntax, duplicate keys and fields, swallowed
entries, missing crossref targets) are passed through, never detected twice.

The rules live by theme: `fields`, `dates`, `pages`, `identifiers`, `characters`,
`gbt`, `duplicates`, `journals` and `imported` (entries `litgraph import` was unsure
of); importing this package registers them all. Their order does not matter: each
rule has its own codes, and findings are sorted by file, line and code.
"""

from __future__ import annotations

from ...records import Bibliography, Problem
from ...steps import Silent, Steps
from ...style.render import Style, get_style
from . import (  # noqa: F401 (importing a theme registers its rules)
    characters,
    dates,
    duplicates,
    fields,
    gbt,
    identifiers,
    imported,
    journals,
    pages,
)
from .duplicates import near_duplicates
from .identifiers import isbn_valid, issn_valid
from .registry import BIBLIOGRAPHY_RULES, ENTRY_RULES, STYLE_RULES

__all__ = ["DEFAULT_EDITION", "check_bibliography", "isbn_valid", "issn_valid", "near_duplicates"]
DEFAULT_EDITION = "gb7714-2025"  # the GB/T 7714 edition in force since 2026-07-01


def check_bibliography(
    bib: Bibliography, steps: Steps | None = None, style: Style | None = None
) -> list[Problem]:
    """Every finding about `bib`: the parser's problems and those of each rule, in file order.
    The GB/T 7714 rules follow `style`'s edition (default: 2025). `steps` hears of the stages
    "check" (each entry's rules) and "compare" (entries against each other, for duplicates)."""
    steps = steps or Silent()
    style = style or get_style(DEFAULT_EDITION)
    steps.begin("check", len(bib.references))
    problems = list(bib.problems)
    for done, ref in enumerate(bib.references, 1):
        for rule in ENTRY_RULES:
            problems.extend(rule(ref))
        for style_rule in STYLE_RULES:
            problems.extend(style_rule(ref, style))
        if done % 1000 == 0:
            steps.advance("check", 1000)
    steps.advance("check", len(bib.references) % 1000)
    steps.begin("compare")
    for compare in BIBLIOGRAPHY_RULES:
        problems.extend(compare(bib.references))
    file_order = {name: index for index, name in enumerate(bib.files)}
    problems.sort(key=lambda p: (file_order.get(p.location.file, len(file_order)), p.location.line, p.code))
    return problems
