"""Entries `litgraph import` could not read with certainty: listed by `check` until the author has
looked at them against the source and removed their `importnote`."""

from __future__ import annotations

from collections.abc import Iterator

from ...parse.latex import decode
from ...parse.sources.base import NOTE_FIELD, SOURCE_FIELD
from ...records import Problem, Reference, Severity
from .registry import entry_rule, finding


@entry_rule
def uncertain_import(ref: Reference) -> Iterator[Problem]:
    """An uncertain parse passes for certain once it is in the .bib; the note keeps it in view."""
    note = decode(ref.fields.get(NOTE_FIELD, "")).strip()
    if not note:
        return
    source = decode(ref.fields.get(SOURCE_FIELD, "")).strip()
    where = f" from {source}" if source else ""
    yield finding(
        ref,
        Severity.WARNING,
        "import-uncertain",
        f"imported{where} with doubts ({note}); check the entry against the source, then delete "
        f"its {NOTE_FIELD} field",
        NOTE_FIELD,
    )
