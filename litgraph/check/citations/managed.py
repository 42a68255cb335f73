"""Citations a reference manager inserted in a .docx (Zotero, Mendeley, EndNote, NoteExpress), matched
exactly through the item data each carries (`parse.sources.fieldcodes`): by the citation key when
the manager wrote one (Better BibTeX), else by the work-identity rule of `csl.py` (the same DOI, or
the same title, year and first author). No name or year is read from the displayed text; a work
that is not in the .bib is reported with its title, and a close title named only as a hint.

The displayed text of each such citation is blanked in its paragraph, so that the author–year
reading of the rest of the text does not find it a second time.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ...csl import WorkIndex, identity
from ...parse.csl import to_csl
from ...parse.manuscript import Paragraph
from ...parse.sources.fieldcodes import MANAGERS, DocxCitations, FieldCitation
from ...records import Bibliography, Severity
from .result import BY_FIELD_CODE, Citation, Reporter


def match_field_citations(docx: DocxCitations, bib: Bibliography, report: Reporter) -> list[Citation]:
    """One `Citation` per work each field citation cites (a citation of two works is two), in order."""
    keys = {ref.key for ref in bib.references}
    works: WorkIndex[str] = WorkIndex()
    titles = {}
    for ref in bib.references:
        item = to_csl(ref)
        works.add(identity(item), ref.key)
        titles[ref.key] = item.title
    citations = []
    for problem in docx.problems:
        report(problem.severity, problem.code, problem.location, problem.message)
    for field in docx.citations:
        if not field.works:  # its data could not be read: reported above
            citations.append(Citation(field.text, field.location, None, BY_FIELD_CODE, field.manager))
        for work in field.works:
            written_key = work.item.other.get("citation-key") or work.item.other.get("citationKey")
            key = written_key if isinstance(written_key, str) and written_key in keys else None
            key = key or works.find(identity(work.item))
            if key is None:
                _report_unknown(field, work.item.title, work.item.year, titles, report)
            citations.append(Citation(field.text, field.location, key, BY_FIELD_CODE, field.manager))
    return citations


def _report_unknown(
    field: FieldCitation, title: str, year: int | None, titles: dict[str, str], report: Reporter
) -> None:
    close = (
        process.extractOne(title, titles, scorer=fuzz.token_sort_ratio, score_cutoff=80) if title else None
    )
    hint = f"; its title is close to {close[2]}'s (the data differ?)" if close else ""
    report(
        Severity.ERROR,
        "citation-missing-reference",
        field.location,
        f"'{field.text}' ({MANAGERS[field.manager]} field code) cites '{title or '(no title)'}'"
        f"{f' ({year})' if year else ''}, which is not in the .bib{hint}",
    )


def without_field_text(paragraphs: list[Paragraph], docx: DocxCitations) -> list[Paragraph]:
    """The paragraphs with the displayed text of each field citation blanked (spaces of its length)."""
    shown: dict[int, list[str]] = {}
    for field in docx.citations:
        if field.part == "document" and field.text:
            shown.setdefault(field.location.line, []).append(field.text)
    out = []
    for text, location in paragraphs:
        for written in shown.get(location.line, ()):
            pattern = r"\s*".join(re.escape(piece) for piece in written.split())
            text = re.sub(pattern, lambda match: " " * len(match.group()), text, count=1)
        out.append((text, location))
    return out
