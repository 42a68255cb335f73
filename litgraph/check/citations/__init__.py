"""cite-check: a manuscript's in-text citations against its reference list.

Citations are found in the styles reviews use (`find`) and matched to the
bibliography (`match`): by key for LaTeX and pandoc, by first author's family name
and year for author–year text. What cannot be matched, what is never cited and what
is written inconsistently (`report`) becomes a `Problem` at the citation's line (or,
in a .docx, paragraph). Entries are named in the manuscript's own label style
(`style.labels`), which `label_styles` also gives every other command; the check
itself is `run.check_citations`, apart so that those commands load no BibTeX reader.
"""

from __future__ import annotations

from ...errors import LitgraphError
from ...parse.manuscript import read_manuscript
from ...project import CONFIG_NAME, Project
from ...style.labels import LabelStyles, read_settings
from .find import Found, find_citations, usage
from .result import Citation, CiteCheckResult

__all__ = ["Citation", "CiteCheckResult", "label_styles", "project_settings"]


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
            found = find_citations(read_manuscript(project.manuscript, project.shown(project.manuscript)))
        except LitgraphError:
            pass
    return LabelStyles(usage(found), project_settings(project))
