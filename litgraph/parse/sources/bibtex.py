"""BibTeX and biblatex files, through the project's own parser (`parse/bibtex.py`): each entry as a
CslItem by `to_csl`, its key kept (as `citation-key`) so that the import writes it back under the
key the author chose when that key is free."""

from __future__ import annotations

from ..bibtex import parse_bibtex
from ..csl import to_csl
from .base import SourceRead, exact


def read_bibtex(text: str, result: SourceRead) -> None:
    bibliography = parse_bibtex(text, result.file)
    result.problems.extend(bibliography.problems)
    for ref in bibliography.references:
        item = to_csl(ref)
        item.other["citation-key"] = ref.key
        result.records.append(exact(item, ref.location, ref.raw.strip(), ref.key))
