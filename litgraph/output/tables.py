"""The review's hypothesis and construct tables as Markdown, CSV, LaTeX, Word or JSON.

Every format is rendered from the same `Table` (headers + rows of text), so the
formats cannot drift apart; Word uses the three-line style of Chinese journals
(a rule above and below the header and one below the body, no vertical lines).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..files import atomic_replace
from ..query.answers import ConstructEntry, HypothesisView
from ..style.labels import LabelStyle

FORMATS = ("md", "csv", "latex", "docx", "json")

_HEADERS = {
    "en": {
        "id": "ID",
        "statement": "Hypothesis",
        "path": "Path",
        "sign": "Expected sign",
        "literature": "Supporting literature",
        "flags": "Flags",
        "construct": "Construct",
        "definition": "Definition",
        "sources": "Sources",
    },
    "zh": {
        "id": "编号",
        "statement": "研究假设",
        "path": "路径",
        "sign": "预期方向",
        "literature": "支持文献",
        "flags": "提示",
        "construct": "构念",
        "definition": "定义",
        "sources": "文献来源",
    },
}


@dataclass(slots=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]


def _words(lang: str) -> dict[str, str]:
    return _HEADERS.get(lang, _HEADERS["en"])


def hypothesis_table(
    views: list[HypothesisView], lang: str, labels: LabelStyle, flags: dict[str, str] | None = None
) -> Table:
    """ID | statement | path | expected sign | supporting literature (+ flags from the audit)."""
    words = _words(lang)
    sep = labels.list_separator
    headers = [words["id"], words["statement"], words["path"], words["sign"], words["literature"]]
    if flags is not None:
        headers.append(words["flags"])
    rows = []
    for view in views:
        literature = sep.join(c.label for c in view.supported_by)
        if view.contradicted_by:
            against = sep.join(c.label for c in view.contradicted_by)
            literature += (sep if literature else "") + ("反对：" if lang == "zh" else "against: ") + against
        row = [view.id, view.statement, view.path, view.sign, literature]
        if flags is not None:
            row.append(flags.get(view.id, ""))
        rows.append(row)
    title = "研究假设汇总" if lang == "zh" else "Hypotheses"
    return Table(title, headers, rows)


def construct_table(entries: list[ConstructEntry], lang: str, labels: LabelStyle) -> Table:
    words = _words(lang)
    sep = labels.list_separator
    body = [[entry.label, entry.definition, sep.join(c.label for c in entry.defined_by)] for entry in entries]
    title = "构念定义" if lang == "zh" else "Constructs and definitions"
    return Table(title, [words["construct"], words["definition"], words["sources"]], body)


def to_markdown(table: Table) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(cell(h) for h in table.headers) + " |",
        "|" + "|".join("---" for _ in table.headers) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return buffer.getvalue()


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "→": r"$\rightarrow$",
    "×": r"$\times$",
}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text)


def to_latex(table: Table) -> str:
    """A booktabs table (\\usepackage{booktabs}; CJK text needs xeCJK or ctex)."""
    widths = {2: "p{0.3\\linewidth}", 5: "p{0.25\\linewidth}"}
    spec = "".join(
        widths.get(i, "l") if i in widths else ("p{0.35\\linewidth}" if i == 1 else "l")
        for i in range(len(table.headers))
    )
    lines = [
        r"\begin{table}[htbp]",
        r"\centering",
        rf"\caption{{{latex_escape(table.title)}}}",
        rf"\begin{{tabular}}{{{spec}}}",
        r"\toprule",
        " & ".join(latex_escape(h) for h in table.headers) + r" \\",
        r"\midrule",
    ]
    lines += [" & ".join(latex_escape(c) for c in row) + r" \\" for row in table.rows]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"


def write_docx(table: Table, path: Path) -> None:
    """A real Word table in three-line style, written atomically."""
    document = Document()
    document.add_paragraph(table.title).runs[0].bold = True
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    for col, header in enumerate(table.headers):
        grid.rows[0].cells[col].text = header
        grid.rows[0].cells[col].paragraphs[0].runs[0].bold = True
    for r, row in enumerate(table.rows, 1):
        for col, text in enumerate(row):
            grid.rows[r].cells[col].text = text
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)

    def borders(cell, **edges):
        properties = cell._tc.get_or_add_tcPr()
        box = OxmlElement("w:tcBorders")
        for edge, size in edges.items():
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:color"), "000000")
            box.append(element)
        properties.append(box)

    last = len(grid.rows) - 1
    for r, row in enumerate(grid.rows):
        for cell in row.cells:
            edges: dict[str, int] = {}
            if r == 0:
                edges.update(top=12, bottom=6)  # thick top rule, thin rule under the header
            if r == last:
                edges["bottom"] = 12  # thick bottom rule
            if edges:
                borders(cell, **edges)
    atomic_replace(path, document.save)


def to_json(views_or_rows) -> str:
    items = [asdict(v) if hasattr(v, "__dataclass_fields__") else v for v in views_or_rows]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render(table: Table, fmt: str) -> str:
    return {"md": to_markdown, "csv": to_csv, "latex": to_latex}[fmt](table)
