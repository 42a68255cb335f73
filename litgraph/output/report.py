"""`litgraph report`: the whole review on one self-contained HTML page.

Styles and the figure (as SVG) are inline and nothing points at the network — no
scripts, fonts or images to fetch — so the file opens offline, can be mailed and
archived, and looks the same in ten years. The tables are the ones `hypotheses` and
`constructs --table` print (`tables.py`); each reference's health is the audit's
(`check.audit.reference_health`: offline integrity findings and the last `verify`
verdicts). Every piece of text is escaped: titles and claims come from user files.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..check.audit import hypothesis_flags, reference_health
from ..check.verify.verdicts import load_verdicts
from ..project import Project
from ..query.answers import Study
from ..query.service import ReviewQuestions
from . import tables
from .diagram import figure

_WORDS = {
    "en": {
        "figure": "Research model",
        "evidence": "Evidence behind each hypothesis",
        "references": "References and their checks",
        "study": "Study",
        "direction": "Direction",
        "claim": "Claim",
        "details": "Details",
        "checks": "Checks",
        "reference": "Reference",
        "key": "Key",
        "cited_for": "Cited for",
        "no_evidence": "No study cited.",
        "moderated_by": "Moderated by",
        "unlisted": "not in the reference list",
        "unchecked": "not verified online",
        "clean": "BibTeX clean",
        "supports": "supports",
        "contradicts": "contradicts",
        "source": "Written by litgraph from",
        "uncited": "not cited by the model",
        "page": "page",
    },
    "zh": {
        "figure": "研究模型",
        "evidence": "各假设的文献依据",
        "references": "参考文献及其核查",
        "study": "文献",
        "direction": "方向",
        "claim": "引用内容",
        "details": "细节",
        "checks": "核查",
        "reference": "参考文献",
        "key": "键",
        "cited_for": "被引用于",
        "no_evidence": "未引用文献。",
        "moderated_by": "调节变量",
        "unlisted": "不在参考文献列表中",
        "unchecked": "未在线核验",
        "clean": "BibTeX 无问题",
        "supports": "支持",
        "contradicts": "反对",
        "source": "由 litgraph 生成，来源",
        "uncited": "模型未引用",
        "page": "页",
    },
}

_STATUS_CLASS = {
    "verified": "ok",
    "unverifiable": "muted",
    "error": "warn",
    "ambiguous": "warn",
    "not_found": "bad",
    "mismatch": "bad",
    "retracted": "bad",
}

_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans", "Helvetica Neue", Arial, sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1.5rem; color: #1d1d1f; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #333; }
h3 { margin-bottom: 0.2rem; } .meta, .statement { color: #555; }
figure { margin: 1rem 0; text-align: center; } figure svg { width: 100%; height: auto; max-height: 75vh; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.92rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
thead th { border-top: 2px solid #333; border-bottom: 1px solid #333; text-align: left; }
tbody tr:last-child td { border-bottom: 2px solid #333; }
th, td { padding: 0.35rem 0.5rem; vertical-align: top; } tbody tr:nth-child(even) { background: #f6f6f6; }
.badge { display: inline-block; border-radius: 0.6rem; padding: 0 0.5rem; margin: 0.1rem; font-size: 0.8rem;
         border: 1px solid currentColor; white-space: nowrap; }
.ok { color: #1a7f37; } .warn { color: #9a6700; } .bad { color: #cf222e; } .muted { color: #6e7781; }
.contradicts { color: #cf222e; font-weight: bold; } ul.findings { margin: 0.2rem 0; padding-left: 1.1rem; }
a { color: #0b57d0; }
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
    words = _WORDS.get(lang, _WORDS["en"])
    review = questions.backend.review()
    title = review.titles.get(lang) or review.titles.get("en") or review.id
    hypotheses = questions.backend.hypotheses()
    svg = _inline_svg(figure(questions.constructs(), hypotheses, lang, "svg").decode("utf-8"))
    findings, _ = reference_health(project)
    verdicts = load_verdicts(
        project
    )  # whole verdicts: the report shows each one's message, not just its status
    views = questions.hypothesis_table()
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(words["source"])} '
        f"{escape(', '.join(project.shown(p) for p in _sources(project)))}</p>",
        f'<section id="figure"><h2>{escape(words["figure"])}</h2><figure>{svg}</figure></section>',
        _section(
            "hypotheses",
            tables.hypothesis_table(views, lang, questions.labels, hypothesis_flags(questions, project)),
        ),
        _section("constructs", tables.construct_table(questions.construct_table(), lang, questions.labels)),
        _evidence(questions, [h.id for h in hypotheses], words, findings, verdicts),
        _references(questions, words, findings, verdicts),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n{GENERATOR}\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n"
    )


def _sources(project: Project):
    return [*project.bibtex, *([project.model] if project.model else [])]


def _inline_svg(svg: str) -> str:
    """Graphviz's SVG without its XML declaration, DOCTYPE (which names a DTD URL) and comments."""
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S)


def _section(anchor: str, table: tables.Table) -> str:
    return (
        f'<section id="{anchor}"><h2>{escape(table.title)}</h2>{_table(table.headers, table.rows)}</section>'
    )


def _table(headers: list[str], rows: list[list[str]], raw: bool = False) -> str:
    """A table; cells are escaped unless `raw` (cells already built from escaped parts)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{cell if raw else escape(cell)}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _badge(text: str, css: str, tip: str = "") -> str:
    title = f' title="{escape(tip)}"' if tip else ""
    return f'<span class="badge {css}"{title}>{escape(text)}</span>'


def _checks(key: str, listed: bool, words: dict, findings: dict, verdicts: dict) -> str:
    """Badges for one reference: its verify verdict and each integrity finding."""
    if not listed:
        return _badge(words["unlisted"], "bad")
    verdict = verdicts.get(key)
    badges = [
        _badge(verdict.status.value, _STATUS_CLASS[verdict.status.value], verdict.message)
        if verdict
        else _badge(words["unchecked"], "muted")
    ]
    found = findings.get(key, [])
    badges += [
        _badge(f.code or f.severity, "bad" if f.severity == "error" else "warn", f.message) for f in found
    ] or [_badge(words["clean"], "ok")]
    return " ".join(badges)


def _evidence(questions: ReviewQuestions, ids: list[str], words: dict, findings: dict, verdicts: dict) -> str:
    """Per hypothesis (`ReviewQuestions.evidence`): its path and statement, moderators, and
    each study cited."""
    articles = []
    for hid in ids:
        answer = questions.evidence(hid)
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
        rows = [_study(study, words, findings, verdicts) for study in answer.evidence]
        headers = [words["study"], words["direction"], words["claim"], words["details"], words["checks"]]
        table = _table(headers, rows, raw=True) if rows else f"<p>{escape(words['no_evidence'])}</p>"
        articles.append(head + table + "</article>")
    return f'<section id="evidence"><h2>{escape(words["evidence"])}</h2>{"".join(articles)}</section>'


def _study(study: Study, words: dict, findings: dict, verdicts: dict) -> list[str]:
    title = f'<br><span class="meta">{escape(study.title)}</span>' if study.title else ""
    direction = study.direction
    stats = ((words["page"], "page"), ("β", "beta"), ("p", "p"), ("N", "n"))
    details = "; ".join(
        f"{escape(name)} {escape(str(getattr(study, field)))}"
        for name, field in stats
        if getattr(study, field) not in (None, "")
    )
    return [
        escape(study.label) + title,
        f'<span class="{escape(direction)}">{escape(words.get(direction, direction))}</span>',
        escape(study.claim),
        details,
        _checks(study.key, study.listed, words, findings, verdicts),
    ]


def _references(questions: ReviewQuestions, words: dict, findings: dict, verdicts: dict) -> str:
    """Every entry of the reference list with what cites it and its checks."""
    cited_for: dict[str, list[str]] = {}
    for row in (r for r in questions.backend.evidence() if r.ref):
        if row.owner_kind == "construct":
            link = escape(questions.label(row.owner_id))
        else:
            link = f'<a href="#hyp-{escape(row.owner_id)}">{escape(row.owner_id)}</a>'
        cited_for.setdefault(row.ref, []).append(link)
    rows = []
    for ref in questions.backend.references():
        volume = ref.volume + (f"({ref.number})" if ref.number else "")
        where = escape(", ".join(filter(None, (ref.container, ref.year, volume, ref.pages))))
        doi = f" · doi:{escape(ref.doi)}" if ref.doi else ""
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
                _checks(ref.key, True, words, findings, verdicts),
            ]
        )
    headers = [words["key"], words["reference"], words["cited_for"], words["checks"]]
    table = _table(headers, rows, raw=True)
    return f'<section id="references"><h2>{escape(words["references"])}</h2>{table}</section>'
