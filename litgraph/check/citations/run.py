"""`check_citations`: the whole cite-check of a manuscript against its reference list.

Apart from the package's `label_styles`, which every table and answer needs: this one
loads the BibTeX reader and the fuzzy matching, which `litgraph paths` need not wait for.
"""

from __future__ import annotations

from ...parse.bibtex import UNPARSED_CODES
from ...parse.manuscript import Paragraph
from ...records import Bibliography
from ...style.labels import LabelStyles, Settings
from .find import Found, find_citations, usage
from .match import ReferenceIndex, match_author_years, match_keys
from .report import report_punctuation, report_uncited
from .result import CiteCheckResult, Reporter


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
