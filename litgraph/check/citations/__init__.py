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
BibTeX reader or fuzzy matching; and what the manuscript writes (`written`) is read from it
only when it changed, else from beside the store, so that they read no manuscript either.
"""

from __future__ import annotations

from ...graph.state import LabelUsage, code_version, fingerprint
from ...graph.store import GraphStore
from ...project import CONFIG_NAME, Project
from ...style.labels import LabelStyles, read_settings
from .result import Citation, CiteCheckResult, Deviation, ListedReference

__all__ = [
    "Citation",
    "CiteCheckResult",
    "Deviation",
    "ListedReference",
    "label_styles",
    "project_settings",
]


def project_settings(project: Project) -> dict[str, dict[str, str]]:
    """The project's `[citations]` label settings, checked."""
    return read_settings(project.section("citations"), str(project.root / CONFIG_NAME))


def label_styles(project: Project) -> LabelStyles:
    """The label style of each language of text for the project's tables, answers and report:
    what its manuscript writes (as cite-check reads it), changed by its `[citations]`.

    A manuscript that is not named or cannot be read leaves the defaults: cite-check
    reports it, and a table need not fail for it."""
    return LabelStyles(_manuscript_usage(project), project_settings(project))


def _manuscript_usage(project: Project) -> dict[str, dict[str, str]]:
    """The manuscript's label usage: kept beside the store while the manuscript is unchanged,
    else read from it (and kept for the next command)."""
    if project.manuscript is None:
        return {}
    store = GraphStore(project.store_dir)
    shown = project.shown(project.manuscript)
    kept = store.label_usage()
    if kept is not None and kept.holds_for(shown, project.manuscript):
        return kept.usage
    from .written import manuscript_usage  # see the module's docstring

    found = manuscript_usage(project)
    if found is None:
        return {}
    store.keep_label_usage(LabelUsage(shown, fingerprint(project.manuscript), code_version(), found))
    return found
