"""A Word manuscript's references: exactly from its reference manager's field codes when it has any
(Zotero, Mendeley, EndNote, NoteExpress: `fieldcodes.py`), else its typed reference list."""

from __future__ import annotations

from pathlib import Path

from ...csl import WorkIndex, identity
from ..text import read_bytes
from .base import SourceRead, exact
from .docx_package import open_package
from .fieldcodes import MANAGERS, DocxCitations, docx_citations


def read_docx(data: bytes, result: SourceRead) -> None:
    found = docx_citations(open_package(data, result.file))
    result.problems.extend(found.problems)
    if not found.citations:
        from .typed import read_typed_paragraphs  # the CRF, loaded only for a document without field codes

        result.notes.append("no reference manager's field codes: the typed reference list is read")
        read_typed_paragraphs(found.paragraphs, "docx", result)
        return
    seen: WorkIndex[bool] = WorkIndex()
    by_source: set[str] = set()
    managers = sorted({MANAGERS[citation.manager] for citation in found.citations})
    cited = 0
    for citation in found.citations:
        for work in citation.works:
            cited += 1
            who = identity(work.item)
            if (work.source_id and work.source_id in by_source) or seen.find(who):
                continue
            by_source.add(work.source_id)
            seen.add(who, True)
            text = f"{MANAGERS[citation.manager]} citation {citation.text}".strip()
            result.records.append(exact(work.item, citation.location, text, work.source_id))
    result.notes.append(
        f"{' and '.join(managers)} field codes: {len(found.citations)} citation(s) of {len(result.records)} "
        f"work(s) ({cited} cited in all)"
    )


def read_docx_text(data: bytes, result: SourceRead) -> None:
    """`--format text` on a .docx: its typed reference list, whatever field codes it has."""
    from .typed import read_typed_paragraphs

    read_typed_paragraphs(docx_citations(open_package(data, result.file)).paragraphs, "docx", result)


def read_docx_citations(path: Path, shown_as: str | None = None) -> DocxCitations:
    """For cite-check: each in-text citation field of a .docx, with its paragraph and the works it cites."""
    name = shown_as or str(path)
    return docx_citations(open_package(read_bytes(path, name), name))
