"""What the manuscript writes, read from the manuscript itself: its label usage and its language.

Apart from the package's `label_styles`, which reads the usage kept beside the store and
comes here only when the manuscript changed: reading a manuscript loads the .docx and
field-code readers, scanning it the citation finder.
"""

from __future__ import annotations

from ...errors import LitgraphError
from ...parse.manuscript import Paragraph, read_manuscript
from ...parse.reflist import syntax_of
from ...project import Project
from .find import Found, find_citations, usage


def main_language(found: Found) -> str:
    """'zh' when most citations stand in Chinese text, else 'en'."""
    chinese = sum(1 for marks in found.marks if marks.chinese)
    return "zh" if chinese > len(found.marks) - chinese else "en"


def _paragraphs(project: Project) -> list[Paragraph] | None:
    """The manuscript's paragraphs; None when the project names none or it cannot be read
    (cite-check reports that, and a table need not fail for it)."""
    if project.manuscript is None:
        return None
    try:
        return read_manuscript(project.manuscript, project.shown(project.manuscript))
    except LitgraphError:
        return None


def manuscript_language(project: Project) -> str:
    """The language most of the manuscript's citations stand in ('zh' or 'en'); "" without one."""
    paragraphs = _paragraphs(project)
    found = find_citations(paragraphs) if paragraphs is not None else Found()
    return main_language(found) if found.marks else ""


def manuscript_usage(project: Project) -> dict[str, dict[str, str]] | None:
    """How the manuscript writes its labels, as cite-check reads it; None when there is none to read."""
    paragraphs = _paragraphs(project)
    if paragraphs is None or project.manuscript is None:
        return None
    return usage(find_citations(paragraphs, syntax_of(project.manuscript)))
