"""The report's pieces of HTML and its words in English and Chinese (`report.py` assembles the
page, `report_checks.py` the sections of findings).

Every text from the sources (titles, claims, messages, keys) goes through `escape` here, so a
cell is either escaped text or HTML built from escaped parts (`raw=True`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape, unescape

from ..check.submission import Owner
from ..query.answers import UNCHECKED
from .marks import severity_text, verify_text

WORDS = {
    "en": {
        "contents": "Before submission",
        "check": "Check",
        "result": "Result",
        "figure": "Research model",
        "evidence": "Evidence behind each hypothesis",
        "references": "References and their checks",
        "cite_check": "Citations in the manuscript",
        "bib_check": "BibTeX check",
        "verify": "Metadata against Crossref and OpenAlex",
        "audit": "What the hypotheses rest on",
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
        "clean": "BibTeX clean",
        "supports": "supports",
        "contradicts": "contradicts",
        "source": "Written by litgraph from",
        "uncited": "not cited by the model",
        "page": "page",
        "where": "Where",
        "finding": "Finding",
        "affects": "Affects",
        "status": "Status",
        "differences": "Differences",
        "field": "Field",
        "in_bib": "In the BibTeX",
        "in_record": "In the record",
        "record": "Record",
        "checked": "checked",
        "search": "Search by hand",
        "item": "Hypothesis or definition",
        "path": "Path",
        "flags": "Flags",
        "none": "No findings.",
        "nothing_affected": "—",
        "findings_here": "Findings about its evidence",
        "line": "line",
        "paragraph": "paragraph",
        "fix": "fix",
        "no_manuscript": 'litgraph.toml names no manuscript: add manuscript = "…" under [review] to check '
        "its citations.",
        "unreadable": "The manuscript could not be read",
        "citations": "{citations} citations in {manuscript}, {matched} matched to the reference list",
        "count_findings": "{counts}",
        "no_verdicts": "No verify run yet: run litgraph verify to check every reference against Crossref "
        "and OpenAlex.",
        "verified_clean": "{n} verified with every field agreeing.",
        "unverified": "{n} references not verified yet (litgraph verify checks them); cited by the model:",
        "unverified_short": "{n} not verified",
        "flagged": "{flagged} of {total} hypotheses and definitions flagged",
        "figure_skipped": "The model has {n} hypotheses, more than this report draws in one figure "
        "({limit}): `litgraph diagram -o model.svg` draws it.",
    },
    "zh": {
        "contents": "提交前核查",
        "check": "核查",
        "result": "结果",
        "figure": "研究模型",
        "evidence": "各假设的文献依据",
        "references": "参考文献及其核查",
        "cite_check": "正文引用核查",
        "bib_check": "BibTeX 条目核查",
        "verify": "元数据在线核验（Crossref、OpenAlex）",
        "audit": "假设的文献基础",
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
        "clean": "BibTeX 无问题",
        "supports": "支持",
        "contradicts": "反对",
        "source": "由 litgraph 生成，来源",
        "uncited": "模型未引用",
        "page": "页",
        "where": "位置",
        "finding": "问题",
        "affects": "影响",
        "status": "状态",
        "differences": "差异",
        "field": "字段",
        "in_bib": "BibTeX 中",
        "in_record": "检索记录",
        "record": "记录",
        "checked": "核验于",
        "search": "手动检索",
        "item": "假设或定义",
        "path": "路径",
        "flags": "提示",
        "none": "未发现问题。",
        "nothing_affected": "—",
        "findings_here": "相关核查结果",
        "line": "行",
        "paragraph": "段",
        "fix": "修正",
        "no_manuscript": 'litgraph.toml 未指定正文：在 [review] 下加入 manuscript = "…" 即可核查正文引用。',
        "unreadable": "正文无法读取",
        "citations": "{manuscript} 中共 {citations} 处引用，{matched} 处与参考文献匹配",
        "count_findings": "{counts}",
        "no_verdicts": "尚未在线核验：运行 litgraph verify，将每条参考文献与 Crossref、OpenAlex 比对。",
        "verified_clean": "{n} 条核验通过，所有字段一致。",
        "unverified": "{n} 条参考文献尚未核验（litgraph verify 可核验）；其中模型引用的：",
        "unverified_short": "{n} 条未核验",
        "flagged": "{total} 项假设与定义中 {flagged} 项被标记",
        "figure_skipped": "模型共有 {n} 条假设，超过本报告单幅图的上限（{limit}）："
        "`litgraph diagram -o model.svg` 可绘制全图。",
    },
}

#: The badge class of a verify status or a severity: how loud it is (colour, and a border style
#: that survives greyscale print).
TONES = {
    "verified": "ok",
    "unverifiable": "muted",
    UNCHECKED: "muted",
    "error": "warn",
    "ambiguous": "warn",
    "not_found": "bad",
    "mismatch": "bad",
    "retracted": "bad",
}
SEVERITY_TONES = {"error": "bad", "warning": "warn", "info": "muted"}


def words_for(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def table(
    headers: list[str],
    rows: list[list[str]],
    raw: bool = False,
    row_ids: list[str] | None = None,
    wide: tuple[int, ...] = (),
) -> str:
    """A table; cells are escaped unless `raw`. A column whose every cell is short keeps each
    cell, and its header, on one line (a header like 预期方向 is never stacked one character per
    line over a column of '+'); the `wide` columns (of running text) are never squeezed narrow."""
    tight = {i for i in range(len(headers)) if all(len(_visible(row[i])) <= 6 for row in rows)}
    kinds = [
        " class=tight" if i in tight else " class=wide" if i in wide else "" for i in range(len(headers))
    ]
    head = "".join(f"<th{kinds[i]}>{escape(h)}</th>" for i, h in enumerate(headers))
    body = []
    for number, row in enumerate(rows):
        row_id = f' id="{escape(row_ids[number])}"' if row_ids and row_ids[number] else ""
        cells = "".join(f"<td{kinds[i]}>{cell if raw else escape(cell)}</td>" for i, cell in enumerate(row))
        body.append(f"<tr{row_id}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _visible(cell: str) -> str:
    """A cell's text as shown (raw cells hold tags and entities)."""
    return unescape(re.sub(r"<[^>]*>", "", cell))


def badge(text: str, tone: str, tip: str = "", href: str = "") -> str:
    title = f' title="{escape(tip)}"' if tip else ""
    inner = f'<span class="badge {tone}"{title}>{escape(text)}</span>'
    return f'<a class="plain" href="{escape(href)}">{inner}</a>' if href else inner


def status_badge(status: str, lang: str, href: str = "") -> str:
    return badge(verify_text(status, lang), TONES.get(status, "muted"), href=href)


def severity_badge(severity: str, lang: str) -> str:
    return badge(severity_text(severity, lang), SEVERITY_TONES[severity])


def owner_anchor(owner: Owner) -> str:
    return f"hyp-{owner.id}" if owner.kind == "hypothesis" else f"construct-{owner.id}"


def owner_links(owners: Iterable[Owner], label, empty: str = "—") -> str:
    """Links to the hypotheses (by id) and definitions (by the construct's label) in `owners`."""
    links = [
        f'<a class="owner" href="#{escape(owner_anchor(o))}">'
        f"{escape(o.id if o.kind == 'hypothesis' else label(o.id))}</a>"
        for o in owners
    ]
    return ", ".join(links) if links else f'<span class="muted">{escape(empty)}</span>'


def note(text: str) -> str:
    return f'<span class="note">{escape(text)}</span>' if text else ""


def section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{escape(anchor)}"><h2>{escape(heading)}</h2>{body}</section>'
