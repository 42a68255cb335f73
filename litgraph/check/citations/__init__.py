"""cite-check: a manuscript's in-text citations against its reference list.

Citations are found in the styles reviews use (`find`) and matched to the
bibliography (`match`): by key for LaTeX and pandoc, by first author's family name
and year for author–year text. What cannot be matched, what is never cited and what
is written inconsistently (`report`) becomes a `Problem` at the citation's line (or,
in a .docx, paragraph). Entries are named in the manuscript's own label style
(`style.labels`), which `label_styles` also gives every other command.
"""

from __future__ import annotations

from ...errors import LitgraphError
from ...parse.bibtex import UNPARSED_CODES
from ...parse.manuscript import Paragraph, read_manuscript
from ...project import CONFIG_NAME, Project
from ...records import Bibliography
from ...style.labels import LabelStyles, Settings, read_settings
from .find import Found, find_citations, usage
from .match import ReferenceIndex, match_author_years, match_keys
from .report import report_punctuation, report_uncited
from .result import Citation, CiteCheckResult, Reporter

__all__ = [
    "Citation",
    "CiteCheckResult",
    "check_citations",
    "label_styles",
    "manuscript_language",
    "project_settings",
]


def check_citations(
    paragraphs: list[Paragraph],
    bib: Bibliography,
    unit: str = "line",
    settings: Settings | None = None,
    lang: str = "",
) -> CiteCheckResult:
    """Citations found in `paragraphs` and every problem between them and `bib`, with
    the entries of `bib` that could not be read (a citation of one looks missing).

    `unit` is what locations count ('line', or 'paragraph' for .docx), named in messages
    so that a number is never read as the wrong thing. Entries are labelled as the text
    around a citation writes labels, changed by `settings` (litgraph.toml's [citations]);
    an uncited entry as text in `lang` would (default: the manuscript's main language).
    """
    found = find_citations(paragraphs)
    styles = LabelStyles(usage(found), settings or {})
    index = ReferenceIndex(bib)
    result = CiteCheckResult()
    report = Reporter(result.problems, unit)
    for severity, location, message in found.malformed:
        report(severity, "citation-syntax", location, message)
    cited = match_keys(found, index, result.citations, report)
    cited |= match_author_years(found.author_year, index, result.citations, report, styles)
    report_punctuation([mark for mark in found.marks if any(c.counted for c in mark.citations)], report)
    result.citations.sort(key=lambda c: c.location.line)
    result.problems.sort(
        key=lambda p: p.location.line
    )  # all in the manuscript so far; uncited entries follow
    uncited_style = styles[lang or _main_language(found)]
    report_uncited(bib, cited, found.listed_without_citing, result.problems, uncited_style)
    result.problems += [problem for problem in bib.problems if problem.code in UNPARSED_CODES]
    return result


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
            found = find_citations(read_manuscript(project.manuscript, project.shown(project.manuscript)))
        except LitgraphError:
            pass
    return LabelStyles(usage(found), project_settings(project))
