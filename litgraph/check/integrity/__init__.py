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
from .registry import BIBLIOGRAPHY_RULES, ENTRY_RULES

__all__ = ["check_bibliography", "isbn_valid", "issn_valid", "near_duplicates"]


def check_bibliography(bib: Bibliography, steps: Steps | None = None) -> list[Problem]:
    """Every finding about `bib`: the parser's problems and those of each rule, in file order.
    `steps` hears of the stages "check" (each entry's rules) and "compare" (entries
    against each other, for duplicates)."""
    steps = steps or Silent()
    steps.begin("check", len(bib.references))
    problems = list(bib.problems)
    for done, ref in enumerate(bib.references, 1):
        for rule in ENTRY_RULES:
            problems.extend(rule(ref))
        if done % 1000 == 0:
            steps.advance("check", 1000)
    steps.advance("check", len(bib.references) % 1000)
    steps.begin("compare")
    for compare in BIBLIOGRAPHY_RULES:
        problems.extend(compare(bib.references))
    file_order = {name: index for index, name in enumerate(bib.files)}
    problems.sort(key=lambda p: (file_order.get(p.location.file, len(file_order)), p.location.line, p.code))
    return problems
