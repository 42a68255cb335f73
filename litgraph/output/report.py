"""`litgraph report`: the page an author reads before submitting, one self-contained HTML file.

Styles and the figure (as SVG) are inline and nothing is fetched — no scripts, fonts or images —
so the file opens offline, can be mailed and archived, and looks the same in ten years; its only
links to the network are ones a reader follows (a DOI, a CNKI search). It holds the figure, the
hypothesis and construct tables (`tables.py`), then what the checks found (`check.submission`:
cite-check of the manuscript, the BibTeX check, the verify verdicts, the audit;
`report_checks.py` draws them), each finding linked to the hypotheses and definitions it affects,
then each hypothesis's evidence and the reference list with every reference's checks. Words are
English or Chinese (`report_html.WORDS`). A print stylesheet starts each section on a new page,
keeps rows whole, prints links' addresses and marks every status with a sign as well as a colour.
Every piece of text is escaped: titles and claims come from user files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from pathlib import Path

from ..check.audit import hypothesis_flags
from ..check.submission import BeforeSubmission, Owner, before_submission
from ..parse.bibtex import load_bibliography
from ..project import Project
from ..query.answers import UNCHECKED, Study
from ..query.rows import ReferenceRow
from ..query.service import ReviewQuestions
from ..records import Problem, Severity
from . import report_checks, tables
from .diagram import figure
from .report_html import badge, note, section, status_badge, table, words_for

#: The report draws the model's figure up to this many hypotheses: more do not fit a page legibly,
#: and the figure's layout search grows steeply with arrows and moderations (BENCHMARKS.md).
FIGURE_LIMIT = 24

_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans", "Helvetica Neue", Arial, sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1.5rem; color: #1d1d1f; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #333; }
h3 { margin: 1rem 0 0.2rem; font-size: 1.05rem; } .meta, .statement { color: #555; }
figure { margin: 1rem 0; text-align: center; } figure svg { width: 100%; height: auto; max-height: 75vh; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.92rem; }
thead th { border-top: 2px solid #333; border-bottom: 1px solid #333; text-align: left; }
tbody tr:last-child td { border-bottom: 2px solid #333; }
th, td { padding: 0.35rem 0.5rem; vertical-align: top; overflow-wrap: break-word; }
th { word-break: keep-all; min-width: 2.5em; } .tight { white-space: nowrap; } td.wide { min-width: 14em; }
a.owner { word-break: keep-all; }
.note, a.doi, a[href^="http"] { overflow-wrap: anywhere; }
tbody tr:nth-child(even) { background: #f3f3f3; }
table table { margin: 0; font-size: 0.85rem; } table table th, table table td { padding: 0.1rem 0.3rem; }
.badge { display: inline-block; border-radius: 0.6rem; padding: 0 0.5rem; margin: 0.1rem; font-size: 0.8rem;
         border: 1px solid currentColor; white-space: nowrap; }
.ok { color: #1a7f37; } .warn { color: #8a5a00; } .bad { color: #b3141f; } .muted { color: #5e6770; }
.badge.bad { border-width: 2px; font-weight: bold; } .badge.warn { border-style: dashed; }
.badge.muted { border-style: dotted; }
.contradicts { color: #b3141f; font-weight: bold; } .note { display: block; color: #555; font-size: 0.82rem; }
.about { font-size: 0.9rem; } a { color: #0b57d0; } a.plain { text-decoration: none; }
code { font-size: 0.9em; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; color: #000; }
  section { break-before: page; } section#summary { break-before: auto; }
  h2, h3 { break-after: avoid; } h2 { margin-top: 0; }
  tr, .badge, figure, .about { break-inside: avoid; } thead { display: table-header-group; }
  figure svg { max-height: 24cm; }
  tbody tr:nth-child(even) { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; } a.plain { text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.8em; overflow-wrap: anywhere; }
  a.doi::after { content: none; }
}
"""

GENERATOR = '<meta name="generator" content="litgraph">'


def made_by_litgraph(path: Path) -> bool:
    """Whether `path` holds a page this module wrote, which `report` may replace unasked."""
    try:
        with open(path, "rb") as page:
            return GENERATOR.encode() in page.read(4096)
    except OSError:
        return False


def build_report(questions: ReviewQuestions, project: Project) -> str:
    lang = questions.lang
    words = words_for(lang)
    review = questions.backend.review()
    title = review.titles.get(lang) or review.titles.get("en") or review.id
    bib = load_bibliography(project.bibtex, [project.shown(p) for p in project.bibtex])
    references = questions.all_references()
    checks = before_submission(questions, project, bib)
    anchors, health = report_checks.Anchors(checks), _Health(checks)
    hypotheses = questions.backend.hypotheses()
    views, constructs = questions.hypothesis_table(), questions.construct_table()
    flags = hypothesis_flags(questions, project, checks.audit)
    sources = ", ".join(project.shown(p) for p in project.source_files)
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(words["source"])} {escape(sources)}</p>',
        report_checks.summary(checks, lang),
        section("figure", words["figure"], _figure(questions, hypotheses, words)),
        _model_table("hypotheses", tables.hypothesis_table(views, lang, questions.labels, flags)),
        _model_table(
            "constructs",
            tables.construct_table(constructs, lang, questions.labels),
            [f"construct-{c.id}" for c in constructs],
        ),
        report_checks.cite_check(checks, lang, questions.label, anchors),
        report_checks.bib_check(checks, lang, questions.label, anchors),
        report_checks.verify(checks, lang, questions.label, anchors),
        report_checks.audit(checks, lang, questions.label),
        _evidence(questions, hypotheses, checks, health, anchors),
        _references(questions, references, checks, health),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n{GENERATOR}\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n"
    )


def _figure(questions: ReviewQuestions, hypotheses, words: dict) -> str:
    if len(hypotheses) > FIGURE_LIMIT:
        text = words["figure_skipped"].format(n=len(hypotheses), limit=FIGURE_LIMIT)
        return f'<p class="meta">{escape(text)}</p>'
    svg = figure(questions.constructs(), hypotheses, questions.lang, "svg").decode("utf-8")
    return f"<figure>{_inline_svg(svg)}</figure>"


def _inline_svg(svg: str) -> str:
    """Graphviz's SVG without its XML declaration, DOCTYPE (which names a DTD URL) and comments."""
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S)


def _model_table(anchor: str, model_table: tables.Table, row_ids: list[str] | None = None) -> str:
    return section(anchor, model_table.title, table(model_table.headers, model_table.rows, row_ids=row_ids))


class _Health:
    """Each reference's verdict and BibTeX findings (warnings and errors), by key, looked up once."""

    def __init__(self, checks: BeforeSubmission):
        self.verdicts = {linked.verdict.key: linked.verdict for linked in checks.verdicts}
        self.findings: dict[str, list[Problem]] = defaultdict(list)
        for item in checks.integrity:
            if item.problem.key and item.problem.severity is not Severity.INFO:
                self.findings[item.problem.key].append(item.problem)

    def badges(self, key: str, lang: str, printed: bool) -> str:
        """The reference's verify status with the verdict's message, then its BibTeX findings:
        `printed` with their messages (the reference list), else as badges linking there."""
        verdict = self.verdicts.get(key)
        status = verdict.status.value if verdict else UNCHECKED
        parts = [status_badge(status, lang, f"#verify-{key}" if verdict else "")]
        parts[0] += note(verdict.message) if verdict else ""
        for problem in self.findings.get(key, []):
            tone = "bad" if problem.severity is Severity.ERROR else "warn"
            code = problem.code or problem.severity.value
            if printed:
                parts.append(badge(code, tone) + note(problem.message))
            else:
                parts.append(badge(code, tone, problem.message, f"#ref-{key}"))
        if not self.findings.get(key):
            parts.append(badge(words_for(lang)["clean"], "ok"))
        return " ".join(parts)


def _evidence(
    questions: ReviewQuestions, hypotheses, checks: BeforeSubmission, health: _Health, anchors
) -> str:
    """Per hypothesis: its path and statement, moderators, what the checks found about its
    evidence, and each study cited."""
    lang, words = questions.lang, words_for(questions.lang)
    articles, touching = [], checks.by_owner()
    for answer in questions.evidence_answers(hypotheses, {h.id: h for h in hypotheses}):
        hyp = answer.hypothesis
        head = (
            f'<article id="hyp-{escape(hyp.id)}"><h3>{escape(hyp.id)} ({escape(hyp.sign)}) '
            f'{escape(hyp.path)}</h3><p class="statement">{escape(hyp.statement)}</p>'
        )
        moderators = [
            f"{escape(m.moderator_label)} ({escape(m.hypothesis)}, {escape(m.sign)})"
            for m in answer.moderated_by
        ]
        if moderators:
            head += f"<p>{escape(words['moderated_by'])}: {'; '.join(moderators)}</p>"
        head += report_checks.about(touching.get(Owner("hypothesis", hyp.id), []), lang, anchors)
        rows = [_study(study, words, health, lang) for study in answer.evidence]
        headers = [words["study"], words["direction"], words["claim"], words["details"], words["checks"]]
        body = table(headers, rows, raw=True) if rows else f"<p>{escape(words['no_evidence'])}</p>"
        articles.append(head + body + "</article>")
    return section("evidence", words["evidence"], "".join(articles))


def _study(study: Study, words: dict, health: _Health, lang: str) -> list[str]:
    title = f'<br><span class="meta">{escape(study.title)}</span>' if study.title else ""
    stats = ((words["page"], "page"), ("β", "beta"), ("p", "p"), ("N", "n"))
    details = "; ".join(
        f"{escape(name)} {escape(str(getattr(study, field)))}"
        for name, field in stats
        if getattr(study, field) not in (None, "")
    )
    direction = study.direction
    return [
        f'<a class="plain" href="#ref-{escape(study.key)}">{escape(study.label)}</a>{title}'
        if study.listed
        else escape(study.label),
        f'<span class="{escape(direction)}">{escape(words.get(direction, direction))}</span>',
        escape(study.claim),
        details,
        health.badges(study.key, lang, printed=False) if study.listed else badge(words["unlisted"], "bad"),
    ]


def _references(
    questions: ReviewQuestions, references: list[ReferenceRow], checks: BeforeSubmission, health: _Health
) -> str:
    """Every entry of the reference list with what cites it and its checks."""
    lang, words = questions.lang, words_for(questions.lang)
    cited_for: dict[str, list[str]] = {}
    for item in checks.audit:
        link = (
            f'<a href="#hyp-{escape(item.id)}">{escape(item.id)}</a>'
            if item.kind == "hypothesis"
            else f'<a href="#construct-{escape(item.id)}">{escape(questions.label(item.id))}</a>'
        )
        for cited in item.references:
            if cited.key:
                cited_for.setdefault(cited.key, []).append(link)
    rows, ids = [], []
    for ref in references:
        volume = ref.volume + (f"({ref.number})" if ref.number else "")
        where = escape(", ".join(filter(None, (ref.container, ref.year, volume, ref.pages))))
        doi = (
            f' · <a class="doi" href="https://doi.org/{escape(ref.doi)}">doi:{escape(ref.doi)}</a>'
            if ref.doi
            else ""
        )
        text = (
            f"{escape(questions.label_of(ref))}<br>{escape(ref.title)}"
            f'<br><span class="meta">{where}{doi}</span>'
        )
        uses = ", ".join(dict.fromkeys(cited_for.get(ref.key, [])))
        rows.append(
            [
                escape(ref.key),
                text,
                uses or f'<span class="muted">{escape(words["uncited"])}</span>',
                health.badges(ref.key, lang, printed=True),
            ]
        )
        ids.append(f"ref-{ref.key}")
    headers = [words["key"], words["reference"], words["cited_for"], words["checks"]]
    return section("references", words["references"], table(headers, rows, raw=True, row_ids=ids))
