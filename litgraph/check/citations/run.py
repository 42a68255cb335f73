"""`check_citations`: the whole cite-check of a manuscript against its reference list.

Apart from the package's `label_styles`, which every table and answer needs: this one
loads the BibTeX reader, the field-code reader and the fuzzy matching, which `litgraph
paths` need not wait for.
"""

from __future__ import annotations

from ...parse.bibtex import UNPARSED_CODES
from ...parse.manuscript import Paragraph
from ...parse.reflist import split_manuscript
from ...parse.sources.fieldcodes import MANAGERS, DocxCitations
from ...records import Bibliography
from ...style.labels import LabelStyles, Settings
from ...style.render import ListSettings
from .find import find_in_body, usage
from .managed import match_field_citations, without_field_text
from .match import ReferenceIndex, match_author_years, match_keys
from .numbered import find_numeric, match_numeric
from .report import report_punctuation, report_uncited
from .result import Citation, CiteCheckResult, Reporter
from .typedlist import check_typed_list, report_order
from .written import main_language


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
    uncited_style = styles[lang or main_language(found)]
    report_uncited(bib, cited, found.listed_without_citing, result.problems, uncited_style)
    result.problems += [problem for problem in bib.problems if problem.code in UNPARSED_CODES]
    return result
