"""cite-check: a manuscript's in-text citations against its reference list, and the list it types.

Citations are found in the styles reviews use (`find`, on the text as a reader sees it:
`passage`) and matched to the bibliography (`match`): by key for LaTeX and pandoc, by first
author's family name and year for author–year text, by number through a numbered list
(`numbered`), and exactly by their embedded data for a .docx's reference-manager citations
(`managed`). What cannot be matched, what is never cited and what is written inconsistently
(`report`) becomes a `Problem` at the citation's line (or, in a .docx, paragraph). The list
the manuscript types (`parse.reflist` finds it) is checked against the .bib and the style
(`typedlist`: `listdata` matches and compares the data, `listformat` the form). Entries are
named in the manuscript's own label style (`style.labels`), which `label_styles` also gives
every other command. What is found is handed on as plain data (`result`). The check itself
is `run.check_citations`, apart, so that the commands needing only `label_styles` load no
BibTeX reader, field-code reader or fuzzy matching.
"""

from __future__ import annotations

from ...errors import LitgraphError
from ...parse.manuscript import read_manuscript
from ...parse.reflist import syntax_of
from ...project import CONFIG_NAME, Project
from ...style.labels import LabelStyles, read_settings
from ...style.render import ListSettings
from .find import Found, find_citations, usage
from .result import Citation, CiteCheckResult, Deviation, ListedReference

__all__ = [
    "Citation",
    "CiteCheckResult",
    "Deviation",
    "ListSettings",
    "ListedReference",
    "label_styles",
    "manuscript_language",
    "project_settings",
]


def _main_language(found: Found) -> str:
    """'zh' when most citations stand in Chinese text, else 'en'."""
    chinese = sum(1 for marks in found.marks if marks.chinese)
    return "zh" if chinese > len(found.marks) - chinese else "en"


def manuscript_language(project: Project) -> str:
    """The language most of the manuscript's citations stand in ('zh' or 'en'); "" when the
    project names no manuscript or it cannot be read (cite-check reports that)."""
    if project.manuscript is None:
        return ""
    try:
        paragraphs = read_manuscript(project.manuscript, project.shown(project.manuscript))
    except LitgraphError:
        return ""
    found = find_citations(paragraphs)
    return _main_language(found) if found.marks else ""


def project_settings(project: Project) -> dict[str, dict[str, str]]:
    """The project's `[citations]` label settings, checked."""
    return read_settings(project.section("citations"), str(project.root / CONFIG_NAME))


def label_styles(project: Project) -> LabelStyles:
    """The label style of each language of text for the project's tables, answers and report:
    what its manuscript writes (as cite-check reads it), changed by its `[citations]`.

    A manuscript that is not named or cannot be read leaves the defaults: cite-check
    reports it, and a table need not fail for it."""
    found = Found()
    if project.manuscript is not None:
        try:
            manuscript = read_manuscript(project.manuscript, project.shown(project.manuscript))
            found = find_citations(manuscript, syntax_of(project.manuscript))
        except LitgraphError:
            pass
    return LabelStyles(usage(found), project_settings(project))
