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
every other command. What is found is handed on as plain data (`result`).
"""

from __future__ import annotations

from ...errors import LitgraphError
from ...parse.bibtex import UNPARSED_CODES
from ...parse.manuscript import Paragraph, read_manuscript
from ...parse.reflist import split_manuscript, syntax_of
from ...parse.sources.fieldcodes import MANAGERS, DocxCitations
from ...project import CONFIG_NAME, Project
from ...records import Bibliography
from ...style.labels import LabelStyles, Settings, read_settings
from ...style.render import ListSettings
from .find import Found, find_citations, find_in_body, usage
from .managed import match_field_citations, without_field_text
from .match import ReferenceIndex, match_author_years, match_keys
from .numbered import find_numeric, match_numeric
from .report import report_punctuation, report_uncited
from .result import Citation, CiteCheckResult, Deviation, ListedReference, Reporter
from .typedlist import check_typed_list, report_order

__all__ = [
    "Citation",
    "CiteCheckResult",
    "Deviation",
    "ListSettings",
    "ListedReference",
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
    *,
    syntax: str = "text",
    typed_list: bool = True,
    list_settings: ListSettings | None = None,
    style_source: str = "",
    field_codes: DocxCitations | None = None,
) -> CiteCheckResult:
    """Citations found in `paragraphs` and every problem between them and `bib`, with
    the entries of `bib` that could not be read (a citation of one looks missing).

    `unit` is what locations count ('line', or 'paragraph' for .docx), named in messages
    so that a number is never read as the wrong thing. Entries are labelled as the text
    around a citation writes labels, changed by `settings` (litgraph.toml's [citations]);
    an uncited entry as text in `lang` would (default: the manuscript's main language).
    `syntax` ("text", "markdown", "latex", "docx") is how the reference list is read; with
    `typed_list` it is checked too, against `list_settings`' style (asked for in `style_source`;
    default: chosen from the list). A .docx's reference-manager citations (`field_codes`) are
    matched by their data.
    """
    body, section = split_manuscript(paragraphs, syntax, list_file=False)
    result = CiteCheckResult()
    report = Reporter(result.problems, unit)
    managed: list[Citation] = []
    if field_codes is not None and field_codes.citations:
        managed = match_field_citations(field_codes, bib, report)
        body = without_field_text(body, field_codes)
        result.field_codes = sorted({MANAGERS[citation.manager] for citation in field_codes.citations})
    found = find_in_body(body)
    styles = LabelStyles(usage(found), settings or {})
    index = ReferenceIndex(bib)
    for severity, location, message in found.malformed:
        report(severity, "citation-syntax", location, message)
    result.citations += managed
    cited = match_keys(found, index, result.citations, report)
    cited |= match_author_years(found.author_year, index, result.citations, report, styles)
    report_punctuation([mark for mark in found.marks if any(c.counted for c in mark.citations)], report)
    typed = None
    if typed_list and section is not None and section.references:
        typed = check_typed_list(section, bib, report, list_settings or ListSettings(), style_source)
        result.references, result.style_source = typed.references, typed.why
        result.style, result.order, result.style_title = (
            typed.style.name,
            typed.style.order,
            typed.style.title,
        )
    if section is not None and any(reference.label.isdigit() for reference in section.references):
        if typed is None:  # the numbers are matched through the list's entries: read them
            typed = check_typed_list(section, bib, Reporter([], unit), list_settings or ListSettings())
        result.citations += match_numeric(find_numeric(body), typed.references, report)
    result.citations.sort(key=lambda c: c.location.line)
    cited |= {citation.key for citation in result.citations if citation.key}
    if typed is not None and typed_list:
        report_order(typed, result.citations, report)
    manuscript_file = paragraphs[0][1].file if paragraphs else ""
    result.problems.sort(key=lambda p: (p.location.file != manuscript_file, p.location.line))
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
            manuscript = read_manuscript(project.manuscript, project.shown(project.manuscript))
            found = find_citations(manuscript, syntax_of(project.manuscript))
        except LitgraphError:
            pass
    return LabelStyles(usage(found), project_settings(project))
